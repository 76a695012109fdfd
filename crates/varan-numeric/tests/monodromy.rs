//! Certified monodromy against closed forms and published values: trivial systems, the
//! Gauss hypergeometric equation (local exponents (0, 1−c) at 0 and (0, c−a−b) at 1;
//! Liouville/Riemann, see Hille, *Ordinary Differential Equations in the Complex Domain*,
//! ch. 10), and the Heun equation of the monodromy/heun2 benchmark (reference traces from
//! ore_algebra, Mezzarobba, arXiv:1607.01967); the monodromy around ∞ of the Gauss
//! equation (exponents a, b), finite monodromy groups from Schwarz's list (orders and
//! traces of the binary polyhedral groups), and apparent singularities (M_p = I).

use num_complex::Complex64;
use varan_algebra::{UPoly, URat, Q};
use varan_numeric::{
    det_checks, local_monodromies, loop_around, monodromy_along, problems, product_check, Ball,
    BallMatrix, MonodromyOptions, RationalSystem,
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

fn parse(re: &str, im: &str) -> Complex64 {
    c(re.parse().unwrap(), im.parse().unwrap())
}

/// The product of the local monodromies in `word`, left to right.
fn word(res: &varan_numeric::MonodromyResult, word: &[usize]) -> BallMatrix {
    word[1..].iter().fold(res.local[word[0]].matrix.clone(), |m, &i| m.mul(&res.local[i].matrix))
}

#[test]
fn heun2_published_traces() {
    let sys = problems::heun2().expect("heun2");
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
    let cases = problems::HEUN2_TRACES.map(|t| (t.name, word(&res, t.word), parse(t.re, t.im)));
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

#[test]
fn fuchs4_published_traces() {
    let sys = problems::fuchs4().expect("fuchs4");
    let opts = MonodromyOptions::default().base(c(0.5, 0.5));
    let res = local_monodromies(&sys, &opts).unwrap();
    let pts: Vec<f64> = res.local.iter().map(|l| l.point.re).collect();
    assert_eq!(pts, vec![-2.0, 0.0, 1.0, 3.0]);
    let cases = problems::FUCHS4_TRACES.map(|t| (t.name, word(&res, t.word), parse(t.re, t.im)));
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

// ---------------------------------------------------------------------------------------
// The monodromy around ∞, finite monodromy groups and apparent singularities.
//
// Convention (as in `varan monodromy`): `loop_around_all` runs once counter-clockwise
// around every finite singular point, so its matrix is M_{p_k}⋯M_{p_1} (the lassos in
// `product_order`). The same polygon run backwards goes clockwise in z, that is
// counter-clockwise around t = 0 in t = 1/z: its matrix is M_∞, and
// M_∞·M_{p_k}⋯M_{p_1} = I. Near ∞ a solution t^ρ·(analytic) is multiplied by e^{2πiρ}
// along it, so the eigenvalues of M_∞ are e^{2πiρ} for the exponents ρ at ∞ (a and b for
// the Gauss equation, Hille, ch. 10).

/// M_∞: the transition along the big loop of `loop_around_all`, run backwards.
fn m_inf(sys: &RationalSystem, res: &varan_numeric::MonodromyResult) -> BallMatrix {
    let mut path = varan_numeric::loop_around_all(res);
    path.reverse();
    monodromy_along(sys, &path, &MonodromyOptions::default()).unwrap()
}

/// Whether the ball matrix m contains λ·I.
fn contains_scalar(m: &BallMatrix, lambda: Complex64) -> bool {
    let n = m.dim();
    (0..n).all(|i| (0..n).all(|j| m.get(i, j).contains(if i == j { lambda } else { c(0.0, 0.0) })))
}

/// Whether m is certainly not a scalar matrix (an off-diagonal ball excludes 0, or two
/// diagonal balls are disjoint).
fn certainly_not_scalar(m: &BallMatrix) -> bool {
    let n = m.dim();
    (0..n).any(|i| {
        (0..n).any(|j| {
            if i == j {
                !m.get(i, i).overlaps(&m.get(0, 0))
            } else {
                !m.get(i, j).contains(c(0.0, 0.0))
            }
        })
    })
}

fn power(m: &BallMatrix, k: u32) -> BallMatrix {
    (0..k).fold(BallMatrix::identity(m.dim()), |p, _| p.mul(m))
}

/// Whether m certainly differs from I (some entry ball excludes the identity's entry).
fn certainly_not_identity(m: &BallMatrix) -> bool {
    let n = m.dim();
    (0..n).any(|i| (0..n).any(|j| !m.get(i, j).contains(c(if i == j { 1.0 } else { 0.0 }, 0.0))))
}

/// m has order exactly k: m^k ∋ I and m^{k/p} is certainly not I for every prime p | k.
#[track_caller]
fn check_order(name: &str, m: &BallMatrix, k: u32) {
    assert!(contains_scalar(&power(m, k), c(1.0, 0.0)), "{name}^{k} should be I: {m:?}");
    for p in [2, 3, 5, 7] {
        if k % p == 0 {
            assert!(certainly_not_identity(&power(m, k / p)), "{name}^{} is I", k / p);
        }
    }
}

/// The Gauss equation with (a, b, c) = `abc`: M_0, M_1 (base 1/2 + i/2, product order
/// [0, 1]) and M_∞ from the backward big loop.
fn gauss_monodromy(abc: [(i64, i64); 3]) -> [BallMatrix; 3] {
    let [a, b, cc] = abc.map(|(n, d)| q(n, d));
    let sys = hypergeometric(a, b, cc);
    let res = local_monodromies(&sys, &MonodromyOptions::default().base(c(0.5, 0.5))).unwrap();
    assert_eq!(res.product_order, vec![0, 1]);
    let mi = m_inf(&sys, &res);
    [res.local[0].matrix.clone(), res.local[1].matrix.clone(), mi]
}

/// M_∞ of the Gauss equation: its eigenvalues are e^{2πia}, e^{2πib} (trace and
/// determinant), the relation M_∞·M_1·M_0 = I holds, and tr M_0·M_1 = tr M_∞⁻¹ =
/// e^{−2πia} + e^{−2πib} (the closed form of the published-value test).
#[test]
fn hypergeometric_monodromy_at_infinity() {
    for abc in [[(1, 2), (1, 3), (1, 4)], [(1, 3), (1, 5), (2, 7)], [(-1, 7), (3, 5), (4, 3)]] {
        let [m0, m1, mi] = gauss_monodromy(abc);
        let (a, b) = (abc[0].0 as f64 / abc[0].1 as f64, abc[1].0 as f64 / abc[1].1 as f64);
        let (ea, eb) = (cexp(TAU * a), cexp(TAU * b));
        let widen = |x: Ball| Ball::new(x.mid, x.rad + 1e-14);
        assert!(widen(mi.trace()).contains(ea + eb), "{abc:?}: tr M_inf {:?}", mi.trace());
        assert!(widen(mi.det()).contains(ea * eb), "{abc:?}: det M_inf {:?}", mi.det());
        let rel = mi.mul(&m1).mul(&m0);
        assert!(contains_scalar(&rel, c(1.0, 0.0)), "{abc:?}: M_inf M_1 M_0 = {rel:?}");
        let tr01 = m0.mul(&m1).trace();
        assert!(widen(tr01).contains(ea.inv() + eb.inv()), "{abc:?}: tr M_0 M_1 {tr01:?}");
        assert!(mi.max_rad() < 1e-10, "{abc:?}: radius {:e}", mi.max_rad());
        eprintln!("gauss {abc:?}: M_inf radius {:e}", mi.max_rad());
    }
}

/// Which element of PSL₂ of finite order a normalized squared trace τ = tr(w)²/det(w)
/// belongs to: τ = 4cos²(π/k) for an element of projective order k.
fn projective_order(tau: Ball) -> Option<u32> {
    let s5 = 5f64.sqrt();
    let table =
        [(4.0, 1), (0.0, 2), (1.0, 3), (2.0, 4), ((3.0 + s5) / 2.0, 5), ((3.0 - s5) / 2.0, 5)];
    let hits: Vec<u32> =
        table.iter().filter(|(v, _)| tau.contains(c(*v, 0.0))).map(|(_, k)| *k).collect();
    (hits.len() == 1).then(|| hits[0])
}

/// (a, b, c), the order of M_∞, and the orders allowed in PSL₂.
type SchwarzCase = ([(i64, i64); 3], u32, &'static [u32]);

/// Schwarz's list: the Gauss equation with exponent differences (1−c, c−a−b, a−b) =
/// (1/2, 1/3, 1/k), k = 3, 4, 5, has a finite monodromy group whose image in PGL₂ is the
/// tetrahedral (A₄), octahedral (S₄) or icosahedral (A₅) group, the (2, 3, k) triangle
/// group (H. A. Schwarz, Ueber diejenigen Fälle, in welchen die Gaussische
/// hypergeometrische Reihe eine algebraische Function ihres vierten Elementes darstellt,
/// J. reine angew. Math. 75 (1873), 292–335, the table of fifteen cases; Kimura, Funkcial.
/// Ekvac. 12 (1969); M. Matsuda, *Lectures on algebraic solutions of hypergeometric
/// differential equations*, Kinokuniya, 1985). All exponents are rational, so the group
/// itself is finite:
/// - M_0 (eigenvalues 1, −1) has order 2; M_1 (1, e^{2πi/3}) order 3; M_∞ (e^{2πia},
///   e^{2πib}) the order of those roots of unity, and so has M_0·M_1 (conjugate to M_∞⁻¹);
/// - every element w has tr(w)²/det(w) ∈ {4cos²(π/m)}: m ∈ {1, 2, 3} (A₄), also 4 (S₄),
///   also 5 (A₅) — the traces of the binary polyhedral groups, {±2, 0, ±1, ±√2,
///   ±(1 ± √5)/2} — and w^m is a scalar matrix.
#[test]
fn schwarz_list_finite_monodromy() {
    // (a, b, c) with c = 1/2, a + b = 1/6, a − b = 1/k; order of M_∞; allowed orders in PSL₂
    let cases: [SchwarzCase; 3] = [
        ([(1, 4), (-1, 12), (1, 2)], 12, &[1, 2, 3]),
        ([(5, 24), (-1, 24), (1, 2)], 24, &[1, 2, 3, 4]),
        ([(11, 60), (-1, 60), (1, 2)], 60, &[1, 2, 3, 5]),
    ];
    for (abc, k_inf, allowed) in cases {
        let [m0, m1, mi] = gauss_monodromy(abc);
        check_order("M_0", &m0, 2);
        check_order("M_1", &m1, 3);
        check_order("M_inf", &mi, k_inf);
        let m01 = m0.mul(&m1);
        check_order("M_0 M_1", &m01, k_inf);
        // words in the generators: the projective order read off the trace, then w^m scalar
        let m1i = m1.mul(&m1); // M_1⁻¹ = M_1²
        let words: Vec<(&str, BallMatrix)> = vec![
            ("M_0", m0.clone()),
            ("M_1", m1.clone()),
            ("M_inf", mi.clone()),
            ("M_0 M_1", m01.clone()),
            ("M_0 M_1^-1", m0.mul(&m1i)),
            ("M_0 M_1 M_0 M_1^-1", m01.mul(&m0).mul(&m1i)),
            ("[M_0, M_1]", m0.mul(&m1).mul(&m0).mul(&m1i)),
            ("M_0 M_1^-1 M_0 M_1 M_0 M_1", m0.mul(&m1i).mul(&m0).mul(&m01).mul(&m1)),
        ];
        for (name, w) in words {
            let tau = w.trace() * w.trace() / w.det();
            let m = projective_order(tau)
                .unwrap_or_else(|| panic!("{abc:?} {name}: tr²/det = {tau:?} not in the list"));
            assert!(allowed.contains(&m), "{abc:?} {name}: projective order {m}");
            let wm = power(&w, m);
            assert!(!certainly_not_scalar(&wm), "{abc:?} {name}^{m} is not scalar: {wm:?}");
            if m > 1 {
                assert!(certainly_not_scalar(&w), "{abc:?} {name} should not be scalar");
            }
        }
        eprintln!(
            "schwarz {abc:?}: radii {:e} {:e} {:e}",
            m0.max_rad(),
            m1.max_rad(),
            mi.max_rad()
        );
    }
}

/// y'' + p y' + q y = 0 from p and q.
fn scalar_equation(p: &URat, qq: &URat) -> RationalSystem {
    RationalSystem::from_scalar(&[qq.clone(), p.clone()]).unwrap()
}

/// Apparent singularities give the identity. x²y'' − 2xy' + 2y = 0 has the solutions x and
/// x² (exponents 1, 2 at 0 and −1, −2 at ∞, integer differences that alone do not decide):
/// M_0 = M_∞ = I.
#[test]
fn apparent_singularity_euler() {
    let x = URat::poly(UPoly::x());
    let p = URat::constant(q(-2, 1)).div(&x).unwrap();
    let qq = URat::constant(q(2, 1)).div(&x.mul(&x)).unwrap();
    let sys = scalar_equation(&p, &qq);
    let res = local_monodromies(&sys, &MonodromyOptions::default()).unwrap();
    assert_eq!(res.local.len(), 1);
    assert!(contains_scalar(&res.local[0].matrix, c(1.0, 0.0)), "{:?}", res.local[0].matrix);
    let mi = m_inf(&sys, &res);
    assert!(contains_scalar(&mi, c(1.0, 0.0)), "{mi:?}");
    eprintln!("euler: radii {:e} {:e}", res.local[0].matrix.max_rad(), mi.max_rad());
    // reached: 6e-10 and 2e-10 (the square around 0 has side 1/4 from the automatic base
    // point i/2, where the coefficient 2/x² is large)
    assert!(res.local[0].matrix.max_rad() < 1e-8 && mi.max_rad() < 1e-8);
}

/// A Heun-type equation (singular points 0, 1, 2, ∞) built from the two solutions
/// y₁ = x^{1/2}(x−1)^{1/3} and y₂ = y₁·(x−2)²: with L = y₁'/y₁ and g = (x−2)² the
/// equation y'' + p y' + q y = 0 with p = −(2L + g''/g'), q = L² − L' + L·g''/g' has the
/// Wronskian y₁²g', which vanishes at 2 where both solutions are analytic: 2 is an
/// apparent singularity (exponents 0, 2) and M_2 = I, while M_0 = −I, M_1 = e^{2πi/3}·I and
/// M_∞ = e^{−2πi·5/6}·I (both solutions carry the same branch factor).
#[test]
fn apparent_singularity_heun_type() {
    let x = URat::poly(UPoly::x());
    let lin = |s: i64| URat::poly(poly(&[q(-s, 1), q(1, 1)]));
    let l = URat::constant(q(1, 2))
        .div(&x)
        .unwrap()
        .add(&URat::constant(q(1, 3)).div(&lin(1)).unwrap());
    let g2 = URat::constant(q(1, 1)).div(&lin(2)).unwrap(); // g''/g' for g = (x−2)²
    let p = l.scale(&q(-2, 1)).sub(&g2);
    let qq = l.mul(&l).sub(&l.derivative()).add(&l.mul(&g2));
    let sys = scalar_equation(&p, &qq);
    let res = local_monodromies(&sys, &MonodromyOptions::default()).unwrap();
    let pts: Vec<f64> = res.local.iter().map(|l| l.point.re).collect();
    assert_eq!(pts, vec![0.0, 1.0, 2.0]);
    let want = [cexp(TAU / 2.0), cexp(TAU / 3.0), c(1.0, 0.0)];
    for (l, w) in res.local.iter().zip(want) {
        assert!(contains_scalar(&l.matrix, w), "M at {}: {:?} vs {w}", l.point, l.matrix);
        assert!(l.matrix.max_rad() < 1e-10, "M at {}: radius {:e}", l.point, l.matrix.max_rad());
    }
    let mi = m_inf(&sys, &res);
    assert!(contains_scalar(&mi, cexp(-TAU * 5.0 / 6.0)), "{mi:?}");
    for ch in det_checks(&sys, &res) {
        assert!(ch.passed && ch.certified, "{ch:?}");
    }
}
