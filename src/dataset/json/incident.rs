//! Incidents (spec §5.1): an id, a date or a date range, the reports of the
//! sources that told of it, its own figures, and every other key as a
//! field. Incidents are read one at a time from the array, so a large
//! dataset never stands in memory twice, and stored while the next ones
//! are read: reading and checking them is the larger half of a load, and
//! storing the other, so the two run on both cores ([`relay`]).

use super::by_name::ByName;
use super::figure::figures;
use super::ids::Ids;
use super::node::Json;
use super::path::Path;
use super::problems::Problems;
use super::read::{
    day, elements, object, one_or_more, record, reject_unknown, required, string, warn_unknown,
};
use super::source::SourceIndex;
use crate::dataset::relay::{self, Producer};
use crate::dataset::{Account, Builder, Figure};
use crate::date::{Period, parse_iso};
use crate::progress::Progress;
use chrono::NaiveDate;
use serde_json::value::RawValue;
use std::borrow::Cow;

const KEYS: [&str; 4] = ["id", "date", "reports", "figures"];
const REPORT_KEYS: [&str; 5] = ["source", "published", "url", "quote", "figures"];
const RANGE_KEYS: [&str; 2] = ["from", "to"];
const DATE: &str =
    r#"a date: "YYYY-MM-DD", "YYYY-MM", "YYYY" or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}"#;

/// Reads the `incidents` array into `builder`. Ids are unique as written:
/// unlike source and fact ids, claims never name an incident, and exports
/// such as ACLED's use case-sensitive codes.
pub fn incidents(
    raw: &RawValue,
    path: &Path,
    sources: &SourceIndex,
    problems: &mut Problems,
    builder: &mut Builder,
) {
    relay(builder, |incidents| {
        let mut reader = Reader::new(sources, incidents);
        elements(
            raw,
            path,
            "an array of incidents",
            problems,
            |index, path, node, problems| reader.read(&node, index, path, problems),
        );
    });
}

/// The incidents a reading thread hands over to be stored.
pub type Incidents<'a> = Producer<Option<Incident<'a>>>;

/// Runs `read` on a thread of its own and stores into `builder`, on this
/// one, the incidents it hands over.
pub fn relay<'a>(builder: &mut Builder, read: impl FnOnce(&mut Incidents<'a>) + Send) {
    relay::run(read, |incident: &mut Option<Incident>| {
        // Stored where it lies: the producer frees it, reusing its slot.
        if let Some(incident) = incident {
            incident.store(builder);
        }
        true
    });
}

/// The reading thread's part: reads and checks the incidents one at a
/// time, as the array is read, and hands over those to store.
pub struct Reader<'r, 'a> {
    sources: &'r SourceIndex<'r>,
    incidents: &'r mut Incidents<'a>,
    ids: Ids,
    progress: Progress,
}

impl<'r, 'a> Reader<'r, 'a> {
    pub fn new(sources: &'r SourceIndex<'r>, incidents: &'r mut Incidents<'a>) -> Self {
        Reader {
            sources,
            incidents,
            ids: Ids::exact("incidents"),
            progress: Progress::new("reading incidents", None, false),
        }
    }

    /// Reads the `index`th incident, at `path`.
    pub fn read(&mut self, node: &Json<'a>, index: usize, path: &Path, problems: &mut Problems) {
        let incident = incident(node, index, path, self.sources, &mut self.ids, problems);
        // A dataset with an error is never used: once there is one, the
        // rest is only checked, not kept. The loader stores every
        // incident, so it never stops the reading.
        if let Some(incident) = incident.filter(|_| !problems.has_errors()) {
            let _ = self.incidents.fill(|slot| {
                *slot = Some(incident);
                true
            });
        }
        self.progress.advance(1);
    }
}

