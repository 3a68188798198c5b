//! UCDP GED exports (spec §8): one incident per row, dated
//! `date_start`..`date_end`, with a `deaths` figure from `best`, `low` and
//! `high` broken down by who died (`side_a`'s name: `deaths_a`, `side_b`'s:
//! `deaths_b`, `civilians`, `unknown`), and one report per article listed
//! in `source_article`.
//!
//! UCDP codes one figure per row from all its sources, so each report
//! carries the row's figure, breakdown included. A row whose `low ≤ best ≤
//! high` does not hold is kept as given, with a warning.

use super::export::columns::{Shape, list};
use super::export::registry::Registry;
use super::export::table::Row;
use super::export::{Incident, iso_day};
use super::{Account, Builder, Estimate, Figure};
use crate::date::Period;
use chrono::{NaiveDate, NaiveTime};

pub const ID: &str = "id";
/// The columns that tell a UCDP GED header.
pub const SIGNATURE: &[&str] = &["date_start", "date_end", "best", "side_a"];
/// The `source_*` columns hold one entry per article, joined by `;`.
pub const SHAPE: Shape = Shape {
    renamed: &[("region", "world_region")],
    aliases: &[("adm_1", "region"), ("where_description", "place")],
    lists: &[
        "source_article",
        "source_office",
        "source_date",
        "source_headline",
        "source_original",
    ],
};

/// The source of a `source_article` entry that names no outlet (older rows
/// hold free text there): the account is UCDP's own coding.
pub const CODERS: &str = "UCDP";

/// The common `type` of each `type_of_violence`, in UCDP's own words.
const VIOLENCE: [(&str, &str); 3] = [
    ("1", "state-based conflict"),
    ("2", "non-state conflict"),
    ("3", "one-sided violence"),
];

/// The incident of one row; `None` where the row has an error.
pub fn read(row: &mut Row) -> Option<Incident> {
    // The loader takes the id from the row; here it is only required.
    row.required(ID);
    let date = dates(row);
    let deaths = deaths(row);
    if row.failed() {
        return None;
    }
    Some(Incident {
        date: date?,
        deaths,
    })
}

/// The `type` and the reports of a row that loads (so sources are
/// registered only for rows that load).
pub fn fill(row: &Row, builder: &mut Builder, registry: &mut Registry) {
    let kind = row.cell("type_of_violence").and_then(|code| {
        VIOLENCE
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, kind)| *kind)
    });
    if let Some((kind, column)) = kind.zip(builder.column("type")) {
        builder.text(column, kind);
    }
    reports(row.cell("source_article"), builder, registry);
}

/// `date_start`..`date_end`.
fn dates(row: &mut Row) -> Option<Period> {
    let start = date(row, "date_start");
    let end = date(row, "date_end");
    let (start, end) = (start?, end?);
    if end < start {
        row.error(
            "date_end",
            format!("the event ends ({end}) before it starts ({start})"),
        );
        return None;
    }
    Some(Period { start, end })
}

fn date(row: &mut Row, column: &str) -> Option<NaiveDate> {
    let text = row.required(column)?;
    let day = day(text);
    if day.is_none() {
        row.error(
            column,
            format!("`{text}` is not a date: expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"),
        );
    }
    day
}

/// A UCDP date: `YYYY-MM-DD`, or with a time of day (`2025-11-03
/// 00:00:00.000`), which says nothing more about the day.
fn day(text: &str) -> Option<NaiveDate> {
    match text.split_once(' ') {
        Some((date, time)) => {
            NaiveTime::parse_from_str(time.trim(), "%H:%M:%S%.f").ok()?;
            iso_day(date)
        }
        None => iso_day(text),
    }
}

/// The row's `deaths` figure; `None` where the row gives no number at all.
/// An empty `deaths_*` cell leaves its group out of the breakdown, and an
/// empty side name is replaced by its column's name. An empty `best` is
/// the sum of the breakdown (spec §5.1).
fn deaths(row: &mut Row) -> Option<Figure> {
    let best = row.count("best");
    let low = row.count("low");
    let high = row.count("high");
    let mut by: Vec<(String, Estimate)> = Vec::new();
    let groups = [
        ("deaths_a", row.cell("side_a").unwrap_or("side_a")),
        ("deaths_b", row.cell("side_b").unwrap_or("side_b")),
        ("deaths_civilians", "civilians"),
        ("deaths_unknown", "unknown"),
    ];
    for (column, group) in groups {
        if let Some(count) = row.count(column) {
            add(&mut by, group, count);
        }
    }
    let assigned: f64 = by.iter().filter_map(|(_, e)| e.best).sum();
    let best = best.or_else(|| (!by.is_empty()).then_some(assigned));
    warn_inconsistent(row, low, best, high, (!by.is_empty()).then_some(assigned));
    if best.is_none() && low.is_none() && high.is_none() {
        return None;
    }
    Some(Figure {
        best,
        low,
        high,
        by,
    })
}

