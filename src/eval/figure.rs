//! One incident's figure (spec §6.2): the values on offer for a measure,
//! from the incident's own figure and from every report, and the low,
//! best and high they give, for the whole measure or for one group of its
//! breakdown. Facts weigh their reports by the same rules.

use super::names::Key;
use super::sources::Sources;
use crate::dataset::{Dataset, Estimate, FigureRef, IncidentRef, ReportRef, Sym};
use chrono::NaiveDate;
use std::fmt;

/// The low, best and high values of a figure, `low <= best <= high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub low: f64,
    pub best: f64,
    pub high: f64,
}

/// Who gave an offer: the dataset's own figure, or a report published on
/// a day (`None`: undated, older than any dated report).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin {
    Own,
    Report(Option<NaiveDate>),
}

/// The values one account puts on offer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offer {
    pub best: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub origin: Origin,
}

/// Weighs the offers: low and high are the least and greatest of every
/// value on offer; best is the own best, else the best of the most recently
/// published report that gives one (ties: the first listed). Where no offer
/// gives a best at all, best is the low, so that a range the sources only
/// bound counts at its cautious end. `None` when nothing is on offer.
/// One pass: every incident in scope of every claim comes through here.
pub fn combine(offers: impl IntoIterator<Item = Offer>) -> Option<Reading> {
    let mut range: Option<(f64, f64)> = None;
    let mut own = None;
    let mut latest: Option<(Option<NaiveDate>, f64)> = None;
    for offer in offers {
        for value in [offer.best, offer.low, offer.high].into_iter().flatten() {
            range = Some(match range {
                None => (value, value),
                Some((low, high)) => (low.min(value), high.max(value)),
            });
        }
        match (offer.origin, offer.best) {
            (Origin::Own, Some(best)) if own.is_none() => own = Some(best),
            (Origin::Report(published), Some(best))
                if latest.is_none_or(|(seen, _)| published > seen) =>
            {
                latest = Some((published, best));
            }
            _ => {}
        }
    }
    let (low, high) = range?;
    let best = own.or(latest.map(|(_, best)| best)).unwrap_or(low);
    Some(Reading { low, best, high })
}

/// One account of the measure: the incident's own figure or a report's.
#[derive(Debug, Clone, Copy)]
struct Account<'a> {
    figure: FigureRef<'a>,
    origin: Origin,
    /// `None` for the incident's own figure.
    report: Option<ReportRef<'a>>,
}

/// The accounts of `measure` on offer under the claim's sources.
fn accounts<'a>(
    inc: IncidentRef<'a>,
    measure: Sym,
    sources: &Sources,
) -> impl Iterator<Item = Account<'a>> + Clone {
    let own = inc
        .figure(measure)
        .filter(|_| !sources.restricted())
        .map(|figure| Account {
            figure,
            origin: Origin::Own,
            report: None,
        });
    let reports = inc
        .reports()
        .filter(|r| sources.allows(r.source()))
        .filter_map(move |r| {
            r.figure(measure).map(|figure| Account {
                figure,
                origin: Origin::Report(r.published()),
                report: Some(r),
            })
        });
    own.into_iter().chain(reports)
}

/// A measure as evaluation reads it: its name and symbol, and every
/// incident's figure with every account on offer, weighed once per
/// dataset and found here by the incident's position. A claim over a
/// year reads a hundred thousand incidents; resolving the weighed figures
/// once per claim, not once per incident, keeps that a read from memory
/// laid out in the incidents' order.
#[derive(Clone)]
pub struct Measure<'a> {
    pub key: Key,
    /// Low, best and high by position; NaN where no figure is on offer.
    weighed: &'a [[f64; 3]],
}

impl<'a> Measure<'a> {
    pub fn new(key: Key, ds: &'a Dataset) -> Measure<'a> {
        let weighed = ds
            .incidents
            .per_incident(key.sym, |inc| weigh(inc, key.sym))
            .unwrap_or_default();
        Measure { key, weighed }
    }

    pub fn sym(&self) -> Sym {
        self.key.sym
    }

    /// The greatest value on offer for the incident, from its own figure
    /// and every report (spec §6.2's high with no `according to`); `None`
    /// where it has no figure. Under `according to` fewer values are on
    /// offer, so no reading of the measure goes higher.
    pub fn high(&self, inc: IncidentRef) -> Option<f64> {
        let [_, _, high] = *self.weighed.get(inc.position())?;
        (!high.is_nan()).then_some(high)
    }

    /// The least value on offer for the incident, from its own figure and
    /// every report (spec §6.2's low with no `according to`); `None` where
    /// it has no figure.
    pub fn low(&self, inc: IncidentRef) -> Option<f64> {
        let [low, _, _] = *self.weighed.get(inc.position())?;
        (!low.is_nan()).then_some(low)
    }
}

/// The weighed figures are the dataset's, not the claim's: they are left
/// out, so that a plan prints as what the claim says.
impl fmt::Debug for Measure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Measure").field(&self.key).finish()
    }
}