/// An incident as read and checked. Its texts borrow from the input (or
/// are owned, where the input spells them with escapes), not from the
/// element read, so that it can be stored on another thread.
pub struct Incident<'a> {
    id: Cow<'a, str>,
    date: Period,
    fields: Vec<(Cow<'a, str>, Value<'a>)>,
    figures: Vec<(Cow<'a, str>, Figure)>,
    reports: Vec<Report<'a>>,
}

/// A field's value.
enum Value<'a> {
    Str(Cow<'a, str>),
    Num(f64),
    Bool(bool),
    List(Vec<Cow<'a, str>>),
}

struct Report<'a> {
    source: usize,
    published: Option<NaiveDate>,
    url: Option<Cow<'a, str>>,
    quote: Option<Cow<'a, str>>,
    figures: Vec<(Cow<'a, str>, Figure)>,
}

impl Incident<'_> {
    fn store(&self, builder: &mut Builder) {
        // Ids were found unique as they were read; a full store is said
        // once, when the loading ends.
        if builder.incident(&self.id, self.date).is_err() {
            return;
        }
        for (name, value) in &self.fields {
            let Some(column) = builder.column(name) else {
                continue;
            };
            match value {
                Value::Str(s) => builder.text(column, s),
                Value::Num(n) => builder.number(column, *n),
                Value::Bool(b) => builder.boolean(column, *b),
                Value::List(items) => builder.list(column, items.iter().map(AsRef::as_ref)),
            }
        }
        for (measure, figure) in &self.figures {
            builder.figure(measure, figure);
        }
        for report in &self.reports {
            builder.report(Account {
                source: report.source,
                published: report.published,
                url: report.url.as_deref(),
                quote: report.quote.as_deref(),
            });
            for (measure, figure) in &report.figures {
                builder.figure(measure, figure);
            }
        }
    }
}

fn incident<'a>(
    node: &Json<'a>,
    index: usize,
    path: &Path,
    sources: &SourceIndex,
    ids: &mut Ids,
    problems: &mut Problems,
) -> Option<Incident<'a>> {
    let members = object(node, path, "an incident object", problems)?;
    let mut fields = ByName::new();
    let [id_slot, date_slot, reports_slot, figures_slot] = record(
        members,
        path,
        &KEYS,
        problems,
        |at, key, value, problems| {
            if KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                let own = key.to_lowercase();
                problems.error(
                    at,
                    format!("`{key}` cannot be a field: names are case-insensitive and `{own}` is the incident's own key"),
                );
                return;
            }
            let value = field(value, at, problems);
            fields.insert(key.clone(), value, at, problems);
        },
    );

    let id = ids.read(id_slot, index, path, problems);
    let at = path.key("date");
    let date = required(date_slot, &at, DATE, problems).and_then(|n| date(n, &at, problems));
    let reports = one_or_more(
        reports_slot,
        &path.key("reports"),
        "an array of one or more reports",
        problems,
        |n, path, problems| report(n, path, sources, problems),
    );
    let figures = figures_slot
        .map(|n| figures(n, &path.key("figures"), problems))
        .unwrap_or_default();
    Some(Incident {
        id: id?.clone(),
        date: date?,
        fields: fields.into_sorted(),
        figures,
        reports: reports?,
    })
}

/// An incident's date: a day, a month or a year, or a range of days.
fn date(node: &Json, path: &Path, problems: &mut Problems) -> Option<Period> {
    match node {
        Json::Str(s) => {
            let period = parse_iso(s);
            if period.is_none() {
                problems.error(path, format!("expected {DATE}, found `{s}`"));
            }
            period
        }
        Json::Obj(members) => {
            let [from, to] = record(
                members,
                path,
                &RANGE_KEYS,
                problems,
                reject_unknown("a date range", &RANGE_KEYS),
            );
            let mut bound = |slot, key| {
                let at = path.key(key);
                required(slot, &at, "a day, YYYY-MM-DD", problems)
                    .and_then(|n| day(n, &at, problems))
            };
            let (start, end) = (bound(from, "from"), bound(to, "to"));
            let period = Period {
                start: start?,
                end: end?,
            };
            if period.start > period.end {
                problems.error(
                    path,
                    format!(
                        "the range ends on {}, before it starts on {}",
                        period.end, period.start
                    ),
                );
                return None;
            }
            Some(period)
        }
        other => {
            problems.error(path, format!("expected {DATE}, found {}", other.kind()));
            None
        }
    }
}

