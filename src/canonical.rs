//! The canonical layout of claim files (`claimcheck fmt`), so that claim
//! files read alike whoever wrote them and a review shows only what
//! changed in substance. It works on the tokens of each line as written,
//! never by printing the syntax tree again: numbers, names, strings, dates
//! and quotes stay exactly as the editor wrote them, and so do comments.
//!
//! What it changes: keywords are lowercased (`Since` → `since`); tokens
//! are separated by single spaces (none inside parentheses, before a comma
//! or `%`); a label is written `label: claim`; directive names are
//! lowercased; a quote line is `> text`; a trailing comment follows its
//! line after two spaces; indentation and trailing blanks go, runs of
//! blank lines become one, and the file ends with one line break. The
//! file's own line breaks (`\n` or `\r\n`) are kept.
//!
//! A file that does not parse is left as it is, and its errors are the
//! answer. A layout is also checked against the parser before it is given:
//! if the laid-out file did not read exactly as the original, claim by
//! claim, the file is left as it is — a layout never changes a meaning.

use crate::ast::{Aggregate, Claim, ClaimFile, ComparisonKind, Condition, Entry, Query, Span};
use crate::draft;
use crate::parse::{self, ParseError, RESERVED, find_unquoted};
use std::collections::BTreeMap;

/// The canonical layout of a claim file, or the errors that keep it from
/// having one.
pub fn format_file(text: &str) -> Result<String, Vec<ParseError>> {
    let parsed = parsed(parse::parse_file(text))?;
    let eol = line_break(text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = body
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect();
    let laid = layout(&lines, &parsed);
    let mut out = laid.join(eol);
    if !out.is_empty() {
        out.push_str(eol);
    }
    same_meaning(&parsed, &parse::parse_file(&out))?;
    Ok(out)
}

/// The canonical layout of a draft's `claims` blocks, the rest of the
/// draft untouched.
pub fn format_draft(text: &str) -> Result<String, Vec<ParseError>> {
    let parsed = parsed(parse::parse_lines(draft::claim_lines(text)))?;
    let eol = line_break(text);
    let mut laid: BTreeMap<usize, (usize, Vec<String>)> = BTreeMap::new();
    for block in draft::blocks(text) {
        let lines: Vec<(usize, &str)> = (block.first..).zip(block.lines.iter().copied()).collect();
        // An unclosed block runs to the end: the draft's last line break
        // stays where it was.
        let ends_draft = !block.closed && text.ends_with('\n');
        let taken = block.lines.len() - usize::from(ends_draft);
        laid.insert(block.first, (taken, layout(&lines[..taken], &parsed)));
    }
    let raw: Vec<&str> = text.split('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut number = 1;
    while let Some(line) = raw.get(number - 1) {
        match laid.remove(&number) {
            Some((taken, lines)) => {
                for l in lines {
                    out.push_str(&l);
                    out.push_str(eol);
                }
                number += taken;
            }
            None => {
                out.push_str(line);
                if number < raw.len() {
                    out.push('\n');
                }
                number += 1;
            }
        }
    }
    same_meaning(&parsed, &parse::parse_lines(draft::claim_lines(&out)))?;
    Ok(out)
}

/// The parsed file, or every error of it in the order of its lines.
fn parsed(file: ClaimFile) -> Result<ClaimFile, Vec<ParseError>> {
    let mut errors: Vec<ParseError> = file.errors.clone();
    errors.extend(file.entries.iter().filter_map(|e| e.claim.clone().err()));
    if errors.is_empty() {
        Ok(file)
    } else {
        errors.sort_by_key(|e| (e.span.line, e.span.col));
        Err(errors)
    }
}

/// `\r\n` when the file's first line break is one, else `\n`.
fn line_break(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if text.get(..at).is_some_and(|l| l.ends_with('\r')) => "\r\n",
        _ => "\n",
    }
}

/// Numbered lines in their canonical layout: no blank line first or last,
/// and never two in a row.
fn layout(lines: &[(usize, &str)], parsed: &ClaimFile) -> Vec<String> {
    let entries: BTreeMap<usize, &Entry> = parsed.entries.iter().map(|e| (e.line, e)).collect();
    let mut out: Vec<String> = Vec::new();
    for &(number, raw) in lines {
        let line = canonical_line(raw, entries.get(&number).copied());
        let blank = line.is_empty();
        if !(blank && out.last().is_none_or(String::is_empty)) {
            out.push(line);
        }
    }
    if out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// One line in its canonical layout; `entry` is the claim on it, if any.
fn canonical_line(raw: &str, entry: Option<&Entry>) -> String {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let split = find_unquoted(raw, '#').unwrap_or(raw.len());
    let (code, comment) = raw.split_at(split);
    let comment = comment.trim_end();
    let body = code.trim();
    let laid = if let Some(words) = body.strip_prefix('>') {
        format!("> {}", words.trim()).trim_end().to_string()
    } else if body.starts_with('@') {
        directive(body)
    } else if let Some(entry) = entry {
        claim_line(code, entry)
    } else {
        body.to_string()
    };
    match (laid.is_empty(), comment.is_empty()) {
        (_, true) => laid,
        (true, false) => comment.to_string(),
        (false, false) => format!("{laid}  {comment}"),
    }
}

/// `@as-of DATE`, `@data PATH`, `@tolerance N%`: the name lowercased and
/// one space after it. A path is kept as written, blanks and all; the
/// other values have their blanks made single.
fn directive(body: &str) -> String {
    let end = body
        .char_indices()
        .skip(1)
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
        .map_or(body.len(), |(at, _)| at);
    let (name, value) = body.split_at(end);
    let name = name.to_ascii_lowercase();
    let value = if name == "@data" {
        value.trim().to_string()
    } else {
        value.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    format!("{name} {value}").trim_end().to_string()
}

/// A claim line without its comment: `label: claim`, the claim's tokens
/// laid out.
fn claim_line(code: &str, entry: &Entry) -> String {
    let (label, claim, offset) = match (&entry.label, find_unquoted(code, ':')) {
        (Some(label), Some(colon)) => {
            let claim = code.get(colon + 1..).unwrap_or_default();
            let offset = code.get(..=colon).map_or(0, |c| c.chars().count());
            (Some(label.node.as_str()), claim, offset)
        }
        _ => (None, code, 0),
    };
    let kept = entry.claim.as_ref().map(names).unwrap_or_default();
    let claim = tokens(claim, offset, &kept);
    match label {
        Some(label) => format!("{label}: {claim}"),
        None => claim,
    }
}

/// What a token is, as far as spacing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Text,
    Operator,
    Open,
    Close,
    Comma,
    Percent,
}

/// The characters that make comparison operators (`=`, `>=`, `≠`, `~`, …).
const OPERATOR: &[char] = &['=', '<', '>', '!', '~', '±', '≥', '≤', '≠'];

/// The words of the claim language that `fmt` lowercases: the reserved
/// words and the rest of its phrases (`according to`, `at least`, `more
/// than`).
fn is_keyword(word: &str) -> bool {
    let lower = word.to_lowercase();
    RESERVED.contains(&lower.as_str()) || ["to", "least", "most", "than"].contains(&lower.as_str())
}

/// The claim text laid out: its tokens lowercased where they are
/// keywords (and not inside a name or value), joined by single spaces
/// where spacing belongs. `offset` is the number of characters before
/// `text` on its line; `kept` the spans of names and values.
fn tokens(text: &str, offset: usize, kept: &[Span]) -> String {
    let mut out = String::new();
    let mut previous: Option<Kind> = None;
    for (col, kind, token) in split(text) {
        let col = offset + col;
        let inside = |s: &Span| s.col <= col && col < s.col + s.len.max(1);
        let word = if kind == Kind::Word && is_keyword(token) && !kept.iter().any(inside) {
            token.to_lowercase()
        } else {
            token.to_string()
        };
        let glued = matches!(kind, Kind::Comma | Kind::Close | Kind::Percent)
            || previous == Some(Kind::Open);
        if previous.is_some() && !glued {
            out.push(' ');
        }
        out.push_str(&word);
        previous = Some(kind);
    }
    out
}

/// The tokens of a claim, each with its 1-based character column in
/// `text`. A comma between digits belongs to the number it is in
/// (`1,350`) when exactly three digits follow it, as the parser reads it.
fn split(text: &str) -> Vec<(usize, Kind, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        let kind = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c == '"' {
            i += 1;
            while at(i).is_some_and(|c| c != '"') {
                i += 1;
            }
            i = (i + 1).min(chars.len());
            Kind::Text
        } else if text.get(byte(i)..).is_some_and(|r| r.starts_with("+/-")) {
            i += 3;
            Kind::Operator
        } else if OPERATOR.contains(&c) {
            while at(i).is_some_and(|c| OPERATOR.contains(&c)) {
                i += 1;
            }
            Kind::Operator
        } else if let Some(kind) = match c {
            '(' => Some(Kind::Open),
            ')' => Some(Kind::Close),
            ',' => Some(Kind::Comma),
            '%' => Some(Kind::Percent),
            _ => None,
        } {
            i += 1;
            kind
        } else {
            loop {
                i += 1;
                let thousands = at(i) == Some(',')
                    && at(i - 1).is_some_and(|c| c.is_ascii_digit())
                    && (1..=3).all(|k| at(i + k).is_some_and(|c| c.is_ascii_digit()))
                    && !at(i + 4).is_some_and(|c| c.is_ascii_digit());
                if thousands {
                    continue;
                }
                let ends = match at(i) {
                    None => true,
                    Some(c) => {
                        c.is_whitespace()
                            || "\"(),%".contains(c)
                            || OPERATOR.contains(&c)
                            || text.get(byte(i)..).is_some_and(|r| r.starts_with("+/-"))
                    }
                };
                if ends {
                    break;
                }
            }
            Kind::Word
        };
        out.push((
            start + 1,
            kind,
            text.get(byte(start)..byte(i)).unwrap_or_default(),
        ));
    }
    out
}

/// The spans of every name, number and value a claim writes: the words
/// that `fmt` never lowercases, even where they read like keywords.
fn names(claim: &Claim) -> Vec<Span> {
    let mut spans = Vec::new();
    let (query, comparison) = match claim {
        Claim::Compare { query, comparison } => (Some(query), Some(comparison)),
        Claim::Include { query, groups } => {
            spans.extend(groups.iter().map(|g| g.span));
            (Some(query), None)
        }
        Claim::Fact {
            name,
            sources,
            comparison,
        } => {
            spans.push(name.span);
            spans.extend(sources.iter().map(|s| s.span));
            (None, Some(comparison))
        }
    };
    if let Some(q) = query {
        query_names(q, &mut spans);
    }
    if let Some(c) = comparison {
        spans.extend(c.unit.as_ref().map(|u| u.span));
        match &c.kind {
            ComparisonKind::Op { number, .. } | ComparisonKind::About { number, .. } => {
                spans.push(number.span)
            }
            ComparisonKind::Between { low, high } => spans.extend([low.span, high.span]),
        }
    }
    spans
}

fn query_names(q: &Query, spans: &mut Vec<Span>) {
    match &q.aggregate.node {
        Aggregate::Sum(m) | Aggregate::Max(m) | Aggregate::Min(m) => spans.push(m.span),
        Aggregate::Incidents | Aggregate::DeadlyIncidents => {}
    }
    spans.extend(q.place.as_ref().map(|p| p.span));
    spans.extend(q.group.as_ref().map(|g| g.span));
    spans.extend(q.sources.iter().map(|s| s.span));
    if let Some(c) = &q.condition {
        condition_names(c, spans);
    }
}

fn condition_names(c: &Condition, spans: &mut Vec<Span>) {
    match c {
        Condition::Or(all) | Condition::And(all) => {
            for c in all {
                condition_names(c, spans);
            }
        }
        Condition::Not(c) => condition_names(c, spans),
        Condition::Compare { field, value, .. } => spans.extend([field.span, value.span]),
        Condition::InList { field, values } => {
            spans.push(field.span);
            spans.extend(values.iter().map(|v| v.span));
        }
        Condition::Contains { field, value } => spans.extend([field.span, value.span]),
    }
}

/// Refuses a layout that the parser reads otherwise than the original:
/// other directives, or another claim, label or quote in any entry.
fn same_meaning(before: &ClaimFile, after: &ClaimFile) -> Result<(), Vec<ParseError>> {
    let directives = |f: &ClaimFile| {
        (
            f.directives.as_of.as_ref().map(|d| d.node),
            f.directives.data.as_ref().map(|d| d.node.clone()),
            f.directives.tolerance.as_ref().map(|d| d.node),
        )
    };
    let entries = |f: &ClaimFile| -> Vec<String> { f.entries.iter().map(meaning).collect() };
    let first_difference = before
        .entries
        .iter()
        .zip(&after.entries)
        .find(|(b, a)| meaning(b) != meaning(a))
        .map(|(b, _)| b.line);
    if after.errors.is_empty()
        && directives(before) == directives(after)
        && entries(before) == entries(after)
    {
        return Ok(());
    }
    let line = first_difference.unwrap_or(1);
    Err(vec![ParseError {
        span: Span {
            line,
            col: 1,
            len: 1,
        },
        message:
            "the canonical layout of this line would read differently, so the file is left as it is"
                .into(),
        help: Some("please report this line to claimcheck's maintainers".into()),
    }])
}

/// What an entry says, wherever it is written: its label, quote and claim
/// with every span left out.
fn meaning(entry: &Entry) -> String {
    let label = entry.label.as_ref().map(|l| &l.node);
    let tree = format!("{label:?} {:?} {:?}", entry.quote, entry.claim);
    let mut out = String::with_capacity(tree.len());
    let mut rest = tree.as_str();
    while let Some(at) = rest.find("Span { line: ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(" }").map_or(rest.len(), |e| e + 2);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format_file(text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn spacing_keywords_labels_and_comments() {
        assert_eq!(
            fmt("tally :deaths   Since November   ACCORDING TO AFP=16   # the AFP tally  \n"),
            "tally: deaths since November according to AFP = 16  # the AFP tally\n"
        );
        assert_eq!(
            fmt(
                "deaths where region in ( \"Khatlon\" ,\"GBAO\" ) and not(deaths>=3)= about 1,350 +/-5 %\n"
            ),
            "deaths where region in (\"Khatlon\", \"GBAO\") and not (deaths >= 3) = about 1,350 +/- 5%\n"
        );
        // Names that read like keywords, numbers, strings and dates stay
        // as written.
        assert_eq!(
            fmt(
                "Deaths per To  in \"IN  Khatlon\"  between Late November AND Nov 26, 2025 = Five\n"
            ),
            "Deaths per To in \"IN  Khatlon\" between Late November and Nov 26, 2025 = Five\n"
        );
        assert_eq!(
            fmt("fact Border_Length = ABOUT 840 MI\n"),
            "fact Border_Length = about 840 MI\n"
        );
    }

    #[test]
    fn lines_directives_quotes_and_blank_runs() {
        let text = "\n\n  # A file   \n@AS-OF   2026-01-12\n@Data  ../my  data.json  # path\n\n\n\n>quote  kept  as is   \n  deaths = 1\n\n\n";
        assert_eq!(
            fmt(text),
            "# A file\n@as-of 2026-01-12\n@data ../my  data.json  # path\n\n> quote  kept  as is\ndeaths = 1\n"
        );
        assert_eq!(
            fmt("deaths = 1\r\n\r\n\r\nincidents = 2"),
            "deaths = 1\r\n\r\nincidents = 2\r\n"
        );
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\u{feff}deaths = 1\n"), "deaths = 1\n");
    }

    #[test]
    fn a_file_that_does_not_parse_has_no_layout() {
        let errors = format_file("@as-of 2026-01-12\ndeaths sinse November = 1\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].span.line, errors[0].span.col), (2, 8));
    }

    #[test]
    fn the_layout_is_idempotent() {
        let once = fmt("tally:deaths Since November=16#note\n\n\n> q\nIncidents>=1\n");
        assert_eq!(fmt(&once), once);
    }

    #[test]
    fn drafts_change_only_inside_claims_blocks() {
        let draft = "# Title  \n\n```claims\n\n@AS-OF 2026-01-12\n\n\ndeaths=1  \n\n```\n\nProse  with  blanks.  \n";
        assert_eq!(
            format_draft(draft).unwrap(),
            "# Title  \n\n```claims\n@as-of 2026-01-12\n\ndeaths = 1\n```\n\nProse  with  blanks.  \n"
        );
        let unclosed = "Intro\n~~~claims\ndeaths=1\n";
        assert_eq!(
            format_draft(unclosed).unwrap(),
            "Intro\n~~~claims\ndeaths = 1\n"
        );
        assert!(format_draft("```claims\ndeaths ?\n```\n").is_err());
    }

    #[test]
    fn a_layout_that_reads_otherwise_is_refused() {
        let before = parse::parse_file("@as-of 2026-01-12\ndeaths = 16\n");
        assert!(
            same_meaning(
                &before,
                &parse::parse_file("@as-of 2026-01-12\n\ndeaths  =  16")
            )
            .is_ok()
        );
        let other = same_meaning(
            &before,
            &parse::parse_file("@as-of 2026-01-12\ndeaths = 17\n"),
        );
        assert_eq!(other.unwrap_err()[0].span.line, 2);
        assert!(
            same_meaning(
                &before,
                &parse::parse_file("@as-of 2026-01-13\ndeaths = 16\n")
            )
            .is_err()
        );
    }

    #[test]
    fn meaning_leaves_out_where_a_claim_is_written() {
        let a = parse::parse_file("deaths  =  16\n");
        let b = parse::parse_file("\n\ndeaths = 16\n");
        assert_eq!(meaning(&a.entries[0]), meaning(&b.entries[0]));
        let c = parse::parse_file("deaths = 17\n");
        assert_ne!(meaning(&a.entries[0]), meaning(&c.entries[0]));
        assert!(!meaning(&a.entries[0]).contains("line:"));
    }
}
