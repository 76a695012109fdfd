//! Singular points and local exponents of u'' = r·u against published, hand-checkable
//! facts: Airy, Bessel and Gauss hypergeometric equations in normal form (Ince, *Ordinary
//! Differential Equations*, ch. 15–16; [Kov86, §2]), algebraic poles with exponents in ℚ(α),
//! and randomized poles with a prescribed leading coefficient.

use num_bigint::BigInt;
use proptest::prelude::*;
use varan_algebra::{UPoly, URat, Q};
use varan_flow::{
    singular_points_of_system, singularities, Coefficient, Exponents, Location, SingularPoint,
};

fn q(n: i64, d: i64) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

fn qi(n: i64) -> Q {
    q(n, 1)
}

/// The polynomial with integer coefficients, low degree first.
fn poly(c: &[i64]) -> UPoly {
    UPoly::from_coeffs(c.iter().map(|&a| qi(a)).collect())
}

fn rat(n: UPoly, d: UPoly) -> URat {
    URat::new(n, d).expect("non-zero denominator")
}

fn at(points: &[SingularPoint], c: Q) -> &SingularPoint {
    points
        .iter()
        .find(|p| p.location == Location::Rational(c.clone()))
        .unwrap_or_else(|| panic!("no singular point at {c}"))
}

fn rational_b(e: &Exponents) -> Q {
    match &e.b {
        Coefficient::Rational(b) => b.clone(),
        Coefficient::InField(p) => panic!("expected a rational b, got {p}"),
    }
}

#[test]
fn airy_is_irregular_at_infinity_only() {
    let t = singularities(&URat::poly(UPoly::x()));
    assert!(t.points.is_empty());
    assert_eq!(t.infinity.order, Some(-1));
    assert!(t.infinity.singular);
    assert!(!t.infinity.regular);
    assert_eq!(t.infinity.exponents, None);
    assert!(!t.fuchsian);
    let text = t.to_text("x");
    assert!(text.contains("no finite singular points"), "{text}");
    assert!(text.contains("x = ∞: ord_∞ r = -1, irregular singular"), "{text}");
    assert!(text.contains("Fuchsian: no"), "{text}");
}

/// u'' = ((ν² − 1/4)/x² − 1)·u: exponents 1/2 ± ν at 0, irregular at ∞.
fn bessel(nu: Q) -> URat {
    let b = &nu * &nu - q(1, 4);
    rat(UPoly::from_coeffs(vec![b, qi(0), qi(-1)]), poly(&[0, 0, 1]))
}

#[test]
fn bessel_exponents() {
    for (nu, lo, hi) in
        [(q(1, 3), q(1, 6), q(5, 6)), (qi(0), q(1, 2), q(1, 2)), (qi(1), q(-1, 2), q(3, 2))]
    {
        let t = singularities(&bessel(nu.clone()));
        assert_eq!(t.points.len(), 1);
        let p = at(&t.points, qi(0));
        assert_eq!(p.pole_order, 2);
        assert!(p.regular);
        let e = p.exponents.as_ref().expect("regular point has exponents");
        assert_eq!(rational_b(e), &nu * &nu - q(1, 4));
        assert_eq!(e.rational, Some((lo, hi)));
        assert_eq!(e.difference_squared, Coefficient::Rational(qi(4) * &nu * &nu));
        assert_eq!(t.infinity.order, Some(0));
        assert!(t.infinity.singular && !t.infinity.regular);
        assert!(!t.fuchsian);
    }
    // ν = 1/2: b = ν² − 1/4 = 0, so r = −1 and 0 is an ordinary point (u = cos x, sin x),
    // whose exponents 0 and 1 are those of ρ(ρ − 1) = 0
    let t = singularities(&bessel(q(1, 2)));
    assert!(t.points.is_empty());
    assert_eq!(t.infinity.order, Some(0));
    // ν = 1/3 at the order-2 pole: b = 1/9 − 1/4 = −5/36
    let text = singularities(&bessel(q(1, 3))).to_text("x");
    assert!(
        text.contains("x = 0: pole of order 2, regular singular; b = -5/36, exponents 1/6, 5/6"),
        "{text}"
    );
}

