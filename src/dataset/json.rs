//! The native JSON dataset loader (spec §5): reads the document, validates
//! all of it and reports every problem at once with its JSON path and, where
//! the text has one, its line and column.
//!
//! The sources are read before the incidents and facts that cite them, and
//! the large arrays one element at a time: nothing holds a tree of the whole
//! document, so a large dataset costs little beyond its own model. Where the
//! text is not JSON at all, the one syntax error is the only problem, and
//! there is no dataset.
//!
//! A dataset of the usual shape, its members each once, all known, and
//! `sources` before `incidents`, is read in one pass ([`one_pass`]): the
//! incidents are read and checked as serde_json meets them, on the thread
//! that hands them over to be stored. Any other text is read in two steps,
//! which suit whatever order of keys and whatever error: serde_json first
//! checks the whole syntax and splits the top level into its members,
//! leaving their values unread; then the parts are read as above. The
//! first step alone costs about a fifth of a large load, on one core while
//! the other waits, which is why the usual shape does without it; a text
//! the one pass cannot answer for exactly as the two steps do is read
//! again by them, and both give the same problems and the same dataset.

mod by_name;
mod fact;
mod figure;
mod ids;
mod incident;
mod locate;
mod node;
mod one_pass;
mod path;
mod problems;
mod read;
mod source;

use super::{Builder, Dataset, DatasetError, Loaded, Source, TOO_LARGE};
use node::{Document, Json};
use path::Path;
use problems::Problems;
use read::{optional_string, parse, record, required, string, warn_unknown};
use serde_json::value::RawValue;
use source::SourceIndex;

const KEYS: [&str; 6] = [
    "name",
    "description",
    "place_fields",
    "sources",
    "incidents",
    "facts",
];
const PLACE_FIELDS: [&str; 3] = ["country", "region", "place"];

/// Loads and validates a native JSON dataset from its text.
pub fn load(text: &str) -> Loaded {
    check(text).finish()
}

/// A native dataset read and validated, its incidents not yet laid out,
/// so that its text, as large as the dataset, can be let go first.
#[derive(Debug)]
pub struct Checked {
    pub problems: Vec<DatasetError>,
    /// The dataset but its incidents, and the incidents.
    unfinished: Option<(Dataset, Builder)>,
}

impl Checked {
    /// The dataset, its incidents laid out in date order.
    pub fn finish(self) -> Loaded {
        let dataset = self.unfinished.map(|(dataset, builder)| {
            let (incidents, names) = builder.finish();
            Dataset {
                incidents,
                names,
                ..dataset
            }
        });
        Loaded {
            dataset,
            problems: self.problems,
        }
    }
}

/// Reads and validates a native JSON dataset from its text. A byte-order
/// mark, which some editors write before UTF-8, is ignored, as in a claim
/// file; columns count from after it, as diagnostics show the line.
pub fn check(text: &str) -> Checked {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    one_pass::check(text).unwrap_or_else(|| two_steps(text))
}

/// Reads the document in the two steps that suit any text: its syntax
/// and top level first, then its parts.
fn two_steps(text: &str) -> Checked {
    let mut problems = Problems::new(text);
    let root = Path::Root;
    let document: Document = match serde_json::from_str(text) {
        Ok(document) => document,
        Err(error) => {
            problems.serde_error(&root, text, &error);
            return Checked {
                problems: problems.finish(),
                unfinished: None,
            };
        }
    };
    // An unknown key is a warning: it changes nothing the dataset means.
    let [name, description, place_fields, sources, incidents, facts] = record(
        &document.0,
        &root,
        &KEYS,
        &mut problems,
        warn_unknown("a dataset", &KEYS),
    )
    .map(|slot| slot.copied());

    let header = Header::read(name, description, place_fields, &mut problems);
    let at = root.key("sources");
    let sources = match required(sources, &at, "an array of sources", &mut problems) {
        Some(raw) => source::sources(raw, &at, &mut problems),
        None => Vec::new(),
    };
    let index = SourceIndex::new(&sources);
    let at = root.key("incidents");
    let mut builder = Builder::default();
    if let Some(raw) = required(incidents, &at, "an array of incidents", &mut problems) {
        incident::incidents(raw, &at, &index, &mut problems, &mut builder);
    }
    header.finish(sources, builder, facts, problems)
}

