//! Work done in parallel and handed over in order, with what is in flight
//! bounded: a `check` run evaluates claims on every core, and a claim's
//! report can list a million incidents, so neither the claims of a large
//! file nor their reports may all be held at once.

use rayon::iter::{IntoParallelIterator, ParallelIterator};

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
    /// finished result to `each`, in the order of the items. While one
    /// batch is finished and handed over (a report written out), the next
    /// is worked on, so that writing never leaves the cores idle.
    pub fn run<I: Send, M: Send, R: Send>(
        self,
        items: Vec<I>,
        work: &Stage<I, M>,
        weight: impl Fn(&M) -> usize,
        finish: &Stage<M, R>,
        mut each: impl FnMut(R),
    ) {
        let mut items = items.into_iter();
        let mut next = || items.by_ref().take(self.batch.max(1)).collect::<Vec<I>>();
        let worked = |batch: Vec<I>| -> Vec<M> { batch.into_par_iter().map(work).collect() };
        std::thread::scope(|scope| {
            let mut done = worked(next());
            while !done.is_empty() {
                let following = next();
                let working = scope.spawn(|| worked(following));
                self.hand_over(done, &weight, finish, &mut each);
                done = working
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            }
        });
    }

    /// Finishes a batch's results a group at a time, each group within
    /// the budget, and hands them to `each` in order.
    fn hand_over<M: Send, R: Send>(
        self,
        done: Vec<M>,
        weight: impl Fn(&M) -> usize,
        finish: &Stage<M, R>,
        mut each: impl FnMut(R),
    ) {
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
            let finished: Vec<R> = group.into_par_iter().map(finish).collect();
            finished.into_iter().for_each(&mut each);
        }
    }
}

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
