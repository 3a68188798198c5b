//! Resolves the names a claim uses (measures, fields, groups, sources,
//! facts) against the dataset, case-insensitively. An unknown name is an
//! error at the place it is written, with "did you mean …" when a known
//! name is close, and otherwise a short list of the names there are, so
//! an editor can fix the claim without opening the dataset.

use super::EvalError;
use crate::ast::{Span, Spanned};
use crate::dataset::{ColumnId, Dataset, Fact, Sym};
use crate::suggest;

/// How many known names a help line lists before it says how many more.
const LISTED: usize = 8;

/// The measure `deadly incidents` counts by.
const DEATHS: &str = "deaths";

/// A name the dataset has, resolved: lowercased, as reports write it, and
/// its symbol in the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub sym: Sym,
}

/// A measure, by its lowercased name.
pub fn measure(name: &Spanned<String>, ds: &Dataset) -> Result<Key, EvalError> {
    let key = name.node.to_lowercase();
    if let Some(&sym) = ds.names.measures.get(&key) {
        return Ok(Key { name: key, sym });
    }
    let known: Vec<&str> = ds.names.measures.keys().map(String::as_str).collect();
    Err(unknown("measure", "measures", name, &known, &known))
}

/// The `deaths` measure, which `deadly incidents` needs; `span` is where
/// the claim says `deadly`.
pub fn deaths(span: Span, ds: &Dataset) -> Result<Key, EvalError> {
    if let Some(&sym) = ds.names.measures.get(DEATHS) {
        return Ok(Key {
            name: DEATHS.to_string(),
            sym,
        });
    }
    let known: Vec<&str> = ds.names.measures.keys().map(String::as_str).collect();
    Err(EvalError {
        span: Some(span),
        message: "`deadly incidents` needs a `deaths` measure, and the dataset has none"
            .to_string(),
        help: Some(listing("measures", &known)),
    })
}

/// What a `where` condition names: measures are looked up before fields,
/// so `where deaths > 0` reads the figure even if a field shares the name.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Measure(Key),
    Field(String, ColumnId),
}

pub fn operand(name: &Spanned<String>, ds: &Dataset) -> Result<Operand, EvalError> {
    let key = name.node.to_lowercase();
    if let Some(&sym) = ds.names.measures.get(&key) {
        return Ok(Operand::Measure(Key { name: key, sym }));
    }
    if let Some(&column) = ds.names.fields.get(&key) {
        return Ok(Operand::Field(key, column));
    }
    let known: Vec<&str> = ds
        .names
        .fields
        .keys()
        .chain(ds.names.measures.keys())
        .map(String::as_str)
        .collect();
    Err(unknown(
        "field",
        "fields and measures",
        name,
        &known,
        &known,
    ))
}

/// A group, by its lowercased key in `Names::groups`.
pub fn group(name: &Spanned<String>, ds: &Dataset) -> Result<Key, EvalError> {
    let key = name.node.to_lowercase();
    if let Some(group) = ds.names.groups.get(&key) {
        return Ok(Key {
            sym: group.key,
            name: key,
        });
    }
    let known: Vec<&str> = ds
        .names
        .groups
        .values()
        .map(|g| g.spelling.as_str())
        .collect();
    Err(unknown("group", "groups", name, &known, &known))
}

/// A source's index, by id or by name.
pub fn source(name: &Spanned<String>, ds: &Dataset) -> Result<usize, EvalError> {
    if let Some(index) = ds.source_index(&name.node) {
        return Ok(index);
    }
    let ids: Vec<&str> = ds.sources.iter().map(|s| s.id.as_str()).collect();
    let candidates: Vec<&str> = ds
        .sources
        .iter()
        .flat_map(|s| [s.id.as_str(), s.name.as_str()])
        .collect();
    Err(unknown("source", "sources", name, &candidates, &ids))
}

pub fn fact<'a>(name: &Spanned<String>, ds: &'a Dataset) -> Result<&'a Fact, EvalError> {
    if let Some(fact) = ds.fact(&name.node) {
        return Ok(fact);
    }
    let known: Vec<&str> = ds.facts.iter().map(|f| f.id.as_str()).collect();
    Err(unknown("fact", "facts", name, &known, &known))
}

