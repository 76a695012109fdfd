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

/// A published check value: the trace of a product of local monodromies (`BENCH.md`, 30
/// digits).
#[derive(Debug, Clone, Copy)]
pub struct ReferenceTrace {
    /// The name used in `BENCH.md` (`tr M3M1M0`).
    pub name: &'static str,
    /// The product, left to right, as indices into the local monodromies in increasing
    /// order of their points (heun2: 0, 1, 3; fuchs4: −2, 0, 1, 3).
    pub word: &'static [usize],
    /// Real part, 30 digits.
    pub re: &'static str,
    /// Imaginary part, 30 digits.
    pub im: &'static str,
}

/// heun2's reference traces.
pub const HEUN2_TRACES: [ReferenceTrace; 4] = [
    ReferenceTrace {
        name: "tr M0M1",
        word: &[0, 1],
        re: "4.13323608586493829204718690433",
        im: "2.38632496679839727326078455700",
    },
    ReferenceTrace {
        name: "tr M0M3",
        word: &[0, 2],
        re: "-3.95445174280068447650545717328",
        im: "-0.261472098915678563812816557218",
    },
    ReferenceTrace {
        name: "tr M1M3",
        word: &[1, 2],
        re: "-0.382399958475386201191069692677",
        im: "-1.42713607384237021521428157610",
    },
    ReferenceTrace {
        name: "tr M3M1M0",
        word: &[2, 1, 0],
        re: "1.05216181985234165911699046616",
        im: "-0.281925909936295358290166002693",
    },
];

/// fuchs4's reference traces.
pub const FUCHS4_TRACES: [ReferenceTrace; 2] = [
    ReferenceTrace {
        name: "tr M0M3",
        word: &[1, 3],
        re: "49.2694966427864199586146960155",
        im: "-12.0907808534976340645492788951",
    },
    ReferenceTrace {
        name: "tr M-2M3M1M0",
        word: &[0, 3, 2, 1],
        re: "61.7034509883522115019888949524",
        im: "-39.0003955598132679720164042769",
    },
];
