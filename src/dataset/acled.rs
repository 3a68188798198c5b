//! ACLED exports (spec §8): one incident per row, with its id in
//! `event_id_cnty`, its date in `event_date` widened by `time_precision`,
//! `fatalities` as its `deaths` figure, and one report per source named
//! in `source`.
//!
//! Three layouts are in use: today's 31 columns, the same with four
//! population columns (35), and the layout before 2023 (`data_id`,
//! `event_id_no_cnty`, `iso3`; no `disorder_type`, `civilian_targeting` or
//! `tags`). Every column is read by its name, so all three load alike.

use super::export::columns::{Shape, list};
use super::export::registry::Registry;
use super::export::table::Row;
use super::export::{Incident, iso_day};
use super::{Account, Builder, Figure};
use crate::date::{Period, month_period};
use chrono::{Datelike, Days, NaiveDate};

pub const ID: &str = "event_id_cnty";
/// The columns that tell an ACLED header.
pub const SIGNATURE: &[&str] = &[ID, "event_date", "fatalities"];
/// The columns that hold `;` lists are ACLED's actor lists, tags and
/// sources; `notes` may hold `;` too, but is prose.
pub const SHAPE: Shape = Shape {
    renamed: &[("region", "world_region")],
    aliases: &[
        ("admin1", "region"),
        ("location", "place"),
        ("event_type", "type"),
    ],
    lists: &["assoc_actor_1", "assoc_actor_2", "tags", "source"],
};

/// The date forms older exports use besides `YYYY-MM-DD`:
/// `15 January 2020` (or `15 Jan 2020`), `15-January-2020`, `15/01/2020`.
const OLDER_DATES: [&str; 3] = ["%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"];

/// The incident of one row; `None` where the row has an error.
pub fn read(row: &mut Row) -> Option<Incident> {
    // The loader takes the id from the row; here it is only required.
    row.required(ID);
    let date = date(row);
    let deaths = row.count("fatalities").map(|best| Figure {
        best: Some(best),
        ..Figure::default()
    });
    if row.failed() {
        return None;
    }
    Some(Incident {
        date: date?,
        deaths,
    })
}

/// The reports of a row that loads (so sources are registered only for
/// rows that load).
pub fn fill(row: &Row, builder: &mut Builder, registry: &mut Registry) {
    reports(row.cell("source"), builder, registry);
}

/// `event_date` as the period `time_precision` allows: 1 the day, 2 the
/// week around it (three days either side), 3 its month. A missing
/// precision is 1; any other value is an error, since guessing would move
/// the incident in or out of a window.
fn date(row: &mut Row) -> Option<Period> {
    let text = row.required("event_date")?;
    let Some(day) = event_day(text) else {
        row.error(
            "event_date",
            format!("`{text}` is not a date: expected YYYY-MM-DD, `dd Month YYYY` or dd/mm/yyyy"),
        );
        return None;
    };
    let precision = match row.cell("time_precision") {
        None | Some("1") => Precision::Day,
        Some("2") => Precision::Week,
        Some("3") => Precision::Month,
        Some(other) => {
            row.error(
                "time_precision",
                format!("`{other}` is not a time precision: ACLED writes 1 (the day), 2 (the week) or 3 (the month)"),
            );
            return None;
        }
    };
    let period = widen(day, precision);
    if period.is_none() {
        row.error(
            "event_date",
            format!("`{text}` widened by its time precision leaves the calendar"),
        );
    }
    period
}

/// ACLED's `time_precision`: how closely the event's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Day,
    Week,
    Month,
}

/// An `event_date` in any of the forms ACLED has written.
fn event_day(text: &str) -> Option<NaiveDate> {
    iso_day(text).or_else(|| {
        OLDER_DATES
            .iter()
            .find_map(|form| NaiveDate::parse_from_str(text, form).ok())
    })
}

/// The days a date of the given precision may be. `None` only at the ends
/// of the calendar.
fn widen(day: NaiveDate, precision: Precision) -> Option<Period> {
    match precision {
        Precision::Day => Some(Period {
            start: day,
            end: day,
        }),
        Precision::Week => Some(Period {
            start: day.checked_sub_days(Days::new(3))?,
            end: day.checked_add_days(Days::new(3))?,
        }),
        Precision::Month => month_period(day.year(), day.month()),
    }
}

