//! A progress bar on stderr for the work that takes a while on a large
//! dataset: reading it, and checking many claims against it. It shows
//! only when stderr is a terminal, and only once the work has taken more
//! than a second, so a quick run, a pipe, a CI log and every machine
//! format stay as they are. Dropping it clears it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::time::{Duration, Instant};

/// How long work runs before its progress is shown.
const QUIET: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether stderr is a terminal, the only place it is drawn.
    terminal: bool,
    drawn: bool,
}

impl Progress {
    /// Progress through `total` steps (bytes when `bytes`), or through an
    /// unknown number of them.
    pub fn new(message: &'static str, total: Option<u64>, bytes: bool) -> Progress {
        Progress::on(std::io::stderr().is_terminal(), message, total, bytes)
    }

    fn on(terminal: bool, message: &'static str, total: Option<u64>, bytes: bool) -> Progress {
        let (bar, template) = match (total, bytes) {
            (Some(total), true) => (
                ProgressBar::new(total),
                "{msg} {bar:30} {bytes}/{total_bytes} ({elapsed})",
            ),
            (Some(total), false) => (
                ProgressBar::new(total),
                "{msg} {bar:30} {pos}/{len} ({elapsed})",
            ),
            (None, _) => (ProgressBar::no_length(), "{msg} {pos} ({elapsed})"),
        };
        bar.set_draw_target(ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(message);
        Progress {
            bar,
            started: Instant::now(),
            terminal,
            drawn: false,
        }
    }

    /// `steps` more done.
    pub fn advance(&mut self, steps: u64) {
        self.bar.inc(steps);
        if self.terminal && !self.drawn && self.started.elapsed() > QUIET {
            self.drawn = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// `read`, each byte read a step.
    pub fn reading<R: Read>(&mut self, read: R) -> Reading<'_, R> {
        Reading {
            progress: self,
            read,
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A reader that advances a progress bar.
pub struct Reading<'p, R> {
    progress: &'p mut Progress,
    read: R,
}

impl<R: Read> Read for Reading<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.read.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_through_progress_reads_everything_and_counts_it() {
        let mut progress = Progress::new("reading", Some(11), true);
        let mut text = String::new();
        let read = progress
            .reading("hello world".as_bytes())
            .read_to_string(&mut text);
        assert_eq!(read.ok(), Some(11));
        assert_eq!(text, "hello world");
        assert_eq!(progress.bar.position(), 11);
    }

    #[test]
    fn a_bar_is_drawn_on_a_terminal_once_the_work_is_slow() {
        let mut quick = Progress::on(true, "checking", None, false);
        quick.advance(1);
        assert!(!quick.drawn);
        let mut slow = Progress::on(true, "checking", None, false);
        slow.started -= 2 * QUIET;
        slow.advance(1);
        assert!(slow.drawn);
        let mut piped = Progress::on(false, "checking", None, false);
        piped.started -= 2 * QUIET;
        piped.advance(1);
        assert!(!piped.drawn && piped.bar.is_hidden());
    }
}