fn field<'a>(node: &Json<'a>, path: &Path, problems: &mut Problems) -> Option<Value<'a>> {
    let found = match node {
        Json::Str(s) => return Some(Value::Str(s.clone())),
        Json::Num(n) => return Some(Value::Num(*n)),
        Json::Bool(b) => return Some(Value::Bool(*b)),
        Json::Arr(items) => {
            let strings = items.iter().map(|item| match item {
                Json::Str(s) => Ok(s.clone()),
                odd => Err(odd.kind()),
            });
            match strings.collect::<Result<Vec<_>, _>>() {
                Ok(list) => return Some(Value::List(list)),
                Err(kind) => format!("an array holding {kind}"),
            }
        }
        other => other.kind().to_owned(),
    };
    problems.error(
        path,
        format!(
            "a field must be a string, a number, a boolean or an array of strings; found {found}"
        ),
    );
    None
}

fn report<'a>(
    node: &Json<'a>,
    path: &Path,
    sources: &SourceIndex,
    problems: &mut Problems,
) -> Option<Report<'a>> {
    let members = object(node, path, "a report object", problems)?;
    let [source, published, url, quote, figures_slot] = record(
        members,
        path,
        &REPORT_KEYS,
        problems,
        warn_unknown("a report", &REPORT_KEYS),
    );
    let source = sources.cite(source, &path.key("source"), problems);
    let published = published.and_then(|n| day(n, &path.key("published"), problems));
    let mut text = |slot: Option<&Json<'a>>, key| {
        slot.and_then(|n| string(n, &path.key(key), problems))
            .cloned()
    };
    let (url, quote) = (text(url, "url"), text(quote, "quote"));
    let figures = figures_slot
        .map(|n| figures(n, &path.key("figures"), problems))
        .unwrap_or_default();
    Some(Report {
        source: source?,
        published,
        url,
        quote,
        figures,
    })
}

#[cfg(test)]
mod tests {
    use super::DATE;
    use crate::dataset::json::tests::load;
    use crate::dataset::testing::{Field, fields, figures};
    use crate::dataset::{Dataset, Loaded};
    use crate::date::Period;
    use chrono::NaiveDate;

    fn with_incident(incident: &str) -> Loaded {
        load(&format!(
            r#"{{"name": "n", "sources": [{{"id": "afp"}}, {{"id": "Khovar"}}], "incidents": [{incident}]}}"#
        ))
    }

    /// A dataset of the one incident.
    fn read(incident: &str) -> Dataset {
        let loaded = with_incident(incident);
        assert_eq!(loaded.problems, [], "{incident}");
        loaded.dataset.unwrap()
    }

    /// Each problem as `path: message`.
    fn problems(incident: &str) -> Vec<String> {
        let loaded = with_incident(incident);
        assert_eq!(loaded.dataset, None, "{incident}");
        loaded
            .problems
            .into_iter()
            .map(|p| format!("{}: {}", p.path.unwrap_or_default(), p.message))
            .collect()
    }

    fn period(start: &str, end: &str) -> Period {
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        Period {
            start: day(start),
            end: day(end),
        }
    }

