//! The machine reports (spec §7): `check`'s one JSON document with
//! `version: 1`, a record per claim and the summary; and `explain`'s, the
//! same record for its one claim with the provenance behind it. Field
//! names and meanings are a contract with CI jobs and kept snapshots, so
//! they only ever grow.

use super::explain::explained;
use super::{group_name, places};
use crate::check::{CheckedClaim, CheckedFile, Run, Sink, Summary};
use crate::dataset::{Dataset, FigureRef, KeptList};
use crate::date::Period;
use crate::diagnostic::{Diagnostic, Severity};
use crate::drift::{Change, State};
use crate::eval::{
    ClaimReading, FactDetail, GroupOutcome, IncidentDetail, Outcome, Piece, Positions, Provenance,
    Reason, Tri, Verdict,
};
use serde::Serialize;
use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

#[derive(Serialize)]
struct Claim<'a> {
    file: &'a str,
    line: usize,
    label: Option<&'a str>,
    claim: &'a str,
    quote: Option<&'a str>,
    verdict: &'static str,
    value: Option<Num>,
    low: Option<Num>,
    high: Option<Num>,
    unit: Option<&'static str>,
    window: Option<Window>,
    incidents: Ids<'a>,
    maybe: Ids<'a>,
    sources: Vec<&'a str>,
    without_figure: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<Group<'a>>,
    message: Option<String>,
}

/// The ids of incidents, by their positions: serialised by serde for
/// `explain`; `check`'s records leave them to `Writer`, which writes each
/// run of positions in one piece.
#[derive(Default)]
struct Ids<'a> {
    positions: Option<&'a Positions>,
    dataset: Option<&'a Dataset>,
}

impl<'a> Ids<'a> {
    fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        let store = self.dataset.map(|ds| &ds.incidents);
        self.positions
            .into_iter()
            .flat_map(Positions::iter)
            .filter_map(move |p| store?.get(p).map(|i| i.id()))
    }
}

impl Serialize for Ids<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[derive(Serialize)]
struct Changed<'a> {
    file: &'a str,
    line: usize,
    label: Option<&'a str>,
    claim: &'a str,
    /// `worse`, `better`, or `changed` (same verdict, other numbers).
    change: &'static str,
    was: StateOut<'a>,
    now: StateOut<'a>,
}

#[derive(Serialize)]
struct StateOut<'a> {
    verdict: &'static str,
    value: Option<Num>,
    low: Option<Num>,
    high: Option<Num>,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct Group<'a> {
    group: &'a str,
    verdict: &'static str,
    value: Num,
    low: Option<Num>,
    high: Option<Num>,
}

#[derive(Serialize)]
struct Window {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct Totals {
    total: usize,
    pass: usize,
    fail: usize,
    disputed: usize,
    error: usize,
}

#[derive(Serialize)]
struct Problem<'a> {
    severity: &'static str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    context: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
}

