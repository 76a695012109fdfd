//! Exact verification of a Riccati solution: ω' + ω² − r, which must vanish for ω = u'/u
//! of a solution of u'' = r·u [Kov86, §1].

use varan_algebra::URat;

/// ω' + ω² − r (zero iff exp(∫ω) solves u'' = r·u).
pub fn riccati_residual(omega: &URat, r: &URat) -> URat {
    omega.derivative().add(&omega.mul(omega)).sub(r)
}
