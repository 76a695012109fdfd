//! Univariate polynomials and rational functions over ℚ: ring identities, gcd, Yun's
//! square-free decomposition and rational roots against hand-factored polynomials.

use proptest::prelude::*;
use varan_algebra::{UPoly, URat, Q};

fn q(p: i64, d: i64) -> Q {
    Q::new(p.into(), d.into())
}

fn poly(c: &[i64]) -> UPoly {
    UPoly::from_coeffs(c.iter().map(|&a| q(a, 1)).collect())
}

fn lin(a: Q) -> UPoly {
    UPoly::linear_root(a)
}

#[test]
fn division_and_gcd() {
    // (x − 1)(x + 2) and (x − 1)(x − 3) have gcd x − 1
    let a = lin(q(1, 1)).mul(&lin(q(-2, 1)));
    let b = lin(q(1, 1)).mul(&lin(q(3, 1)));
    assert_eq!(a.gcd(&b), lin(q(1, 1)));
    let (quo, rem) = a.div_rem(&b).unwrap();
    assert_eq!(quo.mul(&b).add(&rem), a);
    assert!(rem.degree().unwrap_or(0) < b.degree().unwrap());
    assert_eq!(poly(&[1, 0, 1]).gcd(&poly(&[0, 1])), UPoly::one());
}

#[test]
fn yun_square_free_decomposition() {
    // f = 3 (x − 1)² (x + 2)³ (x² + 1): P1 = x² + 1, P2 = x − 1, P3 = x + 2
    let f = lin(q(1, 1)).pow(2).mul(&lin(q(-2, 1)).pow(3)).mul(&poly(&[1, 0, 1])).scale(&q(3, 1));
    let sf = f.squarefree();
    assert_eq!(sf.len(), 3);
    assert_eq!(sf[0], poly(&[1, 0, 1]));
    assert_eq!(sf[1], lin(q(1, 1)));
    assert_eq!(sf[2], lin(q(-2, 1)));
    assert_eq!(lin(q(5, 1)).squarefree(), vec![lin(q(5, 1))]);
}

#[test]
fn rational_roots() {
    // 6x³ − 11x² + 6x − 1 = (x − 1)(2x − 1)(3x − 1)
    assert_eq!(poly(&[-1, 6, -11, 6]).rational_roots(), Some(vec![q(1, 3), q(1, 2), q(1, 1)]));
    // x² − 2 has none; x³ − x has −1, 0, 1
    assert_eq!(poly(&[-2, 0, 1]).rational_roots(), Some(vec![]));
    assert_eq!(poly(&[0, -1, 0, 1]).rational_roots(), Some(vec![q(-1, 1), q(0, 1), q(1, 1)]));
    // rational coefficients: x² − 1/4
    let p = UPoly::from_coeffs(vec![q(-1, 4), q(0, 1), q(1, 1)]);
    assert_eq!(p.rational_roots(), Some(vec![q(-1, 2), q(1, 2)]));
}

#[test]
fn rational_function_basics() {
    // 1/(x − 1) − 1/(x + 1) = 2/(x² − 1)
    let a = URat::new(UPoly::one(), lin(q(1, 1))).unwrap();
    let b = URat::new(UPoly::one(), lin(q(-1, 1))).unwrap();
    let c = URat::new(poly(&[2]), poly(&[-1, 0, 1])).unwrap();
    assert_eq!(a.sub(&b), c);
    // lowest terms: (x² − 1)/(x − 1) = x + 1
    let r = URat::new(poly(&[-1, 0, 1]), lin(q(1, 1))).unwrap();
    assert_eq!(r, URat::poly(lin(q(-1, 1))));
    // (1/x)' = −1/x²
    let inv = URat::new(UPoly::one(), UPoly::x()).unwrap();
    assert_eq!(inv.derivative(), URat::new(poly(&[-1]), poly(&[0, 0, 1])).unwrap());
    assert_eq!(c.order_at_infinity(), Some(2));
    assert_eq!(c.to_text("s"), "2/(s^2 - 1)");
    assert!(URat::new(UPoly::one(), UPoly::zero()).is_err());
}

