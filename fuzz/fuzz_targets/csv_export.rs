//! The ACLED and UCDP GED export loader on any bytes, with the layout told
//! by the header or named by the first byte: it must return, keep only
//! rows with unique ids and finite figures, and place every problem.

#![no_main]

use claimcheck::dataset::export::{Layout, load};
use claimcheck::diagnostic::Diagnostic;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let (named, input) = match data {
        [b'A', rest @ ..] => (Some(Layout::Acled), rest),
        [b'U', rest @ ..] => (Some(Layout::Ucdp), rest),
        _ => (None, data),
    };
    let loaded = load(input, named, "fuzz");
    for problem in &loaded.problems {
        assert!(problem.line.is_some(), "{problem}");
        let _ = Diagnostic::from_dataset("fuzz.csv", "", problem).to_string();
    }
    if let Some(dataset) = &loaded.dataset {
        let mut ids = HashSet::new();
        for incident in &dataset.incidents {
            assert!(ids.insert(incident.id.as_str()), "id {} twice", incident.id);
            assert!(incident.date.start <= incident.date.end);
            for figure in incident.figures.values() {
                let groups = figure.by.iter().flat_map(|(_, e)| [e.best, e.low, e.high]);
                for v in [figure.best, figure.low, figure.high]
                    .into_iter()
                    .chain(groups)
                    .flatten()
                {
                    assert!(v.is_finite() && v >= 0.0, "figure value {v}");
                }
            }
            for report in &incident.reports {
                assert!(report.source < dataset.sources.len());
            }
        }
    }
});