/// "unknown measure `deahts`", helped by the closest of `candidates`, or
/// else by the list of `listed` names.
fn unknown(
    kind: &str,
    plural: &str,
    name: &Spanned<String>,
    candidates: &[&str],
    listed: &[&str],
) -> EvalError {
    let help = suggest::did_you_mean(&name.node, candidates.iter().copied())
        .unwrap_or_else(|| listing(plural, listed));
    EvalError {
        span: Some(name.span),
        message: format!("unknown {kind} `{}`", name.node),
        help: Some(help),
    }
}

fn listing(plural: &str, names: &[&str]) -> String {
    match names.len() {
        0 => format!("the dataset has no {plural}"),
        n if n <= LISTED => format!("the dataset's {plural} are: {}", names.join(", ")),
        n => {
            let shown = names
                .iter()
                .take(LISTED)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "the dataset's {plural} are: {shown} and {} more",
                n - LISTED
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::testing::{dataset, named};

    #[test]
    fn known_names_resolve_case_insensitively() {
        let ds = dataset();
        let name = |key: Result<Key, EvalError>| key.map(|k| k.name);
        assert_eq!(
            name(measure(&named("Deaths"), &ds)),
            Ok("deaths".to_string())
        );
        assert_eq!(
            name(group(&named("CIVILIANS"), &ds)),
            Ok("civilians".to_string())
        );
        assert_eq!(source(&named("Khovar"), &ds), Ok(1));
        assert_eq!(source(&named("afp"), &ds), Ok(0));
        assert_eq!(
            fact(&named("Border_Length"), &ds).map(|f| f.id.as_str()),
            Ok("border_length")
        );
    }

    #[test]
    fn measures_come_before_fields() {
        let ds = dataset();
        assert!(matches!(
            operand(&named("deaths"), &ds),
            Ok(Operand::Measure(Key { name, .. })) if name == "deaths"
        ));
        assert!(matches!(
            operand(&named("Region"), &ds),
            Ok(Operand::Field(name, _)) if name == "region"
        ));
    }

    #[test]
    fn an_unknown_measure_suggests_the_closest() {
        let err = measure(&named("deahts"), &dataset()).unwrap_err();
        assert_eq!(err.message, "unknown measure `deahts`");
        assert_eq!(err.help.as_deref(), Some("did you mean `deaths`?"));
        assert_eq!(err.span, Some(named("deahts").span));
    }

    #[test]
    fn an_unknown_name_without_a_close_one_lists_the_known() {
        let err = measure(&named("weather"), &dataset()).unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("the dataset's measures are: deaths, injuries")
        );
        let err = fact(&named("population"), &dataset()).unwrap_err();
        assert_eq!(err.message, "unknown fact `population`");
        assert_eq!(
            err.help.as_deref(),
            Some("the dataset's facts are: border_length, share")
        );
    }

    #[test]
    fn unknown_fields_groups_and_sources_suggest_too() {
        let ds = dataset();
        let err = operand(&named("regoin"), &ds).unwrap_err();
        assert_eq!(err.message, "unknown field `regoin`");
        assert_eq!(err.help.as_deref(), Some("did you mean `region`?"));
        let err = group(&named("civilian"), &ds).unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `Civilians`?"));
        let err = source(&named("Khovr"), &ds).unwrap_err();
        assert_eq!(err.message, "unknown source `Khovr`");
        assert_eq!(err.help.as_deref(), Some("did you mean `Khovar`?"));
    }

    #[test]
    fn deadly_needs_a_deaths_measure() {
        let mut ds = dataset();
        assert_eq!(
            deaths(Span::default(), &ds).map(|k| k.name),
            Ok("deaths".to_string())
        );
        ds.names.measures.remove("deaths");
        let err = deaths(Span::default(), &ds).unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("the dataset's measures are: injuries")
        );
    }

    #[test]
    fn a_long_list_is_cut_short() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        assert_eq!(
            listing("fields", &names),
            "the dataset's fields are: a, b, c, d, e, f, g, h and 2 more"
        );
        assert_eq!(listing("facts", &[]), "the dataset has no facts");
    }
}
