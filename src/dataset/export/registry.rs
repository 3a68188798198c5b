//! The sources of an export. Neither ACLED nor UCDP declares its sources:
//! they are named in each row, so the registry is built from the names as
//! they come. A source's id and name are the name as first written; names
//! equal but for case are one source, because `AFP` and `afp` are one
//! agency and claims name sources case-insensitively anyway.

use crate::dataset::Source;
use hashbrown::HashMap;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Registry {
    sources: Vec<Source>,
    /// Every spelling met, so that a name as written is found without
    /// lowercasing it: the same few names recur on every row.
    by_spelling: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
}

impl Registry {
    /// The index of the source named `name`, registering it when new.
    pub fn index(&mut self, name: &str) -> usize {
        if let Some(&index) = self.by_spelling.get(name) {
            return index;
        }
        let key = name.to_lowercase();
        let index = match self.by_key.get(&key) {
            Some(&index) => index,
            None => {
                let index = self.sources.len();
                self.sources.push(Source {
                    id: name.to_owned(),
                    name: name.to_owned(),
                    kind: None,
                    url: None,
                });
                self.by_key.insert(key, index);
                index
            }
        };
        self.by_spelling.insert(name.to_owned(), index);
        index
    }

    pub fn into_sources(self) -> Vec<Source> {
        self.sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_equal_but_for_case_are_one_source_spelt_as_first_seen() {
        let mut registry = Registry::default();
        assert_eq!(registry.index("AFP"), 0);
        assert_eq!(registry.index("Reuters"), 1);
        assert_eq!(registry.index("afp"), 0);
        let sources = registry.into_sources();
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["AFP", "Reuters"]);
        assert_eq!(sources[0].name, "AFP");
    }
}
