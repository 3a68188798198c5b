//! The date forms of spec §4 on any text, after every time keyword, with
//! and without an as-of date: parsing and resolving must return, and a
//! window that resolves must be ordered and never reach past the as-of
//! date. Dataset dates (`parse_iso`) get the same text.

#![no_main]

use chrono::{NaiveDate, TimeDelta};
use claimcheck::ast::{Claim, TimeQualifier};
use claimcheck::date::{parse_iso, resolve, window};
use claimcheck::parse::parse_claim;
use libfuzzer_sys::fuzz_target;

/// The first two bytes pick the as-of date (any day from 1970 to 2149),
/// or none.
fn as_of(data: &[u8]) -> (Option<NaiveDate>, &[u8]) {
    match data {
        [0, rest @ ..] => (None, rest),
        [hi, lo, rest @ ..] => {
            let days = i64::from(u16::from_be_bytes([*hi, *lo]));
            let day = NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.checked_add_signed(TimeDelta::days(days)));
            (day, rest)
        }
        _ => (None, data),
    }
}

fuzz_target!(|data: &[u8]| {
    let (as_of, rest) = as_of(data);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if let Some(period) = parse_iso(text) {
        assert!(period.start <= period.end);
    }
    let claims = ["since", "after", "until", "before", "in", "on"]
        .map(|keyword| format!("deaths {keyword} {text} = 1"));
    let between = format!("deaths between {text} and {text} = 1");
    for claim in claims.iter().chain([&between]) {
        let Ok((_, Claim::Compare { query, .. })) = parse_claim(claim) else {
            continue;
        };
        for t in &query.time {
            let forms = match &t.node {
                TimeQualifier::Between(a, b) => vec![a, b],
                TimeQualifier::Since(f)
                | TimeQualifier::After(f)
                | TimeQualifier::Until(f)
                | TimeQualifier::Before(f)
                | TimeQualifier::In(f)
                | TimeQualifier::On(f) => vec![f],
            };
            for form in forms {
                if let Ok(period) = resolve(form, as_of, t.span) {
                    assert!(period.start <= period.end, "{form:?}: {period:?}");
                }
            }
        }
        if let Ok(w) = window(&query.time, as_of) {
            if let (Some(from), Some(to)) = (w.from, w.to) {
                assert!(from <= to, "{claim}: {w:?}");
            }
            if let (Some(to), Some(as_of)) = (w.to, as_of) {
                assert!(to <= as_of, "{claim}: {w:?} past {as_of}");
            }
            if as_of.is_some() {
                assert!(w.to.is_some(), "{claim}: open window with an as-of date");
            }
        }
    }
});
