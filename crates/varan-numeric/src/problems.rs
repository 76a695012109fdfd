//! The reference problems of the monodromy benchmarks (`BENCH.md`, "monodromy/heun2 and
//! monodromy/fuchs4"), in one place for the tests, the benchmarks and the group tests:
//!
//! - heun2: x(x−1)(x−3) y'' + (γ(x−1)(x−3) + δx(x−3) + εx(x−1)) y' + (αβx − q) y = 0 with
//!   γ = 1/2, δ = 1/3, ε = 1/4, α = 1/5, β = −7/60, q = 1/7 (singular points 0, 1, 3, ∞);
//! - fuchs4: S y'''' + c₁ y''' + c₂ y'' + c₃ y' + c₄ y = 0, S = x(x−1)(x−3)(x+2),
//!   c₁ = Σ_s λ_s S/(x − s) with λ = 1/2, 1/3, 1/4, 1/5 at s = 0, 1, 3, −2,
//!   c₂ = 2/5 x² + 1/3 x − 1/7, c₃ = 1/11 x + 1/13, c₄ = 1/17;
//!
//! both with the base point b = 1/2 + i/2 of the specification.

use num_complex::Complex64;
use varan_algebra::{UPoly, Q};

use crate::taylor::{RationalSystem, SystemError};

fn q(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

fn lin(s: i64) -> UPoly {
    UPoly::from_coeffs(vec![q(-s, 1), q(1, 1)])
}

/// The Heun equation heun2 as the companion system of (y, y').
pub fn heun2() -> Result<RationalSystem, SystemError> {
    let (g, d, e) = (q(1, 2), q(1, 3), q(1, 4));
    let (al, be, qq) = (q(1, 5), q(-7, 60), q(1, 7));
    let x = UPoly::x();
    let (xm1, xm3) = (lin(1), lin(3));
    let p2 = x.mul(&xm1).mul(&xm3);
    let p1 = xm1.mul(&xm3).scale(&g).add(&x.mul(&xm3).scale(&d)).add(&x.mul(&xm1).scale(&e));
    let p0 = UPoly::from_coeffs(vec![-qq, al * be]);
    RationalSystem::from_scalar_poly(&[p0, p1, p2])
}

/// The order-4 Fuchsian equation fuchs4 as the companion system of (y, y', y'', y''').
pub fn fuchs4() -> Result<RationalSystem, SystemError> {
    let pts = [(0, q(1, 2)), (1, q(1, 3)), (3, q(1, 4)), (-2, q(1, 5))];
    let s = pts.iter().fold(UPoly::one(), |acc, (p, _)| acc.mul(&lin(*p)));
    let mut c1 = UPoly::zero();
    for (p, lam) in &pts {
        let others =
            pts.iter().filter(|(o, _)| o != p).fold(UPoly::one(), |acc, (o, _)| acc.mul(&lin(*o)));
        c1 = c1.add(&others.scale(lam));
    }
    let c2 = UPoly::from_coeffs(vec![q(-1, 7), q(1, 3), q(2, 5)]);
    let c3 = UPoly::from_coeffs(vec![q(1, 13), q(1, 11)]);
    let c4 = UPoly::from_coeffs(vec![q(1, 17)]);
    RationalSystem::from_scalar_poly(&[c4, c3, c2, c1, s])
}

/// The specification's base point 1/2 + i/2.
pub fn base() -> Complex64 {
    Complex64::new(0.5, 0.5)
}
