//! Particular solutions and variational equations against mathematics: invariant
//! manifolds proven by the zero test and checked numerically, curves verified and
//! perturbed curves refused, the VE matrix against finite differences of V along the curve,
//! and the Hénon–Heiles normal variational equation along its homoclinic solution.

use rustc_hash::FxHashMap;
use varan::algebra::{Symbol, UPoly, URat, Variable, Q};
use varan::flow::{
    expr_from_str, invariant_manifolds, variational_equation, verify_curve, Constraint, CurveError,
    Problem,
};
use varan::numeric::Evaluator;

fn example(name: &str) -> String {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn q(p: i64, d: i64) -> Q {
    Q::new(p.into(), d.into())
}

fn curve_exprs(p: &mut Problem, entries: &[&str]) -> Vec<varan::algebra::ExprId> {
    entries.iter().map(|e| expr_from_str(&mut p.pool, e).expect("parses")).collect()
}

#[test]
fn manifolds_of_the_quadratic_network() {
    let mut p = varan::load(&example("quadratic_plane.vnet"), None).expect("loads");
    let ms = invariant_manifolds(&mut p);
    let describe: Vec<String> = ms.iter().map(|m| m.describe(&p.pool, &p.state)).collect();
    // the plane w1 = w2 = 0 (centred, uncorrelated data) and the unit swap's fixed set
    assert!(describe.iter().any(|d| d == "w1 = 0, w2 = 0"), "{describe:?}");
    assert!(describe.iter().any(|d| d == "a1 = a2, w1 = w2"), "{describe:?}");
    assert!(describe.iter().any(|d| d == "a1 = a2, w1 = w2, w1 = 0, w2 = 0"), "{describe:?}");
    // numerically: V is tangent to each manifold at a random point of it
    for m in &ms {
        let free_vals: FxHashMap<Symbol, f64> =
            m.free.iter().enumerate().map(|(i, &k)| (p.state[k], 0.3 + 0.17 * i as f64)).collect();
        let mut ev = Evaluator::new(&p.pool, free_vals.clone());
        let point: FxHashMap<Symbol, f64> = p
            .state
            .iter()
            .zip(&m.embedding)
            .map(|(s, e)| (*s, ev.eval(*e).expect("bound")))
            .collect();
        let mut ev = Evaluator::new(&p.pool, point);
        for c in &m.constraints {
            let v = match c {
                Constraint::Zero(k) => ev.eval(p.field[*k]).expect("bound"),
                Constraint::Equal(i, j) => {
                    ev.eval(p.field[*i]).expect("bound") - ev.eval(p.field[*j]).expect("bound")
                }
            };
            assert!(
                v.abs() < 1e-12,
                "{}: constraint {c:?} drifts at rate {v}",
                m.describe(&p.pool, &p.state)
            );
        }
    }
}

#[test]
fn lorenz_and_henon_heiles_manifolds() {
    let mut p = varan::load(&example("lorenz.vnet"), None).expect("loads");
    let d: Vec<String> =
        invariant_manifolds(&mut p).iter().map(|m| m.describe(&p.pool, &p.state)).collect();
    assert!(d.contains(&"x = 0, y = 0".to_string()), "the z-axis is invariant: {d:?}");
    let mut p = varan::load(&example("henon_heiles.vnet"), None).expect("loads");
    let d: Vec<String> =
        invariant_manifolds(&mut p).iter().map(|m| m.describe(&p.pool, &p.state)).collect();
    assert!(d.contains(&"q1 = 0, p1 = 0".to_string()), "the plane q1 = p1 = 0: {d:?}");
}

#[test]
fn curves_are_verified_and_perturbations_refused() {
    let mut p = varan::load(&example("quadratic_plane.vnet"), None).expect("loads");
    let s = p.pool.symbol("s");
    let phi = curve_exprs(&mut p, &["s", "s", "0", "0"]);
    let c = verify_curve(&mut p, s, phi, false).expect("the duplicated line is invariant");
    // s' = g(s) = −(6s − 2): N = 3 points, Σ y = 2
    let want = expr_from_str(&mut p.pool, "2 - 6*s").expect("parses");
    let d = p.pool.sub(c.g, want);
    assert_eq!(varan::algebra::is_zero(&p.pool, d), Ok(varan::algebra::Truth::True));
    // (on the plane a1 − a2 is conserved, so a1 = s, a2 = s + c is invariant too; moving
    // off the plane is not)
    let phi = curve_exprs(&mut p, &["s", "s + 1/10", "0", "0"]);
    assert!(verify_curve(&mut p, s, phi, false).is_ok());
    let phi = curve_exprs(&mut p, &["s", "s", "1/10", "0"]);
    match verify_curve(&mut p, s, phi, false) {
        Err(CurveError::NotInvariant { residual, .. }) => assert!(!residual.is_empty()),
        other => panic!("a perturbed curve must be refused: {other:?}"),
    }
    let phi = curve_exprs(&mut p, &["1", "0", "0", "0"]);
    assert!(matches!(verify_curve(&mut p, s, phi, false), Err(CurveError::Constant)));
}

/// A(s) = DV(φ(s))/g(s) against central differences of V at φ(s0), s0 rational.
#[test]
fn ve_matrix_matches_finite_differences() {
    let mut p = varan::load(&example("quadratic_plane.vnet"), None).expect("loads");
    let s = p.pool.symbol("s");
    let phi = curve_exprs(&mut p, &["s", "s", "0", "0"]);
    let c = verify_curve(&mut p, s, phi.clone(), false).expect("invariant");
    let ve = variational_equation(&mut p, &c, "s").expect("forms");
    assert_eq!(ve.variable, Variable::Plain);
    for s0 in [q(1, 7), q(-2, 3), q(5, 4)] {
        let s0f = num_traits::ToPrimitive::to_f64(&s0).expect("finite");
        let env: FxHashMap<Symbol, f64> = [(s, s0f)].into_iter().collect();
        let mut ev = Evaluator::new(&p.pool, env);
        let x: Vec<f64> = phi.iter().map(|e| ev.eval(*e).expect("bound")).collect();
        let g = ev.eval(c.g).expect("bound");
        let n = x.len();
        for k in 0..n {
            for l in 0..n {
                let h = 1e-5;
                let at = |dx: f64| {
                    let mut y = x.clone();
                    y[l] += dx;
                    let env: FxHashMap<Symbol, f64> = p.state.iter().copied().zip(y).collect();
                    Evaluator::new(&p.pool, env).eval(p.field[k]).expect("bound")
                };
                let fd = (at(h) - at(-h)) / (2.0 * h) / g;
                let exact =
                    num_traits::ToPrimitive::to_f64(&ve.a[k][l].eval(&s0).expect("no pole"))
                        .expect("finite");
                assert!(
                    (fd - exact).abs() < 1e-6 * (1.0 + exact.abs()),
                    "A[{k}][{l}]({s0}) = {exact}, FD {fd}"
                );
            }
        }
    }
    // the NVE drops the tangent a1 + a2; the symmetric basis separates a1 − a2 and w1 ± w2
    let (labels, _) = ve.nve.as_ref().expect("constant tangent direction");
    assert_eq!(labels.len(), 3, "{labels:?}");
}

/// Hénon–Heiles along the homoclinic orbit of the saddle (q2, p2) = (1, 0) in the invariant
/// plane q1 = p1 = 0: q2'' = −q2 + q2² has q2 = 1 − (3/2)·sech²(t/2) = 1 − 6e^t/(1 + e^t)²
/// (energy 1/6). The NVE is ξ'' + (1 + 2 q2(t)) ξ = 0 [MR99, §5.2]; in z = e^t
/// (d/dt = z d/dz) its first-order form has a12 = 1/z and a21 = −(1 + 2 q2)/z.
#[test]
fn henon_heiles_nve_along_homoclinic_orbit() {
    let mut p = varan::load(&example("henon_heiles.vnet"), None).expect("loads");
    let t = p.pool.symbol("t");
    let phi = curve_exprs(
        &mut p,
        &["0", "1 - 6*exp(t)/(1 + exp(t))^2", "0", "-6*exp(t)*(1 - exp(t))/(1 + exp(t))^3"],
    );
    let c = verify_curve(&mut p, t, phi, true).expect("the homoclinic orbit solves the flow");
    let ve = variational_equation(&mut p, &c, "t").expect("forms");
    assert_eq!(ve.variable, Variable::Exp { q: 1 });
    // the (q1, p1) block
    let block = ve.blocks.iter().find(|b| b.labels == ["q1", "p1"]).unwrap_or_else(|| {
        panic!("blocks: {:?}", ve.blocks.iter().map(|b| &b.labels).collect::<Vec<_>>())
    });
    let z = UPoly::x();
    let one = UPoly::one();
    let inv_z = URat::new(one.clone(), z.clone()).expect("ok");
    assert_eq!(block.a[0][1], inv_z);
    // −(1 + 2 q2)/z = −(3 − 12 z/(1 + z)²)/z
    let onepz = UPoly::from_coeffs(vec![q(1, 1), q(1, 1)]);
    let twelve = URat::new(z.scale(&q(12, 1)), onepz.pow(2)).expect("ok");
    let want = URat::constant(q(3, 1)).sub(&twelve).mul(&inv_z).neg();
    assert_eq!(block.a[1][0], want);
    assert!(block.scalar.is_some());
}

/// At z = 0 (t → −∞) the homoclinic orbit tends to the saddle q2 = 1, where the normal
/// equation is ξ'' + 3ξ = 0 (1 + 2·q2 = 3): solutions e^{±i√3 t} = z^{±i√3}. In the normal
/// form u'' = r(z)u the exponents at z = 0 are therefore 1/2 ± i√3, whose difference
/// squared is (2i√3)² = −12 = 1 + 4b.
#[test]
fn henon_heiles_exponents_at_the_saddle() {
    use varan::flow::{Coefficient, Location};
    let r = varan::ve(&example("henon_heiles.vnet"), None, None).expect("ve");
    let i = r.ve.blocks.iter().position(|b| b.labels == ["q1", "p1"]).expect("normal block");
    let table = r.singularities[i].as_ref().expect("2×2 block has a table");
    let zero = table
        .points
        .iter()
        .find(|p| p.location == Location::Rational(q(0, 1)))
        .expect("z = 0 is singular");
    assert!(zero.regular);
    let ex = zero.exponents.as_ref().expect("exponents");
    assert_eq!(ex.difference_squared, Coefficient::Rational(q(-12, 1)));
    assert!(table.fuchsian);
}

#[test]
fn ve_api_reports_curves_and_refusals() {
    let src = example("quadratic_plane.vnet");
    // automatic choice: the one-dimensional duplicated-unit line
    let r = varan::ve(&src, None, None).expect("ve");
    assert_eq!(r.ve.blocks.len(), 3);
    assert!(r.ve.blocks.iter().all(|b| b.a.len() == 1), "all blocks 1×1: solvable");
    // explicit curve off the invariant plane: refused with the residual
    match varan::ve(&src, None, Some("a1 = s, a2 = s, w1 = 1/10, w2 = 0")) {
        Err(varan::VeFailure::NotInvariant { residual, .. }) => assert!(!residual.is_empty()),
        other => panic!("expected a refusal, got {:?}", other.map(|r| r.to_text())),
    }
    assert!(matches!(varan::ve(&src, None, Some("a1 = s")), Err(varan::VeFailure::Along(_))));
    assert!(matches!(varan::ve(&src, None, Some("manifold:99")), Err(varan::VeFailure::Along(_))));
    // a line of equilibria is not a trajectory
    let tl = example("two_layer_tanh.vnet");
    assert!(varan::ve(&tl, None, Some("a1 = s, a2 = 0, w1 = 0, w2 = 0")).is_err());
}

/// The exponents of a regular singular point agree with the numeric leading behaviour:
/// near z = 0 a generic solution of u'' = r u grows like z^{ρ_min}, so d ln|u| / d ln z
/// tends to the smaller exponent. Checked on the Hénon–Heiles block that carries the
/// tangent (exponents −1/2 and 3/2 at z = 0), integrating in τ = ln z with RK4 (test-only
/// floating point; the exponents themselves are exact).
#[test]
fn exponents_match_numeric_leading_behaviour() {
    use varan::flow::Location;
    let r = varan::ve(&example("henon_heiles.vnet"), None, None).expect("ve");
    let i = r.ve.blocks.iter().position(|b| b.contains_tangent).expect("tangent block");
    let table = r.singularities[i].as_ref().expect("table");
    let zero =
        table.points.iter().find(|p| p.location == Location::Rational(q(0, 1))).expect("z = 0");
    let (lo, hi) =
        zero.exponents.as_ref().and_then(|e| e.rational.clone()).expect("rational exponents");
    assert_eq!((lo.clone(), hi), (q(-1, 2), q(3, 2)));
    let rr = r.ve.blocks[i].scalar.as_ref().expect("scalar").r.clone();
    let coeffs = |p: &UPoly| -> Vec<f64> {
        p.coeffs().iter().map(|c| num_traits::ToPrimitive::to_f64(c).expect("finite")).collect()
    };
    let (n, d) = (coeffs(rr.num()), coeffs(rr.den()));
    let horner = |c: &[f64], x: f64| c.iter().rev().fold(0.0, |acc, a| acc * x + a);
    let r_at = |z: f64| horner(&n, z) / horner(&d, z);
    // w(τ) = u(e^τ): w'' = w' + z² r(z) w with z = e^τ; v = w'
    let f = |tau: f64, w: f64, v: f64| {
        let z = tau.exp();
        (v, v + z * z * r_at(z) * w)
    };
    let (mut tau, mut w, mut v) = (0.0f64, 1.0f64, 0.3f64);
    let h = -1e-3;
    while tau > -25.0 {
        let (k1w, k1v) = f(tau, w, v);
        let (k2w, k2v) = f(tau + h / 2.0, w + h / 2.0 * k1w, v + h / 2.0 * k1v);
        let (k3w, k3v) = f(tau + h / 2.0, w + h / 2.0 * k2w, v + h / 2.0 * k2v);
        let (k4w, k4v) = f(tau + h, w + h * k3w, v + h * k3v);
        w += h / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w);
        v += h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
        tau += h;
    }
    let slope = v / w;
    let want = num_traits::ToPrimitive::to_f64(&lo).expect("finite");
    assert!((slope - want).abs() < 1e-3, "d ln u / d ln z = {slope}, smaller exponent {want}");
}
