//! varan's library API: from DSL text to typed results. `derive` gives the vector field of
//! a model's gradient flow (or of a system, or Hamilton's equations) and its Jacobian, with
//! text, LaTeX and JSON renderings.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod derive;
mod latex;

pub use derive::{derive, load, DataPointJson, Derivation, DeriveJson, InputError};
pub use latex::{escape_text, standalone};

/// The stages below, re-exported for users of the library.
pub use varan_algebra as algebra;
pub use varan_flow as flow;
pub use varan_numeric as numeric;
pub use varan_syntax as syntax;
