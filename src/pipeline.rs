//! Work done in parallel and handed over in order, with what is in flight
//! bounded: a `check` run evaluates claims on every core, and a claim's
//! report can list a million incidents, so neither the claims of a large
//! file nor their reports may all be held at once.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Condvar, Mutex, MutexGuard};

/// A stage of the pipeline: done to any item on any thread.
pub type Stage<'s, A, B> = dyn Fn(A) -> B + Sync + 's;

/// How far the work may run ahead of what is handed over.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline {
    /// How many items may be started and not yet handed over: enough that
    /// a core rarely waits on a slow item before it.
    pub window: usize,
    /// How much weight may be finished, or being finished, and not yet
    /// taken by `each`, in the units of `run`'s `weight`.
    pub budget: usize,
}

impl Pipeline {
    /// Does `work` to every item, then `finish` to its result, on as many
    /// threads as rayon has, each thread taking the next item as soon as
    /// it is done with one; and hands each finished result to `each`, on
    /// this thread, in the order of the items. An item is finished only
    /// if its weight fits in the budget beside what is being finished or
    /// waits to be handed over, or if it is the next to hand over: so an
    /// item heavier than the budget is finished alone, and the item
    /// `each` waits for never waits for the budget. Writing a report of a
    /// million incidents costs a core as much as evaluating its claims, so
    /// the writing and the work overlap, and no thread waits for a group
    /// of items to end before it starts the next.
    pub fn run<I: Send, M: Send, R: Send>(
        self,
        items: Vec<I>,
        work: &Stage<I, M>,
        weight: impl Fn(&M) -> usize + Sync,
        finish: &Stage<M, R>,
        mut each: impl FnMut(R),
    ) {
        let total = items.len();
        let shared = Shared {
            state: Mutex::new(State {
                items: items.into_iter(),
                started: 0,
                handed: 0,
                done: VecDeque::new(),
                load: 0,
                panic: None,
            }),
            changed: Condvar::new(),
        };
        let stop = |panic| {
            shared.lock().panic.get_or_insert(panic);
            shared.changed.notify_all();
        };
        std::thread::scope(|scope| {
            for _ in 0..rayon::current_num_threads().clamp(1, total.max(1)) {
                scope.spawn(|| {
                    let worked = catch_unwind(AssertUnwindSafe(|| {
                        self.worker(&shared, work, &weight, finish)
                    }));
                    if let Err(panic) = worked {
                        stop(panic);
                    }
                });
            }
            // The workers stop at a panic here too, rather than wait for
            // this thread to take what they finished.
            let handing = catch_unwind(AssertUnwindSafe(|| {
                for _ in 0..total {
                    let Some((result, weight)) = shared.next() else {
                        return;
                    };
                    each(result);
                    let mut state = shared.lock();
                    state.load = state.load.saturating_sub(weight);
                    drop(state);
                    shared.changed.notify_all();
                }
            }));
            if let Err(panic) = handing {
                stop(panic);
            }
        });
        if let Some(panic) = shared.lock().panic.take() {
            resume_unwind(panic);
        }
    }

    /// A worker's loop: the next item, worked, weighed, finished when the
    /// budget allows, and left to be handed over.
    fn worker<I, M, R>(
        self,
        shared: &Shared<I, R>,
        work: &Stage<I, M>,
        weight: &(impl Fn(&M) -> usize + Sync),
        finish: &Stage<M, R>,
    ) {
        loop {
            let (index, item) = {
                let mut state = shared.wait(|s| s.started - s.handed < self.window.max(1));
                if state.panic.is_some() {
                    return;
                }
                let Some(item) = state.items.next() else {
                    return;
                };
                state.started += 1;
                (state.started - 1, item)
            };
            let done = work(item);
            let heavy = weight(&done);
            shared
                .wait(|s| s.load + heavy <= self.budget || index == s.handed)
                .load += heavy;
            let result = finish(done);
            let mut state = shared.lock();
            let slot = index - state.handed;
            if state.done.len() <= slot {
                state.done.resize_with(slot + 1, || None);
            }
            if let Some(slot) = state.done.get_mut(slot) {
                *slot = Some((result, heavy));
            }
            drop(state);
            shared.changed.notify_all();
        }
    }
}