/// A figure as JSON: whole numbers without a fractional part, so `16`
/// reads as `16`, not `16.0`.
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if self.0.fract() == 0.0 && self.0.abs() < EXACT {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

pub fn render(run: &Run) -> String {
    let drift = run.drift.as_ref().map(|d| &d.changes[..]);
    let mut writer = Writer::new(Vec::new(), drift);
    for file in &run.files {
        for c in &file.claims {
            writer.claim(record(file, c));
        }
    }
    for d in &run.diagnostics {
        writer.diagnostic(d.clone());
    }
    String::from_utf8(writer.finish().0).unwrap_or_default()
}

/// One claim's record, as it stands in `check`'s document.
pub struct Record {
    verdict: Verdict,
    /// Pretty-printed, indented to its place in the document, with its
    /// lists of ids written empty (`[]`).
    text: Vec<u8>,
    /// For each list of ids that is not empty, where its ids go in `text`
    /// (just after its `[`), and their positions.
    lists: Vec<(usize, Positions)>,
    dataset: Option<Arc<Dataset>>,
}

/// Makes a claim's record; any thread may, for several claims at once.
pub fn record(file: &CheckedFile, c: &CheckedClaim) -> Record {
    let mut text = b"    ".to_vec();
    let mut claim = claim(file, c);
    // The ids are most of a report: the writer writes them from the
    // dataset's laid-out ids (`IdLines`), in place of the empty lists.
    let listed = [
        ("incidents", std::mem::take(&mut claim.incidents)),
        ("maybe", std::mem::take(&mut claim.maybe)),
    ];
    nest(&mut text, CLAIM_DEPTH, &claim);
    let lists = listed
        .iter()
        .filter_map(|(key, ids)| {
            let positions = ids.positions.filter(|p| !p.is_empty())?;
            Some((slot(&text, CLAIM_DEPTH + 1, key)?, positions.clone()))
        })
        .collect();
    Record {
        verdict: c.verdict(),
        text,
        lists,
        dataset: file.dataset.clone(),
    }
}

/// Where the ids of `key`'s list go: just after the `[` of the empty list
/// that `nest` wrote for it at `depth`. A key's line is found by its line
/// break and indent, which no string in the record can hold: JSON writes
/// a line break inside a string as `\n`.
fn slot(text: &[u8], depth: usize, key: &str) -> Option<usize> {
    let line = format!("\n{}\"{key}\": [", "  ".repeat(depth));
    text.windows(line.len())
        .position(|w| w == line.as_bytes())
        .map(|at| at + line.len())
}

/// A dataset's ids laid out as the items of a list `depth` levels deep,
/// in store order, each with the `,` and line break before it: the ids
/// of a run of consecutive positions are then one slice, and a claim
/// over a year of a global dataset is written in a few pieces.
struct IdLines {
    text: Vec<u8>,
    /// Where each position's item starts, and where the last ends, less
    /// 2^32 for each of `wraps` at or before it: half the size of full
    /// offsets, which a scattered list reads one for each id it writes.
    starts: Vec<u32>,
    /// The positions from which the starts of a text past 4 GiB count
    /// 2^32 more, each once (none below 4 GiB).
    wraps: Vec<usize>,
    /// What ends the list: a line break and the indent of its `]`.
    close: Vec<u8>,
}

impl IdLines {
    fn new(ds: &Dataset, depth: usize) -> IdLines {
        let indent = "  ".repeat(depth);
        let mut lines = IdLines {
            text: Vec::with_capacity(ds.incidents.len() * (indent.len() + 16)),
            starts: Vec::with_capacity(ds.incidents.len() + 1),
            wraps: Vec::new(),
            close: format!("\n{}", "  ".repeat(depth.saturating_sub(1))).into_bytes(),
        };
        for inc in ds.incidents.iter() {
            lines.start(lines.text.len());
            let text = &mut lines.text;
            text.extend_from_slice(b",\n");
            text.extend_from_slice(indent.as_bytes());
            let id = inc.id();
            if id.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
                // Writing to memory cannot fail.
                let _ = serde_json::to_writer(&mut *text, id);
            } else {
                text.push(b'"');
                text.extend_from_slice(id.as_bytes());
                text.push(b'"');
            }
        }
        lines.start(lines.text.len());
        lines
    }

    /// Records where the next item starts.
    fn start(&mut self, at: usize) {
        let at = at as u64;
        let base = |wraps: usize| (wraps as u64) << 32;
        if at - base(self.wraps.len()) > u64::from(u32::MAX) {
            self.wraps.push(self.starts.len());
        }
        // Below 2^32 now: an item is far shorter than 4 GiB.
        self.starts.push((at - base(self.wraps.len())) as u32);
    }

    /// Where the item of `position` starts.
    fn at(&self, position: usize) -> Option<usize> {
        let wraps = self.wraps.partition_point(|&w| w <= position) as u64;
        usize::try_from(u64::from(*self.starts.get(position)?) + (wraps << 32)).ok()
    }

    /// The items of a run of positions.
    fn run(&self, run: Range<usize>) -> &[u8] {
        match (self.at(run.start), self.at(run.end)) {
            (Some(start), Some(end)) => self.text.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Appends the items of a batch of up to `BATCH` scattered positions
    /// to `out`. Each item is found, and its ends read, before any is
    /// copied: the ids of a million incidents are larger than a core's
    /// cache, and reads of them one after another each wait on memory,
    /// where reads side by side wait together.
    fn scattered(&self, batch: &[u32], out: &mut Vec<u8>) {
        let mut items = [&[][..]; BATCH];
        let mut ends = 0;
        for (item, &p) in items.iter_mut().zip(batch) {
            *item = self.run(p as usize..p as usize + 1);
            ends ^= item.first().unwrap_or(&0) ^ item.last().unwrap_or(&0);
        }
        std::hint::black_box(ends);
        for item in items.iter().take(batch.len()) {
            out.extend_from_slice(item);
        }
    }
}

/// How many scattered items `IdLines::scattered` reads side by side.
const BATCH: usize = 32;

/// The ids of a list the store keeps (`KeptList`), laid out as `IdLines`
/// lays out the store's, entry by entry: a claim over a place, or over
/// the incidents certainly past a threshold, lists a run of the list's
/// entries, which is then one slice rather than an id here and an id
/// there in the store's.
struct ListLines {
    list: KeptList,
    text: Vec<u8>,
    /// Where every `MARK`th entry's item starts: the items between are
    /// found by their line breaks, a few hundred bytes at most to look
    /// through for the two ends of a run.
    marks: Vec<usize>,
}

/// How many entries apart `ListLines` marks where an item starts.
const MARK: usize = 64;

impl ListLines {
    fn new(list: &KeptList, store: &IdLines) -> ListLines {
        let positions = list.positions();
        let mut lines = ListLines {
            list: list.clone(),
            text: Vec::new(),
            marks: Vec::with_capacity(positions.len() / MARK + 1),
        };
        for marked in positions.chunks(MARK) {
            lines.marks.push(lines.text.len());
            for batch in marked.chunks(BATCH) {
                store.scattered(batch, &mut lines.text);
            }
        }
        lines
    }

    /// Where the item of entry `entry` starts (the text's end for the
    /// entry past the last). Each item starts with `,` and a line break,
    /// and no other line break: JSON writes one inside a string as `\n`.
    fn at(&self, entry: usize) -> usize {
        let Some(&mark) = self.marks.get(entry / MARK) else {
            return self.text.len();
        };
        let mut at = mark;
        for _ in 0..entry % MARK {
            let rest = self.text.get(at + 2..).unwrap_or_default();
            at = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(self.text.len(), |n| at + 2 + n - 1);
        }
        at
    }

    /// The items of a run of entries.
    fn run(&self, run: Range<usize>) -> &[u8] {
        let (start, end) = (self.at(run.start), self.at(run.end));
        self.text.get(start..end).unwrap_or_default()
    }
}

/// The most bytes of lists' ids a writer lays out (`ListLines`) beyond
/// the store's. A list is laid out once as many of its entries have been
/// written one at a time as it has, so that laying it out costs no more
/// than has been spent without: the lists laid out are those drawn on
/// most, and a list drawn on by a claim or two (a small region's) is
/// not. A report over a million incidents lays out the lists of the
/// incidents past its claims' thresholds and of the larger places in
/// about as much as the store's ids.
const LISTS_LAID_OUT: usize = 24 << 20;

/// How deep a claim's record stands: in `claims`, in the document.
const CLAIM_DEPTH: usize = 2;

/// The most written at once, and the most gathered before a write.
const PIECE: usize = 1 << 20;

/// The shortest run of bytes written as it stands rather than gathered:
/// a report over a million incidents is mostly long runs of laid-out
/// ids, gigabytes that a buffer would copy once more before writing.
const UNGATHERED: usize = 64 << 10;

/// `check`'s document, `{"version": 1, "claims": [...], "summary": ...,
/// "diagnostics": [...]}`, written one record at a time, laid out as
/// serde_json's pretty printer lays out the whole. Writing stops quietly
/// at the first error (a closed pipe). It gathers short writes itself, so
/// `out` needs no buffer of its own.
pub struct Writer<W: Write> {
    out: W,
    /// Short writes not yet written to `out`.
    gathered: Vec<u8>,
    summary: Summary,
    diagnostics: Vec<Diagnostic>,
    failed: bool,
    /// The ids of the dataset whose ids were last written.
    lines: Option<(Arc<Dataset>, IdLines)>,
    /// The ids of its lists laid out so far, and their bytes.
    lists: Vec<ListLines>,
    lists_size: usize,
    /// For each list not laid out, how many of its entries were written
    /// one at a time.
    unlaid: Vec<(KeptList, usize)>,
    /// The most bytes of lists to lay out: `LISTS_LAID_OUT`.
    lists_budget: usize,
}

impl<W: Write> Writer<W> {
    /// Starts the document; `drift`, only with `--baseline`: every claim
    /// that changed since, which comes before the claims.
    pub fn new(out: W, drift: Option<&[Change]>) -> Writer<W> {
        let mut writer = Writer {
            out,
            gathered: Vec::with_capacity(PIECE),
            summary: Summary::default(),
            diagnostics: Vec::new(),
            failed: false,
            lines: None,
            lists: Vec::new(),
            lists_size: 0,
            unlaid: Vec::new(),
            lists_budget: LISTS_LAID_OUT,
        };
        let mut head = b"{\n  \"version\": 1,".to_vec();
        if let Some(changes) = drift {
            let changes: Vec<Changed> = changes.iter().map(changed).collect();
            head.extend_from_slice(b"\n  \"drift\": ");
            nest(&mut head, 1, &changes);
            head.push(b',');
        }
        head.extend_from_slice(b"\n  \"claims\": [");
        writer.write(&head);
        writer
    }

    /// Ends the document; gives back the output, and the run's verdicts
    /// and whether a diagnostic was an error, for the exit code.
    pub fn finish(mut self) -> (W, Summary, bool) {
        self.write(if self.summary.total > 0 {
            b"\n  ]"
        } else {
            b"]"
        });
        let Summary {
            total,
            pass,
            fail,
            disputed,
            error,
        } = self.summary;
        let totals = Totals {
            total,
            pass,
            fail,
            disputed,
            error,
        };
        let problems: Vec<Problem> = self.diagnostics.iter().map(problem).collect();
        let mut tail = b",\n  \"summary\": ".to_vec();
        nest(&mut tail, 1, &totals);
        tail.extend_from_slice(b",\n  \"diagnostics\": ");
        nest(&mut tail, 1, &problems);
        tail.extend_from_slice(b"\n}\n");
        self.write(&tail);
        self.write_gathered();
        let errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let _ = self.out.flush();
        (self.out, self.summary, errors)
    }

    /// Writes the ids of a list whose `[` was just written, a run of
    /// positions, or of a kept list's entries, at a time.
    fn ids(&mut self, positions: &Positions, ds: &Arc<Dataset>) {
        let (ds, lines) = match self.lines.take() {
            Some((kept, lines)) if Arc::ptr_eq(&kept, ds) => (kept, lines),
            _ => {
                self.lists.clear();
                self.lists_size = 0;
                self.unlaid.clear();
                (Arc::clone(ds), IdLines::new(ds, CLAIM_DEPTH + 2))
            }
        };
        let listed = positions
            .list()
            .and_then(|list| self.list_lines(list, positions, &lines));
        let mut first = true;
        for piece in positions.pieces() {
            match (piece, &listed) {
                (Piece::Positions(run), _) => self.items(lines.run(run), &mut first),
                (Piece::Entries(run), Some(listed)) => self.items(listed.run(run), &mut first),
                (Piece::Entries(run), None) => {
                    let entries = positions.list().map(KeptList::positions);
                    let entries = entries.and_then(|e| e.get(run)).unwrap_or_default();
                    let (head, rest) = entries.split_at(usize::from(first).min(entries.len()));
                    for &p in head {
                        self.items(lines.run(p as usize..p as usize + 1), &mut first);
                    }
                    for batch in rest.chunks(BATCH) {
                        lines.scattered(batch, &mut self.gathered);
                        if self.gathered.len() >= PIECE {
                            self.write_gathered();
                        }
                    }
                }
            }
        }
        self.write(&lines.close);
        self.lines = Some((ds, lines));
        if let Some(listed) = listed {
            self.lists.push(listed);
        }
    }

    /// `list`'s ids laid out: those kept, or laid out now where as many
    /// of its entries as it has were written one at a time, counting
    /// those `positions` list, and `LISTS_LAID_OUT` allows. `None` where
    /// the list is not laid out (yet).
    fn list_lines(
        &mut self,
        list: &KeptList,
        positions: &Positions,
        store: &IdLines,
    ) -> Option<ListLines> {
        if let Some(at) = self.lists.iter().position(|l| l.list.is(list)) {
            return Some(self.lists.swap_remove(at));
        }
        let listed = positions.pieces().map(|piece| match piece {
            Piece::Entries(run) => run.len(),
            Piece::Positions(_) => 0,
        });
        let listed: usize = listed.sum();
        let at = self.unlaid.iter().position(|(l, _)| l.is(list));
        let at = at.unwrap_or_else(|| {
            self.unlaid.push((list.clone(), 0));
            self.unlaid.len() - 1
        });
        let (_, written) = self.unlaid.get_mut(at)?;
        *written += listed;
        let entries = list.positions().len();
        let size = entries * store.text.len() / store.starts.len().max(1);
        if *written < entries || self.lists_size + size > self.lists_budget {
            return None;
        }
        self.unlaid.swap_remove(at);
        let lines = ListLines::new(list, store);
        self.lists_size += lines.text.len();
        Some(lines)
    }

    /// Writes the items of a list, the `first` without its comma: it
    /// follows the list's `[`.
    fn items(&mut self, items: &[u8], first: &mut bool) {
        self.write(if *first {
            items.get(1..).unwrap_or_default()
        } else {
            items
        });
        *first &= items.is_empty();
    }

    /// Gathers `bytes`, or writes them as they stand where they are
    /// `UNGATHERED` or more, after what was gathered before them.
    fn write(&mut self, bytes: &[u8]) {
        if bytes.len() < UNGATHERED {
            if self.gathered.len() + bytes.len() > PIECE {
                self.write_gathered();
            }
            self.gathered.extend_from_slice(bytes);
        } else {
            self.write_gathered();
            self.write_out(bytes);
        }
    }

    /// Writes what was gathered, and keeps its room for what comes next.
    fn write_gathered(&mut self) {
        let gathered = std::mem::take(&mut self.gathered);
        self.write_out(&gathered);
        self.gathered = gathered;
        self.gathered.clear();
    }

    /// Writes `bytes` to `out` a piece of `PIECE` at a time: Linux copies
    /// a write of more than 2 MiB into a file's pages at a third of the
    /// speed of one of 1 MiB.
    fn write_out(&mut self, bytes: &[u8]) {
        for piece in bytes.chunks(PIECE) {
            if self.failed {
                return;
            }
            self.failed = self.out.write_all(piece).is_err();
        }
    }
}

impl<W: Write> Sink<Record> for Writer<W> {
    fn file(&mut self, _: &CheckedFile) {}

    fn claim(&mut self, record: Record) {
        self.write(if self.summary.total > 0 {
            b",\n"
        } else {
            b"\n"
        });
        let mut at = 0;
        for (slot, positions) in &record.lists {
            self.write(record.text.get(at..*slot).unwrap_or_default());
            if let Some(ds) = &record.dataset {
                self.ids(positions, ds);
            }
            at = *slot;
        }
        self.write(record.text.get(at..).unwrap_or_default());
        self.summary.add(record.verdict);
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Appends `value` to `out`, laid out as serde_json's pretty printer lays
/// it out `depth` levels deep in a document.
fn nest(out: &mut Vec<u8>, depth: usize, value: &impl Serialize) {
    let nested = Nested {
        depth,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(out, nested);
    // Writing to memory cannot fail, and every value here serialises.
    let _ = value.serialize(&mut serializer);
}

/// serde_json's pretty layout (two spaces a level), from a given depth,
/// so that each claim's record is written where it stands without the
/// whole document in memory.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    /// `start`, then the indentation of the depth: in one write where the
    /// depth allows, since a report lists millions of ids one per line.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, start: &[u8]) -> std::io::Result<()> {
        const SPACES: &[u8; 16] = b"                ";
        writer.write_all(start)?;
        match SPACES.get(..2 * self.depth) {
            Some(indent) => writer.write_all(indent),
            None => (0..self.depth).try_for_each(|_| writer.write_all(b"  ")),
        }
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, b"\n")?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(writer, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, b"\n")?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(writer, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn changed(c: &Change) -> Changed<'_> {
    Changed {
        file: &c.file,
        line: c.line,
        label: c.label.as_deref(),
        claim: &c.claim,
        change: c.direction().as_str(),
        was: state(&c.was),
        now: state(&c.now),
    }
}

fn state(s: &State) -> StateOut<'_> {
    StateOut {
        verdict: s.verdict.as_str(),
        value: s.value.map(Num),
        low: s.low.map(Num),
        high: s.high.map(Num),
        unit: s.unit.as_deref(),
    }
}

fn claim<'a>(file: &'a CheckedFile, c: &'a CheckedClaim) -> Claim<'a> {
    let entry = &c.entry;
    let mut out = Claim {
        file: &file.path,
        line: entry.line,
        label: entry.label.as_ref().map(|l| l.node.as_str()),
        claim: &entry.text,
        quote: entry.quote.as_deref(),
        verdict: c.verdict().as_str(),
        value: None,
        low: None,
        high: None,
        unit: None,
        window: None,
        incidents: Ids::default(),
        maybe: Ids::default(),
        sources: Vec::new(),
        without_figure: 0,
        groups: Vec::new(),
        message: None,
    };
    match (&c.result, &file.dataset) {
        (Ok(o), Some(ds)) => fill(&mut out, o, ds),
        (Err(e), _) => out.message = Some(e.to_string()),
        (Ok(_), None) => {}
    }
    out
}

fn fill<'a>(out: &mut Claim<'a>, o: &'a Outcome, ds: &'a Dataset) {
    out.value = Some(Num(o.value));
    out.low = o.low.map(Num);
    out.high = o.high.map(Num);
    out.unit = o.unit.map(|u| u.symbol());
    out.window = o
        .window
        .filter(|w| w.from.is_some() || w.to.is_some())
        .map(|w| Window {
            from: w.from.map(|d| d.to_string()),
            to: w.to.map(|d| d.to_string()),
        });
    out.incidents = Ids {
        positions: Some(&o.incidents),
        dataset: Some(ds),
    };
    out.maybe = Ids {
        positions: Some(&o.maybe),
        dataset: Some(ds),
    };
    out.sources = o
        .sources
        .iter()
        .filter_map(|s| ds.sources.get(s.source).map(|s| s.id.as_str()))
        .collect();
    out.without_figure = o.without_figure;
    out.groups = o.groups.iter().map(group).collect();
}

fn group(g: &GroupOutcome) -> Group<'_> {
    Group {
        group: &g.group,
        verdict: g.verdict.as_str(),
        value: Num(g.value),
        low: g.low.map(Num),
        high: g.high.map(Num),
    }
}

/// `explain`'s document: the claim's record as `check` writes it, then
/// who and what it rests on.
#[derive(Serialize)]
struct Explained<'a> {
    version: u32,
    claim: Option<Claim<'a>>,
    /// The measure the incidents' figures are of (`null` for counts), and
    /// the group with `of`.
    measure: Option<&'a str>,
    group: Option<&'a str>,
    /// The claim as each of its sources alone gives it.
    by_source: Vec<BySource<'a>>,
    /// Each straddling date read inside and outside the window.
    by_date: Vec<ByDate<'a>>,
    incidents: Vec<InScope<'a>>,
    fact: Option<FactOut<'a>>,
    diagnostics: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Reading<'a> {
    verdict: &'static str,
    value: Num,
    low: Option<Num>,
    high: Option<Num>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct BySource<'a> {
    source: &'a str,
    /// `null` where the source alone gives no value.
    reading: Option<Reading<'a>>,
}

