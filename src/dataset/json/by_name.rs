//! Values under lowercased names, for the names claims use
//! case-insensitively (fields, measures). Two names that differ only in
//! case would be one name to a claim, so the second is an error.

use super::path::Path;
use super::problems::Problems;
use std::borrow::Cow;

/// The values read so far, under their lowercased names; a repeat is
/// found even where the first value was unusable. An incident has a few
/// names, and a dataset a million incidents: the names are kept in a list
/// and borrowed from the input where they are lowercase already.
pub struct ByName<'n, T> {
    named: Vec<(Cow<'n, str>, T)>,
    unusable: Vec<Cow<'n, str>>,
}

impl<'n, T> ByName<'n, T> {
    pub fn new() -> Self {
        ByName {
            named: Vec::new(),
            unusable: Vec::new(),
        }
    }

    pub fn insert(
        &mut self,
        name: Cow<'n, str>,
        value: Option<T>,
        path: &Path,
        problems: &mut Problems,
    ) {
        let lowered = (name.bytes().any(|b| b.is_ascii_uppercase()) || !name.is_ascii())
            .then(|| name.to_lowercase());
        let key = lowered.as_deref().unwrap_or(&name);
        if self.named.iter().any(|(k, _)| k == key) || self.unusable.iter().any(|k| k == key) {
            problems.error(
                path,
                format!("`{name}` repeats an earlier name (names are case-insensitive)"),
            );
            return;
        }
        let key = lowered.map_or(name, Cow::Owned);
        match value {
            Some(value) => self.named.push((key, value)),
            None => self.unusable.push(key),
        }
    }

    /// The values by lowercased name, in the order of the names.
    pub fn into_sorted(self) -> Vec<(Cow<'n, str>, T)> {
        let mut named = self.named;
        named.sort_by(|(a, _), (b, _)| a.cmp(b));
        named
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
        names.insert("Deaths".into(), Some(1), &root.key("Deaths"), &mut problems);
        names.insert("bad".into(), None, &root.key("bad"), &mut problems);
        assert!(!problems.has_errors());
        names.insert("deaths".into(), Some(2), &root.key("deaths"), &mut problems);
        names.insert("BAD".into(), Some(3), &root.key("BAD"), &mut problems);
        assert_eq!(names.into_sorted(), [(Cow::Borrowed("deaths"), 1)]);
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
