//! Facts (spec §5.3): named reference figures that are not sums of
//! incidents, such as a border's length, each with the reports that gave
//! it. Unlike figures they may be negative (a temperature, a change).

use super::figure::check_range;
use super::ids::Ids;
use super::node::Json;
use super::path::Path;
use super::problems::Problems;
use super::read::{
    day, elements, number, object, one_or_more, optional_string, record, required, string,
    warn_unknown,
};
use super::source::SourceIndex;
use crate::ast::Unit;
use crate::dataset::{Fact, FactReport};
use serde_json::value::RawValue;

const KEYS: [&str; 6] = ["id", "value", "unit", "low", "high", "reports"];
const REPORT_KEYS: [&str; 6] = ["source", "value", "unit", "published", "url", "quote"];

/// Reads the `facts` array. Ids are unique regardless of case, since claims
/// name facts case-insensitively.
pub fn facts(
    raw: &RawValue,
    path: &Path,
    sources: &SourceIndex,
    problems: &mut Problems,
) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut ids = Ids::case_insensitive("facts");
    elements(
        raw,
        path,
        "an array of facts",
        problems,
        |index, path, node, problems| {
            if let Some(fact) = fact(&node, index, path, sources, &mut ids, problems) {
                facts.push(fact);
            }
        },
    );
    facts
}

fn fact<'a>(
    node: &Json<'a>,
    index: usize,
    path: &Path,
    sources: &SourceIndex,
    ids: &mut Ids,
    problems: &mut Problems,
) -> Option<Fact> {
    let members = object(node, path, "a fact object", problems)?;
    let [id_slot, value, unit_slot, low, high, reports] = record(
        members,
        path,
        &KEYS,
        problems,
        warn_unknown("a fact", &KEYS),
    );
    let id = ids.read(id_slot, index, path, problems);
    let at = path.key("value");
    let value = required(value, &at, "a number", problems).and_then(|n| number(n, &at, problems));
    let unit = unit_slot.and_then(|n| unit(n, &path.key("unit"), problems));
    let low = low.and_then(|n| number(n, &path.key("low"), problems));
    let high = high.and_then(|n| number(n, &path.key("high"), problems));
    check_range(low, ("value", value), high, path, problems);
    let reports = one_or_more(
        reports,
        &path.key("reports"),
        "an array of one or more reports",
        problems,
        |n, path, problems| report(n, path, sources, problems),
    );
    Some(Fact {
        id: id?.as_ref().to_owned(),
        value: value?,
        unit,
        low,
        high,
        reports: reports?,
    })
}

fn report(
    node: &Json,
    path: &Path,
    sources: &SourceIndex,
    problems: &mut Problems,
) -> Option<FactReport> {
    let members = object(node, path, "a report object", problems)?;
    let [source, value, unit_slot, published, url, quote] = record(
        members,
        path,
        &REPORT_KEYS,
        problems,
        warn_unknown("a fact's report", &REPORT_KEYS),
    );
    let source = sources.cite(source, &path.key("source"), problems);
    let value = value.and_then(|n| number(n, &path.key("value"), problems));
    let unit = unit_slot.and_then(|n| unit(n, &path.key("unit"), problems));
    let published = published.and_then(|n| day(n, &path.key("published"), problems));
    let url = optional_string(url, &path.key("url"), problems).map(str::to_owned);
    let quote = optional_string(quote, &path.key("quote"), problems).map(str::to_owned);
    Some(FactReport {
        source: source?,
        value,
        unit,
        published,
        url,
        quote,
    })
}

fn unit(node: &Json, path: &Path, problems: &mut Problems) -> Option<Unit> {
    let symbol = string(node, path, problems)?;
    let unit = Unit::from_symbol(symbol);
    if unit.is_none() {
        problems.error(
            path,
            format!("unknown unit `{symbol}`; a fact's unit is `km`, `m`, `mi` or `%` (or none)"),
        );
    }
    unit
}

