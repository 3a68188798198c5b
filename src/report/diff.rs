//! `-`/`+` line pairs, the way editors read corrections: what the claim
//! says on the `-` line, what the data says on the `+` line, and on a
//! terminal the changed words highlighted (a word diff by `similar`).

use super::layout::wrap;
use super::style::{Paint, Style};
use crate::diagnostic::printable;
use similar::{ChangeTag, TextDiff};

/// `- claimed  X` over `+ found    Y`: what the claim expects against what
/// the data gives.
pub fn claimed(out: &mut String, indent: &str, claimed: &str, found: &str, paint: Paint) {
    pair(out, indent, ["claimed", "found"], [claimed, found], paint);
}

/// `- WHAT  OLD` over `+ WHAT  NEW`, the two names padded alike so that
/// the texts line up.
pub fn pair(out: &mut String, indent: &str, names: [&str; 2], texts: [&str; 2], paint: Paint) {
    let width = names[0].chars().count().max(names[1].chars().count()) + 2;
    let sides = [
        ("-", names[0], texts[0], Style::Removed),
        ("+", names[1], texts[1], Style::Added),
    ];
    for (sign, name, text, style) in sides {
        let marker = format!("{sign} {name:<width$}");
        out.push_str(indent);
        out.push_str(&paint.paint(style, &format!("{marker}{}", printable(text))));
        out.push('\n');
    }
}

/// `- old` and `+ new` after `indent`, each wrapped under a hanging indent,
/// the words that differ highlighted when `paint` is on.
pub fn lines(out: &mut String, indent: &str, old: &str, new: &str, paint: Paint) {
    let diff = TextDiff::from_words(old, new);
    let mut removed = vec![("-", Style::Removed)];
    let mut added = vec![("+", Style::Added)];
    for change in diff.iter_all_changes() {
        let (side, style) = match change.tag() {
            ChangeTag::Equal => {
                let words = change.value().split_whitespace();
                removed.extend(words.clone().map(|w| (w, Style::Removed)));
                added.extend(words.map(|w| (w, Style::Added)));
                continue;
            }
            ChangeTag::Delete => (&mut removed, Style::RemovedWord),
            ChangeTag::Insert => (&mut added, Style::AddedWord),
        };
        side.extend(change.value().split_whitespace().map(|w| (w, style)));
    }
    let rest = format!("{indent}  ");
    wrap(out, &removed, indent, &rest, paint);
    wrap(out, &added, indent, &rest, paint);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claimed_against_found() {
        let mut out = String::new();
        claimed(
            &mut out,
            "  ",
            "= 16",
            "14 (low 12, high 18)",
            Paint { enabled: false },
        );
        assert_eq!(
            out,
            "  - claimed  = 16\n  + found    14 (low 12, high 18)\n"
        );
        let mut out = String::new();
        claimed(&mut out, "", "= 16", "14", Paint { enabled: true });
        assert_eq!(
            out,
            "\x1b[31m- claimed  = 16\x1b[0m\n\x1b[32m+ found    14\x1b[0m\n"
        );
    }

    #[test]
    fn plain_lines_are_the_two_texts() {
        let mut out = String::new();
        lines(
            &mut out,
            "  ",
            "deaths since November = 16",
            "deaths since November = 14",
            Paint { enabled: false },
        );
        assert_eq!(
            out,
            "  - deaths since November = 16\n  + deaths since November = 14\n"
        );
    }

    #[test]
    fn colour_highlights_only_the_changed_words() {
        let mut out = String::new();
        lines(
            &mut out,
            "",
            "deaths = 16",
            "deaths = 14",
            Paint { enabled: true },
        );
        let red = |t: &str| format!("\x1b[31m{t}\x1b[0m");
        let green = |t: &str| format!("\x1b[32m{t}\x1b[0m");
        let expected = format!(
            "{} {} {} \x1b[1;4;31m16\x1b[0m\n{} {} {} \x1b[1;4;32m14\x1b[0m\n",
            red("-"),
            red("deaths"),
            red("="),
            green("+"),
            green("deaths"),
            green("=")
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn long_lines_wrap_under_the_marker() {
        let old = "deaths of \"Chinese national\" between late November and early December according to article = five";
        let new = "deaths of \"Chinese national\" between late November and early December according to article = 5";
        let mut out = String::new();
        lines(&mut out, "           ", old, new, Paint { enabled: false });
        let shown: Vec<&str> = out.lines().collect();
        assert_eq!(shown.len(), 4);
        assert!(shown[0].starts_with("           - deaths of"));
        assert!(shown[1].starts_with("             "));
        assert!(shown[2].starts_with("           + deaths of"));
        assert!(shown.iter().all(|l| l.chars().count() <= 80));
    }
}
