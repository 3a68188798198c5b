//! The integration tests: one test binary that runs the built `claimcheck`
//! on files of the repository, one module per area.

mod cli;
mod csv;
mod escaping;
mod exit_codes;
mod explain;
mod fixtures;
mod hostile;
mod limits;
mod numbers;
mod properties;
mod report;
mod snapshots;
mod support;
