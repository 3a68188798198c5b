//! How loaders fill the store: one incident at a time, in input order —
//! its id and date, its fields, its own figures, then its reports, each
//! with its figures — and `finish`, which sorts the incidents by date and
//! lays every table out in that order. Loaders validate; the builder only
//! stores what they accept.

use super::column::{Cell, Column};
use super::index::Index;
use super::intern::{Distinct, Interner, Sym, Texts};
use super::store::{ColumnId, FigureRow, GroupRow, IncidentRow, ReportRow, Rows, Store};
use super::{Figure, Group, Names};
use crate::date::Period;
use chrono::NaiveDate;
use hashbrown::{HashMap, HashSet};

/// Why an incident was not started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Its id is the id of the incident numbered so, in input order.
    Taken(usize),
    /// The store cannot hold more: see `Builder::is_full`.
    Full,
}

/// What a report says of itself; its figures follow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Account<'a> {
    /// Index into `Dataset::sources`.
    pub source: usize,
    pub published: Option<NaiveDate>,
    pub url: Option<&'a str>,
    pub quote: Option<&'a str>,
}

#[derive(Debug, Default)]
pub struct Builder {
    store: Store,
    ids: Ids,
    /// Field name → its column; an alias names another field's column.
    columns: HashMap<Sym, ColumnId>,
    /// The first texts of each column.
    recent: Vec<Recent>,
    open: Option<Open>,
    full: bool,
}

/// Each incident's id, numbered in input order, so that an id given
/// twice is found as the number of the incident that has it.
#[derive(Debug)]
enum Ids {
    /// Apart from the interned texts, which then stay few and quick to
    /// look up: a native dataset's ids are no field's texts.
    Apart(Distinct),
    /// Among the interned texts, where a field holds them too (an export
    /// keeps every column as a field): held once, not twice. `first`: for
    /// each symbol, one more than the number of the incident it is the id
    /// of (0: none).
    Interned { ids: Vec<Sym>, first: Vec<u32> },
}

impl Ids {
    /// The id of the incident numbered `number`.
    fn get<'a>(&'a self, number: usize, strings: &'a Interner) -> &'a str {
        match self {
            Ids::Apart(ids) => ids.get(number),
            Ids::Interned { ids, .. } => ids.get(number).map_or("", |&s| strings.get(s)),
        }
    }
}

impl Default for Ids {
    fn default() -> Ids {
        Ids::Apart(Distinct::default())
    }
}

/// The incident being built: where its rows begin, so that it can be
/// dropped whole.
#[derive(Debug, Clone, Copy)]
struct Open {
    figures: usize,
    groups: usize,
    reports: usize,
    lists: usize,
    items: usize,
}

impl Builder {
    /// A builder for a dataset whose ids a field holds too: an export's.
    pub fn with_interned_ids() -> Builder {
        Builder {
            ids: Ids::Interned {
                ids: Vec::new(),
                first: Vec::new(),
            },
            ..Builder::default()
        }
    }

    /// The column of the field `name` (lowercase), made when new.
    pub fn column(&mut self, name: &str) -> Option<ColumnId> {
        let sym = self.strings(name)?;
        if let Some(&column) = self.columns.get(&sym) {
            return Some(column);
        }
        let column = ColumnId(u32::try_from(self.store.columns.len()).ok()?);
        self.store.columns.push(Column::default());
        self.columns.insert(sym, column);
        Some(column)
    }

    /// Makes `alias` (lowercase) a second name of `column`'s field.
    pub fn alias(&mut self, alias: &str, column: ColumnId) {
        if let Some(sym) = self.strings(alias) {
            self.columns.insert(sym, column);
        }
    }

