//! Sources (spec §5.2) and how a report names one. Claims name a source
//! case-insensitively, by id or by name, so ids must be unique regardless
//! of case; reports name it by id.

use super::ids::Ids;
use super::node::Json;
use super::path::Path;
use super::problems::Problems;
use super::read::{elements, object, optional_string, record, required, string, warn_unknown};
use crate::dataset::Source;
use crate::suggest::did_you_mean;
use serde_json::value::RawValue;
use std::collections::HashMap;

const KEYS: [&str; 4] = ["id", "name", "kind", "url"];

/// Reads the `sources` array. A source without a `name` is named by its
/// id: the report then shows what the dataset calls it, and a claim can
/// still name it.
pub fn sources(raw: &RawValue, path: &Path, problems: &mut Problems) -> Vec<Source> {
    let mut sources = Vec::new();
    let mut ids = Ids::case_insensitive("sources");
    elements(
        raw,
        path,
        "an array of sources",
        problems,
        |index, path, node, problems| {
            if let Some(source) = source(&node, index, path, &mut ids, problems) {
                sources.push(source);
            }
        },
    );
    sources
}

fn source<'a>(
    node: &Json<'a>,
    index: usize,
    path: &Path,
    ids: &mut Ids,
    problems: &mut Problems,
) -> Option<Source> {
    let members = object(node, path, "a source object", problems)?;
    let [id_slot, name, kind, url] = record(
        members,
        path,
        &KEYS,
        problems,
        warn_unknown("a source", &KEYS),
    );
    let id = ids.read(id_slot, index, path, problems);
    let name = optional_string(name, &path.key("name"), problems).map(str::to_owned);
    let kind = optional_string(kind, &path.key("kind"), problems).map(str::to_owned);
    let url = optional_string(url, &path.key("url"), problems).map(str::to_owned);
    let id = id?.as_ref().to_owned();
    Some(Source {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        kind,
        url,
    })
}

/// The declared sources by id, for the reports that cite them.
pub struct SourceIndex<'s> {
    sources: &'s [Source],
    exact: HashMap<&'s str, usize>,
    folded: HashMap<String, usize>,
}

impl<'s> SourceIndex<'s> {
    pub fn new(sources: &'s [Source]) -> Self {
        SourceIndex {
            sources,
            exact: sources
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect(),
            folded: sources
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.to_lowercase(), i))
                .collect(),
        }
    }

    /// The source a report's `source` key names, which must be there.
    pub fn cite(&self, slot: Option<&Json>, path: &Path, problems: &mut Problems) -> Option<usize> {
        let node = required(slot, path, "the id of a declared source", problems)?;
        let id = string(node, path, problems)?;
        self.resolve(id, path, problems)
    }

    /// The index of the source a report names: the id as written first
    /// (no allocation on the common path), then regardless of case.
    fn resolve(&self, id: &str, path: &Path, problems: &mut Problems) -> Option<usize> {
        let found = self
            .exact
            .get(id)
            .or_else(|| self.folded.get(&id.to_lowercase()))
            .copied();
        if found.is_none() {
            let ids = self.sources.iter().map(|s| s.id.as_str());
            let help =
                did_you_mean(id, ids).unwrap_or_else(|| "declare it under `sources`".to_owned());
            problems.error(path, format!("undeclared source `{id}`; {help}"));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::json::node::Document;

    fn read(text: &str) -> (Vec<Source>, Vec<String>) {
        let doc: Document = serde_json::from_str(text).unwrap();
        let mut problems = Problems::new(text);
        let sources = sources(doc.0[0].1, &Path::Root.key("sources"), &mut problems);
        let messages = problems
            .finish()
            .into_iter()
            .map(|e| format!("{}: {}", e.path.unwrap_or_default(), e.message))
            .collect();
        (sources, messages)
    }

    #[test]
    fn reads_sources_and_names_them_by_id_by_default() {
        let (sources, problems) = read(
            r#"{"sources": [{"id": "khovar", "name": "Khovar", "kind": "state news agency", "url": "https://khovar.tj"},
                            {"id": "afp"}]}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            sources,
            [
                Source {
                    id: "khovar".into(),
                    name: "Khovar".into(),
                    kind: Some("state news agency".into()),
                    url: Some("https://khovar.tj".into())
                },
                Source {
                    id: "afp".into(),
                    name: "afp".into(),
                    kind: None,
                    url: None
                },
            ]
        );
    }

    #[test]
    fn reports_bad_and_duplicate_sources() {
        let (sources, problems) = read(
            r#"{"sources": [{"id": "afp"}, {"id": "AFP"}, {"name": "x"}, {"id": ""}, {"id": 3, "nmae": "y"}, "afp"]}"#,
        );
        assert_eq!(
            sources.len(),
            2,
            "a repeated id is an error, not a reason to drop it"
        );
        assert_eq!(
            problems,
            [
                "sources[1].id: `AFP` is already the id of sources[0] (ids are case-insensitive)",
                "sources[2].id: missing; expected a unique string",
                "sources[3].id: an id must not be empty",
                "sources[4].id: expected a string, found a number",
                "sources[4].nmae: unknown key `nmae` ignored; did you mean `name`? (a source has `id`, `name`, `kind`, `url`)",
                "sources[5]: expected a source object, found a string",
            ]
        );
    }

    #[test]
    fn resolves_ids_exactly_then_regardless_of_case() {
        let sources = [
            Source {
                id: "afp".into(),
                name: "AFP".into(),
                kind: None,
                url: None,
            },
            Source {
                id: "Khovar".into(),
                name: "Khovar".into(),
                kind: None,
                url: None,
            },
        ];
        let index = SourceIndex::new(&sources);
        let text = "{}";
        let mut problems = Problems::new(text);
        let at = Path::Root;
        assert_eq!(index.resolve("afp", &at, &mut problems), Some(0));
        assert_eq!(index.resolve("khovar", &at, &mut problems), Some(1));
        assert_eq!(index.resolve("AFP", &at, &mut problems), Some(0));
        assert!(!problems.has_errors());
        assert_eq!(index.resolve("afb", &at, &mut problems), None);
        assert_eq!(index.resolve("reuters", &at, &mut problems), None);
        let messages: Vec<_> = problems.finish().into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            [
                "undeclared source `afb`; did you mean `afp`?",
                "undeclared source `reuters`; declare it under `sources`"
            ]
        );
    }
}