#[derive(Serialize)]
struct ByDate<'a> {
    incident: &'a str,
    from: String,
    to: String,
    inside: Option<Reading<'a>>,
    outside: Option<Reading<'a>>,
}

#[derive(Serialize)]
struct InScope<'a> {
    id: &'a str,
    from: String,
    to: String,
    /// The dataset's place fields that the incident has, in their order.
    place: Vec<Place<'a>>,
    membership: &'static str,
    why: Vec<Why<'a>>,
    /// The figure as the claim reads it.
    figure: Option<Estimate>,
    reports: Vec<ReportOut<'a>>,
}

#[derive(Serialize)]
struct Place<'a> {
    field: &'a str,
    value: String,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Why<'a> {
    /// The incident's date straddles the window.
    Date { from: String, to: String },
    /// Its figure straddles `measure op value`.
    Figure {
        measure: &'a str,
        op: &'static str,
        value: Num,
        low: Num,
        high: Num,
    },
}

#[derive(Serialize)]
struct Estimate {
    low: Option<Num>,
    best: Option<Num>,
    high: Option<Num>,
}

#[derive(Serialize)]
struct ReportOut<'a> {
    source: &'a str,
    published: Option<String>,
    /// Its figure for the claim's measure; every figure it gives when the
    /// claim counts incidents.
    figures: Vec<FigureOut<'a>>,
    url: Option<&'a str>,
    quote: Option<&'a str>,
}

