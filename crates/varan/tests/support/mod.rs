//! Shared test support: the derive benchmark problem.
pub mod bench_problem;