/// One report per source named in `source` (a `;` list), each carrying the
/// row's figure: ACLED codes one figure per row from all its sources
/// together. A source named twice in a row gives one report. The export
/// says nothing of when each source published, so reports are undated;
/// an empty `source` gives an incident with no reports.
fn reports(cell: Option<&str>, builder: &mut Builder, registry: &mut Registry) {
    let mut sources: Vec<usize> = Vec::new();
    for name in cell.into_iter().flat_map(list) {
        let source = registry.index(name);
        if !sources.contains(&source) {
            sources.push(source);
            builder.report_of_own_figures(Account {
                source,
                published: None,
                url: None,
                quote: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::export::{Layout, load};
    use crate::dataset::testing::{Field, field, fields, figures, incident};
    use crate::dataset::{Dataset, Loaded};
    use std::collections::BTreeMap;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn period(start: NaiveDate, end: NaiveDate) -> Period {
        Period { start, end }
    }

    fn read(text: &str) -> Loaded {
        load(text.as_bytes(), Some(Layout::Acled), "acled")
    }

    fn dataset(text: &str) -> Dataset {
        let loaded = read(text);
        assert_eq!(loaded.problems, []);
        loaded.dataset.unwrap_or_default()
    }

    fn text(s: &str) -> Field {
        Field::Str(s.to_string())
    }

    /// The current layout, 31 columns, as `gen.py` writes it.
    const CURRENT: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n\
        VAR101,2025-11-03,2025,1,Political violence,Battles,Armed clash,Varnian border guard,Ferry Ward militia; Police,State forces,Ridge Militia,,Rebel group,State forces-Rebel group,,900,Central Asia,Varnia,Kessel Valley,Ferry Ward,,Dunmore Crossing,38.5000,69.25,1,AFP; Reuters,National-International,\"Guards clashed with militants, at night.\",5,crowd size=no report,1762300000\n";

    #[test]
    fn event_dates_in_every_form() {
        let nov3 = Some(day(2025, 11, 3));
        assert_eq!(event_day("2025-11-03"), nov3);
        assert_eq!(event_day("03 November 2025"), nov3);
        assert_eq!(event_day("3 November 2025"), nov3);
        assert_eq!(event_day("3 Nov 2025"), nov3);
        assert_eq!(event_day("03-November-2025"), nov3);
        assert_eq!(event_day("03/11/2025"), nov3);
        for bad in [
            "2025-11",
            "11/03/2025x",
            "31 November 2025",
            "2025/11/03",
            "yesterday",
        ] {
            assert_eq!(event_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn precision_widens_the_date() {
        let d = day(2025, 11, 30);
        assert_eq!(widen(d, Precision::Day), Some(period(d, d)));
        assert_eq!(
            widen(d, Precision::Week),
            Some(period(day(2025, 11, 27), day(2025, 12, 3)))
        );
        assert_eq!(
            widen(d, Precision::Month),
            Some(period(day(2025, 11, 1), d))
        );
        assert_eq!(widen(NaiveDate::MAX, Precision::Week), None);
    }

    #[test]
    fn the_current_layout_loads_every_column_as_a_field() {
        let ds = dataset(CURRENT);
        let inc = incident(&ds, "VAR101");
        assert_eq!(inc.date(), period(day(2025, 11, 3), day(2025, 11, 3)));
        let f = |name: &str| field(&ds, inc, name);
        assert_eq!(
            fields(&ds, inc).len(),
            31 + 3 - 3,
            "31 columns, 3 aliases, 3 empty"
        );
        assert_eq!(f("region"), Some(text("Kessel Valley")));
        assert_eq!(f("admin1"), Some(text("Kessel Valley")));
        assert_eq!(f("world_region"), Some(text("Central Asia")));
        assert_eq!(f("place"), Some(text("Dunmore Crossing")));
        assert_eq!(f("type"), Some(text("Battles")));
        assert_eq!(f("geo_precision"), Some(Field::Num(1.0)));
        assert_eq!(f("latitude"), Some(Field::Num(38.5)));
        assert_eq!(f("fatalities"), Some(Field::Num(5.0)));
        assert_eq!(
            f("assoc_actor_1"),
            Some(Field::List(vec![
                "Ferry Ward militia".into(),
                "Police".into()
            ]))
        );
        assert_eq!(
            f("tags"),
            Some(Field::List(vec!["crowd size=no report".into()]))
        );
        assert_eq!(
            f("notes"),
            Some(text("Guards clashed with militants, at night."))
        );
        assert_eq!(f("admin2"), Some(text("Ferry Ward")));
        assert_eq!(f("admin3"), None);
    }

    #[test]
    fn each_source_is_a_report_carrying_the_row_figure() {
        let ds = dataset(CURRENT);
        let inc = incident(&ds, "VAR101");
        let five = Figure {
            best: Some(5.0),
            ..Figure::default()
        };
        let deaths = BTreeMap::from([("deaths".to_string(), five)]);
        assert_eq!(figures(inc.figures()), deaths);
        let names: Vec<&str> = ds.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["AFP", "Reuters"]);
        let reports: Vec<(usize, BTreeMap<String, Figure>)> = inc
            .reports()
            .map(|r| (r.source(), figures(r.figures())))
            .collect();
        assert_eq!(reports, [(0, deaths.clone()), (1, deaths)]);
        assert!(inc.reports().all(|r| r.published().is_none()));
        assert!(ds.names.measures.contains_key("deaths"));
    }

    #[test]
    fn the_population_layout_loads() {
        let text = "event_id_cnty,event_date,time_precision,country,admin1,location,source,fatalities,tags,population_1km,population_2km,population_5km,population_best,timestamp\n\
                    OST7,2025-12-20,2,Ostrel,Ostrel Highlands,Post 14,Observatory,3,,120,480,,480,1766200000\n";
        let ds = dataset(text);
        let inc = incident(&ds, "OST7");
        assert_eq!(field(&ds, inc, "population_best"), Some(Field::Num(480.0)));
        assert_eq!(field(&ds, inc, "population_5km"), None);
        assert_eq!(inc.date(), period(day(2025, 12, 17), day(2025, 12, 23)));
    }

    #[test]
    fn the_layout_before_2023_loads_with_its_date_forms() {
        let csv = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3\n\
                    7001,900,VAR12,12,14 March 2019,2019,3,Riots,Mob violence,Rioters (Varnia),,5,,,0,50,Central Asia,Varnia,Lowmoor,,,Old Harbour,38.1,69.9,2,Harbour Ledger,Subnational,,0,1552600000,VAR\n\
                    7002,900,VAR13,13,15/03/2019,2019,1,Riots,Mob violence,Rioters (Varnia),,5,,,0,50,Central Asia,Varnia,Lowmoor,,,Old Harbour,38.1,69.9,2,Harbour Ledger,Subnational,,1,1552600000,VAR\n";
        let ds = dataset(csv);
        let dates: Vec<Period> = ["VAR12", "VAR13"]
            .map(|id| incident(&ds, id).date())
            .to_vec();
        assert_eq!(
            dates,
            [
                period(day(2019, 3, 1), day(2019, 3, 31)),
                period(day(2019, 3, 15), day(2019, 3, 15))
            ]
        );
        let inc = incident(&ds, "VAR12");
        assert_eq!(field(&ds, inc, "inter1"), Some(Field::Num(5.0)));
        assert_eq!(field(&ds, inc, "iso3"), Some(text("VAR")));
        assert_eq!(field(&ds, inc, "data_id"), Some(Field::Num(7001.0)));
    }

    #[test]
    fn bad_dates_precisions_and_figures_are_row_errors() {
        let text = "event_id_cnty,event_date,time_precision,fatalities\n\
                    A1,2025-13-01,1,1\n\
                    A2,2025-11-01,4,1\n\
                    A3,2025-11-01,1,-2\n\
                    ,2025-11-01,1,0\n\
                    A5,,1,0\n\
                    A6,2025-11-01,,\n";
        let loaded = read(text);
        let shown: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "error in column event_date (line 2): `2025-13-01` is not a date: expected YYYY-MM-DD, `dd Month YYYY` or dd/mm/yyyy",
                "error in column time_precision (line 3): `4` is not a time precision: ACLED writes 1 (the day), 2 (the week) or 3 (the month)",
                "error in column fatalities (line 4): `-2` is negative; a count is ≥ 0",
                "error in column event_id_cnty (line 5): `event_id_cnty` is empty",
                "error in column event_date (line 6): `event_date` is empty",
            ]
        );
        // Without fatalities, a row loads with no figure and reports none.
        let ds = loaded.dataset.unwrap_or_default();
        assert_eq!(ds.incidents.len(), 1);
        assert_eq!(incident(&ds, "A6").figures().count(), 0);
    }

    #[test]
    fn a_source_named_twice_in_a_row_is_one_report() {
        let text = "event_id_cnty,event_date,source,fatalities\n\
                    A1,2025-11-01,AFP; Reuters;afp,2\n\
                    A2,2025-11-02,,2\n";
        let ds = dataset(text);
        assert_eq!(incident(&ds, "A1").reports().len(), 2);
        assert_eq!(ds.sources.len(), 2);
        assert_eq!(incident(&ds, "A2").reports().len(), 0);
    }
}
