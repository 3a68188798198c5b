//! Loading split over the machine's two cores: a thread of its own
//! produces the items of a dataset in order (reads an export's records,
//! parses and checks a JSON dataset's incidents) while the loading thread
//! stores the ones before. Items cross in batches, so that handing one
//! over costs nothing beside producing it, and the waiting batches are
//! bounded, so that the memory produced ahead stays small. Each batch
//! comes back to be refilled: an item's buffers are allocated and freed on
//! the producing thread alone (the allocator is slow to free on one thread
//! what another allocated, and keeps the freed memory apart).

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// How many items cross at a time: enough that handing over costs
/// nothing beside producing them, few enough that both threads start soon.
pub const BATCH: usize = 128;

/// How many filled batches may wait to be consumed: the memory produced
/// ahead.
const WAITING: usize = 2;

/// A batch and how many of its slots were filled.
type Batch<T> = (Vec<T>, usize);

/// Runs `produce` on a thread of its own, and hands every item it fills,
/// in order, to `each` on this one; `each` says whether to go on. The
/// producer learns that the consumer stopped at its next batch.
pub fn run<T: Default + Send>(
    produce: impl FnOnce(&mut Producer<T>) + Send,
    mut each: impl FnMut(&mut T) -> bool,
) {
    let (full, full_rx) = sync_channel::<Batch<T>>(WAITING);
    let (empty_tx, empty) = sync_channel::<Vec<T>>(WAITING + 2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut producer = Producer {
                batch: Vec::with_capacity(BATCH),
                filled: 0,
                full,
                empty,
            };
            produce(&mut producer);
            if producer.filled > 0 {
                producer.send();
            }
        });
        'batches: for (mut batch, filled) in full_rx.iter() {
            for item in batch.iter_mut().take(filled) {
                if !each(item) {
                    break 'batches;
                }
            }
            // Never more batches are out than the channel holds; and the
            // producer may have ended, when the batch is not needed.
            let _ = empty_tx.try_send(batch);
        }
        // Dropping the receiver stops the producer at its next batch.
        drop(full_rx);
    });
}

/// The producing side of [`run`]: fills slots in order, batch by batch.
pub struct Producer<T> {
    batch: Vec<T>,
    filled: usize,
    full: SyncSender<Batch<T>>,
    empty: Receiver<Vec<T>>,
}

impl<T: Default> Producer<T> {
    /// Hands `fill` the next slot, which holds what an earlier batch left
    /// there (its buffers to reuse, or an item to replace), and counts the
    /// slot as filled if `fill` says so. Returns whether the consumer still
    /// goes on.
    pub fn fill(&mut self, fill: impl FnOnce(&mut T) -> bool) -> bool {
        if self.batch.len() == self.filled {
            self.batch.push(T::default());
        }
        if let Some(slot) = self.batch.get_mut(self.filled)
            && fill(slot)
        {
            self.filled += 1;
        }
        self.filled < BATCH || self.send()
    }

    /// Sends the batch filled so far and takes a recycled one (or a new one
    /// while the first are still out); whether the consumer still listens.
    fn send(&mut self) -> bool {
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BATCH));
        let batch = std::mem::replace(&mut self.batch, next);
        let filled = std::mem::take(&mut self.filled);
        self.full.send((batch, filled)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Produces `0..n` and returns what the consumer saw, stopping after
    /// `stop` items, and how many items the producer filled.
    fn relay(n: usize, stop: usize) -> (Vec<usize>, usize) {
        let mut seen = Vec::new();
        let mut produced = 0;
        run(
            |items: &mut Producer<usize>| {
                for i in 0..n {
                    produced += 1;
                    if !items.fill(|slot| {
                        *slot = i;
                        true
                    }) {
                        return;
                    }
                }
            },
            |item| {
                seen.push(*item);
                seen.len() < stop
            },
        );
        (seen, produced)
    }

    #[test]
    fn every_item_comes_over_in_order() {
        let n = 3 * BATCH + 7;
        let (seen, produced) = relay(n, usize::MAX);
        assert_eq!(seen, (0..n).collect::<Vec<_>>());
        assert_eq!(produced, n);
        assert_eq!(relay(0, usize::MAX), (vec![], 0));
    }

    #[test]
    fn stopping_ends_the_producing() {
        let n = 40 * BATCH;
        let (seen, produced) = relay(n, 10);
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        // At most the batches the channels hold, the consumer's and the
        // one being filled were produced.
        assert!(produced <= (2 * WAITING + 4) * BATCH, "{produced}");
    }

    #[test]
    fn a_slot_left_unfilled_is_filled_next() {
        let mut seen = Vec::new();
        run(
            |items: &mut Producer<String>| {
                for word in ["a", "", "b", "", "", "c"] {
                    // A slot is reused in place, as a record is read into it.
                    let _ = items.fill(|slot| {
                        slot.clear();
                        slot.push_str(word);
                        !word.is_empty()
                    });
                }
            },
            |item| {
                seen.push(item.clone());
                true
            },
        );
        assert_eq!(seen, ["a", "b", "c"]);
    }

    #[test]
    fn slots_come_back_to_be_refilled() {
        let mut capacities = Vec::new();
        run(
            |items: &mut Producer<Vec<u8>>| {
                for _ in 0..20 * BATCH {
                    let _ = items.fill(|slot| {
                        // A slot seen before keeps its buffer.
                        let reused = slot.capacity() > 0;
                        slot.clear();
                        slot.push(u8::from(reused));
                        true
                    });
                }
            },
            |item| {
                capacities.extend(item.first().copied());
                true
            },
        );
        assert_eq!(capacities.len(), 20 * BATCH);
        assert!(capacities.contains(&1), "no slot was reused");
    }
}