/// The dataset's own members, read apart from its arrays.
struct Header {
    name: Option<String>,
    description: Option<String>,
    place_fields: Vec<String>,
}

impl Header {
    fn read<'a>(
        name: Option<&'a RawValue>,
        description: Option<&'a RawValue>,
        place_fields: Option<&'a RawValue>,
        problems: &mut Problems,
    ) -> Header {
        let root = Path::Root;
        let mut value = |slot: Option<&'a RawValue>, key| {
            slot.and_then(|raw| parse(raw, &root.key(key), problems))
        };
        let (name, description, place_fields) = (
            value(name, "name"),
            value(description, "description"),
            value(place_fields, "place_fields"),
        );
        let at = root.key("name");
        let name = required(name.as_ref(), &at, "a string", problems)
            .and_then(|n| string(n, &at, problems))
            .map(|s| s.as_ref().to_owned());
        let description = optional_string(description.as_ref(), &root.key("description"), problems)
            .map(str::to_owned);
        let place_fields = match &place_fields {
            Some(node) => self::place_fields(node, &root.key("place_fields"), problems),
            None => PLACE_FIELDS.map(String::from).to_vec(),
        };
        Header {
            name,
            description,
            place_fields,
        }
    }

    /// The load once the incidents are read: the facts, which cite the
    /// sources, and the dataset if nothing was wrong.
    fn finish(
        self,
        sources: Vec<Source>,
        builder: Builder,
        facts: Option<&RawValue>,
        mut problems: Problems,
    ) -> Checked {
        let root = Path::Root;
        if builder.is_full() {
            problems.error(&root.key("incidents"), TOO_LARGE);
        }
        let facts = match facts {
            Some(raw) => fact::facts(
                raw,
                &root.key("facts"),
                &SourceIndex::new(&sources),
                &mut problems,
            ),
            None => Vec::new(),
        };
        let unfinished = match self.name {
            Some(name) if !problems.has_errors() => {
                let dataset = Dataset {
                    name,
                    description: self.description,
                    place_fields: self.place_fields,
                    sources,
                    facts,
                    ..Dataset::default()
                };
                Some((dataset, builder))
            }
            _ => None,
        };
        Checked {
            problems: problems.finish(),
            unfinished,
        }
    }
}