/// What the threads of a run share.
struct Shared<I, R> {
    state: Mutex<State<I, R>>,
    /// Told of every change to the state.
    changed: Condvar,
}

struct State<I, R> {
    /// The items not yet started.
    items: std::vec::IntoIter<I>,
    started: usize,
    /// How many results were handed over.
    handed: usize,
    /// The results from `handed` on, where finished, with their weights.
    done: VecDeque<Option<(R, usize)>>,
    /// The weight of what is being finished or waits to be handed over.
    load: usize,
    /// The first panic of a worker, to resume on the calling thread.
    panic: Option<Box<dyn std::any::Any + Send>>,
}

impl<I, R> Shared<I, R> {
    fn lock(&self) -> MutexGuard<'_, State<I, R>> {
        // A panic is caught before it could poison the lock while held.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state once `ready` holds of it, or a worker panicked.
    fn wait(&self, ready: impl Fn(&State<I, R>) -> bool) -> MutexGuard<'_, State<I, R>> {
        let mut state = self.lock();
        while !ready(&state) && state.panic.is_none() {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state
    }

    /// The next result in order, with its weight; `None` once a worker
    /// panicked.
    fn next(&self) -> Option<(R, usize)> {
        let mut state = self.wait(|s| matches!(s.done.front(), Some(Some(_))));
        let next = state.done.pop_front().flatten()?;
        state.handed += 1;
        drop(state);
        self.changed.notify_all();
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_done_in_parallel_comes_back_in_order() {
        let pipeline = Pipeline {
            window: 4,
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
            window: 2,
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
                    // Wait, as a slow writer does, for later items.
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
            window: 2,
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
        // What was handed over came in order, and nothing from item 3 on.
        assert!(seen.len() <= 3);
        assert_eq!(seen, (0..seen.len()).collect::<Vec<_>>());
    }

    /// A quantity shared by threads, and the most it ever was.
    #[derive(Default)]
    struct Peak {
        now: std::sync::atomic::AtomicUsize,
        most: std::sync::atomic::AtomicUsize,
    }

    impl Peak {
        fn add(&self, n: usize) {
            use std::sync::atomic::Ordering::SeqCst;
            let now = self.now.fetch_add(n, SeqCst) + n;
            self.most.fetch_max(now, SeqCst);
        }

        fn sub(&self, n: usize) {
            self.now.fetch_sub(n, std::sync::atomic::Ordering::SeqCst);
        }

        fn most(&self) -> usize {
            self.most.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    #[test]
    fn an_item_heavier_than_the_budget_is_finished_alone() {
        let pipeline = Pipeline {
            window: 8,
            budget: 5,
        };
        let finishing = Peak::default();
        let finish = |m: usize| {
            finishing.add(1);
            std::thread::sleep(std::time::Duration::from_millis(5));
            finishing.sub(1);
            m
        };
        let mut seen = Vec::new();
        pipeline.run(vec![9, 9, 9], &|i| i, |&m| m, &finish, |r| seen.push(r));
        assert_eq!(seen, vec![9, 9, 9]);
        assert_eq!(finishing.most(), 1);
    }

    #[test]
    fn what_waits_to_be_handed_over_stays_within_the_budget() {
        let pipeline = Pipeline {
            window: 8,
            budget: 7,
        };
        let waiting = Peak::default();
        let finish = |m: usize| {
            waiting.add(m);
            m
        };
        let mut seen = Vec::new();
        pipeline.run(
            vec![3; 12],
            &|i| i,
            |&m| m,
            &finish,
            |r| {
                // A slow writer, so that the work would run far ahead.
                std::thread::sleep(std::time::Duration::from_millis(3));
                waiting.sub(r);
                seen.push(r);
            },
        );
        assert_eq!(seen, vec![3; 12]);
        // Two within the budget, and the next to hand over beyond it.
        assert!(waiting.most() <= 9);
    }

    #[test]
    fn a_heavy_item_waits_for_the_light_ones_before_it() {
        let pipeline = Pipeline {
            window: 4,
            budget: 10,
        };
        let mut seen = Vec::new();
        pipeline.run(
            vec![1, 1, 100, 1, 100, 1],
            &|i| i,
            |&m| m,
            &|m| m,
            |r| seen.push(r),
        );
        assert_eq!(seen, vec![1, 1, 100, 1, 100, 1]);
    }
}
