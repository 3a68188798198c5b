//! The native JSON loader on any text: it must return, a dataset it keeps
//! has no errors and only numbers within `limits` (figures never below
//! zero), and every problem renders as the located diagnostic `validate`
//! prints.

#![no_main]

use claimcheck::dataset::{Estimate, FigureRef, json::load};
use claimcheck::diagnostic::Diagnostic;
use claimcheck::limits;
use libfuzzer_sys::fuzz_target;

fn sane(figure: FigureRef) {
    let groups = figure.by().map(|share| share.estimate);
    for Estimate { best, low, high } in std::iter::once(figure.estimate()).chain(groups) {
        for v in [best, low, high].into_iter().flatten() {
            assert!(limits::within(v) && v >= 0.0, "figure value {v}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load(text);
    for problem in &loaded.problems {
        let _ = Diagnostic::from_dataset("fuzz.json", text, problem).to_string();
    }
    if let Some(dataset) = &loaded.dataset {
        assert!(!loaded.has_errors());
        for incident in dataset.incidents.iter() {
            assert!(incident.date().start <= incident.date().end);
            let reports = incident.reports().flat_map(|r| r.figures());
            incident.figures().chain(reports).for_each(sane);
            for report in incident.reports() {
                assert!(report.source() < dataset.sources.len());
            }
        }
        for fact in &dataset.facts {
            let values = [Some(fact.value), fact.low, fact.high];
            let reports = fact.reports.iter().map(|r| r.value);
            for v in values.into_iter().chain(reports).flatten() {
                assert!(limits::within(v), "fact value {v}");
            }
            for report in &fact.reports {
                assert!(report.source < dataset.sources.len());
            }
        }
    }
});
