//! JSON paths such as `incidents[3].reports[0].source`: how a problem names
//! the place it was found. While the data is read a path is a chain of
//! borrowed links on the stack, costing nothing; it becomes text only when
//! there is a problem to report. The locator renders the paths it walks with
//! the same two functions, so both spell every path alike.

use std::fmt::Write;

#[derive(Debug, Clone, Copy)]
pub enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

/// A path as text, with where each of its prefixes ends, so that a problem
/// can be placed at its nearest ancestor that the input has (a missing key
/// is placed at the object that lacks it).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub text: String,
    /// Byte lengths of the prefixes, shortest (the root, 0) first, the whole
    /// path last.
    pub prefix_ends: Vec<usize>,
}

impl<'p> Path<'p> {
    pub fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    pub fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }

    pub fn render(&self) -> Rendered {
        let mut links = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, _) | Path::Index(parent, _) => {
                    links.push(at);
                    at = parent;
                }
            }
        }
        let mut text = String::new();
        let mut prefix_ends = vec![0];
        for link in links.iter().rev() {
            match link {
                Path::Root => {}
                Path::Key(_, key) => push_key(&mut text, key),
                Path::Index(_, index) => push_index(&mut text, *index),
            }
            prefix_ends.push(text.len());
        }
        Rendered { text, prefix_ends }
    }
}

/// Appends `.key`, or `["key"]` for a key that would not read back plainly
/// (empty, or holding `.`, brackets, quotes, backslashes or control
/// characters).
pub fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_control());
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        let _ = write!(path, "[{key:?}]");
    }
}

pub fn push_index(path: &mut String, index: usize) {
    let _ = write!(path, "[{index}]");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_keys_and_indexes() {
        let root = Path::Root;
        let incidents = root.key("incidents");
        let third = incidents.index(3);
        let reports = third.key("reports");
        let first = reports.index(0);
        let source = first.key("source");
        let rendered = source.render();
        assert_eq!(rendered.text, "incidents[3].reports[0].source");
        let prefixes: Vec<_> = rendered
            .prefix_ends
            .iter()
            .map(|&end| &rendered.text[..end])
            .collect();
        assert_eq!(
            prefixes,
            [
                "",
                "incidents",
                "incidents[3]",
                "incidents[3].reports",
                "incidents[3].reports[0]",
                "incidents[3].reports[0].source"
            ]
        );
    }

    #[test]
    fn the_root_renders_empty() {
        assert_eq!(
            Path::Root.render(),
            Rendered {
                text: String::new(),
                prefix_ends: vec![0]
            }
        );
    }

    #[test]
    fn quotes_keys_that_would_not_read_back() {
        let mut path = String::from("by");
        push_key(&mut path, "Chinese national");
        push_key(&mut path, "a.b");
        push_key(&mut path, "");
        assert_eq!(path, r#"by.Chinese national["a.b"][""]"#);
        let mut root = String::new();
        push_key(&mut root, "x\"y");
        assert_eq!(root, r#"["x\"y"]"#);
    }
}