#[derive(Serialize)]
struct FigureOut<'a> {
    measure: &'a str,
    #[serde(flatten)]
    estimate: Estimate,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    by: Vec<Share<'a>>,
}

#[derive(Serialize)]
struct Share<'a> {
    group: &'a str,
    #[serde(flatten)]
    estimate: Estimate,
}

#[derive(Serialize)]
struct FactOut<'a> {
    id: &'a str,
    /// The fact's own value, in the claim's unit.
    value: Num,
    unit: Option<&'static str>,
    /// The claim against the fact's own value and range alone (`null`
    /// under `according to`).
    own: Option<Reading<'a>>,
    reports: Vec<FactReportOut<'a>>,
}

#[derive(Serialize)]
struct FactReportOut<'a> {
    source: &'a str,
    published: Option<String>,
    /// As the report gives it.
    value: Num,
    unit: Option<&'static str>,
    /// In the claim's unit.
    converted: Num,
    /// The claim against this report's value alone.
    verdict: &'static str,
    url: Option<&'a str>,
    quote: Option<&'a str>,
}

pub fn explain(run: &Run) -> String {
    let mut doc = Explained {
        version: 1,
        claim: None,
        measure: None,
        group: None,
        by_source: Vec::new(),
        by_date: Vec::new(),
        incidents: Vec::new(),
        fact: None,
        diagnostics: run.diagnostics.iter().map(problem).collect(),
    };
    let mut provenance = None;
    if let Some((file, c)) = run.claims().next() {
        doc.claim = Some(claim(file, c));
        provenance = explained(file, c);
    }
    if let Some((o, p, ds)) = &provenance {
        fill_provenance(&mut doc, o, p, ds);
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn fill_provenance<'a>(doc: &mut Explained<'a>, o: &Outcome, p: &'a Provenance, ds: &'a Dataset) {
    doc.measure = p.measure.as_deref();
    doc.group = p.group.as_deref().map(|g| group_name(ds, g));
    doc.by_source = p
        .sources
        .iter()
        .filter_map(|s| {
            Some(BySource {
                source: ds.sources.get(s.source)?.id.as_str(),
                reading: s.reading.as_ref().map(reading),
            })
        })
        .collect();
    doc.by_date = p
        .dates
        .iter()
        .filter_map(|d| {
            let (from, to) = days(d.period);
            Some(ByDate {
                incident: ds.incidents.get(d.incident)?.id(),
                from,
                to,
                inside: d.inside.as_ref().map(reading),
                outside: d.outside.as_ref().map(reading),
            })
        })
        .collect();
    doc.incidents = p
        .incidents
        .iter()
        .filter_map(|d| in_scope(d, p.measure.as_deref(), ds))
        .collect();
    doc.fact = p.fact.as_ref().and_then(|f| fact(f, o, ds));
}

fn reading(r: &ClaimReading) -> Reading<'_> {
    Reading {
        verdict: r.verdict.as_str(),
        value: Num(r.value),
        low: r.low.map(Num),
        high: r.high.map(Num),
        groups: r.groups.iter().map(group).collect(),
    }
}