#[cfg(test)]
mod tests {
    use crate::ast::Unit;
    use crate::dataset::json::tests::load;
    use crate::dataset::{Fact, Loaded};

    fn with_facts(facts: &str) -> Loaded {
        load(&format!(
            r#"{{"name": "n", "sources": [{{"id": "afp"}}], "incidents": [], "facts": [{facts}]}}"#
        ))
    }

    fn read(facts: &str) -> Vec<Fact> {
        let loaded = with_facts(facts);
        assert!(!loaded.has_errors(), "{:?}", loaded.problems);
        loaded.dataset.unwrap().facts
    }

    fn problems(facts: &str) -> Vec<String> {
        with_facts(facts)
            .problems
            .into_iter()
            .map(|p| format!("{}: {}", p.path.unwrap_or_default(), p.message))
            .collect()
    }

    #[test]
    fn reads_every_unit_and_the_reports() {
        let facts = read(
            r#"{"id": "a", "value": 1350, "unit": "KM", "reports": [{"source": "afp", "value": 840, "unit": "mi",
                 "published": "2026-01-12", "url": "u", "quote": "q"}]},
               {"id": "b", "value": 2, "unit": "m", "reports": [{"source": "afp"}]},
               {"id": "c", "value": -4.5, "unit": "%", "low": -5, "high": -4, "reports": [{"source": "afp"}]},
               {"id": "d", "value": 2026, "reports": [{"source": "afp"}]}"#,
        );
        let units: Vec<_> = facts.iter().map(|f| f.unit).collect();
        assert_eq!(
            units,
            [Some(Unit::Km), Some(Unit::M), Some(Unit::Percent), None]
        );
        let report = &facts[0].reports[0];
        assert_eq!((report.value, report.unit), (Some(840.0), Some(Unit::Mi)));
        assert_eq!(
            report.published.map(|d| d.to_string()).as_deref(),
            Some("2026-01-12")
        );
        assert_eq!(
            (report.url.as_deref(), report.quote.as_deref()),
            (Some("u"), Some("q"))
        );
        assert_eq!(
            (facts[2].value, facts[2].low, facts[2].high),
            (-4.5, Some(-5.0), Some(-4.0))
        );
    }

    #[test]
    fn an_inconsistent_range_is_a_warning() {
        let text = r#"{"id": "a", "value": 10, "low": 12, "reports": [{"source": "afp"}]}"#;
        assert_eq!(
            problems(text),
            ["facts[0]: low 12 is above value 10; kept as given"]
        );
        assert_eq!(read(text)[0].low, Some(12.0));
    }

    #[test]
    fn bad_facts_are_errors() {
        assert_eq!(
            problems(
                r#"{"value": 1, "unit": 3, "reports": []},
                   {"id": "A", "value": 1, "reports": [{"source": "afp", "unit": "feet", "value": "1"}]},
                   {"id": "a", "reports": [{"source": "x"}], "note": "n"}"#
            ),
            [
                "facts[0].id: missing; expected a unique string",
                "facts[0].unit: expected a string, found a number",
                "facts[0].reports: expected an array of one or more reports, found an empty array",
                "facts[1].reports[0].unit: unknown unit `feet`; a fact's unit is `km`, `m`, `mi` or `%` (or none)",
                "facts[1].reports[0].value: expected a number, found a string",
                // A missing key is placed at the object that lacks it.
                "facts[2].value: missing; expected a number",
                "facts[2].id: `a` is already the id of facts[1] (ids are case-insensitive)",
                "facts[2].reports[0].source: undeclared source `x`; declare it under `sources`",
                "facts[2].note: unknown key `note` ignored; a fact has `id`, `value`, `unit`, `low`, `high`, `reports`",
            ]
        );
        assert_eq!(
            problems(r#"{"id": "a", "value": 1}"#),
            ["facts[0].reports: missing; expected an array of one or more reports"]
        );
    }
}
