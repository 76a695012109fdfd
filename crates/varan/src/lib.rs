//! varan's library API: from DSL text to typed results. `derive` gives the vector field of
//! a model's gradient flow (or of a system, or Hamilton's equations) and its Jacobian;
//! `manifolds` its verified invariant manifolds; `ve` the variational equations along a
//! verified curve, reduced to blocks, scalar equations, normal forms and singularity tables;
//! `laws` the polynomial first integrals of a flow and the conservation laws of a factored
//! model.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod analyze;
mod atlas;
mod derive;
mod galois;
mod latex;
mod laws;
mod monodromy;
mod numeric_group;
mod trajectory;
mod ve;

pub use analyze::{
    analyze, theorem, Analysis, AnalyzeJson, AnalyzeOptions, BlockFinding, CurveAnalysis,
    CurveAnalysisJson, G0Fact, Verdict, SCOPE,
};
pub use atlas::{
    atlas, AtlasError, AtlasJson, AtlasManifoldJson, AtlasOptions, FixedPointJson, NarrowJson,
    RejectedJson, UnitJson, NUMERIC_CRITICAL, ZERO_EIGENVALUE,
};
pub use derive::{derive, load, load_flow, DataPointJson, Derivation, DeriveJson, InputError};
pub use galois::{galois, galois_with, outcome_word, EquationJson, GaloisJson, Method, SystemJson};
pub use latex::{escape_text, standalone};
pub use laws::{
    laws, laws_architecture, ConservationJson, FirstIntegralsJson, LawJson, LawsFailure, LawsJson,
    LawsReport,
};
pub use monodromy::{monodromy, MonodromyJson};
pub use numeric_group::{numeric_group, NumericJson};
pub use trajectory::{
    trajectory, DriftJson, FixedPointRef, FlowJson, FlowOptions, PlateauJson, SampleJson,
};
pub use ve::{
    manifolds, ve, CurveSource, ManifoldReport, ManifoldsJson, VeFailure, VeJson, VeReport,
};

/// The stages below, re-exported for users of the library.
pub use varan_algebra as algebra;
pub use varan_flow as flow;
pub use varan_numeric as numeric;
pub use varan_syntax as syntax;
