//! The ids of incidents, sources and facts: a string that is not empty and
//! that no earlier element of the same array has. Sources and facts are
//! named by claims, which ignore case, so their ids must differ in more than
//! case; incident ids are compared as written.

use super::node::Json;
use super::path::Path;
use super::problems::Problems;
use super::read::{required, string};
use crate::dataset::intern::Distinct;
use std::borrow::Cow;

/// The ids of one array's elements read so far, under the key they are
/// compared by.
pub struct Ids {
    array: &'static str,
    key: fn(&str) -> Cow<'_, str>,
    /// Said after a duplicate's message: why two spellings are one id.
    note: &'static str,
    /// The keys met, each once: a table of borrowed or owned strings for
    /// a million incidents would take several times their own size.
    keys: Distinct,
    /// By each key's number in `keys`, the index of the first element
    /// that has it.
    first: Vec<usize>,
}

impl Ids {
    /// Ids compared as written.
    pub fn exact(array: &'static str) -> Self {
        Ids::new(array, |id| Cow::Borrowed(id), "")
    }

    pub fn case_insensitive(array: &'static str) -> Self {
        let lowercase = |id: &str| Cow::Owned(id.to_lowercase());
        Ids::new(array, lowercase, " (ids are case-insensitive)")
    }

    fn new(array: &'static str, key: fn(&str) -> Cow<'_, str>, note: &'static str) -> Self {
        Ids {
            array,
            key,
            note,
            keys: Distinct::default(),
            first: Vec::new(),
        }
    }

    /// Reads the `id` of the element at `path`, the `index`th of its array.
    /// A duplicate is an error, but its id is still returned, so that the
    /// rest of the element is checked as usual.
    pub fn read<'j, 'a>(
        &mut self,
        slot: Option<&'j Json<'a>>,
        index: usize,
        path: &Path,
        problems: &mut Problems,
    ) -> Option<&'j Cow<'a, str>> {
        let at = path.key("id");
        let node = required(slot, &at, "a unique string", problems)?;
        let id = string(node, &at, problems)?;
        if id.is_empty() {
            problems.error(&at, "an id must not be empty");
            return None;
        }
        match self.keys.insert(&(self.key)(id)) {
            Some((_, true)) => self.first.push(index),
            Some((number, false)) => {
                let (array, note) = (self.array, self.note);
                let first = self.first.get(number).copied().unwrap_or_default();
                problems.error(
                    &at,
                    format!("`{id}` is already the id of {array}[{first}]{note}"),
                );
            }
            // Beyond four gigabytes of ids: the dataset is too large, as
            // its store says.
            None => {}
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(mut ids: Ids, text: &str) -> (Vec<Option<String>>, Vec<String>) {
        let Ok(Json::Arr(items)) = serde_json::from_str::<Json>(text) else {
            panic!("not an array: {text}")
        };
        let mut problems = Problems::new(text);
        let root = Path::Root;
        let read: Vec<_> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let Json::Obj(members) = item else { panic!() };
                let slot = members.iter().find(|(k, _)| k == "id").map(|(_, v)| v);
                ids.read(slot, i, &root.index(i), &mut problems)
                    .map(|id| id.to_string())
            })
            .collect();
        let messages = problems
            .finish()
            .into_iter()
            .map(|e| format!("{}: {}", e.path.unwrap_or_default(), e.message))
            .collect();
        (read, messages)
    }

    #[test]
    fn exact_ids_may_differ_in_case_only() {
        let (read, problems) = read_all(
            Ids::exact("incidents"),
            r#"[{"id": "a"}, {"id": "A"}, {"id": "a"}]"#,
        );
        assert_eq!(read, [Some("a".into()), Some("A".into()), Some("a".into())]);
        assert_eq!(problems, ["[2].id: `a` is already the id of incidents[0]"]);
    }

    #[test]
    fn case_insensitive_ids_may_not() {
        let (_, problems) = read_all(
            Ids::case_insensitive("facts"),
            r#"[{"id": "a"}, {"id": "A"}]"#,
        );
        assert_eq!(
            problems,
            ["[1].id: `A` is already the id of facts[0] (ids are case-insensitive)"]
        );
    }

    #[test]
    fn an_id_is_a_string_that_is_not_empty() {
        let (read, problems) = read_all(Ids::exact("incidents"), r#"[{}, {"id": ""}, {"id": 3}]"#);
        assert_eq!(read, [None, None, None]);
        assert_eq!(
            problems,
            [
                "[0].id: missing; expected a unique string",
                "[1].id: an id must not be empty",
                "[2].id: expected a string, found a number",
            ]
        );
    }
}