    fn dated(date: &str) -> String {
        format!(r#"{{"id": "a", "date": {date}, "reports": [{{"source": "afp"}}]}}"#)
    }

    #[test]
    fn reads_every_date_shape() {
        let cases = [
            (r#""2025-11-26""#, period("2025-11-26", "2025-11-26")),
            (r#""2024-02""#, period("2024-02-01", "2024-02-29")),
            (r#""2025""#, period("2025-01-01", "2025-12-31")),
            (
                r#"{"from": "2025-11-20", "to": "2025-12-02"}"#,
                period("2025-11-20", "2025-12-02"),
            ),
            (
                r#"{"from": "2025-11-20", "to": "2025-11-20"}"#,
                period("2025-11-20", "2025-11-20"),
            ),
        ];
        for (date, expected) in cases {
            let date_read = read(&dated(date)).incidents.get(0).map(|i| i.date());
            assert_eq!(date_read, Some(expected), "{date}");
        }
    }

    #[test]
    fn bad_dates_are_errors() {
        let shapes = r#"a date: "YYYY-MM-DD", "YYYY-MM", "YYYY" or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}"#;
        assert_eq!(
            problems(&dated(r#""26 November""#)),
            [format!(
                "incidents[0].date: expected {shapes}, found `26 November`"
            )]
        );
        assert_eq!(
            problems(&dated("20251126")),
            [format!(
                "incidents[0].date: expected {shapes}, found a number"
            )]
        );
        assert_eq!(
            problems(&dated(r#"{"from": "2025-11", "until": "2025-12-01"}"#)),
            [
                "incidents[0].date.to: missing; expected a day, YYYY-MM-DD",
                "incidents[0].date.from: expected a day, YYYY-MM-DD, found `2025-11`",
                "incidents[0].date.until: unknown key `until`; a date range has `from`, `to`",
            ]
        );
        assert_eq!(
            problems(r#"{"id": "a", "reports": [{"source": "afp"}]}"#),
            [format!("incidents[0].date: missing; expected {shapes}")]
        );
    }

    #[test]
    fn other_keys_are_fields_under_lowercased_names() {
        let ds = read(
            r#"{"id": "a", "date": "2025", "reports": [{"source": "afp"}],
                "Region": "Khatlon", "geo_precision": 2, "verified": true, "actors": ["x", "y"], "tags": []}"#,
        );
        let inc = ds.incidents.get(0).unwrap();
        let fields: Vec<_> = fields(&ds, inc).into_iter().collect();
        assert_eq!(
            fields,
            [
                (
                    "actors".to_owned(),
                    Field::List(vec!["x".into(), "y".into()])
                ),
                ("geo_precision".to_owned(), Field::Num(2.0)),
                ("region".to_owned(), Field::Str("Khatlon".into())),
                ("tags".to_owned(), Field::List(vec![])),
                ("verified".to_owned(), Field::Bool(true)),
            ]
        );
    }

    #[test]
    fn fields_of_other_types_are_errors() {
        let message = "a field must be a string, a number, a boolean or an array of strings; found";
        assert_eq!(
            problems(
                r#"{"id": "a", "date": "2025", "reports": [{"source": "afp"}],
                    "n": null, "o": {"x": 1}, "mixed": ["x", 1], "nested": [["x"]]}"#
            ),
            [
                format!("incidents[0].n: {message} null"),
                format!("incidents[0].o: {message} an object"),
                format!("incidents[0].mixed: {message} an array holding a number"),
                format!("incidents[0].nested: {message} an array holding an array"),
            ]
        );
    }

    #[test]
    fn field_names_must_differ_in_more_than_case() {
        assert_eq!(
            problems(
                r#"{"id": "a", "date": "2025", "reports": [{"source": "afp"}],
                    "type": "x", "Type": "y", "Date": "2024", "bad": null, "BAD": 1}"#
            ),
            [
                "incidents[0].Type: `Type` repeats an earlier name (names are case-insensitive)",
                "incidents[0].Date: `Date` cannot be a field: names are case-insensitive and `date` is the incident's own key",
                "incidents[0].bad: a field must be a string, a number, a boolean or an array of strings; found null",
                "incidents[0].BAD: `BAD` repeats an earlier name (names are case-insensitive)",
            ]
        );
    }

    #[test]
    fn reports_carry_their_source_date_link_quote_and_figures() {
        let ds = read(
            r#"{"id": "a", "date": "2025", "figures": {"Deaths": 3},
                "reports": [{"source": "afp", "published": "2025-11-26", "url": "u", "quote": "q",
                             "figures": {"deaths": {"low": 2, "high": 4}}},
                            {"source": "khovar"}]}"#,
        );
        let incident = ds.incidents.get(0).unwrap();
        assert_eq!(figures(incident.figures())["deaths"].best, Some(3.0));
        let reports: Vec<_> = incident.reports().collect();
        let [first, second] = reports.as_slice() else {
            panic!()
        };
        assert_eq!(first.source(), 0);
        assert_eq!(first.published(), NaiveDate::from_ymd_opt(2025, 11, 26));
        assert_eq!((first.url(), first.quote()), (Some("u"), Some("q")));
        let deaths = &figures(first.figures())["deaths"];
        assert_eq!((deaths.low, deaths.high), (Some(2.0), Some(4.0)));
        assert_eq!(second.source(), 1, "ids match regardless of case");
        assert_eq!((second.published(), second.figures().count()), (None, 0));
    }

    #[test]
    fn bad_reports_are_errors() {
        assert_eq!(
            problems(
                r#"{"id": "a", "date": "2025",
                    "reports": [{"published": "2025-11-26"}, {"source": 3}, "afp", {"source": "afb", "url": 1}]}"#
            ),
            [
                "incidents[0].reports[0].source: missing; expected the id of a declared source",
                "incidents[0].reports[1].source: expected a string, found a number",
                "incidents[0].reports[2]: expected a report object, found a string",
                "incidents[0].reports[3].source: undeclared source `afb`; did you mean `afp`?",
                "incidents[0].reports[3].url: expected a string, found a number",
            ]
        );
        assert_eq!(
            problems(r#"{"id": "a", "date": "2025", "reports": {"source": "afp"}}"#),
            ["incidents[0].reports: expected an array of one or more reports, found an object"]
        );
        assert_eq!(
            problems(r#"{"id": "a", "date": "2025"}"#),
            ["incidents[0].reports: missing; expected an array of one or more reports"]
        );
    }

    /// Incidents `i0`, `i1`, … dated 2025, with `odd` in place of some.
    fn many(n: usize, odd: &[(usize, &str)]) -> String {
        (0..n)
            .map(|i| match odd.iter().find(|(at, _)| *at == i) {
                Some((_, incident)) => incident.to_string(),
                None => dated(r#""2025""#).replace(r#""a""#, &format!(r#""i{i}""#)),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn every_incident_of_a_long_array_is_stored() {
        let dataset = read(&many(1500, &[]));
        assert_eq!(dataset.incidents.len(), 1500);
    }

    #[test]
    fn problems_far_in_are_found_and_the_rest_still_checked() {
        let repeat = dated(r#""2025""#).replace(r#""a""#, r#""i3""#);
        let late = r#"{"id": "late", "date": "2025-13", "reports": [{"source": "afp"}]}"#;
        let text = many(1500, &[(900, &repeat), (1200, late), (1400, &repeat)]);
        assert_eq!(
            problems(&text),
            [
                "incidents[900].id: `i3` is already the id of incidents[3]",
                &format!("incidents[1200].date: expected {DATE}, found `2025-13`"),
                "incidents[1400].id: `i3` is already the id of incidents[3]",
            ]
        );
    }

    #[test]
    fn ids_are_unique_as_written() {
        let loaded = with_incident(
            r#"{"id": "a", "date": "2025", "reports": [{"source": "afp"}]},
               {"id": "A", "date": "2025", "reports": [{"source": "afp"}]}"#,
        );
        assert_eq!(loaded.problems, []);
        assert_eq!(loaded.dataset.unwrap().incidents.len(), 2);
        assert_eq!(
            problems(r#"{"id": "", "date": "2025", "reports": [{"source": "afp"}]}, "x""#),
            [
                "incidents[0].id: an id must not be empty",
                "incidents[1]: expected an incident object, found a string"
            ]
        );
    }
}
