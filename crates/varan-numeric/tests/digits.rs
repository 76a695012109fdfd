//! Certified monodromy to 30 digits ([`MonodromyOptions::digits`], extended balls with
//! 126-bit midpoints) against published values: the 30-digit reference traces of the
//! monodromy/heun2 and monodromy/fuchs4 benchmarks (computed with ore_algebra's
//! `monodromy_matrices`, Mezzarobba, arXiv:1607.01967), the closed forms of the Gauss
//! hypergeometric equation (local exponents (0, 1−c) at 0 and (0, c−a−b) at 1, so
//! tr M_0 = 1 + e^{2πi(1−c)}, det M_0 = e^{2πi(1−c)}, and likewise at 1; Hille, *Ordinary
//! Differential Equations in the Complex Domain*, ch. 10), Liouville's det M_p =
//! exp(2πi·Res_p tr A) and the product relation, all at radii near 10⁻³⁰.
//!
//! A reference given to 30 significant digits is itself rounded: it is taken as the ball of
//! its decimal value and half a unit of its last digit per component, and must meet the
//! computed ball; the computed radius must be at most 10⁻³⁰·max(1, |value|).

use num_bigint::BigInt;
use num_complex::Complex64;
use varan_algebra::{UPoly, Q};
use varan_numeric::{
    det_checks, det_checks_extended, local_monodromies, problems, product_check_extended, ExtBall,
    ExtMatrix, MonodromyOptions, RationalSystem, SystemError, MAX_DIGITS,
};

