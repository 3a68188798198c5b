//! Reading JSON values as the dataset's parts expect them: an object with a
//! fixed set of keys, a string, a number, a day, an array read element by
//! element. Every reader reports what is wrong at the value's path and
//! returns `None`, so that its caller goes on and every problem of the
//! document is found in one load.

use super::node::{Json, for_each_element};
use super::path::Path;
use super::problems::Problems;
use crate::date::parse_iso;
use crate::limits;
use crate::suggest::did_you_mean;
use chrono::NaiveDate;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// The members of `node`, which must be an object.
pub fn object<'j, 'a>(
    node: &'j Json<'a>,
    path: &Path,
    what: &str,
    problems: &mut Problems,
) -> Option<&'j [(Cow<'a, str>, Json<'a>)]> {
    match node {
        Json::Obj(members) => Some(members),
        other => {
            problems.error(path, format!("expected {what}, found {}", other.kind()));
            None
        }
    }
}

/// Sorts the members of an object into the slots of its known keys and
/// hands every other key to `other`. A key given more than once is an
/// error, placed at its first occurrence (the only one a path can name);
/// the first is kept.
pub fn record<'m, 'a, V, const N: usize>(
    members: &'m [(Cow<'a, str>, V)],
    path: &Path,
    known: &[&str; N],
    problems: &mut Problems,
    mut other: impl FnMut(&Path, &'m Cow<'a, str>, &'m V, &mut Problems),
) -> [Option<&'m V>; N] {
    let mut slots = [None; N];
    for (key, value) in members {
        let at = path.key(key);
        let slot = known
            .iter()
            .position(|k| k == key)
            .and_then(|i| slots.get_mut(i));
        match slot {
            Some(slot @ None) => *slot = Some(value),
            Some(Some(_)) => problems.error(&at, "this key is given more than once"),
            None => other(&at, key, value, problems),
        }
    }
    slots
}

/// For records where an unknown key is likely a typo but harms nothing: a
/// warning that names the closest known key.
pub fn warn_unknown<'k, V>(
    what: &'k str,
    known: &'k [&'k str],
) -> impl FnMut(&Path, &Cow<str>, &V, &mut Problems) + 'k {
    move |at, key, _, problems| {
        problems.warn(
            at,
            format!("unknown key `{key}` ignored; {}", hint(what, key, known)),
        )
    }
}

/// For values whose every key changes what they mean (a figure): an error.
pub fn reject_unknown<'k, V>(
    what: &'k str,
    known: &'k [&'k str],
) -> impl FnMut(&Path, &Cow<str>, &V, &mut Problems) + 'k {
    move |at, key, _, problems| {
        problems.error(
            at,
            format!("unknown key `{key}`; {}", hint(what, key, known)),
        )
    }
}

fn hint(what: &str, key: &str, known: &[&str]) -> String {
    let listed = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match did_you_mean(key, known.iter().copied()) {
        Some(suggestion) => format!("{suggestion} ({what} has {listed})"),
        None => format!("{what} has {listed}"),
    }
}

/// A key that must be there; its absence is reported at the key's path.
pub fn required<'j, V: ?Sized>(
    slot: Option<&'j V>,
    path: &Path,
    what: &str,
    problems: &mut Problems,
) -> Option<&'j V> {
    if slot.is_none() {
        problems.error(path, format!("missing; expected {what}"));
    }
    slot
}

pub fn string<'j, 'a>(
    node: &'j Json<'a>,
    path: &Path,
    problems: &mut Problems,
) -> Option<&'j Cow<'a, str>> {
    match node {
        Json::Str(s) => Some(s),
        other => {
            problems.error(path, format!("expected a string, found {}", other.kind()));
            None
        }
    }
}

/// An optional string such as a `url` or a `quote`.
pub fn optional_string<'j>(
    slot: Option<&'j Json>,
    path: &Path,
    problems: &mut Problems,
) -> Option<&'j str> {
    slot.and_then(|node| string(node, path, problems))
        .map(|s| s.as_ref())
}

/// A figure's or a fact's number, within `limits::MAX_NUMBER` so that
/// sums and conversions of it stay finite (serde_json already refuses a
/// number out of a float's range, `1e400`, as it reads it).
pub fn number(node: &Json, path: &Path, problems: &mut Problems) -> Option<f64> {
    match node {
        Json::Num(n) if limits::within(*n) => Some(*n),
        Json::Num(n) => {
            problems.error(path, format!("{n:e} is too large: {}", limits::HELP));
            None
        }
        other => {
            problems.error(path, format!("expected a number, found {}", other.kind()));
            None
        }
    }
}

