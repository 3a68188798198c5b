//! Layout for people: lines that fit 80 columns, continued under a hanging
//! indent, and long lists cut short with "… and N more", so that a report
//! reads the same in a terminal, a CI log and an email.

use super::style::{Paint, Style};
use crate::diagnostic::printable;
use std::borrow::Cow;

/// The width a report keeps to, in characters.
pub const WIDTH: usize = 80;

/// How many entries a list shows before it says how many more there are.
pub const LISTED: usize = 5;

/// Lays out `words` (each with its style) after the prefix `first`,
/// continuing on lines that start with `rest`, each line at most `WIDTH`
/// characters where the words allow (a longer word gets a line of its
/// own). Words are separated by one space; the text ends with a newline.
/// Words come from claim files and datasets, so each is made `printable`:
/// none can break the line or carry an escape sequence.
pub fn wrap(out: &mut String, words: &[(&str, Style)], first: &str, rest: &str, paint: Paint) {
    out.push_str(first);
    let mut col = first.chars().count();
    let mut started = false;
    // Whether the line holds only blanks so far, so that the next word
    // starts it for a CI runner.
    let mut blank = first.trim().is_empty();
    for &(word, style) in words {
        let width = word.chars().count();
        if started && col + 1 + width > WIDTH {
            out.push('\n');
            out.push_str(rest);
            col = rest.chars().count();
            started = false;
            blank = rest.trim().is_empty();
        }
        if started {
            out.push(' ');
            col += 1;
        }
        let shown = if blank {
            leading(word)
        } else {
            printable(word)
        };
        paint.push(out, style, &shown);
        col += width;
        started = true;
        blank = false;
    }
    out.push('\n');
}

/// One line: `prefix`, then `text` made printable, never read as a
/// workflow command.
pub fn line(out: &mut String, prefix: &str, text: &str) {
    out.push_str(prefix);
    if prefix.trim().is_empty() {
        out.push_str(&leading(text));
    } else {
        out.push_str(&printable(text));
    }
    out.push('\n');
}

/// `printable`, for text that starts a line: a CI runner reads a line that
/// starts with `::` after blanks as a workflow command (GitHub's
/// `::error::`, `::add-mask::`), so the first of those colons is shown as
/// `�`, like any other character that output for people cannot carry.
fn leading(text: &str) -> Cow<'_, str> {
    let text = printable(text);
    let blanks = text.len() - text.trim_start().len();
    match text.get(blanks..).and_then(|t| t.strip_prefix("::")) {
        Some(after) => Cow::Owned(format!("{}\u{fffd}:{after}", &text[..blanks])),
        None => text,
    }
}

/// `wrap` for plain text, split at its blanks.
pub fn wrap_text(out: &mut String, text: &str, first: &str, rest: &str) {
    let words: Vec<(&str, Style)> = text.split_whitespace().map(|w| (w, Style::Plain)).collect();
    wrap(out, &words, first, rest, Paint { enabled: false });
}

/// The first `LISTED` items, then "… and N more" for the rest.
pub fn listed(mut items: Vec<String>) -> Vec<String> {
    if items.len() > LISTED {
        let more = items.len() - LISTED;
        items.truncate(LISTED);
        items.push(format!("… and {more} more"));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, first: &str, rest: &str) -> String {
        let mut out = String::new();
        wrap_text(&mut out, text, first, rest);
        out
    }

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(
            wrapped("deaths  = 16", "    ", "      "),
            "    deaths = 16\n"
        );
    }

    #[test]
    fn long_text_wraps_at_80_columns_under_a_hanging_indent() {
        let quote = "Tajik officials announced Sunday that they “neutralized” four terrorists who had crossed from neighboring Afghanistan";
        let out = wrapped(quote, "           > ", "             ");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "           > Tajik officials announced Sunday that they “neutralized” four",
                "             terrorists who had crossed from neighboring Afghanistan",
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
    }

    #[test]
    fn a_word_longer_than_a_line_gets_its_own() {
        let long = "x".repeat(90);
        let out = wrapped(&format!("see {long} here"), "", "  ");
        assert_eq!(out, format!("see\n  {long}\n  here\n"));
    }

    #[test]
    fn colour_does_not_count_toward_the_width() {
        let words = vec![("a", Style::Added); 40];
        let mut out = String::new();
        wrap(&mut out, &words, "", "", Paint { enabled: true });
        // 40 one-letter words and 39 spaces fit in 79 columns.
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn no_line_starts_as_a_workflow_command() {
        let words: Vec<(&str, Style)> = ["::error::one", "x", "::error::two"]
            .into_iter()
            .map(|w| (w, Style::Plain))
            .collect();
        let mut out = String::new();
        wrap(&mut out, &words, "   ", "", Paint { enabled: false });
        assert_eq!(out, "   \u{fffd}:error::one x ::error::two\n");
        let long = format!("{} ::warning::x", "y".repeat(WIDTH - 5));
        let mut out = String::new();
        wrap_text(&mut out, &long, "", "    ");
        assert!(out.ends_with("\n    \u{fffd}:warning::x\n"), "{out}");
        let mut out = String::new();
        line(&mut out, "  ", " ::add-mask::x");
        line(&mut out, "> ", "::kept");
        assert_eq!(out, "   \u{fffd}:add-mask::x\n> ::kept\n");
    }

    #[test]
    fn words_never_break_a_line_or_escape() {
        let words = [
            ("Wire\n::error::x", Style::Plain),
            ("\u{1b}]0;title\u{7}", Style::Plain),
        ];
        let mut out = String::new();
        wrap(&mut out, &words, "> ", "  ", Paint { enabled: false });
        assert_eq!(out, "> Wire\u{fffd}::error::x \u{fffd}]0;title\u{fffd}\n");
    }

    #[test]
    fn long_lists_end_with_how_many_more() {
        let items: Vec<String> = (1..=8).map(|i| i.to_string()).collect();
        assert_eq!(listed(items), ["1", "2", "3", "4", "5", "… and 3 more"]);
        let few: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
        assert_eq!(listed(few.clone()), few);
    }
}