/// Adds a group's count to the breakdown. Groups whose names are equal
/// case-insensitively add up (spec §8): one-sided violence names `side_b`
/// "Civilians", beside the `civilians` count.
fn add(by: &mut Vec<(String, Estimate)>, group: &str, count: f64) {
    let key = group.to_lowercase();
    match by.iter_mut().find(|(name, _)| name.to_lowercase() == key) {
        Some((_, estimate)) => estimate.best = Some(estimate.best.unwrap_or(0.0) + count),
        None => by.push((
            group.to_owned(),
            Estimate {
                best: Some(count),
                ..Estimate::default()
            },
        )),
    }
}

/// Warns where `low ≤ best ≤ high` does not hold, or the groups add up to
/// more than best; the values are kept as given.
fn warn_inconsistent(
    row: &mut Row,
    low: Option<f64>,
    best: Option<f64>,
    high: Option<f64>,
    assigned: Option<f64>,
) {
    let mut above = |column, (a_name, a): (&str, Option<f64>), (b_name, b): (&str, Option<f64>)| {
        if let (Some(a), Some(b)) = (a, b)
            && a > b
        {
            row.warn(
                column,
                format!("{a_name} {a} is above {b_name} {b}; kept as given"),
            );
        }
    };
    if best.is_some() {
        above("low", ("low", low), ("best", best));
        above("high", ("best", best), ("high", high));
    } else {
        above("high", ("low", low), ("high", high));
    }
    if let (Some(assigned), Some(best)) = (assigned, best)
        && assigned > best
    {
        row.warn(
            "best",
            format!("the groups add up to {assigned}, above best {best}; kept as given"),
        );
    }
}

/// One `source_article` entry that names its outlet.
#[derive(Debug, Clone, PartialEq)]
struct Article<'a> {
    office: &'a str,
    published: NaiveDate,
    headline: Option<&'a str>,
}

/// Reads `Office,YYYY-MM-DD,Headline`. The office is everything before
/// the first `,` that a date follows, so an office or a headline may
/// hold commas of its own.
fn article(entry: &str) -> Option<Article<'_>> {
    entry.match_indices(',').find_map(|(comma, _)| {
        let office = entry[..comma].trim();
        let rest = &entry[comma + 1..];
        let published = iso_day(rest.get(..10)?)?;
        let after = &rest[10..];
        let headline = match after.strip_prefix(',') {
            Some(headline) => Some(headline.trim()).filter(|h| !h.is_empty()),
            None if after.trim().is_empty() => None,
            None => return None,
        };
        (!office.is_empty()).then_some(Article {
            office,
            published,
            headline,
        })
    })
}

