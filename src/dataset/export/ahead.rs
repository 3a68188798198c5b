//! An export's records read ahead on a thread of their own while the
//! loader stores the ones before ([`relay`]): reading the file, splitting
//! its CSV and reading each record's cells and date is nearly half of a
//! load, and the other core is otherwise idle then. Each record is read
//! into a slot whose buffers earlier records used.

use crate::dataset::relay::{self, Producer};
use csv::{Reader, StringRecord};
use std::io::Read;

/// One read: a record and what `prepare` made of it, or why the next
/// record could not be read.
type Slot<P> = (StringRecord, P, Option<csv::Error>);

/// Reads every record after the header, has `prepare` read it further on
/// the reading thread too, and hands each with what was prepared, in
/// order, to `each`, which says whether to go on. A record that cannot be
/// read is handed over as its error, and reading goes on after it where
/// the CSV reader can. Reading stops soon after `each` says stop.
pub fn for_each<R: Read + Send, P: Default + Send>(
    reader: Reader<R>,
    prepare: impl Fn(&StringRecord, &mut P) + Send,
    mut each: impl FnMut(Result<(&StringRecord, &mut P), csv::Error>) -> bool,
) {
    relay::run(
        |records| read(reader, prepare, records),
        |(record, prepared, error)| {
            each(match error.take() {
                Some(error) => Err(error),
                None => Ok((record, prepared)),
            })
        },
    );
}

/// The reading thread: reads until the input ends or the loader stops.
fn read<R: Read, P: Default>(
    mut reader: Reader<R>,
    prepare: impl Fn(&StringRecord, &mut P),
    records: &mut Producer<Slot<P>>,
) {
    let mut ended = false;
    while !ended {
        let going = records.fill(
            |(record, prepared, error)| match reader.read_record(record) {
                Ok(true) => {
                    prepare(record, prepared);
                    *error = None;
                    true
                }
                Ok(false) => {
                    ended = true;
                    false
                }
                Err(e) => {
                    *error = Some(e);
                    true
                }
            },
        );
        ended |= !going;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::relay::BATCH;
    use csv::ReaderBuilder;

    fn reader(text: &[u8]) -> Reader<&[u8]> {
        ReaderBuilder::new().has_headers(false).from_reader(text)
    }

    /// Prepares nothing.
    fn nothing(_: &StringRecord, _: &mut ()) {}

    #[test]
    fn every_record_comes_over_in_order_with_what_was_prepared() {
        let text: String = (0..3 * BATCH + 7).map(|i| format!("{i},x\n")).collect();
        let mut seen = Vec::new();
        let double = |record: &StringRecord, twice: &mut String| {
            *twice = record[0].repeat(2);
        };
        for_each(reader(text.as_bytes()), double, |read| {
            seen.push(read.map_or(String::new(), |(r, t)| format!("{} {t}", &r[0])));
            true
        });
        let expected: Vec<String> = (0..3 * BATCH + 7).map(|i| format!("{i} {i}{i}")).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn errors_come_over_in_place_and_reading_goes_on() {
        let mut seen = Vec::new();
        for_each(reader(b"a\nb\xff\nc\n"), nothing, |record| {
            seen.push(match record {
                Ok((r, ())) => r[0].to_string(),
                Err(e) => format!("error at line {:?}", e.position().map(|p| p.line())),
            });
            true
        });
        assert_eq!(seen, ["a", "error at line Some(2)", "c"]);
    }

    #[test]
    fn stopping_ends_the_reading() {
        let text: String = (0..20 * BATCH).map(|i| format!("{i}\n")).collect();
        let mut seen = 0;
        for_each(reader(text.as_bytes()), nothing, |_| {
            seen += 1;
            seen < 10
        });
        assert_eq!(seen, 10);
    }
}
