//! `claimcheck fmt`'s layout on any text, read as a claim file and as a
//! Markdown draft: it must return; a text that parses must get a layout
//! (a refusal means the layout would have read differently, which is a
//! bug); and a layout is a fixed point — laid out again, it is the same
//! text — so that `fmt --check` passes right after `fmt`.

#![no_main]

use claimcheck::ast::ClaimFile;
use claimcheck::canonical::{format_draft, format_file};
use claimcheck::draft;
use claimcheck::parse::{ParseError, parse_file, parse_lines};
use libfuzzer_sys::fuzz_target;

/// Whether a parsed file has no error at all, so that `fmt` owes it a
/// layout.
fn clean(file: &ClaimFile) -> bool {
    file.errors.is_empty() && file.entries.iter().all(|e| e.claim.is_ok())
}

/// The layout of `text` by `format`, which must exist where `parses`, and
/// must be its own layout.
fn fixed_point(text: &str, parses: bool, format: fn(&str) -> Result<String, Vec<ParseError>>) {
    match format(text) {
        Ok(laid) => match format(&laid) {
            Ok(again) => assert_eq!(again, laid, "laid out twice, {text:?} differs"),
            Err(e) => panic!("the layout {laid:?} of {text:?} does not parse: {e:?}"),
        },
        Err(e) => assert!(!parses, "{text:?} parses but gets no layout: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    fixed_point(text, clean(&parse_file(text)), format_file);
    let in_draft = clean(&parse_lines(draft::claim_lines(text)));
    fixed_point(text, in_draft, format_draft);
});