/// The reports of a row, each carrying the row's figure: one per article
/// that names its outlet (source = the office, published = its date,
/// quote = its headline), and one from UCDP quoting the free text of the
/// entries that name none.
fn reports(cell: Option<&str>, builder: &mut Builder, registry: &mut Registry) {
    let mut free_text: Vec<&str> = Vec::new();
    for entry in cell.into_iter().flat_map(list) {
        match article(entry) {
            Some(a) => builder.report_of_own_figures(Account {
                source: registry.index(a.office),
                published: Some(a.published),
                url: None,
                quote: a.headline,
            }),
            None => free_text.push(entry),
        }
    }
    if !free_text.is_empty() {
        builder.report_of_own_figures(Account {
            source: registry.index(CODERS),
            published: None,
            url: None,
            quote: Some(&free_text.join("; ")),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::export::{Layout, load};
    use crate::dataset::testing::{Field, field, figures, incident};
    use crate::dataset::{Dataset, Loaded};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn read(text: &str) -> Loaded {
        load(text.as_bytes(), Some(Layout::Ucdp), "ged")
    }

    fn dataset(text: &str) -> Dataset {
        let loaded = read(text);
        assert_eq!(loaded.problems, []);
        loaded.dataset.unwrap_or_default()
    }

    fn est(best: f64) -> Estimate {
        Estimate {
            best: Some(best),
            ..Estimate::default()
        }
    }

    /// The 49 columns of UCDP GED.
    const HEAD: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob\n";

    fn one_sided() -> String {
        format!(
            "{HEAD}\
             5001,VAR-2025-3-1-1,2025,1,Clear,3,901,901,Ridge Militia - Civilians,902,902,Ridge Militia - Civilians,903,903,Ridge Militia,904,904,Civilians,2,\"Continental Wire,2025-11-20,Militia kills villagers, officials say;Harbour Ledger,2025-11-22,Hollin mourns\",Continental Wire;Harbour Ledger,2025-11-20;2025-11-22,,,1,Hollin village,Hollin village,Kessel Valley province,Ferry Ward district,38.2,69.4,POINT (69.4 38.2),180000,Varnia,900,Asia,1,2,2025-11-18 00:00:00.000,2025-11-21 00:00:00.000,1,4,2,1,8,11,6,900,\n"
        )
    }

    #[test]
    fn dates_with_and_without_a_time() {
        assert_eq!(day("2025-11-18"), Some(ymd(2025, 11, 18)));
        assert_eq!(day("2025-11-18 00:00:00"), Some(ymd(2025, 11, 18)));
        assert_eq!(day("2025-11-18 00:00:00.000"), Some(ymd(2025, 11, 18)));
        assert_eq!(day("2025-11-18 noon"), None);
        assert_eq!(day("18/11/2025"), None);
        assert_eq!(day("2025-11"), None);
    }

    #[test]
    fn a_row_is_an_incident_over_its_date_range_with_a_breakdown() {
        let ds = dataset(&one_sided());
        let inc = incident(&ds, "5001");
        assert_eq!(
            inc.date(),
            Period {
                start: ymd(2025, 11, 18),
                end: ymd(2025, 11, 21)
            }
        );
        let deaths = Figure {
            best: Some(8.0),
            low: Some(6.0),
            high: Some(11.0),
            // side_b "Civilians" (4) and the civilians count (2) add up.
            by: vec![
                ("Ridge Militia".into(), est(1.0)),
                ("Civilians".into(), est(6.0)),
                ("unknown".into(), est(1.0)),
            ],
        };
        assert_eq!(figures(inc.figures()).get("deaths"), Some(&deaths));
        assert!(
            inc.reports()
                .all(|r| figures(r.figures()).get("deaths") == Some(&deaths))
        );
    }

    #[test]
    fn every_column_is_a_field_with_the_common_names_added() {
        let ds = dataset(&one_sided());
        let f = |name: &str| field(&ds, incident(&ds, "5001"), name);
        let text = |s: &str| Some(Field::Str(s.into()));
        assert_eq!(f("region"), text("Kessel Valley province"));
        assert_eq!(f("adm_1"), text("Kessel Valley province"));
        assert_eq!(f("world_region"), text("Asia"));
        assert_eq!(f("place"), text("Hollin village"));
        assert_eq!(f("type"), text("one-sided violence"));
        assert_eq!(f("type_of_violence"), Some(Field::Num(3.0)));
        assert_eq!(f("best"), Some(Field::Num(8.0)));
        assert_eq!(f("gwnob"), None);
        assert_eq!(
            f("source_office"),
            Some(Field::List(vec![
                "Continental Wire".into(),
                "Harbour Ledger".into()
            ]))
        );
    }

    #[test]
    fn articles_become_reports() {
        let ds = dataset(&one_sided());
        let reports: Vec<(&str, Option<NaiveDate>, Option<&str>)> = incident(&ds, "5001")
            .reports()
            .map(|r| {
                (
                    ds.sources[r.source()].name.as_str(),
                    r.published(),
                    r.quote(),
                )
            })
            .collect();
        assert_eq!(
            reports,
            [
                (
                    "Continental Wire",
                    Some(ymd(2025, 11, 20)),
                    Some("Militia kills villagers, officials say")
                ),
                (
                    "Harbour Ledger",
                    Some(ymd(2025, 11, 22)),
                    Some("Hollin mourns")
                ),
            ]
        );
    }

    #[test]
    fn an_article_is_office_date_headline() {
        assert_eq!(
            article("Agence, Paris,2025-11-20,Ten killed, dozens hurt"),
            Some(Article {
                office: "Agence, Paris",
                published: ymd(2025, 11, 20),
                headline: Some("Ten killed, dozens hurt"),
            })
        );
        assert_eq!(
            article("Wire,2025-11-20"),
            Some(Article {
                office: "Wire",
                published: ymd(2025, 11, 20),
                headline: None,
            })
        );
        assert_eq!(article("Wire,2025-11-20x,Headline"), None);
        assert_eq!(article(",2025-11-20,Headline"), None);
        assert_eq!(article("BBC Monitoring, 12 May 2003"), None);
        assert_eq!(article("Wire,2025-1"), None);
    }

    #[test]
    fn free_text_is_one_report_from_ucdp() {
        let text = "id,side_a,date_start,date_end,best,source_article\n\
                    1,Army,2003-05-12,2003-05-12,2,\"BBC Monitoring, 12 May 2003; Wire,2003-05-13,Two dead; local radio\"\n\
                    2,Army,2003-05-12,2003-05-12,2,\n";
        let ds = dataset(text);
        let shown: Vec<(&str, Option<&str>, bool)> = incident(&ds, "1")
            .reports()
            .map(|r| {
                let id = ds.sources[r.source()].id.as_str();
                (id, r.quote(), figures(r.figures()).contains_key("deaths"))
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("Wire", Some("Two dead"), true),
                (
                    "UCDP",
                    Some("BBC Monitoring, 12 May 2003; local radio"),
                    true
                ),
            ]
        );
        assert_eq!(incident(&ds, "2").reports().len(), 0);
    }

    #[test]
    fn groups_equal_but_for_case_add_up() {
        let mut by = Vec::new();
        add(&mut by, "Civilians", 4.0);
        add(&mut by, "civilians", 2.0);
        add(&mut by, "unknown", 0.0);
        assert_eq!(
            by,
            [
                ("Civilians".to_string(), est(6.0)),
                ("unknown".to_string(), est(0.0))
            ]
        );
    }

    #[test]
    fn inconsistent_figures_are_warnings_kept_as_given() {
        let text = "id,side_a,side_b,date_start,date_end,deaths_a,deaths_b,best,low,high\n\
                    1,Army,Rebels,2025-01-01,2025-01-02,3,4,5,6,4\n\
                    2,Army,Rebels,2025-01-01,2025-01-02,,,,7,3\n";
        let loaded = read(text);
        let shown: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "warning in column low (line 2): low 6 is above best 5; kept as given",
                "warning in column high (line 2): best 5 is above high 4; kept as given",
                "warning in column best (line 2): the groups add up to 7, above best 5; kept as given",
                "warning in column high (line 3): low 7 is above high 3; kept as given",
            ]
        );
        let ds = loaded.dataset.unwrap_or_default();
        assert_eq!(ds.incidents.len(), 2);
        let first = figures(incident(&ds, "1").figures())
            .remove("deaths")
            .unwrap_or_default();
        assert_eq!(
            (first.best, first.low, first.high),
            (Some(5.0), Some(6.0), Some(4.0))
        );
    }

    #[test]
    fn best_is_the_sum_of_the_groups_where_it_is_empty() {
        let text = "id,side_a,side_b,date_start,date_end,deaths_a,deaths_b,best\n\
                    1,Army,Rebels,2025-01-01,2025-01-02,3,4,\n\
                    2,Army,Rebels,2025-01-01,2025-01-02,,,\n";
        let ds = dataset(text);
        let deaths = |id| figures(incident(&ds, id).figures()).remove("deaths");
        assert_eq!(deaths("1").and_then(|f| f.best), Some(7.0));
        assert_eq!(deaths("2"), None);
    }

    #[test]
    fn bad_rows_are_errors_at_their_column() {
        let text = "id,side_a,date_start,date_end,best,deaths_a\n\
                    1,Army,2025-01-05,2025-01-02,1,1\n\
                    2,Army,2025-01-01,2025-01-02,many,1\n\
                    3,Army,2025-01-01,01/02/2025,1,1\n\
                    4,Army,2025-01-01,2025-01-02,1,x\n";
        let shown: Vec<String> = read(text)
            .problems
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "error in column date_end (line 2): the event ends (2025-01-02) before it starts (2025-01-05)",
                "error in column best (line 3): `many` is not a number",
                "error in column date_end (line 4): `01/02/2025` is not a date: expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS",
                "error in column deaths_a (line 5): `x` is not a number",
            ]
        );
    }
}
