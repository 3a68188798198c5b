//! `--format markdown` as a CommonMark renderer with GitHub's extensions
//! reads it (pulldown-cmark): a heading, a table of the files, a section
//! per claim that did not pass, the passing claims in `<details>`, and no
//! claim or dataset string that adds a block, a link or HTML of its own.

use crate::support::{report_inputs, run};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

/// A rendered document, block by block, each with its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(HeadingLevel, String),
    Paragraph(String),
    Quote(String),
    /// A fenced block: its info string and its text.
    Code(String, String),
    /// Each item's text.
    List(Vec<String>),
    /// Each row's cells, the head first.
    Table(Vec<Vec<String>>),
    Html(String),
}

/// The blocks of `markdown` as GitHub renders it, and every inline
/// construct other than text, code and strong emphasis that it found
/// (links, images, inline HTML, math, emphasis) — which a report never
/// writes, so any is a string that escaped.
pub fn blocks(markdown: &str) -> (Vec<Block>, Vec<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let mut out = Vec::new();
    let mut stray = Vec::new();
    let mut text = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut quote = false;
    let mut fence = String::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Html(h) => text.push_str(&h),
            Event::Start(Tag::BlockQuote(_)) => quote = true,
            Event::Start(Tag::Strong | Tag::Paragraph | Tag::Item | Tag::List(_)) => {}
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => fence = info.to_string(),
            Event::Start(Tag::Heading { .. } | Tag::HtmlBlock) => {}
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow) => {}
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => {
                if rows.last().is_none() {
                    rows.push(Vec::new());
                }
                if let Some(row) = rows.last_mut() {
                    row.push(std::mem::take(&mut text));
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(Vec::new()),
            Event::End(TagEnd::Table) => {
                rows.retain(|r| !r.is_empty());
                out.push(Block::Table(std::mem::take(&mut rows)));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.push(Block::Heading(level, std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Paragraph) if quote => {
                out.push(Block::Quote(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() && !text.is_empty() => {
                out.push(Block::Paragraph(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::BlockQuote(_)) => quote = false,
            Event::End(TagEnd::Item) => items.push(std::mem::take(&mut text)),
            Event::End(TagEnd::List(_)) => out.push(Block::List(std::mem::take(&mut items))),
            Event::End(TagEnd::HtmlBlock) => out.push(Block::Html(std::mem::take(&mut text))),
            Event::End(TagEnd::CodeBlock) => out.push(Block::Code(
                std::mem::take(&mut fence),
                std::mem::take(&mut text),
            )),
            Event::End(TagEnd::Strong | TagEnd::Paragraph) => {}
            other => stray.push(format!("{other:?}")),
        }
    }
    (out, stray)
}

fn check(args: &[&str]) -> (Vec<Block>, Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let mut json = all.clone();
    json.extend(["--format", "json"]);
    let report: Value = serde_json::from_str(&run(&json).stdout).expect("a JSON report");
    all.extend(["--format", "markdown"]);
    let r = run(&all);
    let (blocks, stray) = blocks(&r.stdout);
    assert!(stray.is_empty(), "{args:?}: {stray:?} in\n{}", r.stdout);
    (blocks, report)
}

/// The structure every report has, checked against the JSON report of the
/// same run.
fn check_structure(args: &[&str]) {
    let (blocks, report) = check(args);
    let claims = report["claims"].as_array().expect("claims");
    let files: std::collections::BTreeSet<&str> =
        claims.iter().filter_map(|c| c["file"].as_str()).collect();
    assert_eq!(
        blocks.first(),
        Some(&Block::Heading(HeadingLevel::H2, "claimcheck".into())),
        "{args:?}"
    );
    let summary = &report["summary"];
    let line = format!(
        "{} claims: {} passed, {} failed, {} disputed, {} errors",
        summary["total"], summary["pass"], summary["fail"], summary["disputed"], summary["error"]
    );
    assert_eq!(blocks.get(1), Some(&Block::Paragraph(line)), "{args:?}");
    let Some(Block::Table(table)) = blocks.get(2) else {
        panic!("{args:?}: no table of files: {blocks:?}");
    };
    assert_eq!(table.len(), files.len() + 1, "{args:?}: {table:?}");
    assert!(
        table.iter().all(|row| row.len() == 8),
        "{args:?}: {table:?}"
    );

    // A section per claim that did not pass, in the order of the run.
    let sections: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(HeadingLevel::H3, t) if t != "Problems" => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let expected: Vec<String> = claims
        .iter()
        .filter(|c| c["verdict"] != "pass")
        .map(|c| {
            let verdict = c["verdict"].as_str().unwrap_or_default().to_uppercase();
            let place = format!(
                "{}, line {}",
                c["file"].as_str().unwrap_or_default(),
                c["line"]
            );
            match c["label"].as_str() {
                Some(label) => format!("{verdict}: {label} ({place})"),
                None => format!("{verdict}: {place}"),
            }
        })
        .collect();
    assert_eq!(sections, expected, "{args:?}");

    // The passing claims, folded: one row each, every row whole.
    let passed = summary["pass"].as_u64().unwrap_or_default() as usize;
    let details = blocks
        .iter()
        .position(|b| matches!(b, Block::Html(h) if h.starts_with("<details>")));
    if passed == 0 {
        assert_eq!(details, None, "{args:?}");
        return;
    }
    let at = details.unwrap_or_else(|| panic!("{args:?}: no <details>: {blocks:?}"));
    let Some(Block::Table(rows)) = blocks.get(at + 1) else {
        panic!("{args:?}: no table in <details>: {blocks:?}");
    };
    assert_eq!(rows.len(), passed + 1, "{args:?}: {rows:?}");
    assert!(rows.iter().all(|row| row.len() == 5), "{args:?}: {rows:?}");
    assert_eq!(
        blocks.get(at + 2),
        Some(&Block::Html("</details>\n".into())),
        "{args:?}"
    );
    assert_eq!(blocks.len(), at + 3, "{args:?}: <details> comes last");
}

#[test]
fn every_report_has_the_table_the_sections_and_the_folded_passes() {
    let files = report_inputs();
    for file in &files {
        check_structure(&[file]);
    }
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    check_structure(&all);
}

#[test]
fn a_section_holds_the_quote_the_claim_the_diff_and_the_provenance() {
    let (blocks, _) = check(&["claims/fixtures/quotes.claims"]);
    let at = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(_, t) if t == "DISPUTED: claims/fixtures/quotes.claims, line 25"))
        .expect("the section of line 25");
    assert_eq!(
        &blocks[at + 1..at + 5],
        &[
            Block::Quote("Fighting left nine dead at Dunmore Crossing.".into()),
            Block::Paragraph("deaths in \"Dunmore Crossing\" = nine".into()),
            Block::Paragraph("Window: … – 2026-01-12".into()),
            Block::Code(
                "diff".into(),
                "- claimed  = nine\n+ found    9 (low 8, high 12)\n".into()
            ),
        ]
    );
    let Block::List(items) = &blocks[at + 5] else {
        panic!("no provenance list: {:?}", blocks[at + 5]);
    };
    assert_eq!(
        items,
        &[
            "from 2 incidents; 4 reports: Varnia News Agency 2, Continental Wire 1, Harbour Ledger 1",
            "contradicts Varnia News Agency: 8",
            "contradicts Continental Wire: 6 (low 5, high 7)",
            "contradicts Harbour Ledger: 5",
        ]
    );
    assert_eq!(
        blocks[at + 7],
        Block::Code(
            "diff".into(),
            "- deaths in \"Dunmore Crossing\" = nine\n+ deaths in \"Dunmore Crossing\" between 8 and 12\n".into()
        )
    );
}

#[test]
fn hostile_strings_render_as_the_text_they_are() {
    let (blocks, _) = check(&["tests/data/hostile.claims"]);
    let quote = "A quote with | pipes, `ticks`, <details> and </details>, **stars**, & \"quotes\" ]]> <!-- -->";
    assert!(blocks.contains(&Block::Quote(quote.into())), "{blocks:?}");
    assert!(
        blocks.contains(&Block::Paragraph(
            "deaths in \"x|y <details> `z`\" = 3".into()
        )),
        "{blocks:?}"
    );
    let listed = blocks.iter().any(|b| match b {
        Block::List(items) => items
            .iter()
            .any(|i| i == "supports Pipe | <b>bold</b> & \"quotes\" 'single' `tick` ```fence: 3"),
        _ => false,
    });
    assert!(listed, "{blocks:?}");
    // A table cell keeps its pipes: the passing claim's text is whole.
    let row = [
        "line 10",
        "deaths in \"x|y <details> `z`\" >= 1",
        "tests/data/hostile.claims",
        "10",
        "3 (low 3, high 5)",
    ];
    let in_table = blocks.iter().any(|b| match b {
        Block::Table(rows) => rows.iter().any(|r| r == &row),
        _ => false,
    });
    assert!(in_table, "{blocks:?}");
    // Exactly the one <details> block, opened and closed by the report.
    let html: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b, Block::Html(_)))
        .collect();
    assert_eq!(html.len(), 2, "{html:?}");
}

#[test]
fn forged_lines_links_and_markup_render_as_text() {
    let (blocks, _) = check(&["tests/data/hostile-forged.claims"]);
    let items: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::List(items) => Some(items),
            _ => None,
        })
        .flatten()
        .map(String::as_str)
        .collect();
    for item in [
        "supports Pipe | Desk `code` *bold* [link](http://x): 6",
        "contradicts Wire \"Desk\" <b>&amp;</b> ::error file=x.claims,line=1::injected: 4",
        "undecided <script>alert(1)</script> (2025-10-20 – 2025-11-10) read inside the window: 6 (low 5, high 8)",
    ] {
        assert!(items.contains(&item), "{item} not in {items:?}");
    }
    let quote = "an article's \"quote\" with <markup> & ::error:: in it";
    assert!(blocks.contains(&Block::Quote(quote.into())), "{blocks:?}");
}