fn days(p: Period) -> (String, String) {
    (p.start.to_string(), p.end.to_string())
}

fn in_scope<'a>(
    d: &'a IncidentDetail,
    measure: Option<&'a str>,
    ds: &'a Dataset,
) -> Option<InScope<'a>> {
    let inc = ds.incidents.get(d.incident)?;
    let (from, to) = days(inc.date());
    let place = places(inc, ds)
        .into_iter()
        .map(|(field, value)| Place { field, value })
        .collect();
    let why = d
        .reasons
        .iter()
        .map(|r| match r {
            Reason::Date(p) => {
                let (from, to) = days(*p);
                Why::Date { from, to }
            }
            Reason::Figure {
                measure,
                op,
                value,
                low,
                high,
            } => Why::Figure {
                measure,
                op: op.symbol(),
                value: Num(*value),
                low: Num(*low),
                high: Num(*high),
            },
        })
        .collect();
    let reports = d
        .reports
        .iter()
        .filter_map(|&r| {
            let report = inc.report(r)?;
            let figures = report
                .figures()
                .filter(|f| measure.is_none_or(|wanted| wanted == f.measure()))
                .map(figure_out)
                .collect();
            Some(ReportOut {
                source: ds.sources.get(report.source())?.id.as_str(),
                published: report.published().map(|d| d.to_string()),
                figures,
                url: report.url(),
                quote: report.quote(),
            })
        })
        .collect();
    Some(InScope {
        id: inc.id(),
        from,
        to,
        place,
        membership: if d.membership == Tri::In {
            "in"
        } else {
            "maybe"
        },
        why,
        figure: d.figure.map(|f| Estimate {
            low: Some(Num(f.low)),
            best: Some(Num(f.best)),
            high: Some(Num(f.high)),
        }),
        reports,
    })
}

