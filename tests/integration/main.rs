//! The integration tests: one test binary that runs the built `claimcheck`
//! on files of the repository, one module per area.

mod ci_docs;
mod cli;
mod csv;
mod drafts;
mod drift;
mod escaping;
mod exit_codes;
mod explain;
mod fixtures;
mod fmt;
mod github;
mod hostile;
mod junit;
mod limits;
mod markdown;
mod numbers;
mod properties;
mod report;
mod snapshots;
mod support;
