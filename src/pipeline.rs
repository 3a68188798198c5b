//! Work done in parallel and handed over in order, with what is in flight
//! bounded: a `check` run evaluates claims on every core, and a claim's
//! report can list a million incidents, so neither the claims of a large
//! file nor their reports may all be held at once.

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use std::sync::mpsc::sync_channel;

/// A stage of the pipeline: done to any item on any thread.
pub type Stage<'s, A, B> = dyn Fn(A) -> B + Sync + 's;

/// How much of the work's first results may be finished at once, in the
/// units of `Pipeline::weight`.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline {
    /// How many items are worked on at once: enough per core that cores
    /// rarely wait on the batch's slowest item.
    pub batch: usize,
    /// How much weight is finished at once.
    pub budget: usize,
}

impl Pipeline {
    /// Does `work` to every item, a batch at a time with the items spread
    /// over every core; then `finish` to the results, in parallel as far
    /// as the budget allows (each at least alone); and hands each
    /// finished result to `each`, on this thread, in the order of the
    /// items. The work goes on while `each` takes what is finished (a
    /// report written out), up to a group ahead: writing a report of a
    /// million incidents costs a core as much as evaluating its claims, so
    /// the two must overlap for both cores to be busy.
    pub fn run<I: Send, M: Send, R: Send>(
        self,
        items: Vec<I>,
        work: &Stage<I, M>,
        weight: impl Fn(&M) -> usize + Send,
        finish: &Stage<M, R>,
        mut each: impl FnMut(R),
    ) {
        let (finished, handed) = sync_channel::<Vec<R>>(AHEAD);
        std::thread::scope(|scope| {
            let producer = scope.spawn(move || {
                let mut items = items.into_iter();
                loop {
                    let batch: Vec<I> = items.by_ref().take(self.batch.max(1)).collect();
                    if batch.is_empty() {
                        return;
                    }
                    let done: Vec<M> = batch.into_par_iter().map(work).collect();
                    for group in self.groups(done, &weight) {
                        let group: Vec<R> = group.into_par_iter().map(finish).collect();
                        // The receiver is gone only if `each` panicked.
                        if finished.send(group).is_err() {
                            return;
                        }
                    }
                }
            });
            handed.iter().flatten().for_each(&mut each);
            // A panic in the work comes out here, after what was finished.
            if let Err(panic) = producer.join() {
                std::panic::resume_unwind(panic);
            }
        });
    }

    /// A batch's results in groups, in order, each within the budget.
    fn groups<M>(self, done: Vec<M>, weight: &impl Fn(&M) -> usize) -> Vec<Vec<M>> {
        let mut groups = Vec::new();
        let mut done = done.into_iter().peekable();
        while done.peek().is_some() {
            let mut group = Vec::new();
            let mut load = 0;
            while let Some(next) =
                done.next_if(|m| group.is_empty() || load + weight(m) <= self.budget)
            {
                load += weight(&next);
                group.push(next);
            }
            groups.push(group);
        }
        groups
    }
}

/// How many finished groups may wait to be handed over: what is in flight
/// is at most this many, one being handed over and one being finished.
const AHEAD: usize = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_done_in_parallel_comes_back_in_order() {
        let pipeline = Pipeline {
            batch: 4,
            budget: 10,
        };
        let items: Vec<usize> = (0..43).collect();
        let mut seen = Vec::new();
        pipeline.run(
            items.clone(),
            &|i| i * 2,
            |&m| m,
            &|m| m + 1,
            |r| seen.push(r),
        );
        let expected: Vec<usize> = items.iter().map(|i| i * 2 + 1).collect();
        assert_eq!(seen, expected);
        pipeline.run(
            Vec::<usize>::new(),
            &|i| i,
            |_| 0,
            &|m| m,
            |_| panic!("no item"),
        );
    }

    #[test]
    fn the_work_goes_on_while_results_are_handed_over() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pipeline = Pipeline {
            batch: 2,
            budget: 1,
        };
        let worked = AtomicUsize::new(0);
        let work = |i: usize| {
            worked.fetch_add(1, Ordering::SeqCst);
            i
        };
        let mut worked_while_first_handed = 0;
        pipeline.run(
            (0..6).collect(),
            &work,
            |_| 1,
            &|m| m,
            |r| {
                if r == 0 {
                    // Wait, as a slow writer does, for a later batch.
                    for _ in 0..400 {
                        if worked.load(Ordering::SeqCst) > 2 {
                            break;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    worked_while_first_handed = worked.load(Ordering::SeqCst);
                }
            },
        );
        assert!(worked_while_first_handed > 2);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let pipeline = Pipeline {
            batch: 2,
            budget: 10,
        };
        let mut seen = Vec::new();
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline.run(
                (0..6).collect(),
                &|i: usize| if i == 3 { panic!("claim 3") } else { i },
                |_| 1,
                &|m| m,
                |r| seen.push(r),
            );
        }));
        assert!(run.is_err());
        assert_eq!(seen, [0, 1]);
    }

    #[test]
    fn an_item_heavier_than_the_budget_is_finished_alone() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pipeline = Pipeline {
            batch: 8,
            budget: 5,
        };
        let at_once = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let finish = |m: usize| {
            let now = at_once.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(5));
            at_once.fetch_sub(1, Ordering::SeqCst);
            m
        };
        let mut seen = Vec::new();
        pipeline.run(vec![9, 9, 9], &|i| i, |&m| m, &finish, |r| seen.push(r));
        assert_eq!(seen, vec![9, 9, 9]);
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }
}
