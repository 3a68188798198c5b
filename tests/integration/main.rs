//! The integration tests: one test binary that runs the built `claimcheck`
//! on files of the repository, one module per area.

mod csv;
mod fixtures;
mod snapshots;
mod support;
