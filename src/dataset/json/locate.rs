//! Where in the text a problem lies. Values are read without positions (the
//! happy path pays nothing for them); when there are problems, one linear
//! walk over the text finds the byte offset of every path they name, and a
//! second turns offsets into lines and columns. Neither recurses: the walk
//! keeps its open containers on a stack and skips, by counting brackets,
//! every container that leads to no wanted path.

use super::path::{push_index, push_key};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The byte offset of the value at each path of `wanted` that the text
/// has. `wanted` must hold every prefix of the paths sought, since only
/// containers on the way to a wanted path are entered. The text is
/// well-formed JSON; on anything else the walk stops with what it found.
pub fn locate<'w>(text: &str, wanted: &HashSet<&'w str>) -> HashMap<&'w str, usize> {
    let mut walk = Walk {
        text,
        pos: 0,
        path: String::new(),
        open: Vec::new(),
    };
    let mut found = HashMap::new();
    walk.skip_whitespace();
    loop {
        let wanted_here = wanted.get(walk.path.as_str());
        if let Some(&path) = wanted_here {
            found.entry(path).or_insert(walk.pos);
        }
        let opened = match walk.peek() {
            Some(b @ (b'{' | b'[')) if wanted_here.is_some() => {
                walk.open.push(Open {
                    object: b == b'{',
                    parent_len: walk.path.len(),
                    next_index: 0,
                });
                walk.pos += 1;
                true
            }
            Some(_) => {
                walk.skip_value();
                false
            }
            None => break,
        };
        if walk.next_value(opened).is_none() {
            break;
        }
    }
    found
}

/// The 1-based line and column (counted in characters) of each byte offset
/// of `sorted`, which must be ascending; one pass over the text.
pub fn line_columns(text: &str, sorted: &[usize]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut line, mut column, mut at) = (1, 1, 0);
    let mut out = Vec::with_capacity(sorted.len());
    for &offset in sorted {
        let offset = offset.min(bytes.len());
        for &b in bytes.get(at..offset).unwrap_or_default() {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if !is_continuation(b) {
                column += 1;
            }
        }
        at = at.max(offset);
        out.push((line, column));
    }
    out
}

/// The byte offset of the place serde_json reports as `line`, `column`: it
/// counts bytes, and points at the last byte it read (column 0: the start
/// of the line).
pub fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

struct Walk<'t> {
    text: &'t str,
    pos: usize,
    /// The path of the value at `pos`.
    path: String,
    open: Vec<Open>,
}

#[derive(Clone, Copy)]
struct Open {
    object: bool,
    /// The length of `path` without this container's members.
    parent_len: usize,
    next_index: usize,
}

