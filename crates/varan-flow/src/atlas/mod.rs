//! The exact side of the invariant-manifold atlas of a network \[ZSL25\] (MATH.md §8): its
//! hidden units (confirmed by an exact permutation symmetry of the loss), the narrower
//! network with one unit removed, the embeddings of a narrow critical point into the wider
//! network (zero unit, duplicate with split output weights, same ray, mixing), exact
//! criticality and Morse index (inertia over ℚ) at rational points, and cheap quadratic
//! first integrals for monitoring trajectories. The floating-point side (Newton's method,
//! spectra, trajectories) is in `varan-numeric` and the `varan` crate.

mod critical;
mod embed;
mod quadratic;
mod units;

pub use critical::{at_point, hessian_at, inertia, is_critical, Inertia};
pub use embed::{
    duplicate, embeddings, narrow_network, output_bases, preserves_function, split_values,
    Embedding, EmbeddingKind, Narrow,
};
pub use quadratic::{is_first_integral, quadratic_first_integrals, QuadraticLaw};
pub use units::{hidden_units, Unit, UnitLayout};