/// The fields `in "…"` matches, lowercased like every field name.
fn place_fields(node: &Json, path: &Path, problems: &mut Problems) -> Vec<String> {
    let what = "an array of field names";
    let Json::Arr(items) = node else {
        problems.error(path, format!("expected {what}, found {}", node.kind()));
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| string(item, &path.index(i), problems))
        .map(|name| name.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Unit;
    use crate::dataset::testing::{Field, fields, figures, incident};
    use crate::dataset::{Estimate, Fact, FactReport, Figure, Source};
    use crate::date::Period;
    use chrono::NaiveDate;
    use std::collections::BTreeMap;

    /// Loads `text` as [`super::load`] does, and checks that the one pass,
    /// wherever it reads the text itself, gives what the two steps give:
    /// every loader test thus compares the two paths.
    pub(super) fn load(text: &str) -> Loaded {
        let loaded = super::load(text);
        let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
        let two_steps = two_steps(stripped).finish();
        // The store marks an absent low or high as NaN, which no float
        // equals, so the two loads are compared as printed.
        assert_eq!(format!("{loaded:?}"), format!("{two_steps:?}"), "{text}");
        loaded
    }

    /// The load by the one pass, `None` where it leaves the text to the
    /// two steps.
    fn one_pass(text: &str) -> Option<Loaded> {
        one_pass::check(text).map(Checked::finish)
    }

    /// Every problem as `validate` prints it.
    fn problems(text: &str) -> Vec<String> {
        load(text)
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The example of spec §5, with the `afp` source its fact cites declared.
    const EXAMPLE: &str = r#"{
  "name": "tajik-afghan-border",
  "description": "…",
  "place_fields": ["country", "region", "place"],
  "sources": [
    {"id": "khovar", "name": "Khovar", "kind": "state news agency", "url": "https://khovar.tj"},
    {"id": "afp", "name": "AFP"}
  ],
  "incidents": [
    {
      "id": "tj-khatlon-sunday-clash",
      "date": "2026-01-11",
      "country": "Tajikistan", "region": "Khatlon",
      "type": "armed clash", "actors": ["Tajik security forces"],
      "figures": {"deaths": {"best": 4, "by": {"militant": 4}}},
      "reports": [
        {"source": "khovar", "published": "2026-01-11", "url": "…",
         "quote": "four terrorists were neutralized", "figures": {"deaths": 4}}
      ]
    }
  ],
  "facts": [
    {"id": "border_length", "value": 1350, "unit": "km",
     "reports": [{"source": "afp", "value": 1350, "unit": "km"}]}
  ]
}"#;

    #[test]
    fn the_spec_example_loads_to_its_model() {
        let loaded = load(EXAMPLE);
        assert_eq!(loaded.problems, []);
        let dataset = loaded.dataset.unwrap();
        let deaths = |best, by: Vec<(String, Estimate)>| Figure {
            best: Some(best),
            by,
            ..Figure::default()
        };
        assert_eq!(dataset.name, "tajik-afghan-border");
        assert_eq!(dataset.description.as_deref(), Some("…"));
        assert_eq!(dataset.place_fields, ["country", "region", "place"]);
        assert_eq!(
            dataset.sources,
            [
                Source {
                    id: "khovar".into(),
                    name: "Khovar".into(),
                    kind: Some("state news agency".into()),
                    url: Some("https://khovar.tj".into()),
                },
                Source {
                    id: "afp".into(),
                    name: "AFP".into(),
                    kind: None,
                    url: None,
                },
            ]
        );
        assert_eq!(dataset.incidents.len(), 1);
        let inc = incident(&dataset, "tj-khatlon-sunday-clash");
        assert_eq!(
            inc.date(),
            Period {
                start: day("2026-01-11"),
                end: day("2026-01-11"),
            }
        );
        assert_eq!(
            fields(&dataset, inc),
            BTreeMap::from([
                (
                    "actors".into(),
                    Field::List(vec!["Tajik security forces".into()]),
                ),
                ("country".into(), Field::Str("Tajikistan".into())),
                ("region".into(), Field::Str("Khatlon".into())),
                ("type".into(), Field::Str("armed clash".into())),
            ])
        );
        let militant = Estimate {
            best: Some(4.0),
            ..Estimate::default()
        };
        assert_eq!(
            figures(inc.figures()),
            BTreeMap::from([(
                "deaths".into(),
                deaths(4.0, vec![("militant".into(), militant)])
            )])
        );
        let reports: Vec<_> = inc
            .reports()
            .map(|r| {
                let figures = figures(r.figures());
                (r.source(), r.published(), r.url(), r.quote(), figures)
            })
            .collect();
        assert_eq!(
            reports,
            [(
                0,
                Some(day("2026-01-11")),
                Some("…"),
                Some("four terrorists were neutralized"),
                BTreeMap::from([("deaths".into(), deaths(4.0, vec![]))])
            )]
        );
        assert_eq!(
            dataset.facts,
            [Fact {
                id: "border_length".into(),
                value: 1350.0,
                unit: Some(Unit::Km),
                low: None,
                high: None,
                reports: vec![FactReport {
                    source: 1,
                    value: Some(1350.0),
                    unit: Some(Unit::Km),
                    published: None,
                    url: None,
                    quote: None,
                }],
            }]
        );
        assert!(dataset.names.measures.contains_key("deaths"));
        assert_eq!(
            dataset
                .names
                .groups
                .get("militant")
                .map(|g| g.spelling.as_str()),
            Some("militant")
        );
    }

    #[test]
    fn optional_parts_take_their_defaults() {
        let dataset = load(r#"{"name": "n", "sources": [], "incidents": []}"#)
            .dataset
            .unwrap();
        assert_eq!(dataset.place_fields, ["country", "region", "place"]);
        assert_eq!((dataset.description, dataset.facts), (None, vec![]));
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_read_past() {
        let plain = load(EXAMPLE);
        let marked = load(&format!("\u{feff}{}", EXAMPLE.replace('\n', "\r\n")));
        assert_eq!(format!("{marked:?}"), format!("{plain:?}"));
        assert!(plain.dataset.is_some());
        let bad = problems("\u{feff}{\"name\": 3,\r\n \"sources\": []}");
        assert_eq!(
            bad,
            [
                "error at incidents (line 1, column 1): missing; expected an array of incidents",
                "error at name (line 1, column 10): expected a string, found a number",
            ]
        );
    }

    #[test]
    fn place_fields_are_lowercased() {
        let text = r#"{"name": "n", "place_fields": ["Admin1", "LOCATION"], "sources": [], "incidents": []}"#;
        assert_eq!(
            load(text).dataset.unwrap().place_fields,
            ["admin1", "location"]
        );
        let bad = r#"{"name": "n", "place_fields": "country", "sources": [], "incidents": []}"#;
        assert_eq!(
            problems(bad),
            [
                "error at place_fields (line 1, column 31): expected an array of field names, found a string"
            ]
        );
    }

    #[test]
    fn keys_may_come_in_any_order() {
        let text = r#"{"incidents": [{"id": "a", "date": "2025", "reports": [{"source": "afp"}]}],
                       "sources": [{"id": "afp"}], "name": "n"}"#;
        let dataset = load(text).dataset.unwrap();
        assert_eq!(
            incident(&dataset, "a").report(0).map(|r| r.source()),
            Some(0)
        );
    }

    #[test]
    fn malformed_json_is_one_error_with_its_place() {
        let text = "{\n  \"name\": \"n\",\n  \"sources\": [}\n}";
        assert_eq!(load(text).dataset, None);
        assert_eq!(
            problems(text),
            ["error (line 3, column 15): malformed JSON: expected value"]
        );
    }

    #[test]
    fn truncated_json_says_the_text_ends_too_early() {
        let text = &EXAMPLE[..EXAMPLE.len() / 2];
        let loaded = load(text);
        assert_eq!(loaded.dataset, None);
        assert_eq!(loaded.problems.len(), 1);
        let problem = &loaded.problems[0];
        assert!(
            problem.message.starts_with("the JSON text ends too early"),
            "{problem}"
        );
        assert_eq!(problem.line, Some(text.lines().count()));
        assert_eq!(load("").problems[0].line, Some(1));
    }

    #[test]
    fn the_top_level_must_be_an_object() {
        assert_eq!(
            problems("[]"),
            [
                "error (line 1, column 1): invalid type: sequence, expected a dataset: a JSON object with `name`, `sources` and `incidents`"
            ]
        );
    }

    #[test]
    fn a_number_out_of_range_is_placed_where_serde_json_stops() {
        let text =
            "{\"name\": \"n\", \"sources\": [],\n \"incidents\": [{\"id\": \"a\", \"n\": 1e400}]}";
        assert_eq!(
            problems(text),
            ["error at incidents[0] (line 2, column 37): malformed JSON: number out of range"]
        );
    }

    #[test]
    fn missing_parts_are_errors_at_their_paths() {
        assert_eq!(
            problems(r#"{"nmae": "x"}"#),
            [
                "error at name (line 1, column 1): missing; expected a string",
                "error at sources (line 1, column 1): missing; expected an array of sources",
                "error at incidents (line 1, column 1): missing; expected an array of incidents",
                "warning at nmae (line 1, column 10): unknown key `nmae` ignored; did you mean `name`? \
                 (a dataset has `name`, `description`, `place_fields`, `sources`, `incidents`, `facts`)",
            ]
        );
    }

    #[test]
    fn warnings_keep_the_dataset() {
        let text = r#"{"name": "n", "extra": 1, "sources": [{"id": "afp", "note": "x"}],
            "incidents": [{"id": "a", "date": "2025-11", "figures": {"deaths": {"best": 3, "low": 5}},
                           "reports": [{"source": "afp", "publised": "2025-11-02"}]}]}"#;
        let loaded = load(text);
        assert!(!loaded.has_errors());
        assert_eq!(loaded.problems.len(), 4, "{:?}", loaded.problems);
        assert!(loaded.problems.iter().all(|p| p.warning));
        let dataset = loaded.dataset.unwrap();
        let deaths = figures(incident(&dataset, "a").figures()).remove("deaths");
        assert_eq!(deaths.and_then(|d| d.low), Some(5.0));
    }

    #[test]
    fn every_problem_is_reported_in_one_load() {
        let text = r#"{
  "name": 7,
  "sources": [{"id": "afp"}, {"id": "afp"}],
  "incidents": [
    {"id": "a", "date": "2025-13-01", "reports": [{"source": "afb"}]},
    {"id": "a", "date": "2025-11-01", "tags": null, "reports": []},
    {"date": {"from": "2025-11-05", "to": "2025-11-01"}, "figures": {"deaths": -1},
     "reports": [{"source": "afp", "published": "yesterday"}]}
  ],
  "facts": [{"id": "f", "value": "x", "unit": "ft", "reports": [{"source": "reuters"}]}]
}"#;
        assert_eq!(load(text).dataset, None);
        assert_eq!(
            problems(text),
            [
                "error at name (line 2, column 11): expected a string, found a number",
                "error at sources[1].id (line 3, column 37): `afp` is already the id of sources[0] (ids are case-insensitive)",
                "error at incidents[0].date (line 5, column 25): expected a date: \"YYYY-MM-DD\", \"YYYY-MM\", \"YYYY\" \
                 or {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}, found `2025-13-01`",
                "error at incidents[0].reports[0].source (line 5, column 62): undeclared source `afb`; did you mean `afp`?",
                "error at incidents[1].id (line 6, column 12): `a` is already the id of incidents[0]",
                "error at incidents[1].tags (line 6, column 47): a field must be a string, a number, a boolean \
                 or an array of strings; found null",
                "error at incidents[1].reports (line 6, column 64): expected an array of one or more reports, found an empty array",
                "error at incidents[2].id (line 7, column 5): missing; expected a unique string",
                "error at incidents[2].date (line 7, column 14): the range ends on 2025-11-01, before it starts on 2025-11-05",
                "error at incidents[2].figures.deaths (line 7, column 80): expected a number ≥ 0, found -1",
                "error at incidents[2].reports[0].published (line 8, column 49): expected a day, YYYY-MM-DD, found `yesterday`",
                "error at facts[0].value (line 10, column 34): expected a number, found a string",
                "error at facts[0].unit (line 10, column 47): unknown unit `ft`; a fact's unit is `km`, `m`, `mi` or `%` (or none)",
                "error at facts[0].reports[0].source (line 10, column 76): undeclared source `reuters`; declare it under `sources`",
            ]
        );
    }

    /// Incidents `i0`, `i1`, … with `odd` in place of some, in the usual
    /// shape.
    fn long(n: usize, odd: &[(usize, &str)]) -> String {
        let incidents: Vec<_> = (0..n)
            .map(|i| match odd.iter().find(|(at, _)| *at == i) {
                Some((_, incident)) => incident.to_string(),
                None => {
                    format!(r#"{{"id": "i{i}", "date": "2025", "reports": [{{"source": "afp"}}]}}"#)
                }
            })
            .collect();
        format!(
            "{{\"name\": \"n\", \"sources\": [{{\"id\": \"afp\"}}],\n\"incidents\": [\n{}\n]}}",
            incidents.join(",\n")
        )
    }

    #[test]
    fn the_usual_shape_is_read_in_one_pass() {
        let repeat = r#"{"id": "i3", "date": "2025", "reports": [{"source": "afp"}]}"#;
        let late = r#"{"id": "late", "date": "2025-13", "reports": [{"source": "afp"}]}"#;
        let one_incident = r#"[{"id": "a", "date": "2025", "reports": [{"source": "afp"}]}]"#;
        let texts = [
            EXAMPLE.to_owned(),
            format!("\u{feff}{}", EXAMPLE.replace('\n', "\r\n")),
            r#"{"name": "n", "sources": [], "incidents": []}"#.to_owned(),
            format!(
                r#"{{"facts": [], "sources": [{{"id": "afp"}}], "place_fields": ["Admin1"],
                    "incidents": {one_incident}, "description": "d", "name": "n"}}"#
            ),
            long(1500, &[]),
            long(1500, &[(900, repeat), (1200, late), (1400, repeat)]),
            // The dataset's own members wrong or missing, before or after
            // the incidents.
            format!(r#"{{"sources": [{{"id": "afp"}}], "incidents": {one_incident}}}"#),
            format!(r#"{{"sources": [{{"id": "afp"}}], "incidents": {one_incident}, "name": 7}}"#),
            format!(
                r#"{{"name": 1e400, "sources": [{{"id": "afp"}}], "incidents": {one_incident}}}"#
            ),
            // The sources wrong: the reports cite no source.
            format!(r#"{{"name": "n", "sources": 3, "incidents": {one_incident}}}"#),
            format!(
                r#"{{"name": "n", "sources": [{{"id": 1e400}}], "incidents": {one_incident}}}"#
            ),
            r#"{"name": "n", "sources": [], "incidents": [3, {"id": ""}], "facts": {}}"#.to_owned(),
        ];
        for text in &texts {
            let loaded = load(text);
            let one_pass = one_pass(text.trim_start_matches('\u{feff}'));
            assert_eq!(
                one_pass.map(|l| format!("{l:?}")),
                Some(format!("{loaded:?}")),
                "{text}"
            );
        }
        assert_eq!(load(&texts[5]).problems.len(), 3);
    }

    #[test]
    fn other_shapes_are_read_in_two_steps() {
        let one_incident = r#"[{"id": "a", "date": "2025", "reports": [{"source": "afp"}]}]"#;
        let usual = long(1500, &[]);
        let late_in = usual.find("\"i1400\"").unwrap();
        let texts = [
            // The top level.
            "[]".to_owned(),
            "".to_owned(),
            EXAMPLE[..EXAMPLE.len() - 20].to_owned(),
            format!("{usual} x"),
            format!(
                r#"{{"incidents": {one_incident}, "sources": [{{"id": "afp"}}], "name": "n"}}"#
            ),
            format!(
                r#"{{"name": "n", "sources": [{{"id": "afp"}}], "incidents": {one_incident}, "name": "m"}}"#
            ),
            format!(
                r#"{{"name": "n", "sources": [{{"id": "afp"}}], "incidents": {one_incident}, "sources": []}}"#
            ),
            format!(
                r#"{{"name": "n", "sources": [{{"id": "afp"}}], "incidents": [], "incidents": {one_incident}}}"#
            ),
            format!(
                r#"{{"name": "n", "sources": [{{"id": "afp"}}], "incidents": {one_incident}, "extra": 1}}"#
            ),
            r#"{"name": "n", "sources": []}"#.to_owned(),
            r#"{"name": "n", "sources": [], "incidents": {}}"#.to_owned(),
            // Far into the incidents.
            format!("{}x{}", &usual[..late_in], &usual[late_in..]),
            usual.replace(r#""i1300", "date": "2025""#, r#""i1300", "date": 1e400"#),
            long(
                3,
                &[(
                    1,
                    &format!(
                        r#"{{"id": "deep", "x": {}{}}}"#,
                        "[".repeat(200),
                        "]".repeat(200)
                    ),
                )],
            ),
        ];
        for text in &texts {
            load(text);
            assert!(one_pass(text).is_none(), "{text}");
        }
        assert!(
            load(&texts[11]).problems[0]
                .message
                .starts_with("malformed JSON")
        );
        let out_of_range = &load(&texts[12]).problems;
        assert_eq!(
            out_of_range
                .iter()
                .map(|p| p.path.as_deref())
                .collect::<Vec<_>>(),
            [Some("incidents[1300]")]
        );
    }

    #[test]
    fn nesting_near_serde_jsons_limit_is_read_as_the_two_steps_read_it() {
        // The one pass meets an incident one level deeper than the two
        // steps do; where that is too deep, the two steps read it again.
        let mut fell_back = false;
        for depth in 120..132 {
            let field = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let text = long(2, &[(1, &format!(r#"{{"id": "deep", "x": {field}}}"#))]);
            load(&text);
            fell_back |= one_pass(&text).is_none()
                && !two_steps(&text)
                    .problems
                    .iter()
                    .any(|p| p.message.contains("recursion"));
        }
        assert!(fell_back);
    }

    #[test]
    fn the_datasets_of_the_fixtures_load_alike_by_both_paths() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in ["sources", "tests/data"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    load(&std::fs::read_to_string(&path).unwrap());
                    read += 1;
                }
            }
        }
        assert!(read >= 6, "{read}");
    }
}
