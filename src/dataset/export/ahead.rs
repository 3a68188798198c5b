//! An export's records read ahead on a thread of their own while the
//! loader stores the ones before ([`relay`]): reading the file and
//! splitting its CSV is a sixth of a load, and the other core is otherwise
//! idle then. Each record is read into a slot whose buffers earlier
//! records used.

use crate::dataset::relay::{self, Producer};
use csv::{Reader, StringRecord};
use std::io::Read;

/// One read: a record, or why the next one could not be read.
type Slot = (StringRecord, Option<csv::Error>);

/// Reads every record after the header and hands each, in order, to
/// `each`, which says whether to go on. A record that cannot be read is
/// handed over as its error, and reading goes on after it where the CSV
/// reader can. Reading stops soon after `each` says stop.
pub fn for_each<R: Read + Send>(
    reader: Reader<R>,
    mut each: impl FnMut(Result<&StringRecord, csv::Error>) -> bool,
) {
    relay::run(
        |records| read(reader, records),
        |(record, error)| {
            each(match error.take() {
                Some(error) => Err(error),
                None => Ok(record),
            })
        },
    );
}

/// The reading thread: reads until the input ends or the loader stops.
fn read<R: Read>(mut reader: Reader<R>, records: &mut Producer<Slot>) {
    let mut ended = false;
    while !ended {
        let going = records.fill(|(record, error)| match reader.read_record(record) {
            Ok(true) => {
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
        });
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

    #[test]
    fn every_record_comes_over_in_order() {
        let text: String = (0..3 * BATCH + 7).map(|i| format!("{i},x\n")).collect();
        let mut seen = Vec::new();
        for_each(reader(text.as_bytes()), |record| {
            seen.push(record.map(|r| r[0].to_string()).unwrap_or_default());
            true
        });
        let expected: Vec<String> = (0..3 * BATCH + 7).map(|i| i.to_string()).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn errors_come_over_in_place_and_reading_goes_on() {
        let mut seen = Vec::new();
        for_each(reader(b"a\nb\xff\nc\n"), |record| {
            seen.push(match record {
                Ok(r) => r[0].to_string(),
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
        for_each(reader(text.as_bytes()), |_| {
            seen += 1;
            seen < 10
        });
        assert_eq!(seen, 10);
    }
}
