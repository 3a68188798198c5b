//! Values under lowercased names, for the names claims use
//! case-insensitively (fields, measures). Two names that differ only in
//! case would be one name to a claim, so the second is an error.

use super::path::Path;
use super::problems::Problems;
use std::collections::BTreeMap;

/// The values read so far; a repeat is found even where the first value
/// was unusable.
pub struct ByName<T> {
    map: BTreeMap<String, T>,
    unusable: Vec<String>,
}

impl<T> ByName<T> {
    pub fn new() -> Self {
        ByName {
            map: BTreeMap::new(),
            unusable: Vec::new(),
        }
    }

    pub fn insert(&mut self, name: &str, value: Option<T>, path: &Path, problems: &mut Problems) {
        let key = name.to_lowercase();
        if self.map.contains_key(&key) || self.unusable.contains(&key) {
            problems.error(
                path,
                format!("`{name}` repeats an earlier name (names are case-insensitive)"),
            );
            return;
        }
        match value {
            Some(value) => {
                self.map.insert(key, value);
            }
            None => self.unusable.push(key),
        }
    }

    pub fn into_map(self) -> BTreeMap<String, T> {
        self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercased_and_must_differ_in_more_than_case() {
        let text = "{}";
        let mut problems = Problems::new(text);
        let root = Path::Root;
        let mut names = ByName::new();
        names.insert("Deaths", Some(1), &root.key("Deaths"), &mut problems);
        names.insert("bad", None, &root.key("bad"), &mut problems);
        assert!(!problems.has_errors());
        names.insert("deaths", Some(2), &root.key("deaths"), &mut problems);
        names.insert("BAD", Some(3), &root.key("BAD"), &mut problems);
        assert_eq!(names.into_map(), BTreeMap::from([("deaths".to_owned(), 1)]));
        let messages: Vec<_> = problems.finish().into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            [
                "`deaths` repeats an earlier name (names are case-insensitive)",
                "`BAD` repeats an earlier name (names are case-insensitive)",
            ]
        );
    }
}
