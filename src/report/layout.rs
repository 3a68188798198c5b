//! Layout for people: lines that fit 80 columns, continued under a hanging
//! indent, and long lists cut short with "… and N more", so that a report
//! reads the same in a terminal, a CI log and an email.

use super::style::{Paint, Style};
use crate::diagnostic::printable;

/// The width a report keeps to, in characters.
pub const WIDTH: usize = 80;

/// How many entries a list shows before it says how many more there are.
pub const LISTED: usize = 5;

/// Lays out `words` (each with its style) after the prefix `first`,
/// continuing on lines that start with `rest`, each line at most `WIDTH`
/// characters where the words allow (a longer word gets a line of its
/// own). Words are separated by one space; the text ends with a newline.
/// A control character in a word (a line break or an escape in a dataset's
/// string) is shown as one visible character, so it can neither break the
/// layout nor drive the terminal.
pub fn wrap(out: &mut String, words: &[(&str, Style)], first: &str, rest: &str, paint: Paint) {
    out.push_str(first);
    let mut col = first.chars().count();
    let mut started = false;
    for &(word, style) in words {
        let word = printable(word);
        let width = word.chars().count();
        if started && col + 1 + width > WIDTH {
            out.push('\n');
            out.push_str(rest);
            col = rest.chars().count();
            started = false;
        }
        if started {
            out.push(' ');
            col += 1;
        }
        out.push_str(&paint.paint(style, &word));
        col += width;
        started = true;
    }
    out.push('\n');
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
    fn control_characters_in_a_word_cannot_break_a_line() {
        let words = [("Line\nbreak\u{1b}[2J", Style::Plain), ("1", Style::Plain)];
        let mut out = String::new();
        wrap(&mut out, &words, "  ", "  ", Paint { enabled: false });
        assert_eq!(out, "  Line\u{fffd}break\u{fffd}[2J 1\n");
    }

    #[test]
    fn long_lists_end_with_how_many_more() {
        let items: Vec<String> = (1..=8).map(|i| i.to_string()).collect();
        assert_eq!(listed(items), ["1", "2", "3", "4", "5", "… and 3 more"]);
        let few: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
        assert_eq!(listed(few.clone()), few);
    }
}