fn q(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

fn poly(c: &[Q]) -> UPoly {
    UPoly::from_coeffs(c.to_vec())
}

/// The exact value of a decimal string and half a unit of its last digit.
fn decimal(s: &str) -> (Q, Q) {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits: BigInt = format!("{int}{frac}").parse().unwrap();
    let scale = BigInt::from(10).pow(frac.len() as u32);
    let v = Q::new(if neg { -digits } else { digits }, scale.clone());
    (v, Q::new(1.into(), scale * 2))
}

/// The ball of a reference value re + i·im given in decimal (its rounding as radius).
fn reference(re: &str, im: &str) -> ExtBall {
    let ((x, hx), (y, hy)) = (decimal(re), decimal(im));
    let b = ExtBall::from_rationals(&x, &y);
    let half = ExtBall::from_rationals(&(hx + hy), &Q::from_integer(0.into()));
    ExtBall::new(b.mid, half.abs_upper() + b.rad)
}

/// `computed` meets the reference and has at least 30 correct digits.
#[track_caller]
fn check_30_digits(name: &str, computed: &ExtBall, want: &ExtBall) {
    let size = want.abs_upper().max(1.0);
    eprintln!("{name}: {} (radius {:.1e})", computed.to_decimal(33), computed.rad);
    assert!(computed.overlaps(want), "{name}: {computed:?} misses {want:?}");
    assert!(computed.rad <= 1e-30 * size, "{name}: radius {:e}", computed.rad);
}

fn ext(res: &varan_numeric::MonodromyResult, i: usize) -> &ExtMatrix {
    res.local[i].extended.as_ref().expect("the 30-digit run keeps extended matrices")
}

/// The product of the extended local monodromies in `word`, left to right.
fn word(res: &varan_numeric::MonodromyResult, word: &[usize]) -> ExtMatrix {
    word[1..].iter().fold(ext(res, word[0]).clone(), |m, &i| m.mul(ext(res, i)))
}

#[test]
fn heun2_traces_to_30_digits() {
    let sys = problems::heun2().expect("heun2");
    let opts = MonodromyOptions::default().base(problems::base()).digits(30);
    let res = local_monodromies(&sys, &opts).unwrap();
    let pts: Vec<f64> = res.local.iter().map(|l| l.point.re).collect();
    assert_eq!(pts, vec![0.0, 1.0, 3.0]);
    for t in problems::HEUN2_TRACES {
        let m = word(&res, t.word);
        check_30_digits(t.name, &m.trace(), &reference(t.re, t.im));
    }
    // the double-precision enclosures are those of the extended matrices, and they meet
    // the double-precision run (two independent routes)
    let f64_res =
        local_monodromies(&sys, &MonodromyOptions::default().base(problems::base())).unwrap();
    for (l, f) in res.local.iter().zip(&f64_res.local) {
        for (a, b) in l.matrix.entries().iter().zip(f.matrix.entries()) {
            assert!(a.overlaps(b), "{a:?} vs {b:?}");
            assert!(a.rad < 1e-15);
        }
    }
    // Liouville: det M_p = exp(2πi Res_p tr A), at the extended radius
    let dets = det_checks_extended(&sys, &res);
    assert_eq!(dets.len(), 3);
    for ch in dets {
        assert!(ch.passed && ch.certified, "{ch:?}");
        assert!(ch.computed.rad < 1e-30 && ch.expected.rad < 1e-35, "{ch:?}");
    }
    // the double-precision checks still run on the enclosures
    assert!(det_checks(&sys, &res).iter().all(|c| c.passed));
}

#[test]
fn fuchs4_traces_to_30_digits() {
    let sys = problems::fuchs4().expect("fuchs4");
    let opts = MonodromyOptions::default().base(problems::base()).digits(30);
    let res = local_monodromies(&sys, &opts).unwrap();
    let pts: Vec<f64> = res.local.iter().map(|l| l.point.re).collect();
    assert_eq!(pts, vec![-2.0, 0.0, 1.0, 3.0]);
    for t in problems::FUCHS4_TRACES {
        let m = word(&res, t.word);
        check_30_digits(t.name, &m.trace(), &reference(t.re, t.im));
    }
    for ch in det_checks_extended(&sys, &res) {
        assert!(ch.passed && ch.certified && ch.computed.rad < 1e-29, "{ch:?}");
    }
}

fn hypergeometric(a: Q, b: Q, cc: Q) -> RationalSystem {
    // x(1−x) y'' + (c − (a+b+1)x) y' − ab y = 0
    let one = q(1, 1);
    let p1 = poly(&[cc.clone(), -(a.clone() + b.clone() + one.clone())]);
    let p0 = poly(&[-(a * b)]);
    let p2 = poly(&[q(0, 1), one.clone(), -one]);
    RationalSystem::from_scalar_poly(&[p0, p1, p2]).unwrap()
}

/// e^{2πi·r} for a rational r, in extended balls.
fn e2pii(r: Q) -> ExtBall {
    (ExtBall::two_pi_i() * ExtBall::from_rational(&r)).exp()
}

#[test]
fn hypergeometric_exponents_to_30_digits() {
    let (a, b, c) = (q(1, 3), q(1, 5), q(2, 7));
    let sys = hypergeometric(a.clone(), b.clone(), c.clone());
    let opts = MonodromyOptions::default().base(problems::base()).digits(30);
    let res = local_monodromies(&sys, &opts).unwrap();
    assert_eq!(res.local.len(), 2);
    let one = q(1, 1);
    // exponents (0, 1 − c) at 0 and (0, c − a − b) at 1
    for (i, rho) in [(0, &one - &c), (1, &c - &a - &b)] {
        let m = ext(&res, i);
        let e = e2pii(rho);
        check_30_digits(&format!("tr M{i}"), &m.trace(), &(ExtBall::one() + e));
        check_30_digits(&format!("det M{i}"), &m.det(), &e);
    }
    // the loop around both points against the product of the local monodromies
    let ch = product_check_extended(&sys, &res, &opts).unwrap().expect("extended matrices");
    assert!(ch.passed, "{ch:?}");
    assert!(ch.computed.rad < 1e-29 && ch.expected.rad < 1e-29, "{ch:?}");
    for ch in det_checks_extended(&sys, &res) {
        assert!(ch.passed && ch.certified, "{ch:?}");
    }
}

#[test]
fn digits_beyond_the_extended_precision_are_refused() {
    let sys = hypergeometric(q(1, 2), q(1, 3), q(1, 4));
    let opts = MonodromyOptions::default().digits(MAX_DIGITS + 1);
    match local_monodromies(&sys, &opts) {
        Err(SystemError::DigitsUnsupported { requested, max }) => {
            assert_eq!((requested, max), (MAX_DIGITS + 1, MAX_DIGITS));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // 15 digits and fewer stay in double precision
    let res = local_monodromies(&sys, &MonodromyOptions::default().digits(15)).unwrap();
    assert!(res.local.iter().all(|l| l.extended.is_none()));
}

#[test]
fn decimal_output_contains_the_value() {
    // the printed `re + im·i ± rad` of tr M0M1 (heun2) contains the 30-digit reference
    let sys = problems::heun2().expect("heun2");
    let res =
        local_monodromies(&sys, &MonodromyOptions::default().base(problems::base()).digits(30))
            .unwrap();
    let t = ext(&res, 0).mul(ext(&res, 1)).trace();
    let (re, im, rad) = t.decimal_parts(32);
    assert!(re.starts_with("4.133236085864938292047186904"), "{re}");
    assert!(im.starts_with("2.386324966798397273260784556"), "{im}");
    let printed = ExtBall::new(reference(&re, &im).mid, rad);
    let r = problems::HEUN2_TRACES[0];
    let want = reference(r.re, r.im);
    assert!(printed.overlaps(&want) && rad < 1e-30);
    assert!(t.to_ball().contains(Complex64::new(4.133_236_085_864_938, 2.386_324_966_798_397_5)));
    assert!(t.to_decimal(32).contains(" ± "));
}
