//! varan's Galois stage: deciding the differential Galois group of the reduced variational
//! equations — exactly with Kovacic's algorithm for u'' = r·u \[Kov86\]; numeric tests on
//! monodromy generators are planned.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod kovacic;

pub use kovacic::{
    kovacic, pole_structure, possible_cases, riccati_residual, KovacicOutcome, PoleStructure,
    PossibleCases,
};
