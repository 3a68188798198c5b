//! Claims inside drafts: an editor keeps the claims next to the sentences
//! they check, in the Markdown draft itself, in fenced code blocks marked
//! `claims`. This module finds those blocks (CommonMark's fences, at the
//! top level of the document) and hands their lines, each with its line
//! number in the draft, to the claim parser, which knows nothing of
//! Markdown; every report then points at the draft's own lines.
//!
//! The blocks of one draft read as one claim file, in order: directives in
//! the first block serve the claims of all of them.

use std::path::Path;

/// Whether a path names a Markdown draft rather than a claim file.
pub fn is_draft(path: impl AsRef<Path>) -> bool {
    path.as_ref()
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A fenced `claims` block of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// The 1-based line number of the first line inside the fences.
    pub first: usize,
    /// The lines inside the fences, as written (a `\r` before the line
    /// break included).
    pub lines: Vec<&'a str>,
    /// Whether a closing fence ends it (an unclosed block runs to the end
    /// of the draft).
    pub closed: bool,
}

/// The `claims` blocks of a draft, in order.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut found = Vec::new();
    let mut open: Option<(Fence, Option<Block>)> = None;
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        match &mut open {
            None => {
                if let Some(fence) = Fence::opening(raw) {
                    let block = fence.claims.then(|| Block {
                        first: number + 1,
                        lines: Vec::new(),
                        closed: false,
                    });
                    open = Some((fence, block));
                }
            }
            Some((fence, block)) => {
                if fence.closes(raw) {
                    if let Some(mut b) = block.take() {
                        b.closed = true;
                        found.push(b);
                    }
                    open = None;
                } else if let Some(b) = block {
                    b.lines.push(raw);
                }
            }
        }
    }
    if let Some((_, Some(block))) = open {
        found.push(block);
    }
    found
}

/// Every line of the draft's `claims` blocks, with its line number.
pub fn claim_lines(text: &str) -> Vec<(usize, &str)> {
    blocks(text)
        .into_iter()
        .flat_map(|b| (b.first..).zip(b.lines))
        .collect()
}

/// An opening code fence: three or more backticks or tildes, indented by
/// at most three spaces (CommonMark §4.5).
struct Fence {
    mark: char,
    len: usize,
    /// Whether its info string names the `claims` language.
    claims: bool,
}

impl Fence {
    fn opening(raw: &str) -> Option<Fence> {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let rest = indented(line)?;
        let mark = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = rest.chars().take_while(|c| *c == mark).count();
        if len < 3 {
            return None;
        }
        let info = rest.get(len..).unwrap_or_default().trim();
        // A backtick in the info string would make the line inline code.
        if mark == '`' && info.contains('`') {
            return None;
        }
        let language = info.split_whitespace().next().unwrap_or_default();
        Some(Fence {
            mark,
            len,
            claims: language.eq_ignore_ascii_case("claims"),
        })
    }

    /// A closing fence: the same mark, at least as long, indented by at
    /// most three spaces, and nothing after it but blanks.
    fn closes(&self, raw: &str) -> bool {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let Some(rest) = indented(line) else {
            return false;
        };
        let len = rest.chars().take_while(|c| *c == self.mark).count();
        len >= self.len
            && rest
                .get(len * self.mark.len_utf8()..)
                .is_some_and(|after| after.trim().is_empty())
    }
}

/// The line after at most three spaces of indentation; `None` when it is
/// indented further (an indented code block, not a fence).
fn indented(line: &str) -> Option<&str> {
    let spaces = line.chars().take_while(|c| *c == ' ').count();
    (spaces <= 3).then(|| line.get(spaces..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "\
# Border article

Some prose.

```claims
@as-of 2026-01-12
deaths = 16
```

More prose with ``` inline.

~~~~ Claims extra words
> a quote
tally: deaths >= 5
~~~~

```text
not a claim
```
";

    #[test]
    fn finds_claims_blocks_with_their_line_numbers() {
        let found = blocks(DRAFT);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].first, 6);
        assert_eq!(found[0].lines, ["@as-of 2026-01-12", "deaths = 16"]);
        assert_eq!(found[1].first, 13);
        assert_eq!(found[1].lines, ["> a quote", "tally: deaths >= 5"]);
        assert!(found.iter().all(|b| b.closed));
        assert_eq!(
            claim_lines(DRAFT),
            [
                (6, "@as-of 2026-01-12"),
                (7, "deaths = 16"),
                (13, "> a quote"),
                (14, "tally: deaths >= 5")
            ]
        );
    }

    #[test]
    fn a_claims_fence_inside_another_block_is_its_text() {
        let draft = "````markdown\n```claims\ndeaths = 1\n```\n````\n";
        assert!(blocks(draft).is_empty());
        let indented = "    ```claims\n    deaths = 1\n    ```\n";
        assert!(blocks(indented).is_empty());
    }

    #[test]
    fn fences_close_only_with_the_same_mark_at_least_as_long() {
        let draft = "  ````claims\ndeaths = 1\n```\n~~~~\ndeaths = 2\n   `````  \nafter\n";
        let found = blocks(draft);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].lines, ["deaths = 1", "```", "~~~~", "deaths = 2"]);
        // Backticks in the info string make no fence; an unclosed block runs
        // to the end.
        assert!(blocks("```claims `x`\ndeaths = 1\n").is_empty());
        let open = blocks("~~~claims\r\ndeaths = 1\r\n");
        assert_eq!(open[0].lines, ["deaths = 1\r", ""]);
        assert!(!open[0].closed);
    }

    #[test]
    fn drafts_are_markdown_files() {
        assert!(is_draft("drafts/border.md"));
        assert!(is_draft("Border.MARKDOWN"));
        assert!(!is_draft("border.claims"));
        assert!(!is_draft("md"));
    }
}