/// An incident's figure as a claim reads it, and whose reports were on
/// offer for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figured {
    pub reading: Reading,
    /// Only the accounts that break the measure down were on offer (for
    /// a group, where any does).
    breakdowns_only: bool,
}

impl Figured {
    /// The reports whose figures were on offer, in order; the arguments
    /// are those `figure` was given.
    pub fn reports<'a>(
        self,
        inc: IncidentRef<'a>,
        measure: &Measure,
        sources: &Sources,
    ) -> impl Iterator<Item = ReportRef<'a>> {
        accounts(inc, measure.sym(), sources)
            .filter(move |a| !self.breakdowns_only || a.figure.has_breakdown())
            .filter_map(|a| a.report)
    }
}

/// The incident's figure for `measure`, or for one `group` of it (the
/// symbol of its lowercased key), under the claim's sources. `None`: no
/// figure for the measure is on offer, and the incident contributes
/// nothing. Inlined: every candidate of every claim comes here, and its
/// callers in other modules then read the figure without a call.
#[inline]
pub fn figure(
    inc: IncidentRef,
    measure: &Measure,
    group: Option<Sym>,
    sources: &Sources,
) -> Option<Figured> {
    let total = if sources.restricted() {
        combine(accounts(inc, measure.sym(), sources).map(total_offer))?
    } else {
        let [low, best, high] = *measure.weighed.get(inc.position())?;
        (!low.is_nan()).then_some(Reading { low, best, high })?
    };
    let every = |reading| Figured {
        reading,
        breakdowns_only: false,
    };
    let Some(group) = group else {
        return Some(every(total));
    };
    let broken_down = accounts(inc, measure.sym(), sources).filter(|a| a.figure.has_breakdown());
    if broken_down.clone().next().is_none() {
        // No account breaks the figure down: the group may be anything
        // from none of it to all of it.
        return Some(every(Reading {
            low: 0.0,
            best: 0.0,
            high: total.high,
        }));
    }
    let reading = combine(broken_down.map(|a| group_offer(&a, group)))?;
    Some(Figured {
        reading,
        breakdowns_only: true,
    })
}

/// The incident's figure for the measure with every account on offer,
/// as most claims read it (see `Measure`); NaN for none.
fn weigh(inc: IncidentRef, measure: Sym) -> [f64; 3] {
    combine(accounts(inc, measure, &Sources::every()).map(total_offer))
        .map_or([f64::NAN; 3], |r| [r.low, r.best, r.high])
}

fn total_offer(a: Account) -> Offer {
    let Estimate { best, low, high } = a.figure.estimate();
    Offer {
        best,
        low,
        high,
        origin: a.origin,
    }
}