fn small_poly() -> impl Strategy<Value = UPoly> {
    prop::collection::vec(-5i64..6, 0..5).prop_map(|c| poly(&c))
}

fn small_rat() -> impl Strategy<Value = URat> {
    (small_poly(), small_poly())
        .prop_filter_map("non-zero denominator", |(n, d)| URat::new(n, d).ok())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn gcd_divides_both(a in small_poly(), b in small_poly()) {
        let g = a.gcd(&b);
        if !g.is_zero() {
            prop_assert!(a.div_rem(&g).unwrap().1.is_zero());
            prop_assert!(b.div_rem(&g).unwrap().1.is_zero());
        }
    }

    #[test]
    fn squarefree_parts_multiply_back(a in small_poly()) {
        if a.degree().unwrap_or(0) >= 1 {
            let mut prod = UPoly::one();
            for (i, p) in a.squarefree().iter().enumerate() {
                prop_assert!(p.gcd(&p.derivative()).is_constant());
                prod = prod.mul(&p.pow(i as u32 + 1));
            }
            prop_assert_eq!(prod, a.monic());
        }
    }

    #[test]
    fn leibniz_rule(a in small_rat(), b in small_rat()) {
        let lhs = a.mul(&b).derivative();
        let rhs = a.derivative().mul(&b).add(&a.mul(&b.derivative()));
        prop_assert_eq!(lhs, rhs);
    }
}

mod algebraization {
    use varan_algebra::{algebraize, Func, NotAlgebraic, Pool, UPoly, URat, Variable, Q};

    fn q(p: i64, d: i64) -> Q {
        Q::new(p.into(), d.into())
    }

    #[test]
    fn rational_in_s() {
        let mut p = Pool::new();
        let s = p.symbol("s");
        let es = p.sym(s);
        let one = varan_algebra::ExprId::ONE;
        let d = p.add(es, one);
        let e = p.div(one, d).unwrap();
        let inv = p.pow(es, -2).unwrap();
        let (var, r) = algebraize(&p, &[e, inv], s).unwrap();
        assert_eq!(var, Variable::Plain);
        assert_eq!(r[0], URat::new(UPoly::one(), UPoly::linear_root(q(-1, 1))).unwrap());
        assert_eq!(r[1], URat::new(UPoly::one(), UPoly::x().pow(2)).unwrap());
    }

    #[test]
    fn exponentials_become_rational_in_z() {
        let mut p = Pool::new();
        let s = p.symbol("s");
        let es = p.sym(s);
        // tanh(s) = (z² − 1)/(z² + 1) with z = e^s, and e^{s/2} forces q = 2
        let th = p.func(Func::Tanh, es);
        let half = p.scale(q(1, 2), es);
        let eh = p.func(Func::Exp, half);
        let (var, r) = algebraize(&p, &[th, eh], s).unwrap();
        assert_eq!(var, Variable::Exp { q: 2 });
        let z4m1 = UPoly::from_coeffs(vec![q(-1, 1), q(0, 1), q(0, 1), q(0, 1), q(1, 1)]);
        let z4p1 = UPoly::from_coeffs(vec![q(1, 1), q(0, 1), q(0, 1), q(0, 1), q(1, 1)]);
        assert_eq!(r[0], URat::new(z4m1, z4p1).unwrap());
        assert_eq!(r[1], URat::poly(UPoly::x()));
    }

    #[test]
    fn refusals_say_why() {
        let mut p = Pool::new();
        let s = p.symbol("s");
        let b = p.symbol("beta");
        let es = p.sym(s);
        let eb = p.sym(b);
        let e1 = p.mul(es, eb);
        assert_eq!(algebraize(&p, &[e1], s), Err(NotAlgebraic::OtherSymbol("beta".into())));
        let ex = p.func(Func::Exp, es);
        let mixed = p.add(ex, es);
        assert_eq!(algebraize(&p, &[mixed], s), Err(NotAlgebraic::MixedPolynomialExponential));
        let l = p.log(es).unwrap();
        assert!(matches!(algebraize(&p, &[l], s), Err(NotAlgebraic::Transcendental(_))));
    }
}