fn figure_out(f: FigureRef<'_>) -> FigureOut<'_> {
    FigureOut {
        measure: f.measure(),
        estimate: estimate(f.estimate()),
        by: f
            .by()
            .map(|share| Share {
                group: share.group.as_str(),
                estimate: estimate(share.estimate),
            })
            .collect(),
    }
}

fn estimate(e: crate::dataset::Estimate) -> Estimate {
    Estimate {
        low: e.low.map(Num),
        best: e.best.map(Num),
        high: e.high.map(Num),
    }
}

fn fact<'a>(detail: &'a FactDetail, o: &Outcome, ds: &'a Dataset) -> Option<FactOut<'a>> {
    let fact = ds.facts.get(detail.fact)?;
    let reports = detail
        .reports
        .iter()
        .filter_map(|r| {
            let report = fact.reports.get(r.report)?;
            Some(FactReportOut {
                source: ds.sources.get(report.source)?.id.as_str(),
                published: report.published.map(|d| d.to_string()),
                value: Num(r.value),
                unit: r.unit.map(|u| u.symbol()),
                converted: Num(r.converted),
                verdict: r.verdict.as_str(),
                url: report.url.as_deref(),
                quote: report.quote.as_deref(),
            })
        })
        .collect();
    Some(FactOut {
        id: &fact.id,
        value: Num(detail.value),
        unit: o.unit.map(|u| u.symbol()),
        own: detail.own.as_ref().map(reading),
        reports,
    })
}

fn problem(d: &Diagnostic) -> Problem<'_> {
    Problem {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        file: &d.path,
        line: d.span.map(|s| s.line),
        column: d.span.filter(|s| s.len > 0).map(|s| s.col),
        context: d.context.as_deref(),
        message: &d.message,
        help: d.help.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_without_claims_is_laid_out_as_serde_json_lays_out_the_whole() {
        let (text, summary, errors) = Writer::new(Vec::new(), None).finish();
        let pretty = "{\n  \"version\": 1,\n  \"claims\": [],\n  \"summary\": {\n    \"total\": 0,\n    \
                      \"pass\": 0,\n    \"fail\": 0,\n    \"disputed\": 0,\n    \"error\": 0\n  },\n  \
                      \"diagnostics\": []\n}\n";
        assert_eq!(String::from_utf8(text).unwrap_or_default(), pretty);
        assert_eq!((summary.total, errors), (0, false));
    }

    #[test]
    fn ids_are_written_as_serde_would_write_them() {
        let ds = crate::dataset::json::load(
            r#"{"name": "n", "sources": [{"id": "s", "name": "S"}], "incidents": [
                {"id": "plain", "date": "2025-01-01", "reports": [{"source": "s"}]},
                {"id": "quote \" back \\ line \n tab \t", "date": "2025-01-02",
                 "reports": [{"source": "s"}]},
                {"id": "é ✓ \u0001", "date": "2025-01-03", "reports": [{"source": "s"}]},
                {"id": "last", "date": "2025-01-04", "reports": [{"source": "s"}]}]}"#,
        )
        .dataset
        .map(Arc::new)
        .unwrap_or_default();
        assert_eq!(ds.incidents.len(), 4);
        #[derive(Serialize)]
        struct Listed<'a> {
            before: &'a str,
            incidents: Ids<'a>,
            maybe: Ids<'a>,
            after: u8,
        }
        fn listed<'a>(
            ds: &'a Dataset,
            incidents: Option<&'a Positions>,
            maybe: Option<&'a Positions>,
        ) -> Listed<'a> {
            let ids = |positions| Ids {
                positions,
                dataset: Some(ds),
            };
            Listed {
                before: "\n      \"incidents\": [",
                incidents: ids(incidents),
                maybe: ids(maybe),
                after: 1,
            }
        }
        // A document of one record, written by the writer.
        let document = |text: Vec<u8>, lists: Vec<(usize, Positions)>| {
            let mut writer = Writer::new(Vec::new(), None);
            writer.claim(Record {
                verdict: Verdict::Pass,
                text,
                lists,
                dataset: Some(Arc::clone(&ds)),
            });
            String::from_utf8(writer.finish().0).unwrap_or_default()
        };
        let positions = |p: &[usize]| p.iter().copied().collect::<Positions>();
        // Entries of a list the store keeps, after a position, and before
        // one: the whole list is laid out at once (as many entries as it
        // has are written), one entry of three is written on its own.
        let entries = |list: Vec<u32>, run: Range<usize>| {
            let mut listed = positions(&[0]);
            listed.extend_entries(&KeptList::from(list), run);
            listed.push(3);
            listed
        };
        for (incidents, maybe) in [
            (positions(&[0, 1, 2, 3]), positions(&[1])),
            (positions(&[0, 2, 3]), positions(&[1, 3])),
            (positions(&[]), positions(&[3, 0, 1, 2])),
            (positions(&[]), positions(&[])),
            (entries(vec![1, 2], 0..2), entries(vec![1, 2, 3], 1..2)),
        ] {
            let mut by_serde = Vec::new();
            nest(
                &mut by_serde,
                2,
                &listed(&ds, Some(&incidents), Some(&maybe)),
            );
            let mut empty = Vec::new();
            nest(&mut empty, 2, &listed(&ds, None, None));
            let lists = [("incidents", &incidents), ("maybe", &maybe)]
                .into_iter()
                .filter(|(_, p)| !p.is_empty())
                .filter_map(|(key, p)| Some((slot(&empty, 3, key)?, p.clone())))
                .collect();
            assert_eq!(document(empty, lists), document(by_serde, Vec::new()));
        }
    }

    /// The document a writer with `budget` for laying out lists writes
    /// of `claims` records, each listing the ids at `positions`; and the
    /// lists it laid out, by their length.
    fn written(ds: &Arc<Dataset>, budget: usize, claims: &[Positions]) -> (String, Vec<usize>) {
        let text = b"{\n      \"incidents\": [],\n      \"after\": 1\n    }".to_vec();
        let at = slot(&text, 3, "incidents").unwrap_or_default();
        let mut writer = Writer::new(Vec::new(), None);
        writer.lists_budget = budget;
        for positions in claims {
            writer.claim(Record {
                verdict: Verdict::Pass,
                text: text.clone(),
                lists: vec![(at, positions.clone())],
                dataset: Some(Arc::clone(ds)),
            });
        }
        let laid_out = writer.lists.iter().map(|l| l.list.positions().len());
        let laid_out = laid_out.collect();
        let out = String::from_utf8(writer.finish().0).unwrap_or_default();
        (out, laid_out)
    }

    #[test]
    fn a_list_drawn_on_as_much_as_it_is_long_is_laid_out() {
        let ds = Arc::new(Dataset {
            incidents: crate::dataset::testing::daily(1_000, |_| false),
            ..Dataset::default()
        });
        // Every third position: runs that start and end between the marks
        // of every `MARK`th entry, and across them.
        let list = KeptList::from((0..1_000).step_by(3).collect::<Vec<u32>>());
        let runs = [0..10, 5..70, 63..64, 64..65, 40..334, 290..334, 333..334];
        let claims: Vec<Positions> = runs
            .iter()
            .map(|run| {
                let mut listed = Positions::default();
                listed.extend_entries(&list, run.clone());
                listed
            })
            .collect();
        let plain: Vec<Positions> = claims.iter().map(|p| p.iter().collect()).collect();
        let (expected, none) = written(&ds, LISTS_LAID_OUT, &plain);
        assert!(none.is_empty());
        assert!(expected.contains("\"i999\"\n      ]") && expected.contains("\"i189\",\n"));
        // 77 entries of 334 are written one at a time before the fifth
        // claim's 294 lay the list out.
        let (found, laid_out) = written(&ds, LISTS_LAID_OUT, &claims);
        assert_eq!(found, expected);
        assert_eq!(laid_out, [334]);
        let (found, laid_out) = written(&ds, LISTS_LAID_OUT, &claims[..4]);
        assert_eq!(laid_out, [] as [usize; 0]);
        assert_eq!(found, written(&ds, LISTS_LAID_OUT, &plain[..4]).0);
        // Past the budget, every entry is written one at a time.
        let (found, laid_out) = written(&ds, 334 * 10, &claims);
        assert_eq!(found, expected);
        assert_eq!(laid_out, [] as [usize; 0]);
    }

    #[test]
    fn long_runs_are_written_a_piece_at_a_time_and_short_writes_gathered() {
        /// What a writer was given, the largest write, and how many.
        #[derive(Default)]
        struct Recorded {
            bytes: Vec<u8>,
            largest: usize,
            writes: usize,
        }
        impl Write for Recorded {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.largest = self.largest.max(buf.len());
                self.writes += 1;
                self.bytes.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let n = 120_000;
        let ds = Arc::new(Dataset {
            incidents: crate::dataset::testing::daily(n, |_| false),
            ..Dataset::default()
        });
        let text = b"{\n      \"incidents\": [],\n      \"after\": 1\n    }".to_vec();
        let at = slot(&text, 3, "incidents").unwrap_or_default();
        let mut writer = Writer::new(Recorded::default(), None);
        let mut record = |positions: Positions| {
            writer.claim(Record {
                verdict: Verdict::Pass,
                text: text.clone(),
                lists: vec![(at, positions)],
                dataset: Some(Arc::clone(&ds)),
            })
        };
        // A long run, and then short ones, each a few writes to gather.
        record((0..n).collect());
        for p in 0..20_000 {
            record([p, p + 2].into_iter().collect());
        }
        let out = writer.finish().0;
        let written = String::from_utf8(out.bytes).unwrap_or_default();
        let listed: usize = written.matches("\n        \"i").count();
        assert!(written.len() > 3 * PIECE);
        assert_eq!(listed, n + 40_000);
        assert!(written.contains("\"i0\",\n        \"i1\","));
        assert!(written.contains("\"i7\",\n        \"i9\"\n"));
        assert!(out.largest <= PIECE);
        assert!(out.writes <= written.len() / PIECE + 3, "{}", out.writes);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn starts_past_4_gib_count_from_where_they_wrapped() {
        let mut lines = IdLines {
            text: Vec::new(),
            starts: Vec::new(),
            wraps: Vec::new(),
            close: Vec::new(),
        };
        let four = 1usize << 32;
        let starts = [
            0,
            21,
            four - 5,
            four + 16,
            four + 40,
            2 * four + 3,
            3 * four - 1,
        ];
        for &at in &starts {
            lines.start(at);
        }
        let found: Vec<Option<usize>> = (0..=starts.len()).map(|p| lines.at(p)).collect();
        let expected: Vec<Option<usize>> = starts.iter().copied().map(Some).chain([None]).collect();
        assert_eq!(found, expected);
        assert_eq!(lines.wraps, [3, 5]);
    }

    #[test]
    fn nested_values_are_indented_after_their_first_line() {
        let mut out = b"x: ".to_vec();
        nest(&mut out, 1, &[[1], [2]]);
        assert_eq!(
            out,
            b"x: [\n    [\n      1\n    ],\n    [\n      2\n    ]\n  ]"
        );
        let mut empty = Vec::new();
        nest(&mut empty, 3, &Vec::<u8>::new());
        assert_eq!(empty, b"[]");
    }
}