/// A day, `YYYY-MM-DD`.
pub fn day(node: &Json, path: &Path, problems: &mut Problems) -> Option<NaiveDate> {
    let s = string(node, path, problems)?;
    match parse_iso(s) {
        Some(period) if period.start == period.end => Some(period.start),
        _ => {
            problems.error(path, format!("expected a day, YYYY-MM-DD, found `{s}`"));
            None
        }
    }
}

/// A required, non-empty array (an incident's or a fact's reports), each
/// element read by `read`; `None` if any of them is unusable, after all
/// were checked.
pub fn one_or_more<'j, 'a, T>(
    slot: Option<&'j Json<'a>>,
    path: &Path,
    what: &str,
    problems: &mut Problems,
    mut read: impl FnMut(&'j Json<'a>, &Path, &mut Problems) -> Option<T>,
) -> Option<Vec<T>> {
    let items = match required(slot, path, what, problems)? {
        Json::Arr(items) if items.is_empty() => {
            problems.error(path, format!("expected {what}, found an empty array"));
            return None;
        }
        Json::Arr(items) => items,
        other => {
            problems.error(path, format!("expected {what}, found {}", other.kind()));
            return None;
        }
    };
    let mut all = Vec::with_capacity(items.len());
    let mut complete = true;
    for (i, item) in items.iter().enumerate() {
        match read(item, &path.index(i), problems) {
            Some(value) => all.push(value),
            None => complete = false,
        }
    }
    complete.then_some(all)
}

/// Reads a value kept unread at the top level.
pub fn parse<'a>(raw: &'a RawValue, path: &Path, problems: &mut Problems) -> Option<Json<'a>> {
    serde_json::from_str(raw.get())
        .map_err(|e| problems.serde_error(path, raw.get(), &e))
        .ok()
}

