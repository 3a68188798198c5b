//! The ACLED and UCDP GED export loader on any bytes, with the layout told
//! by the header or named by the first byte: it must return, keep only
//! rows with unique ids and finite figures, and place every problem.

#![no_main]

use claimcheck::dataset::Estimate;
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
        for incident in dataset.incidents.iter() {
            assert!(ids.insert(incident.id()), "id {} twice", incident.id());
            assert!(incident.date().start <= incident.date().end);
            for figure in incident.figures() {
                let groups = figure.by().map(|share| share.estimate);
                for Estimate { best, low, high } in std::iter::once(figure.estimate()).chain(groups)
                {
                    for v in [best, low, high].into_iter().flatten() {
                        assert!(v.is_finite() && v >= 0.0, "figure value {v}");
                    }
                }
            }
            for report in incident.reports() {
                assert!(report.source() < dataset.sources.len());
            }
        }
    }
});