#[test]
fn gauss_hypergeometric_exponent_differences() {
    let (a, b, c) = (q(1, 2), q(1, 3), q(1, 4));
    let x_one_minus_x = poly(&[0, 1, -1]);
    // x(1−x)y'' + (c − (a+b+1)x)y' − ab·y = 0, i.e. y'' + p·y' + q·y = 0 with
    // p = (c − (a+b+1)x)/(x(1−x)) and q = −ab/(x(1−x)); u = y·exp(½∫p) gives u'' = r·u
    let p = rat(UPoly::from_coeffs(vec![c.clone(), -(&a + &b + qi(1))]), x_one_minus_x.clone());
    let qq = rat(UPoly::constant(-(&a * &b)), x_one_minus_x);
    // r = p²/4 + p'/2 − q
    let r = p.mul(&p).scale(&q(1, 4)).add(&p.derivative().scale(&q(1, 2))).sub(&qq);
    let t = singularities(&r);
    assert_eq!(t.points.len(), 2);
    for (pt, diff) in [(qi(0), qi(1) - &c), (qi(1), &c - &a - &b)] {
        let sp = at(&t.points, pt);
        assert_eq!(sp.pole_order, 2);
        assert!(sp.regular);
        let e = sp.exponents.as_ref().expect("regular");
        assert_eq!(e.difference_squared, Coefficient::Rational(&diff * &diff));
        assert_eq!(e.discriminant, e.difference_squared);
        let (r1, r2) = e.rational.clone().expect("square discriminant");
        assert_eq!(&r2 - &r1, abs(&diff));
        assert_eq!(&r1 + &r2, qi(1));
    }
    // exponents at 0: (1 ± 3/4)/2
    assert_eq!(
        at(&t.points, qi(0)).exponents.as_ref().and_then(|e| e.rational.clone()),
        Some((q(1, 8), q(7, 8)))
    );
    assert_eq!(t.infinity.order, Some(2));
    assert!(t.infinity.singular && t.infinity.regular);
    let e = t.infinity.exponents.as_ref().expect("regular at ∞");
    let ab = &a - &b;
    assert_eq!(e.difference_squared, Coefficient::Rational(&ab * &ab));
    let (r1, r2) = e.rational.clone().expect("square discriminant");
    assert_eq!(&r2 - &r1, abs(&ab));
    assert_eq!(&r1 + &r2, qi(-1));
    assert!(t.fuchsian);
    assert!(t.to_text("x").contains("Fuchsian: yes"));
}

fn abs(x: &Q) -> Q {
    if x < &qi(0) {
        -x.clone()
    } else {
        x.clone()
    }
}

#[test]
fn double_pole_at_plus_minus_sqrt_two() {
    // r = 1/(x² − 2)²
    let p = poly(&[-2, 0, 1]);
    let t = singularities(&rat(UPoly::one(), p.pow(2)));
    assert_eq!(t.points.len(), 1);
    let sp = &t.points[0];
    assert_eq!(
        sp.location,
        Location::Algebraic { minimal_polynomial: p.clone(), proven_irreducible: true }
    );
    assert_eq!(sp.pole_order, 2);
    assert!(sp.regular);
    let e = sp.exponents.as_ref().expect("regular");
    // b = 1/P'(α)² = 1/(4α²) = 1/8
    assert_eq!(e.b, Coefficient::InField(UPoly::constant(q(1, 8))));
    assert_eq!(e.discriminant, Coefficient::InField(UPoly::constant(q(3, 2))));
    assert_eq!(e.rational, None);
    assert_eq!(t.infinity.order, Some(4));
    assert!(!t.infinity.singular && t.infinity.regular);
    assert_eq!(
        t.infinity.exponents.as_ref().and_then(|e| e.rational.clone()),
        Some((qi(-1), qi(0)))
    );
    assert!(t.fuchsian);
    let text = t.to_text("x");
    assert!(text.contains("x = α, the roots of x^2 - 2 (irreducible): pole of order 2"), "{text}");
    assert!(text.contains("exponents ρ = 1/2 ± √(D)/2, D = 3/2"), "{text}");
    assert!(text.contains("x = ∞: ord_∞ r = 4, ordinary point"), "{text}");
}