    /// Starts the next incident; the one before, if still open, is kept.
    pub fn incident(&mut self, id: &str, date: Period) -> Result<(), Refused> {
        self.commit();
        if self.full {
            return Err(Refused::Full);
        }
        self.take_id(id)?;
        let store = &mut self.store;
        let figures = store.figures.len();
        let reports = store.reports.len();
        self.open = Some(Open {
            figures,
            groups: store.groups.len(),
            reports,
            lists: store.lists.len(),
            items: store.items.len(),
        });
        let empty = |at: usize| Rows {
            start: at as u32,
            end: at as u32,
        };
        store.incidents.push(IncidentRow {
            date,
            figures: empty(figures),
            reports: empty(reports),
        });
        Ok(())
    }

    /// A text field of the open incident.
    pub fn text(&mut self, column: ColumnId, text: &str) {
        let sym = self.column_text(column, text);
        self.set(column, sym.map(Cell::Str));
    }

    pub fn number(&mut self, column: ColumnId, n: f64) {
        self.set(column, Some(Cell::Num(n)));
    }

    pub fn boolean(&mut self, column: ColumnId, b: bool) {
        self.set(column, Some(Cell::Bool(b)));
    }

    pub fn list<'t>(&mut self, column: ColumnId, items: impl IntoIterator<Item = &'t str>) {
        let start = self.store.items.len();
        for item in items {
            match self.column_text(column, item) {
                Some(sym) => self.store.items.push(sym),
                None => return self.set(column, None),
            }
        }
        let rows = rows(start, self.store.items.len());
        let index = u32::try_from(self.store.lists.len()).ok();
        self.store.lists.push(rows.unwrap_or_default());
        let cell = rows.and(index).map(Cell::List);
        self.set(column, cell);
    }

    /// A figure for `measure` (lowercase): the open incident's own until
    /// its first report, then the last report's. Loaders give each
    /// incident's and each report's figures in the order of their names.
    pub fn figure(&mut self, measure: &str, figure: &Figure) {
        let Some(measure) = self.strings(measure) else {
            return;
        };
        let groups_start = self.store.groups.len();
        for (group, e) in &figure.by {
            let (Some(spelling), Some(key)) =
                (self.strings(group), self.strings(&group.to_lowercase()))
            else {
                return;
            };
            self.store.groups.push(GroupRow {
                group: spelling,
                key,
                best: given(e.best),
                low: given(e.low),
                high: given(e.high),
            });
        }
        let Ok(groups_start) = u32::try_from(groups_start) else {
            self.full = true;
            return;
        };
        self.store.figures.push(FigureRow {
            measure,
            groups_start,
            best: given(figure.best),
            low: given(figure.low),
            high: given(figure.high),
        });
        let Ok(end) = u32::try_from(self.store.figures.len()) else {
            self.full = true;
            return;
        };
        let store = &mut self.store;
        let Some(incident) = store.incidents.last_mut() else {
            return;
        };
        let holder = match store.reports.last_mut() {
            Some(report) if incident.reports.start < incident.reports.end => &mut report.figures,
            _ => &mut incident.figures,
        };
        holder.end = end;
    }

    /// Makes every number of a column text, written the shortest way that
    /// reads back as the same number (`38.50` → `38.5`).
    pub fn numbers_as_text(&mut self, column: ColumnId) {
        let Some(numbers) = self
            .store
            .column(column)
            .map(|c| c.numbers().collect::<Vec<_>>())
        else {
            return;
        };
        for (position, n) in numbers {
            let cell = self.folded(&n.to_string()).map(Cell::Str);
            match (cell, self.store.columns.get_mut(column.0 as usize)) {
                (Some(cell), Some(c)) => {
                    c.set(position, cell);
                }
                _ => self.full = true,
            }
        }
    }

    /// A report of the open incident; the figures that follow are its own.
    pub fn report(&mut self, account: Account) {
        let at = self.store.figures.len();
        let figures = rows(at, at);
        self.push_report(account, figures);
    }

    /// A report that carries its incident's own figures (an export's row
    /// codes one figure from all its sources).
    pub fn report_of_own_figures(&mut self, account: Account) {
        let figures = self.store.incidents.last().map(|i| i.figures);
        self.push_report(account, figures);
    }

    /// Whether the store is full: no more incidents are taken, and the
    /// last one was dropped. Loaders say so as an error.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// Every incident taken, sorted by date, and the names they use.
    pub fn finish(mut self) -> (Store, Names) {
        self.commit();
        let names = self.names();
        (relayout(self.store, &self.ids), names)
    }

    /// Keeps the open incident, or drops it whole if the store filled up
    /// while it was built.
    fn commit(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        if !self.full {
            return;
        }
        match &mut self.ids {
            Ids::Apart(ids) => ids.pop(),
            Ids::Interned { ids, first } => {
                if let Some(id) = ids.pop()
                    && let Some(slot) = first.get_mut(id.index())
                {
                    *slot = 0;
                }
            }
        }
        let store = &mut self.store;
        store.incidents.pop();
        store.figures.truncate(open.figures);
        store.groups.truncate(open.groups);
        store.reports.truncate(open.reports);
        store.lists.truncate(open.lists);
        store.items.truncate(open.items);
        let position = store.incidents.len();
        for column in &mut store.columns {
            column.truncate(position);
        }
    }

    fn push_report(&mut self, account: Account, figures: Option<Rows>) {
        let url = account.url.and_then(|u| self.strings(u));
        let quote = account.quote.and_then(|q| self.strings(q));
        let (Some(figures), Ok(source)) = (figures, u32::try_from(account.source)) else {
            self.full = true;
            return;
        };
        self.store.reports.push(ReportRow {
            source,
            published: account.published,
            url,
            quote,
            figures,
        });
        let end = self.store.reports.len();
        match (self.store.incidents.last_mut(), u32::try_from(end)) {
            (Some(incident), Ok(end)) => incident.reports.end = end,
            _ => self.full = true,
        }
    }

    fn set(&mut self, column: ColumnId, cell: Option<Cell>) {
        let position = self.store.incidents.len().checked_sub(1);
        let column = self.store.columns.get_mut(column.0 as usize);
        let stored = match (cell, position, column) {
            (Some(cell), Some(position), Some(column)) => column.set(position, cell),
            _ => None,
        };
        if stored.is_none() {
            self.full = true;
        }
    }

    /// Gives the next incident `id`, refused if an earlier one has it.
    fn take_id(&mut self, id: &str) -> Result<(), Refused> {
        let taken = match &mut self.ids {
            Ids::Apart(ids) => match ids.insert(id) {
                Some((_, true)) => return Ok(()),
                Some((first, false)) => Some(first),
                None => None,
            },
            Ids::Interned { ids, first } => {
                let sym = self.store.strings.intern(id);
                let slot = sym.map(|sym| sym.index()).and_then(|index| {
                    if first.len() <= index {
                        first.resize(index + 1, 0);
                    }
                    first.get_mut(index)
                });
                match (sym, slot, u32::try_from(ids.len() + 1)) {
                    (Some(_), Some(slot), _) if *slot > 0 => Some(*slot as usize - 1),
                    (Some(sym), Some(slot), Ok(number)) => {
                        *slot = number;
                        ids.push(sym);
                        return Ok(());
                    }
                    _ => None,
                }
            }
        };
        match taken {
            Some(first) => Err(Refused::Taken(first)),
            None => {
                self.full = true;
                Err(Refused::Full)
            }
        }
    }

    fn strings(&mut self, text: &str) -> Option<Sym> {
        let sym = self.store.strings.intern(text);
        self.full |= sym.is_none();
        sym
    }

    /// A text of a column, found among the column's recent texts first.
    fn column_text(&mut self, column: ColumnId, text: &str) -> Option<Sym> {
        // An export's id column repeats the incident's id, which no other
        // incident has: neither the column's recent texts nor the
        // interner's table would find it in the processor's cache.
        if let Some(id) = self.open_id(text) {
            self.store.strings.fold(id);
            return Some(id);
        }
        let index = column.0 as usize;
        if self.recent.len() <= index {
            self.recent.resize_with(index + 1, Recent::default);
        }
        if let Some(sym) = self.recent.get(index).and_then(|r| r.find(text)) {
            return Some(sym);
        }
        let sym = self.folded(text)?;
        if let Some(recent) = self.recent.get_mut(index) {
            recent.remember(sym, text);
        }
        Some(sym)
    }

    /// The open incident's id, where it is interned and `text` is it.
    fn open_id(&self, text: &str) -> Option<Sym> {
        let Ids::Interned { ids, .. } = &self.ids else {
            return None;
        };
        let id = ids.last().copied().filter(|_| self.open.is_some())?;
        (self.store.strings.get(id) == text).then_some(id)
    }

    /// A text that claims compare: interned, and folded.
    fn folded(&mut self, text: &str) -> Option<Sym> {
        let sym = self.strings(text)?;
        self.store.strings.fold(sym);
        Some(sym)
    }

    /// The names claims may use: every measure, every field that some
    /// incident has, every group under its first spelling.
    fn names(&self) -> Names {
        let strings = &self.store.strings;
        let text = |sym: Sym| strings.get(sym).to_string();
        let mut names = Names::default();
        let measures: HashSet<Sym> = self.store.figures.iter().map(|f| f.measure).collect();
        names.measures = measures.into_iter().map(|m| (text(m), m)).collect();
        // Each group under the first spelling given, by its lowercase key.
        let mut groups: HashMap<Sym, Sym> = HashMap::new();
        for row in &self.store.groups {
            groups.entry(row.key).or_insert(row.group);
        }
        names.groups = groups
            .into_iter()
            .map(|(key, spelling)| {
                let spelling = text(spelling);
                (text(key), Group { spelling, key })
            })
            .collect();
        for (name, column) in &self.columns {
            if self.store.column(*column).is_some_and(Column::is_used) {
                names.fields.insert(text(*name), *column);
            }
        }
        names
    }
}