impl<'t> Walk<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Moves to the next value inside the open containers (the first one if
    /// `opened` just entered a container) and sets `path` to its path;
    /// `None` at the end of the document.
    fn next_value(&mut self, opened: bool) -> Option<()> {
        let mut first = opened;
        loop {
            let open = *self.open.last()?;
            self.skip_whitespace();
            let b = self.peek()?;
            if b == b'}' || b == b']' {
                self.pos += 1;
                self.path.truncate(open.parent_len);
                self.open.pop();
                first = false;
                continue;
            }
            if !first {
                if b != b',' {
                    return None;
                }
                self.pos += 1;
                self.skip_whitespace();
            }
            self.path.truncate(open.parent_len);
            if open.object {
                let key = self.key()?;
                push_key(&mut self.path, &key);
                self.skip_whitespace();
                if self.peek() != Some(b':') {
                    return None;
                }
                self.pos += 1;
                self.skip_whitespace();
            } else {
                push_index(&mut self.path, open.next_index);
                if let Some(top) = self.open.last_mut() {
                    top.next_index += 1;
                }
            }
            return Some(());
        }
    }

    /// Reads the key at `pos`, decoding escapes as the reader did.
    fn key(&mut self) -> Option<Cow<'t, str>> {
        let start = self.pos;
        self.skip_string()?;
        let quoted = self.text.get(start..self.pos)?;
        let inner = quoted.get(1..quoted.len().saturating_sub(1))?;
        if inner.contains('\\') {
            serde_json::from_str(quoted).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(inner))
        }
    }

    /// Skips the string that starts at `pos`, quotes included.
    fn skip_string(&mut self) -> Option<()> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => {
                let _ = self.skip_string();
            }
            Some(b'{' | b'[') => self.skip_container(),
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.pos += 1;
                }
            }
        }
    }

    fn skip_container(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    if self.skip_string().is_none() {
                        return;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "name": "x",
  "incidents": [
    {"id": "a", "reports": [{"source": "afp"}]},
    {"id": "b", "tags": {"x": [1, {"y": "]}"}]}, "reports": [{"source": "afb"}, {"source": "k\u00e9"}]}
  ]
}"#;

    fn with_prefixes<'a>(paths: &[&'a str]) -> HashSet<&'a str> {
        let mut wanted = HashSet::from([""]);
        for path in paths {
            for (i, c) in path.char_indices() {
                if c == '.' || c == '[' {
                    wanted.insert(&path[..i]);
                }
            }
            wanted.insert(path);
        }
        wanted
    }

    fn place(text: &str, path: &str) -> Option<(usize, usize)> {
        let found = locate(text, &with_prefixes(&[path]));
        let offset = *found.get(path)?;
        line_columns(text, &[offset]).first().copied()
    }

    #[test]
    fn finds_values_at_paths() {
        assert_eq!(place(TEXT, ""), Some((1, 1)));
        assert_eq!(place(TEXT, "name"), Some((2, 11)));
        assert_eq!(place(TEXT, "incidents[0].reports[0].source"), Some((4, 40)));
        assert_eq!(place(TEXT, "incidents[1].reports[0].source"), Some((5, 73)));
        assert_eq!(place(TEXT, "incidents[1].reports"), Some((5, 61)));
    }

    #[test]
    fn decodes_escaped_keys_and_skips_brackets_in_strings() {
        let text = r#"{"a": ["]", {"b\u00e9": {"c": 1}}]}"#;
        assert_eq!(place(text, "a[1].bé.c"), Some((1, 31)));
    }

    #[test]
    fn reports_nothing_for_absent_paths() {
        assert_eq!(place(TEXT, "incidents[0].date"), None);
        assert_eq!(place(TEXT, "incidents[2]"), None);
        assert_eq!(place(TEXT, "name.x"), None);
    }

    #[test]
    fn finds_many_paths_in_one_walk() {
        let paths = ["incidents[0].id", "incidents[1].id", "name"];
        let found = locate(TEXT, &with_prefixes(&paths));
        let offsets: Vec<_> = paths.iter().map(|p| found.get(p).copied()).collect();
        assert!(offsets.iter().all(Option::is_some), "{offsets:?}");
        assert_eq!(
            TEXT.get(offsets[0].unwrap()..).map(|s| &s[..3]),
            Some("\"a\"")
        );
        assert_eq!(
            TEXT.get(offsets[1].unwrap()..).map(|s| &s[..3]),
            Some("\"b\"")
        );
    }

    #[test]
    fn stops_quietly_on_malformed_text() {
        // A value the text lacks is placed where it would have started.
        assert_eq!(place(r#"{"a": [1, "#, "a[1]"), Some((1, 11)));
        assert_eq!(place(r#"{"a" 1}"#, "a"), None);
        assert_eq!(place(r#"{"a": "unterminated"#, "a"), Some((1, 7)));
        assert_eq!(place("", ""), Some((1, 1)));
    }

    #[test]
    fn columns_count_characters() {
        let text = "é\n\"x\": ñ1";
        assert_eq!(
            line_columns(text, &[0, 2, 3, 10]),
            [(1, 1), (1, 2), (2, 1), (2, 7)]
        );
    }

    #[test]
    fn converts_serde_positions() {
        let text = "{\n  \"a\": x\n}";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let offset = serde_offset(text, err.line(), err.column());
        assert_eq!(text.get(offset..offset + 1), Some("x"));
        assert_eq!(serde_offset(text, 9, 9), text.len());
        assert_eq!(serde_offset(text, 2, 0), 2);
    }
}