#[test]
fn double_pole_at_cube_roots_of_two() {
    // r = 1/(x³ − 2)²: b = 1/(3α²)² = 1/(9α⁴) = 1/(18α) = α²/36
    let p = poly(&[-2, 0, 0, 1]);
    let t = singularities(&rat(UPoly::one(), p.pow(2)));
    let sp = &t.points[0];
    assert_eq!(
        sp.location,
        Location::Algebraic { minimal_polynomial: p, proven_irreducible: true }
    );
    let e = sp.exponents.as_ref().expect("regular");
    assert_eq!(e.b, Coefficient::InField(UPoly::from_coeffs(vec![qi(0), qi(0), q(1, 36)])));
    assert_eq!(
        e.difference_squared,
        Coefficient::InField(UPoly::from_coeffs(vec![qi(1), qi(0), q(1, 9)]))
    );
}

#[test]
fn reducible_quartic_is_not_claimed_irreducible() {
    // r = 1/((x² − 2)(x² − 3))²: b = 1/8 at ±√2 and 1/12 at ±√3 (CRT representative)
    let p = poly(&[6, 0, -5, 0, 1]);
    let t = singularities(&rat(UPoly::one(), p.pow(2)));
    assert_eq!(t.points.len(), 1);
    let sp = &t.points[0];
    assert_eq!(
        sp.location,
        Location::Algebraic { minimal_polynomial: p.clone(), proven_irreducible: false }
    );
    let Some(Exponents { b: Coefficient::InField(b), .. }) = &sp.exponents else {
        panic!("expected b in Q(α): {sp:?}");
    };
    assert!(b.degree().unwrap_or(0) < 4);
    let modulo = |f: &UPoly| b.div_rem(f).expect("non-zero").1;
    assert_eq!(modulo(&poly(&[-2, 0, 1])), UPoly::constant(q(1, 8)));
    assert_eq!(modulo(&poly(&[-3, 0, 1])), UPoly::constant(q(1, 12)));
    assert!(t.to_text("x").contains("irreducibility not proven"));
}

#[test]
fn mixed_irregular_and_simple_algebraic_poles() {
    // r = 1/((x − 1)³ (x² + 1))
    let den = poly(&[-1, 1]).pow(3).mul(&poly(&[1, 0, 1]));
    let t = singularities(&rat(UPoly::one(), den));
    assert_eq!(t.points.len(), 2);
    let one = at(&t.points, qi(1));
    assert_eq!(one.pole_order, 3);
    assert!(!one.regular);
    assert_eq!(one.exponents, None);
    let alg = &t.points[1];
    assert_eq!(
        alg.location,
        Location::Algebraic { minimal_polynomial: poly(&[1, 0, 1]), proven_irreducible: true }
    );
    assert_eq!(alg.pole_order, 1);
    assert!(alg.regular);
    let e = alg.exponents.as_ref().expect("regular");
    assert_eq!(e.b, Coefficient::InField(UPoly::zero()));
    assert_eq!(e.rational, Some((qi(0), qi(1))));
    assert_eq!(t.infinity.order, Some(5));
    assert!(!t.infinity.singular);
    assert!(!t.fuchsian);
    let text = t.to_text("x");
    assert!(text.contains("x = 1: pole of order 3, irregular singular\n"), "{text}");
}

#[test]
fn quartic_without_rational_roots_is_not_claimed_irreducible() {
    // x⁴ + 1 is irreducible, but the module only proves irreducibility up to degree 3
    let p = poly(&[1, 0, 0, 0, 1]);
    let t = singularities(&rat(UPoly::one(), p.clone()));
    assert_eq!(
        t.points[0].location,
        Location::Algebraic { minimal_polynomial: p, proven_irreducible: false }
    );
}

#[test]
fn rational_and_algebraic_roots_of_one_factor_are_split() {
    // r = x/((x − 1/2)(x + 3)(x² − 5))²
    let den = poly(&[-1, 2]).mul(&poly(&[3, 1])).mul(&poly(&[-5, 0, 1])).pow(2);
    let t = singularities(&rat(UPoly::x(), den));
    assert_eq!(t.points.len(), 3);
    assert_eq!(t.points[0].location, Location::Rational(qi(-3)));
    assert_eq!(t.points[1].location, Location::Rational(q(1, 2)));
    assert_eq!(
        t.points[2].location,
        Location::Algebraic { minimal_polynomial: poly(&[-5, 0, 1]), proven_irreducible: true }
    );
    assert!(t.points.iter().all(|p| p.pole_order == 2 && p.regular));
    // at −3: (x + 3)² r → −3 / ((2·(−3) − 1)²·((−3)² − 5)²) = −3/(49·16)
    let b = rational_b(t.points[0].exponents.as_ref().expect("regular"));
    assert_eq!(b, q(-3, 784));
}