/// How many texts of one column `Recent` keeps.
const RECENT: usize = 16384;

/// The first texts a column held, up to `RECENT` of them: the few values
/// a column repeats row after row (a country, a type) are found in a
/// table small enough to stay in the processor's cache, where the
/// interner's table, which holds every text of the dataset (an export's
/// unique codes and notes too), does not. The texts are copied, not
/// read from the interner's arena, where they lie scattered among those
/// unique codes.
#[derive(Debug, Default)]
struct Recent {
    texts: Distinct,
    /// Each text's symbol, by its number in `texts`.
    syms: Vec<Sym>,
}

impl Recent {
    fn find(&self, text: &str) -> Option<Sym> {
        self.texts
            .find(text)
            .and_then(|i| self.syms.get(i).copied())
    }

    fn remember(&mut self, sym: Sym, text: &str) {
        if self.texts.len() < RECENT && self.texts.insert(text) == Some((self.syms.len(), true)) {
            self.syms.push(sym);
        }
    }
}

fn given(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

fn rows(start: usize, end: usize) -> Option<Rows> {
    Some(Rows {
        start: u32::try_from(start).ok()?,
        end: u32::try_from(end).ok()?,
    })
}

/// The store with its incidents sorted by date — start, then end, then
/// input order — and every table of theirs laid out in that order, on
/// both cores: the columns one at a time beside the figures, then the
/// reports, so that no more than a column and one other table are ever
/// held twice.
fn relayout(store: Store, ids: &Ids) -> Store {
    let mut order: Vec<u32> = (0..store.incidents.len() as u32).collect();
    order.sort_by_key(|&i| {
        let date = store.incidents.get(i as usize).map(|r| r.date);
        date.map(|d| (d.start, d.end))
    });
    let Store {
        strings,
        incidents,
        columns,
        lists,
        items,
        figures,
        groups,
        reports,
        ids: _,
        index: _,
    } = store;
    // The columns are laid out on another core while the figures are:
    // each depends only on the order.
    let (columns, (moved, new_figures, new_groups)) = rayon::join(
        || {
            columns
                .into_iter()
                .map(|column| column.reordered(&order))
                .collect::<Vec<_>>()
        },
        || figures_in_order(&order, &incidents, &reports, figures, groups),
    );
    let remap = |run: Rows| {
        let start = moved
            .get(run.start as usize)
            .copied()
            .filter(|&s| s != u32::MAX)
            .unwrap_or(0);
        Rows {
            start,
            end: start + (run.end - run.start),
        }
    };

    let mut new_reports = Vec::with_capacity(reports.len());
    let mut new_incidents = Vec::with_capacity(incidents.len());
    let mut new_ids = Texts::default();
    for &i in &order {
        let Some(row) = incidents.get(i as usize) else {
            continue;
        };
        let start = new_reports.len() as u32;
        for report in reports.get(row.reports.range()).unwrap_or_default() {
            new_reports.push(ReportRow {
                figures: remap(report.figures),
                ..*report
            });
        }
        new_incidents.push(IncidentRow {
            date: row.date,
            figures: remap(row.figures),
            reports: Rows {
                start,
                end: new_reports.len() as u32,
            },
        });
        // The ids fitted the table's arena, so they fit this one.
        let _ = new_ids.push(ids.get(i as usize, &strings));
    }
    drop((reports, incidents));

    let mut store = Store {
        strings,
        ids: new_ids,
        incidents: new_incidents,
        columns,
        lists,
        items,
        figures: new_figures,
        groups: new_groups,
        reports: new_reports,
        index: Index::default(),
    };
    store.index = Index::new(&store);
    store
}

/// Figures and their breakdowns laid out in `order`: each incident's own,
/// then its reports' that are not the incident's own. Gives each old
/// figure's new place (`u32::MAX` for none), and the new tables.
fn figures_in_order(
    order: &[u32],
    incidents: &[IncidentRow],
    reports: &[ReportRow],
    figures: Vec<FigureRow>,
    groups: Vec<GroupRow>,
) -> (Vec<u32>, Vec<FigureRow>, Vec<GroupRow>) {
    let mut moved = vec![u32::MAX; figures.len()];
    let mut new_figures = Vec::with_capacity(figures.len());
    let mut new_groups = Vec::with_capacity(groups.len());
    for row in order.iter().filter_map(|&i| incidents.get(i as usize)) {
        let runs = std::iter::once(row.figures).chain(
            reports
                .get(row.reports.range())
                .unwrap_or_default()
                .iter()
                .map(|r| r.figures),
        );
        for run in runs {
            for old in run.range() {
                if moved.get(old) != Some(&u32::MAX) {
                    continue;
                }
                let Some(figure) = figures.get(old) else {
                    continue;
                };
                let end = figures
                    .get(old + 1)
                    .map_or(groups.len(), |next| next.groups_start as usize);
                let start = new_groups.len() as u32;
                new_groups.extend_from_slice(
                    groups
                        .get(figure.groups_start as usize..end)
                        .unwrap_or_default(),
                );
                moved[old] = new_figures.len() as u32;
                new_figures.push(FigureRow {
                    groups_start: start,
                    ..*figure
                });
            }
        }
    }
    (moved, new_figures, new_groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::testing::{Field, figures};
    use crate::dataset::{Estimate, FieldRef};
    use chrono::NaiveDate;

    fn days(start: (i32, u32, u32), end: (i32, u32, u32)) -> Period {
        let day = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        Period {
            start: day(start),
            end: day(end),
        }
    }

    fn exact(best: f64) -> Figure {
        Figure {
            best: Some(best),
            ..Figure::default()
        }
    }

    fn account(source: usize) -> Account<'static> {
        Account {
            source,
            published: None,
            url: None,
            quote: None,
        }
    }

    /// Three incidents given out of date order, each with its own figure
    /// and a report of its own.
    fn three() -> (Store, Names) {
        let mut b = Builder::default();
        for (id, date, deaths) in [
            ("late", days((2025, 12, 1), (2025, 12, 1)), 3.0),
            ("month", days((2025, 11, 1), (2025, 11, 30)), 2.0),
            ("early", days((2025, 11, 1), (2025, 11, 1)), 1.0),
        ] {
            assert_eq!(b.incident(id, date), Ok(()));
            b.figure("deaths", &exact(deaths));
            b.report(account(0));
            b.figure("deaths", &exact(deaths + 10.0));
        }
        b.finish()
    }

    #[test]
    fn incidents_are_sorted_by_start_then_end_with_their_rows() {
        let (store, _) = three();
        let ids: Vec<&str> = store.iter().map(|i| i.id()).collect();
        assert_eq!(ids, ["early", "month", "late"]);
        let deaths: Vec<(Option<f64>, Option<f64>)> = store
            .iter()
            .map(|i| {
                let own = figures(i.figures())["deaths"].best;
                let said = i.report(0).map(|r| figures(r.figures())["deaths"].best);
                (own, said.flatten())
            })
            .collect();
        assert_eq!(
            deaths,
            [
                (Some(1.0), Some(11.0)),
                (Some(2.0), Some(12.0)),
                (Some(3.0), Some(13.0))
            ]
        );
    }

    /// A builder of each way of keeping ids.
    fn builders() -> [Builder; 2] {
        [Builder::default(), Builder::with_interned_ids()]
    }

    #[test]
    fn equal_dates_keep_the_input_order() {
        for mut b in builders() {
            let day = days((2025, 11, 1), (2025, 11, 1));
            for id in ["b", "a", "c"] {
                assert_eq!(b.incident(id, day), Ok(()));
            }
            let (store, _) = b.finish();
            let ids: Vec<&str> = store.iter().map(|i| i.id()).collect();
            assert_eq!(ids, ["b", "a", "c"]);
        }
    }

    #[test]
    fn an_id_given_twice_is_refused_with_the_first_incident() {
        for mut b in builders() {
            let day = days((2025, 11, 1), (2025, 11, 1));
            assert_eq!(b.incident("a", day), Ok(()));
            assert_eq!(b.incident("b", day), Ok(()));
            assert_eq!(b.incident("b", day), Err(Refused::Taken(1)));
            assert_eq!(b.incident("A", day), Ok(()));
            assert!(!b.is_full());
            assert_eq!(b.finish().0.len(), 3);
        }
    }

    #[test]
    fn a_field_that_repeats_an_interned_id_holds_its_symbol_folded() {
        let day = days((2025, 11, 1), (2025, 11, 1));
        let mut b = Builder::with_interned_ids();
        let code = b.column("event_id_cnty").unwrap();
        for id in ["EV1", "EV2"] {
            assert_eq!(b.incident(id, day), Ok(()));
            b.text(code, id);
        }
        let (store, _) = b.finish();
        let strings = store.strings();
        let cells: Vec<(&str, Option<u64>)> = store
            .iter()
            .filter_map(|i| match i.field(code) {
                Some(FieldRef::Str(text)) => Some((text.as_str(), text.folded())),
                _ => None,
            })
            .collect();
        let folded = |id: &'static str| (id, Some(strings.key(&id.to_lowercase())));
        assert_eq!(cells, [folded("EV1"), folded("EV2")]);
        // The ids and the field's texts are one set of symbols.
        assert_eq!(strings.len(), 3);
    }

    #[test]
    fn ids_kept_apart_are_not_interned_texts() {
        let day = days((2025, 11, 1), (2025, 11, 1));
        let [mut apart, mut interned] = builders();
        for b in [&mut apart, &mut interned] {
            assert_eq!(b.incident("ev-1", day), Ok(()));
        }
        assert_eq!(apart.finish().0.strings().lookup("ev-1"), None);
        assert!(interned.finish().0.strings().lookup("ev-1").is_some());
    }

    #[test]
    fn reports_of_own_figures_share_the_incidents_rows() {
        let mut b = Builder::default();
        let _ = b.incident("z", days((2025, 12, 2), (2025, 12, 2)));
        let _ = b.incident("a", days((2025, 11, 2), (2025, 11, 2)));
        b.figure("deaths", &exact(5.0));
        b.report_of_own_figures(account(0));
        b.report_of_own_figures(account(1));
        let (store, _) = b.finish();
        assert_eq!(store.figures.len(), 1, "one row, not three");
        let a = store.get(0).unwrap();
        assert_eq!(a.id(), "a");
        let said: Vec<_> = a.reports().map(|r| figures(r.figures())).collect();
        assert_eq!(said, [figures(a.figures()), figures(a.figures())]);
        assert_eq!(store.get(1).map(|z| z.figures().count()), Some(0));
    }

    #[test]
    fn breakdowns_move_with_their_figures() {
        let mut b = Builder::default();
        let by = |group: &str, best| Figure {
            best: Some(best),
            by: vec![(
                group.to_string(),
                Estimate {
                    best: Some(best),
                    ..Estimate::default()
                },
            )],
            ..Figure::default()
        };
        let _ = b.incident("late", days((2025, 12, 1), (2025, 12, 1)));
        b.figure("deaths", &by("Civilians", 4.0));
        let _ = b.incident("early", days((2025, 11, 1), (2025, 11, 1)));
        b.figure("deaths", &by("army", 2.0));
        let (store, names) = b.finish();
        let groups: Vec<Vec<(String, Option<f64>)>> = store
            .iter()
            .map(|i| {
                let deaths = figures(i.figures()).remove("deaths").unwrap_or_default();
                deaths.by.into_iter().map(|(g, e)| (g, e.best)).collect()
            })
            .collect();
        assert_eq!(
            groups,
            [
                vec![("army".to_string(), Some(2.0))],
                vec![("Civilians".to_string(), Some(4.0))]
            ]
        );
        // Keyed by the lowercase name, spelt as first given.
        let civilians = names.groups.get("civilians").map(|g| g.spelling.as_str());
        assert_eq!(civilians, Some("Civilians"));
    }

    #[test]
    fn names_are_the_measures_groups_and_fields_in_use() {
        let mut b = Builder::default();
        let _ = b.incident("a", days((2025, 11, 1), (2025, 11, 1)));
        let region = b.column("admin1").unwrap();
        b.alias("region", region);
        let _unused = b.column("admin3").unwrap();
        b.text(region, "Khatlon");
        b.figure("injuries", &exact(1.0));
        let (_, names) = b.finish();
        let fields: Vec<&str> = names.fields.keys().map(String::as_str).collect();
        assert_eq!(fields, ["admin1", "region"]);
        let measures: Vec<&str> = names.measures.keys().map(String::as_str).collect();
        assert_eq!(measures, ["injuries"]);
    }

    #[test]
    fn a_column_of_more_texts_than_it_keeps_recent_reads_back() {
        let mut b = Builder::default();
        let column = b.column("code").unwrap();
        let day = days((2025, 11, 1), (2025, 11, 1));
        let text = |i: usize| format!("T{}", i % (RECENT + 10));
        for i in 0..2 * RECENT {
            let _ = b.incident(&i.to_string(), day);
            b.text(column, &text(i));
        }
        let (store, _) = b.finish();
        let wrong = store
            .iter()
            .enumerate()
            .filter(|(i, inc)| inc.field(column).map(Field::from) != Some(Field::Str(text(*i))))
            .count();
        assert_eq!(wrong, 0);
    }

    #[test]
    fn numbers_become_text_where_a_column_must_be_text() {
        let mut b = Builder::default();
        let column = b.column("admin1").unwrap();
        let _ = b.incident("a", days((2025, 11, 1), (2025, 11, 1)));
        b.number(column, 38.5);
        let _ = b.incident("b", days((2025, 11, 2), (2025, 11, 2)));
        b.text(column, "Khatlon");
        b.numbers_as_text(column);
        let (store, _) = b.finish();
        let cells: Vec<Option<Field>> = store
            .iter()
            .map(|i| i.field(column).map(Field::from))
            .collect();
        assert_eq!(
            cells,
            [
                Some(Field::Str("38.5".into())),
                Some(Field::Str("Khatlon".into()))
            ]
        );
    }
}
