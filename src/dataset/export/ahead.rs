//! An export's records read ahead on a thread of their own while the
//! loader stores the ones before: reading the file and splitting its CSV
//! is a sixth of a load, and the other core is otherwise idle then.
//! Records cross in batches, and each batch comes back to be refilled, so
//! a record's buffer is allocated and freed on the reading thread alone
//! (the allocator is slow to free on one thread what another allocated).

use csv::{Reader, StringRecord};
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// How many records cross at a time: enough that handing over costs
/// nothing beside reading them, few enough that both threads start soon.
const BATCH: usize = 512;

/// How many batches may wait to be stored: the memory read ahead.
const WAITING: usize = 4;

/// One read: a record and what `prepare` made of it, or why the next
/// record could not be read.
type Slot<P> = (StringRecord, P, Option<csv::Error>);

/// A batch and how many of its slots were filled.
type Batch<P> = (Vec<Slot<P>>, usize);

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
    let (full_tx, full_rx) = sync_channel::<Batch<P>>(WAITING);
    let (empty_tx, empty_rx) = sync_channel::<Vec<Slot<P>>>(WAITING + 2);
    std::thread::scope(|scope| {
        scope.spawn(move || read(reader, prepare, &full_tx, &empty_rx));
        'batches: for (mut batch, filled) in full_rx.iter() {
            for (record, prepared, error) in batch.iter_mut().take(filled) {
                let read = match error.take() {
                    Some(error) => Err(error),
                    None => Ok((&*record, prepared)),
                };
                if !each(read) {
                    break 'batches;
                }
            }
            // Never more batches are out than the channel holds; and the
            // reader may have stopped, when the batch is not needed.
            let _ = empty_tx.try_send(batch);
        }
        // Dropping the receiver stops the reader at its next batch.
        drop(full_rx);
    });
}

/// The reading thread: fills batches, recycled where the loader sent
/// them back, until the input ends or the loader stops listening.
fn read<R: Read, P: Default>(
    mut reader: Reader<R>,
    prepare: impl Fn(&StringRecord, &mut P),
    full: &SyncSender<Batch<P>>,
    empty: &Receiver<Vec<Slot<P>>>,
) {
    loop {
        let mut batch = empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BATCH));
        batch.resize_with(BATCH, || (StringRecord::new(), P::default(), None));
        let mut filled = 0;
        let mut ended = false;
        for (record, prepared, error) in batch.iter_mut() {
            match reader.read_record(record) {
                Ok(true) => {
                    prepare(record, prepared);
                    *error = None;
                }
                Ok(false) => {
                    ended = true;
                    break;
                }
                Err(e) => *error = Some(e),
            }
            filled += 1;
        }
        if full.send((batch, filled)).is_err() || ended {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
