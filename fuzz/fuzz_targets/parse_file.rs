//! The claim-file parser on any text: it must return, never panic, every
//! error it gives must point at a line of the file, rendered as the
//! diagnostic a user would read, and every claim it reads must read back
//! from its canonical form.

#![no_main]

use claimcheck::ast::Claim;
use claimcheck::ast::Span;
use claimcheck::diagnostic::Diagnostic;
use claimcheck::parse::{parse_claim, parse_file};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

/// A claim's canonical form reads back as a claim whose canonical form is
/// the same text.
fn canonical(claim: &Claim) {
    let text = claim.to_string();
    match parse_claim(&text) {
        Ok((None, again)) => assert_eq!(again.to_string(), text),
        other => panic!("{text:?} does not read back: {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = parse_file(text);
    let lines = text.split('\n').count();
    let placed = |span: Span, message: &str| {
        assert!(
            (1..=lines).contains(&span.line) && span.col >= 1,
            "{span:?} outside a file of {lines} lines"
        );
        let _ = Diagnostic::error("fuzz.claims", message)
            .at(span, text)
            .to_string();
    };
    let mut labels = HashSet::new();
    for entry in &file.entries {
        assert!((1..=lines).contains(&entry.line));
        match &entry.claim {
            Ok(claim) => {
                if let Some(label) = &entry.label {
                    assert!(labels.insert(label.node.clone()), "label used twice");
                }
                canonical(claim);
            }
            Err(e) => placed(e.span, &e.message),
        }
    }
    for e in &file.errors {
        placed(e.span, &e.message);
    }
});
