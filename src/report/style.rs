//! Colour for people at a terminal, and nothing otherwise: piped output,
//! snapshots and CI logs stay plain text, byte for byte the same whatever
//! the terminal (spec §7). Every coloured piece of a report goes through
//! `Paint`, so "no colour" is one switch.

use crate::eval::Verdict;

/// ANSI colour, on only when asked for (a terminal without `NO_COLOR`, or
/// `--color always`).
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub enabled: bool,
}

/// What a piece of text is, as far as colour goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Verdict(Verdict),
    /// A `-` line: what the claim says.
    Removed,
    /// A `+` line: what the data says.
    Added,
    /// The words of a `-` line that the `+` line changes.
    RemovedWord,
    /// The words of a `+` line that differ from the `-` line.
    AddedWord,
}

impl Style {
    fn code(self) -> Option<&'static str> {
        Some(match self {
            Style::Plain => return None,
            Style::Verdict(Verdict::Pass) => "1;32",
            Style::Verdict(Verdict::Fail) => "1;31",
            Style::Verdict(Verdict::Disputed) => "1;33",
            Style::Verdict(Verdict::Error) => "1;35",
            Style::Removed => "31",
            Style::Added => "32",
            Style::RemovedWord => "1;4;31",
            Style::AddedWord => "1;4;32",
        })
    }
}

impl Paint {
    pub fn paint(self, style: Style, text: &str) -> String {
        let mut out = String::new();
        self.push(&mut out, style, text);
        out
    }

    /// `paint`, appended to `out`: a report of millions of words is not
    /// copied word by word.
    pub fn push(self, out: &mut String, style: Style, text: &str) {
        match style.code().filter(|_| self.enabled && !text.is_empty()) {
            Some(code) => {
                out.push_str("\x1b[");
                out.push_str(code);
                out.push('m');
                out.push_str(text);
                out.push_str("\x1b[0m");
            }
            None => out.push_str(text),
        }
    }

    /// The verdict in capitals, padded to one column width before colour,
    /// so that coloured and plain reports line up alike.
    pub fn verdict(self, v: Verdict) -> String {
        let text = v.as_str().to_uppercase();
        self.paint(Style::Verdict(v), &format!("{text:<9}"))
    }
}

/// Whether `--color auto` colours: only a terminal, and not when the
/// `NO_COLOR` convention (no-color.org) asks for none.
pub fn auto(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paint_leaves_text_alone() {
        let plain = Paint { enabled: false };
        assert_eq!(plain.paint(Style::Added, "14"), "14");
        assert_eq!(plain.verdict(Verdict::Pass), "PASS     ");
    }

    #[test]
    fn colour_wraps_text_in_ansi_codes() {
        let colour = Paint { enabled: true };
        assert_eq!(colour.paint(Style::Removed, "16"), "\x1b[31m16\x1b[0m");
        assert_eq!(
            colour.verdict(Verdict::Disputed),
            "\x1b[1;33mDISPUTED \x1b[0m"
        );
        assert_eq!(colour.paint(Style::Plain, "x"), "x");
        assert_eq!(colour.paint(Style::Added, ""), "");
    }

    #[test]
    fn auto_colours_a_terminal_unless_no_color_is_set() {
        use std::ffi::OsStr;
        assert!(auto(true, None));
        assert!(auto(true, Some(OsStr::new(""))));
        assert!(!auto(true, Some(OsStr::new("1"))));
        assert!(!auto(false, None));
    }
}
