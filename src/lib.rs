//! claimcheck checks the numbers in news copy against a source-tagged
//! incident dataset. The binary is a thin shell over this library, so tests
//! and benchmarks run the same code.
//!
//! The layers, in the order a claim passes through them: `draft` (the
//! claims blocks of a Markdown draft), `parse` (claim files into the
//! `ast`), `date` (date forms into days), `dataset` (loading and
//! validating data), `eval` (membership, figures, verdicts), `check` (a
//! whole run), `drift` (what changed since a saved report), `report`
//! (human and machine output), `exit` (the exit code), with `diagnostic`
//! rendering every located error and `limits` bounding the numbers read.
//! `canonical` and `reformat` are `fmt`: the layout of a claim file, and
//! the command that writes it.

pub mod ast;
pub mod canonical;
pub mod check;
pub mod cli;
pub mod dataset;
pub mod date;
pub mod diagnostic;
pub mod draft;
pub mod drift;
pub mod eval;
pub mod exit;
pub mod limits;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod reformat;
pub mod report;
pub mod suggest;
