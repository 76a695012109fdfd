//! Exact verification of a Riccati solution: ω' + ω² − r, which must vanish for ω = u'/u
//! of a solution of u'' = r·u \[Kov86, §1\] — in ℚ(x), or in K(x) for a multi-quadratic
//! field K when ω has irrational coefficients.

use varan_algebra::URat;

use super::kpoly::QuadRatFun;

/// ω' + ω² − r (zero iff exp(∫ω) solves u'' = r·u).
pub fn riccati_residual(omega: &URat, r: &URat) -> URat {
    omega.derivative().add(&omega.mul(omega)).sub(r)
}

/// ω' + ω² − r for ω ∈ K(x) (zero iff exp(∫ω) solves u'' = r·u).
pub fn riccati_residual_quad(omega: &QuadRatFun, r: &URat) -> QuadRatFun {
    omega.derivative().add(&omega.mul(omega)).sub(&QuadRatFun::from_urat(r))
}