/// What one breakdown says of `group`. Entries whose names are equal
/// case-insensitively add up. A breakdown that does not name the group
/// leaves it the part of the figure's best that it does not assign:
/// nothing when the breakdown adds up, else anything up to the remainder.
fn group_offer(a: &Account, group: Sym) -> Offer {
    let (f, origin) = (a.figure, a.origin);
    let named = f
        .by()
        .filter(|share| share.key == group)
        .map(|share| share.estimate);
    if named.clone().next().is_none() {
        let assigned: f64 = f.by().filter_map(|share| share.estimate.best).sum();
        let unassigned = (f.estimate().best.unwrap_or(assigned) - assigned).max(0.0);
        return Offer {
            best: Some(0.0),
            low: Some(0.0),
            high: Some(unassigned),
            origin,
        };
    }
    // An entry that gives only a best is exact, so its best stands in for
    // a missing low or high when entries add up.
    let add =
        |part: fn(&Estimate) -> Option<f64>| named.clone().map(|e| part(&e)).sum::<Option<f64>>();
    Offer {
        best: add(|e| e.best),
        low: add(|e| e.low.or(e.best)),
        high: add(|e| e.high.or(e.best)),
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::eval::testing::{by, dataset, day, exact, group, incident, named, ranged, report};

    fn reading(low: f64, best: f64, high: f64) -> Option<Reading> {
        Some(Reading { low, best, high })
    }

    fn all() -> Sources {
        Sources::resolve(&[], &dataset()).unwrap()
    }

    fn only(name: &str) -> Sources {
        Sources::resolve(&[named(name)], &dataset()).unwrap()
    }

    /// The figure of the dataset's one incident, with the indexes of the
    /// reports on offer.
    fn found(
        ds: &Dataset,
        group: Option<&str>,
        sources: &Sources,
    ) -> Option<(Reading, Vec<usize>)> {
        let inc = ds.incidents.get(0)?;
        let sym = ds.names.measures.get("deaths").copied()?;
        let deaths = Measure::new(
            Key {
                name: "deaths".to_string(),
                sym,
            },
            ds,
        );
        // A group the dataset does not have is a symbol no text has.
        let group = group.map(|g| {
            ds.incidents
                .strings()
                .lookup(g)
                .or(Sym::from_index(crate::dataset::MAX_SYMBOLS - 1))
        });
        let figured = figure(inc, &deaths, group.flatten(), sources)?;
        let reports = figured.reports(inc, &deaths, sources).map(|r| r.index());
        Some((figured.reading, reports.collect()))
    }

    fn read(ds: &Dataset, group: Option<&str>, sources: &Sources) -> Option<Reading> {
        found(ds, group, sources).map(|(reading, _)| reading)
    }

    #[test]
    fn the_own_best_beats_every_report() {
        let inc = incident(
            Some(exact(4.0)),
            vec![
                report(1, Some(day(2025, 12, 1)), Some(exact(6.0))),
                report(0, None, Some(exact(3.0))),
            ],
        );
        assert_eq!(read(&inc, None, &all()), reading(3.0, 4.0, 6.0));
        assert_eq!(found(&inc, None, &all()).unwrap().1, vec![0, 1]);
    }

    #[test]
    fn without_an_own_best_the_latest_report_wins() {
        let inc = incident(
            Some(ranged(None, Some(2.0), Some(9.0))),
            vec![
                report(0, Some(day(2025, 11, 2)), Some(exact(5.0))),
                report(1, Some(day(2025, 11, 3)), Some(exact(7.0))),
                report(2, Some(day(2025, 11, 1)), Some(exact(6.0))),
            ],
        );
        assert_eq!(read(&inc, None, &all()), reading(2.0, 7.0, 9.0));
    }

    #[test]
    fn an_undated_report_is_older_than_any_dated_one() {
        let inc = incident(
            None,
            vec![
                report(0, None, Some(exact(5.0))),
                report(1, Some(day(2020, 1, 1)), Some(exact(3.0))),
            ],
        );
        assert_eq!(read(&inc, None, &all()), reading(3.0, 3.0, 5.0));
    }

    #[test]
    fn ties_go_to_the_first_listed_report() {
        let same = Some(day(2025, 11, 2));
        let inc = incident(
            None,
            vec![
                report(0, same, Some(exact(5.0))),
                report(1, same, Some(exact(8.0))),
            ],
        );
        assert_eq!(read(&inc, None, &all()), reading(5.0, 5.0, 8.0));
        let undated = incident(
            None,
            vec![
                report(0, None, Some(exact(5.0))),
                report(1, None, Some(exact(8.0))),
            ],
        );
        assert_eq!(read(&undated, None, &all()), reading(5.0, 5.0, 8.0));
    }

    #[test]
    fn a_report_without_a_best_does_not_win() {
        let inc = incident(
            None,
            vec![
                report(0, Some(day(2025, 11, 1)), Some(exact(5.0))),
                report(
                    1,
                    Some(day(2025, 11, 9)),
                    Some(ranged(None, Some(4.0), Some(10.0))),
                ),
            ],
        );
        assert_eq!(read(&inc, None, &all()), reading(4.0, 5.0, 10.0));
    }

    #[test]
    fn with_no_best_anywhere_the_best_is_the_least_value() {
        let inc = incident(
            Some(ranged(None, Some(3.0), Some(8.0))),
            vec![report(0, None, None)],
        );
        assert_eq!(read(&inc, None, &all()), reading(3.0, 3.0, 8.0));
    }

    #[test]
    fn low_and_high_span_every_value_on_offer() {
        let inc = incident(
            Some(ranged(Some(5.0), Some(4.0), Some(6.0))),
            vec![
                report(0, None, Some(ranged(Some(2.0), None, None))),
                report(1, None, Some(ranged(Some(7.0), Some(5.0), Some(11.0)))),
            ],
        );
        assert_eq!(read(&inc, None, &all()), reading(2.0, 5.0, 11.0));
    }

    #[test]
    fn according_to_drops_the_own_figure_and_other_sources() {
        let inc = incident(
            Some(exact(4.0)),
            vec![
                report(0, Some(day(2025, 11, 2)), Some(exact(5.0))),
                report(1, Some(day(2025, 11, 3)), Some(exact(9.0))),
            ],
        );
        let (reading, reports) = found(&inc, None, &only("afp")).unwrap();
        assert_eq!(
            reading,
            Reading {
                low: 5.0,
                best: 5.0,
                high: 5.0
            }
        );
        assert_eq!(reports, vec![0]);
        assert_eq!(read(&inc, None, &only("un")), None);
    }

    #[test]
    fn no_figure_for_the_measure_is_none() {
        let inc = incident(None, vec![report(0, None, None)]);
        assert_eq!(read(&inc, None, &all()), None);
        assert_eq!(read(&inc, Some("civilians"), &all()), None);
    }

    #[test]
    fn a_named_group_gives_its_value_and_equal_names_add_up() {
        let own = by(&[
            ("Civilians", group(2.0)),
            ("civilians", estimate(1.0, 0.0, 3.0)),
            ("soldier", group(4.0)),
        ]);
        let inc = incident(Some(own), vec![]);
        // 2 + 1 = 3 at best, 2 + 0 = 2 at least, 2 + 3 = 5 at most.
        assert_eq!(
            read(&inc, Some("civilians"), &all()),
            reading(2.0, 3.0, 5.0)
        );
        assert_eq!(read(&inc, Some("soldier"), &all()), reading(4.0, 4.0, 4.0));
    }

    #[test]
    fn a_breakdown_that_adds_up_leaves_other_groups_nothing() {
        let inc = incident(Some(by(&[("soldier", group(4.0))])), vec![]);
        assert_eq!(
            read(&inc, Some("civilians"), &all()),
            reading(0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn a_breakdown_that_falls_short_leaves_the_remainder_open() {
        let mut own = by(&[("soldier", group(4.0))]);
        own.best = Some(7.0);
        let inc = incident(Some(own), vec![]);
        assert_eq!(
            read(&inc, Some("civilians"), &all()),
            reading(0.0, 0.0, 3.0)
        );
    }

    #[test]
    fn without_any_breakdown_a_group_is_up_to_the_total_high() {
        let inc = incident(
            Some(ranged(Some(5.0), None, Some(8.0))),
            vec![report(0, None, Some(ranged(Some(6.0), None, Some(10.0))))],
        );
        let (reading, reports) = found(&inc, Some("civilians"), &all()).unwrap();
        assert_eq!(
            reading,
            Reading {
                low: 0.0,
                best: 0.0,
                high: 10.0
            }
        );
        assert_eq!(reports, vec![0]);
    }

    #[test]
    fn only_breakdowns_are_on_offer_for_a_group() {
        let inc = incident(
            Some(exact(9.0)),
            vec![
                report(
                    0,
                    Some(day(2025, 11, 1)),
                    Some(by(&[("civilians", group(2.0))])),
                ),
                report(
                    1,
                    Some(day(2025, 11, 5)),
                    Some(by(&[("civilians", group(3.0))])),
                ),
                report(2, Some(day(2025, 11, 9)), Some(exact(9.0))),
            ],
        );
        let (reading, reports) = found(&inc, Some("civilians"), &all()).unwrap();
        // The own figure and UN's have no breakdown; Khovar's is the latest.
        assert_eq!(
            reading,
            Reading {
                low: 2.0,
                best: 3.0,
                high: 3.0
            }
        );
        assert_eq!(reports, vec![0, 1]);
    }

    #[test]
    fn the_own_breakdown_gives_the_group_best() {
        let inc = incident(
            Some(by(&[("civilians", group(1.0))])),
            vec![report(
                0,
                Some(day(2025, 11, 5)),
                Some(by(&[("civilians", group(3.0))])),
            )],
        );
        assert_eq!(
            read(&inc, Some("civilians"), &all()),
            reading(1.0, 1.0, 3.0)
        );
    }

    fn estimate(best: f64, low: f64, high: f64) -> Estimate {
        Estimate {
            best: Some(best),
            low: Some(low),
            high: Some(high),
        }
    }
}
