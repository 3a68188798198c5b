//! The problems found while loading one JSON text. They are collected with
//! their paths while the data is read, and placed (line and column) and put
//! in input order only at the end, in one walk over the text for all of
//! them, so a valid dataset never pays for locations.

use super::locate::{line_columns, locate, serde_offset};
use super::path::{Path, Rendered};
use crate::dataset::DatasetError;
use std::collections::{HashMap, HashSet};

pub struct Problems<'t> {
    text: &'t str,
    pending: Vec<Pending>,
    /// Kept apart so that asking costs nothing while a million incidents
    /// are read.
    has_errors: bool,
}

struct Pending {
    path: Rendered,
    /// Known already for problems serde_json found; else located by path.
    offset: Option<usize>,
    message: String,
    warning: bool,
}

impl Pending {
    /// The paths where the problem may be placed, the nearest first.
    fn prefixes(&self) -> impl Iterator<Item = &str> {
        let text = self.path.text.as_str();
        self.path
            .prefix_ends
            .iter()
            .rev()
            .filter_map(|&end| text.get(..end))
    }
}

impl<'t> Problems<'t> {
    pub fn new(text: &'t str) -> Self {
        Problems {
            text,
            pending: Vec::new(),
            has_errors: false,
        }
    }

    pub fn error(&mut self, path: &Path, message: impl Into<String>) {
        self.push(path, None, message.into(), false);
    }

    pub fn warn(&mut self, path: &Path, message: impl Into<String>) {
        self.push(path, None, message.into(), true);
    }

    /// A failure of serde_json while reading `slice`, a part of the text
    /// (or all of it), placed where serde_json stopped.
    pub fn serde_error(&mut self, path: &Path, slice: &str, error: &serde_json::Error) {
        let base = (slice.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let offset = base + serde_offset(slice, error.line(), error.column());
        let full = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        let what = full.strip_suffix(&position).unwrap_or(&full);
        let message = match error.classify() {
            serde_json::error::Category::Eof => format!("the JSON text ends too early ({what})"),
            serde_json::error::Category::Syntax => format!("malformed JSON: {what}"),
            _ => what.to_owned(),
        };
        self.push(path, Some(offset), message, false);
    }

    pub fn has_errors(&self) -> bool {
        self.has_errors
    }

    fn push(&mut self, path: &Path, offset: Option<usize>, message: String, warning: bool) {
        self.has_errors |= !warning;
        self.pending.push(Pending {
            path: path.render(),
            offset,
            message,
            warning,
        });
    }

    /// Every problem with its line and column, in input order.
    pub fn finish(self) -> Vec<DatasetError> {
        let text = self.text;
        let offsets = self.offsets();
        let mut sorted: Vec<usize> = offsets.iter().flatten().copied().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let places: HashMap<usize, (usize, usize)> = sorted
            .iter()
            .copied()
            .zip(line_columns(text, &sorted))
            .collect();
        let mut placed: Vec<(Option<usize>, DatasetError)> = self
            .pending
            .into_iter()
            .zip(offsets)
            .map(|(p, offset)| {
                let place = offset.and_then(|o| places.get(&o));
                let error = DatasetError {
                    path: Some(p.path.text).filter(|t| !t.is_empty()),
                    line: place.map(|&(line, _)| line),
                    column: place.map(|&(_, column)| column),
                    field: None,
                    message: p.message,
                    warning: p.warning,
                };
                (offset, error)
            })
            .collect();
        // Stable, so problems found at one place keep the order they were found in.
        placed.sort_by_key(|(offset, _)| offset.unwrap_or(usize::MAX));
        placed.into_iter().map(|(_, error)| error).collect()
    }

    /// Each problem's offset: its own, else that of its path's nearest
    /// ancestor (itself included) that the text has.
    fn offsets(&self) -> Vec<Option<usize>> {
        let unplaced = self.pending.iter().filter(|p| p.offset.is_none());
        let wanted: HashSet<&str> = unplaced.flat_map(Pending::prefixes).collect();
        let found = if wanted.is_empty() {
            HashMap::new()
        } else {
            locate(self.text, &wanted)
        };
        self.pending
            .iter()
            .map(|p| {
                p.offset
                    .or_else(|| p.prefixes().find_map(|prefix| found.get(prefix).copied()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_problems_and_sorts_them_in_input_order() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n}";
        let mut problems = Problems::new(text);
        let root = Path::Root;
        let b = root.key("b");
        problems.warn(&b.key("c"), "late");
        problems.error(&root.key("a"), "early");
        problems.error(&b.key("missing"), "absent, placed at its object");
        assert!(problems.has_errors());
        let got: Vec<_> = problems
            .finish()
            .into_iter()
            .map(|e| (e.path.unwrap_or_default(), e.line, e.column, e.warning))
            .collect();
        assert_eq!(
            got,
            [
                ("a".to_owned(), Some(2), Some(8), false),
                ("b.missing".to_owned(), Some(3), Some(8), false),
                ("b.c".to_owned(), Some(3), Some(14), true),
            ]
        );
    }

    #[test]
    fn warnings_alone_are_not_errors() {
        let mut problems = Problems::new("{}");
        problems.warn(&Path::Root.key("x"), "odd");
        assert!(!problems.has_errors());
        let finished = problems.finish();
        assert_eq!(finished.len(), 1);
        assert_eq!((finished[0].line, finished[0].column), (Some(1), Some(1)));
    }

    #[test]
    fn serde_errors_keep_their_own_place_and_drop_it_from_the_message() {
        let text = "{\"a\": [1,\n 2 x]}";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let mut problems = Problems::new(text);
        problems.serde_error(&Path::Root, text, &err);
        let finished = problems.finish();
        assert_eq!(finished.len(), 1);
        let e = &finished[0];
        assert_eq!(
            (e.path.as_deref(), e.line, e.column),
            (None, Some(2), Some(4))
        );
        assert_eq!(e.message, "malformed JSON: expected `,` or `]`");
    }

    #[test]
    fn serde_errors_in_a_slice_are_placed_in_the_whole_text() {
        let text = "{\"a\":\n [1e999]}";
        let slice = &text[7..14];
        let err = serde_json::from_str::<serde_json::Value>(slice).unwrap_err();
        let mut problems = Problems::new(text);
        problems.serde_error(&Path::Root.key("a"), slice, &err);
        let e = &problems.finish()[0];
        assert_eq!((e.line, e.column), (Some(2), Some(7)));
        assert_eq!(e.message, "malformed JSON: number out of range");
    }

    #[test]
    fn truncated_text_says_so() {
        let text = "{\"a\": [1,";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let mut problems = Problems::new(text);
        problems.serde_error(&Path::Root, text, &err);
        let e = &problems.finish()[0];
        assert!(
            e.message.starts_with("the JSON text ends too early"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (Some(1), Some(9)));
    }
}
