//! claimcheck checks the numbers in news copy against a source-tagged
//! incident dataset. The binary is a thin shell over this library, so tests
//! and benchmarks run the same code.

pub mod ast;
pub mod dataset;
pub mod date;
pub mod eval;
pub mod parse;
pub mod suggest;
