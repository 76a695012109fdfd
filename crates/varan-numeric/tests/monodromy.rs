//! Certified monodromy against closed forms and published values: trivial systems, the
//! Gauss hypergeometric equation (local exponents (0, 1−c) at 0 and (0, c−a−b) at 1;
//! Liouville/Riemann, see Hille, *Ordinary Differential Equations in the Complex Domain*,
//! ch. 10), and the Heun equation of the monodromy/heun2 benchmark (reference traces from
//! ore_algebra, Mezzarobba, arXiv:1607.01967).

use num_complex::Complex64;
use varan_algebra::{UPoly, Q};
use varan_numeric::{
    det_checks, local_monodromies, loop_around, monodromy_along, product_check, Ball, BallMatrix,
    MonodromyOptions, RationalSystem,
};

fn q(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

fn poly(c: &[Q]) -> UPoly {
    UPoly::from_coeffs(c.to_vec())
}

fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

fn cexp(theta: f64) -> Complex64 {
    Complex64::from_polar(1.0, theta)
}

const TAU: f64 = 2.0 * std::f64::consts::PI;

#[test]
fn trivial_systems() {
    // y'' = 0: transition from 0 to 2 + i is [[1, h], [0, 1]]; y' = y: e^h
    let sys =
        RationalSystem::from_scalar_poly(&[UPoly::zero(), UPoly::zero(), UPoly::one()]).unwrap();
    let opts = MonodromyOptions::default();
    let m = monodromy_along(&sys, &[c(0.0, 0.0), c(2.0, 1.0)], &opts).unwrap();
    assert!(m.contains(&[c(1.0, 0.0), c(2.0, 1.0), c(0.0, 0.0), c(1.0, 0.0)]), "{m:?}");
    assert!(m.max_rad() < 1e-13);
    let sys = RationalSystem::from_scalar_poly(&[UPoly::constant(q(-1, 1)), UPoly::one()]).unwrap();
    let h = c(1.5, -0.7);
    let m = monodromy_along(&sys, &[c(0.0, 0.0), h], &opts).unwrap();
    assert!(m.get(0, 0).contains(h.exp()) && m.max_rad() < 1e-13, "{m:?}");
    let res = local_monodromies(&sys, &opts).unwrap();
    assert!(res.local.is_empty());
}

fn hypergeometric(a: Q, b: Q, cc: Q) -> RationalSystem {
    // x(1−x) y'' + (c − (a+b+1)x) y' − ab y = 0
    let one = q(1, 1);
    let p1 = poly(&[cc.clone(), -(a.clone() + b.clone() + one.clone())]);
    let p0 = poly(&[-(a * b)]);
    let p2 = poly(&[q(0, 1), one.clone(), -one]);
    RationalSystem::from_scalar_poly(&[p0, p1, p2]).unwrap()
}

fn check_hyp(a: (i64, i64), b: (i64, i64), cc: (i64, i64)) {
    let (af, bf, cf) =
        (a.0 as f64 / a.1 as f64, b.0 as f64 / b.1 as f64, cc.0 as f64 / cc.1 as f64);
    let sys = hypergeometric(q(a.0, a.1), q(b.0, b.1), q(cc.0, cc.1));
    let res = local_monodromies(&sys, &MonodromyOptions::default().base(c(0.5, 0.5))).unwrap();
    assert_eq!(res.local.len(), 2);
    let m0 = &res.local[0].matrix;
    let m1 = &res.local[1].matrix;
    let e0 = cexp(TAU * (1.0 - cf));
    let e1 = cexp(TAU * (cf - af - bf));
    for (m, e) in [(m0, e0), (m1, e1)] {
        let (tr, det) = (m.trace(), m.det());
        assert!(tr.contains(c(1.0, 0.0) + e), "trace {tr:?} vs {}", c(1.0, 0.0) + e);
        assert!(det.contains(e), "det {det:?} vs {e}");
        assert!(m.max_rad() <= 1e-10, "radius {}", m.max_rad());
    }
    for ch in det_checks(&sys, &res) {
        assert!(ch.passed && ch.certified, "{ch:?}");
    }
    let opts = MonodromyOptions::default();
    let ch = product_check(&sys, &res, &opts).unwrap();
    assert!(ch.passed, "{ch:?}");
    assert_eq!(res.product_order, vec![0, 1]);
    // the automatic base point gives the same conjugacy classes
    let auto = local_monodromies(&sys, &opts).unwrap();
    for (l, m) in auto.local.iter().zip([m0, m1]) {
        assert!(l.matrix.trace().overlaps(&m.trace()), "{:?} vs {:?}", l.matrix, m);
    }
    assert!(product_check(&sys, &auto, &opts).unwrap().passed);
    eprintln!("hypergeometric {a:?} {b:?} {cc:?}: radii {:e} {:e}", m0.max_rad(), m1.max_rad());
}

#[test]
fn hypergeometric_local_monodromy() {
    check_hyp((1, 2), (1, 3), (1, 4));
    check_hyp((1, 3), (1, 5), (2, 7));
}

pub fn heun2() -> RationalSystem {
    // x(x−1)(x−3) y'' + (γ(x−1)(x−3) + δx(x−3) + εx(x−1)) y' + (αβx − q) y = 0
    let (g, d, e) = (q(1, 2), q(1, 3), q(1, 4));
    let (al, be, qq) = (q(1, 5), q(-7, 60), q(1, 7));
    let x = UPoly::x();
    let xm1 = poly(&[q(-1, 1), q(1, 1)]);
    let xm3 = poly(&[q(-3, 1), q(1, 1)]);
    let p2 = x.mul(&xm1).mul(&xm3);
    let p1 = xm1.mul(&xm3).scale(&g).add(&x.mul(&xm3).scale(&d)).add(&x.mul(&xm1).scale(&e));
    let p0 = poly(&[-qq, al * be]);
    RationalSystem::from_scalar_poly(&[p0, p1, p2]).unwrap()
}

fn parse(re: &str, im: &str) -> Complex64 {
    c(re.parse().unwrap(), im.parse().unwrap())
}

#[test]
fn heun2_published_traces() {
    let sys = heun2();
    let b = c(0.5, 0.5);
    let opts = MonodromyOptions::default().base(b);
    let res = local_monodromies(&sys, &opts).unwrap();
    assert_eq!(res.local.len(), 3);
    // the loops are those of BENCH.md
    for l in &res.local {
        let want = loop_around(l.point, b, &[c(0.0, 0.0), c(1.0, 0.0), c(3.0, 0.0)]).unwrap();
        assert_eq!(l.path, want);
        let a = l.point + (b - l.point) / 4.0;
        assert_eq!(l.path[1], a);
    }
    for l in &res.local {
        eprintln!(
            "M at {}: radius {:e}, {} steps, max order {}",
            l.point,
            l.matrix.max_rad(),
            l.stats.steps,
            l.stats.max_order
        );
    }
    let (m0, m1, m3) = (&res.local[0].matrix, &res.local[1].matrix, &res.local[2].matrix);
    let cases: [(&str, BallMatrix, Complex64); 4] = [
        (
            "tr M0M1",
            m0.mul(m1),
            parse("4.13323608586493829204718690433", "2.38632496679839727326078455700"),
        ),
        (
            "tr M0M3",
            m0.mul(m3),
            parse("-3.95445174280068447650545717328", "-0.261472098915678563812816557218"),
        ),
        (
            "tr M1M3",
            m1.mul(m3),
            parse("-0.382399958475386201191069692677", "-1.42713607384237021521428157610"),
        ),
        (
            "tr M3M1M0",
            m3.mul(m1).mul(m0),
            parse("1.05216181985234165911699046616", "-0.281925909936295358290166002693"),
        ),
    ];
    for (name, m, want) in cases {
        let tr: Ball = m.trace();
        eprintln!("{name}: {} ± {:e} (want {want})", tr.mid, tr.rad);
        // the reference is given to 30 digits; its double rounding is within 1e-15
        let widened = Ball::new(tr.mid, tr.rad + 1e-15 * (1.0 + want.norm()));
        assert!(widened.contains(want), "{name}: {tr:?} vs {want}");
        // reached: ≤ 1e-12 for the pairs, about 2e-12 for the triple product
        assert!(tr.rad <= 3e-12, "{name}: radius {:e}", tr.rad);
    }
    for ch in det_checks(&sys, &res) {
        assert!(ch.passed && ch.certified, "{ch:?}");
    }
}

pub fn fuchs4() -> RationalSystem {
    // S y'''' + c1 y''' + c2 y'' + c3 y' + c4 y = 0, S = x(x−1)(x−3)(x+2)
    let lin = |s: i64| poly(&[q(-s, 1), q(1, 1)]);
    let pts = [(0, q(1, 2)), (1, q(1, 3)), (3, q(1, 4)), (-2, q(1, 5))];
    let s = pts.iter().fold(UPoly::one(), |acc, (p, _)| acc.mul(&lin(*p)));
    let mut c1 = UPoly::zero();
    for (p, lam) in &pts {
        let others =
            pts.iter().filter(|(o, _)| o != p).fold(UPoly::one(), |acc, (o, _)| acc.mul(&lin(*o)));
        c1 = c1.add(&others.scale(lam));
    }
    let c2 = poly(&[q(-1, 7), q(1, 3), q(2, 5)]);
    let c3 = poly(&[q(1, 13), q(1, 11)]);
    let c4 = poly(&[q(1, 17)]);
    RationalSystem::from_scalar_poly(&[c4, c3, c2, c1, s]).unwrap()
}

#[test]
fn fuchs4_published_traces() {
    let sys = fuchs4();
    let opts = MonodromyOptions::default().base(c(0.5, 0.5));
    let res = local_monodromies(&sys, &opts).unwrap();
    let pts: Vec<f64> = res.local.iter().map(|l| l.point.re).collect();
    assert_eq!(pts, vec![-2.0, 0.0, 1.0, 3.0]);
    let m = |i: usize| &res.local[i].matrix;
    let cases = [
        (
            "tr M0M3",
            m(1).mul(m(3)),
            parse("49.2694966427864199586146960155", "-12.0907808534976340645492788951"),
        ),
        (
            "tr M-2M3M1M0",
            m(0).mul(m(3)).mul(m(2)).mul(m(1)),
            parse("61.7034509883522115019888949524", "-39.0003955598132679720164042769"),
        ),
    ];
    for (name, mm, want) in cases {
        let tr = mm.trace();
        eprintln!("fuchs4 {name}: {} ± {:e} (want {want})", tr.mid, tr.rad);
        let widened = Ball::new(tr.mid, tr.rad + 1e-15 * (1.0 + want.norm()));
        assert!(widened.contains(want), "{name}: {tr:?} vs {want}");
        // reached: relative radius ≈ 1.5e-13 (pair) and 1.4e-12 (four-fold product)
        assert!(tr.rad <= 5e-12 * (1.0 + want.norm()), "{name}: radius {:e}", tr.rad);
    }
    for ch in det_checks(&sys, &res) {
        assert!(ch.passed && ch.certified, "{ch:?}");
    }
    let ch = product_check(&sys, &res, &opts).unwrap();
    assert!(ch.passed, "{ch:?}");
    for l in &res.local {
        eprintln!(
            "fuchs4 M at {}: radius {:e}, {} steps",
            l.point,
            l.matrix.max_rad(),
            l.stats.steps
        );
    }
}