#[test]
fn zero_and_constant_potentials() {
    let t = singularities(&URat::zero());
    assert!(t.points.is_empty());
    assert_eq!(t.infinity.order, None);
    assert!(!t.infinity.singular && t.infinity.regular && t.fuchsian);
    let t = singularities(&URat::constant(qi(1)));
    assert_eq!(t.infinity.order, Some(0));
    assert!(!t.fuchsian);
}

#[test]
fn system_poles_take_the_largest_order() {
    // entries with denominators (x − 1)², (x − 1)(x + 2)³, x(x² + 1), (x² + 1)²
    let dens = [
        poly(&[-1, 1]).pow(2),
        poly(&[-1, 1]).mul(&poly(&[2, 1]).pow(3)),
        poly(&[0, 1, 0, 1]),
        poly(&[1, 0, 1]).pow(2),
        UPoly::one(),
    ];
    let mut got = singular_points_of_system(&dens);
    let alg = got.pop().expect("four points");
    assert_eq!(
        alg,
        (Location::Algebraic { minimal_polynomial: poly(&[1, 0, 1]), proven_irreducible: true }, 2)
    );
    assert_eq!(
        got,
        vec![
            (Location::Rational(qi(-2)), 3),
            (Location::Rational(qi(0)), 1),
            (Location::Rational(qi(1)), 2),
        ]
    );
    assert!(singular_points_of_system(&[]).is_empty());
}

fn small_q() -> impl Strategy<Value = Q> {
    (-50i64..=50, 1i64..=20).prop_map(|(n, d)| q(n, d))
}

proptest! {
    /// r = b/(x − c)² + 1/(x − c): a regular pole at c with that b; r ~ 1/x at ∞, so
    /// ord_∞ r = 1 and ∞ is irregular.
    #[test]
    fn prescribed_double_pole(c in small_q(), b in small_q()) {
        let xc = UPoly::linear_root(c.clone());
        let r = rat(UPoly::constant(b.clone()), xc.pow(2)).add(&rat(UPoly::one(), xc));
        let t = singularities(&r);
        prop_assert_eq!(t.points.len(), 1);
        let p = at(&t.points, c);
        prop_assert_eq!(p.pole_order, if b == qi(0) { 1 } else { 2 });
        prop_assert!(p.regular);
        let e = p.exponents.as_ref().expect("regular");
        prop_assert_eq!(rational_b(e), b.clone());
        prop_assert_eq!(&e.discriminant, &Coefficient::Rational(qi(1) + qi(4) * &b));
        prop_assert_eq!(t.infinity.order, Some(1));
        prop_assert!(t.infinity.singular && !t.infinity.regular);
        prop_assert!(!t.fuchsian);
    }

    /// b = ρ(ρ − 1) at c and, for r = b/(x − c)², b at ∞ too: exponents {ρ, 1 − ρ} at c and
    /// the roots of σ(σ + 1) = b, i.e. {ρ − 1, −ρ}, at ∞.
    #[test]
    fn rational_exponents_solve_the_indicial_equations(c in small_q(), rho in small_q()) {
        let b = &rho * (&rho - qi(1));
        prop_assume!(b != qi(0));
        let r = rat(UPoly::constant(b.clone()), UPoly::linear_root(c.clone()).pow(2));
        let t = singularities(&r);
        let e = at(&t.points, c).exponents.clone().expect("regular");
        let other = qi(1) - &rho;
        let want = if rho <= other { (rho.clone(), other) } else { (other, rho.clone()) };
        prop_assert_eq!(e.rational, Some(want));
        let (s1, s2) = t.infinity.exponents.clone().and_then(|e| e.rational).expect("regular at ∞");
        prop_assert!(s1 <= s2);
        for s in [s1, s2] {
            prop_assert_eq!(&s * (&s + qi(1)), b.clone());
        }
        prop_assert!(t.fuchsian);
    }
}