/// Reads the array `raw` one element at a time, handing each to `each`
/// with its index and path, so that no more than one element stands in
/// memory.
pub fn elements<'a>(
    raw: &'a RawValue,
    path: &Path,
    what: &str,
    problems: &mut Problems,
    mut each: impl FnMut(usize, &Path, Json<'a>, &mut Problems),
) {
    let array = raw.get();
    if !array.starts_with('[') {
        if let Some(node) = parse(raw, path, problems) {
            problems.error(path, format!("expected {what}, found {}", node.kind()));
        }
        return;
    }
    let mut count = 0;
    let read = for_each_element(array, |node| {
        each(count, &path.index(count), node, problems);
        count += 1;
    });
    if let Err(e) = read {
        problems.serde_error(&path.index(count), array, &e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DatasetError;

    fn json(text: &str) -> Json<'_> {
        serde_json::from_str(text).unwrap()
    }

    fn messages(problems: Problems) -> Vec<(String, String, bool)> {
        problems
            .finish()
            .into_iter()
            .map(
                |DatasetError {
                     path,
                     message,
                     warning,
                     ..
                 }| { (path.unwrap_or_default(), message, warning) },
            )
            .collect()
    }

    /// Each problem as `path: message`.
    fn shown(problems: Problems) -> Vec<String> {
        messages(problems)
            .into_iter()
            .map(|(p, m, _)| format!("{p}: {m}"))
            .collect()
    }

    #[test]
    fn record_sorts_known_keys_and_reports_the_rest() {
        let text = r#"{"id": "a", "publised": 1, "id": "b", "zzz": 2}"#;
        let node = json(text);
        let mut problems = Problems::new(text);
        let root = Path::Root;
        let members = object(&node, &root, "an object", &mut problems).unwrap();
        const KNOWN: [&str; 2] = ["id", "published"];
        let [id, published] = record(
            members,
            &root,
            &KNOWN,
            &mut problems,
            warn_unknown("a report", &KNOWN),
        );
        assert_eq!(id, Some(&json(r#""a""#)));
        assert_eq!(published, None);
        assert_eq!(
            messages(problems),
            [
                // Placed at the key's first occurrence.
                ("id".to_owned(), "this key is given more than once".to_owned(), false),
                (
                    "publised".to_owned(),
                    "unknown key `publised` ignored; did you mean `published`? (a report has `id`, `published`)".to_owned(),
                    true
                ),
                (
                    "zzz".to_owned(),
                    "unknown key `zzz` ignored; a report has `id`, `published`".to_owned(),
                    true
                ),
            ]
        );
    }

    #[test]
    fn rejecting_unknown_keys_is_an_error() {
        let text = r#"{"bset": 1}"#;
        let node = json(text);
        let mut problems = Problems::new(text);
        let members = object(&node, &Path::Root, "a figure", &mut problems).unwrap();
        const KNOWN: [&str; 1] = ["best"];
        let [best] = record(
            members,
            &Path::Root,
            &KNOWN,
            &mut problems,
            reject_unknown("a figure", &KNOWN),
        );
        assert_eq!(best, None);
        assert!(problems.has_errors());
    }

    #[test]
    fn numbers_beyond_fifteen_digits_are_refused() {
        let text = "[999999999999999, 1e15, -1.7e308]";
        let Json::Arr(items) = json(text) else {
            panic!()
        };
        let mut problems = Problems::new(text);
        let read: Vec<_> = (0..3)
            .map(|i| number(&items[i], &Path::Root.index(i), &mut problems))
            .collect();
        assert_eq!(read, [Some(999_999_999_999_999.0), None, None]);
        let got = shown(problems);
        assert_eq!(
            got,
            [
                "[1]: 1e15 is too large: numbers have at most 15 digits before the decimal point",
                "[2]: -1.7e308 is too large: numbers have at most 15 digits before the decimal point",
            ]
        );
    }

    #[test]
    fn scalars_report_what_they_found() {
        let text = r#"[1, "", "2025-11", "2025-11-26", null]"#;
        let Json::Arr(items) = json(text) else {
            panic!()
        };
        let mut problems = Problems::new(text);
        let root = Path::Root;
        assert_eq!(string(&items[0], &root.index(0), &mut problems), None);
        assert_eq!(day(&items[2], &root.index(2), &mut problems), None);
        assert_eq!(
            day(&items[3], &root.index(3), &mut problems),
            NaiveDate::from_ymd_opt(2025, 11, 26)
        );
        assert_eq!(number(&items[4], &root.index(4), &mut problems), None);
        assert_eq!(number(&items[0], &root.index(0), &mut problems), Some(1.0));
        assert_eq!(
            required::<Json>(None, &root.key("id"), "a string", &mut problems),
            None
        );
        let got = shown(problems);
        assert_eq!(
            got,
            [
                "id: missing; expected a string",
                "[0]: expected a string, found a number",
                "[2]: expected a day, YYYY-MM-DD, found `2025-11`",
                "[4]: expected a number, found null",
            ]
        );
    }

    #[test]
    fn one_or_more_reads_every_element_and_refuses_none() {
        let text = r#"[[1, "x", 2], [], 3]"#;
        let Json::Arr(items) = json(text) else {
            panic!()
        };
        let mut problems = Problems::new(text);
        let root = Path::Root;
        let mut calls = 0;
        let mut read = |node: &Json, path: &Path, problems: &mut Problems| {
            calls += 1;
            number(node, path, problems)
        };
        for (i, item) in items.iter().enumerate() {
            let got = one_or_more(
                Some(item),
                &root.index(i),
                "numbers",
                &mut problems,
                &mut read,
            );
            assert_eq!(got, None, "{item:?}");
        }
        assert_eq!(
            one_or_more(None, &root.key("xs"), "numbers", &mut problems, &mut read),
            None
        );
        assert_eq!(calls, 3);
        let text = "[1, 2]";
        let ok = json(text);
        assert_eq!(
            one_or_more(
                Some(&ok),
                &root,
                "numbers",
                &mut Problems::new(text),
                number
            ),
            Some(vec![1.0, 2.0])
        );
        let got = shown(problems);
        assert_eq!(
            got,
            [
                "xs: missing; expected numbers",
                "[0][1]: expected a number, found a string",
                "[1]: expected numbers, found an empty array",
                "[2]: expected numbers, found a number",
            ]
        );
    }

    #[test]
    fn elements_are_handed_over_with_their_paths() {
        let text = r#"{"xs": [10, 20]}"#;
        let doc: super::super::node::Document = serde_json::from_str(text).unwrap();
        let mut problems = Problems::new(text);
        let xs = Path::Root.key("xs");
        let mut seen = Vec::new();
        elements(
            doc.0[0].1,
            &xs,
            "an array",
            &mut problems,
            |i, path, node, _| seen.push((i, path.render().text, node)),
        );
        assert_eq!(
            seen,
            [
                (0, "xs[0]".to_owned(), Json::Num(10.0)),
                (1, "xs[1]".to_owned(), Json::Num(20.0))
            ]
        );
        assert!(!problems.has_errors());
    }

    #[test]
    fn elements_of_a_non_array_is_an_error() {
        let text = r#"{"xs": {"a": 1}}"#;
        let doc: super::super::node::Document = serde_json::from_str(text).unwrap();
        let mut problems = Problems::new(text);
        let mut calls = 0;
        elements(
            doc.0[0].1,
            &Path::Root.key("xs"),
            "an array of things",
            &mut problems,
            |_, _, _, _| calls += 1,
        );
        assert_eq!(calls, 0);
        let got = messages(problems);
        assert_eq!(got[0].1, "expected an array of things, found an object");
    }
}
