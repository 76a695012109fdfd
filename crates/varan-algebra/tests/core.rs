//! Identities of the symbolic core checked through the builder API.

use varan_algebra::{is_zero, AlgebraError, ExprId, Func, Pool, Truth, Q};

fn q(p: i64, d: i64) -> Q {
    Q::new(p.into(), d.into())
}

#[track_caller]
fn check_zero(pool: &Pool, e: ExprId) {
    assert_eq!(is_zero(pool, e), Ok(Truth::True), "expected zero: {}", pool.to_text(e));
}

#[track_caller]
fn check_nonzero(pool: &Pool, e: ExprId) {
    assert_eq!(is_zero(pool, e), Ok(Truth::False), "expected non-zero: {}", pool.to_text(e));
}

#[test]
fn hash_consing_shares_equal_trees() {
    let mut p = Pool::new();
    let x = p.symbol("x");
    let y = p.symbol("y");
    let (ex, ey) = (p.sym(x), p.sym(y));
    let a = p.add(ex, ey);
    let b = p.add(ey, ex);
    assert_eq!(a, b);
    let t1 = p.func(Func::Tanh, a);
    let t2 = p.func(Func::Tanh, b);
    assert_eq!(t1, t2);
    let d = p.sub(a, b);
    assert_eq!(d, ExprId::ZERO);
}

#[test]
fn products_merge_powers_and_fold_numbers() {
    let mut p = Pool::new();
    let x = p.symbol("x");
    let ex = p.sym(x);
    let two = p.int(2);
    let a = p.mul_all([two, ex, ex]);
    let x2 = p.pow(ex, 2).unwrap();
    let b = p.scale(q(2, 1), x2);
    assert_eq!(a, b);
    let inv = p.div(ExprId::ONE, ex).unwrap();
    assert_eq!(p.mul(inv, ex), ExprId::ONE);
    assert_eq!(p.to_text(a), "2*x^2");
    assert_eq!(p.div(ex, ExprId::ZERO), Err(AlgebraError::DivisionByZero));
}

#[test]
fn hyperbolic_identities_are_zero() {
    let mut p = Pool::new();
    let x = p.symbol("x");
    let w = p.symbol("w");
    let (ex, ew) = (p.sym(x), p.sym(w));
    let u = p.mul(ew, ex);
    let sh = p.func(Func::Sinh, u);
    let ch = p.func(Func::Cosh, u);
    let th = p.func(Func::Tanh, u);
    // cosh² − sinh² − 1
    let ch2 = p.pow(ch, 2).unwrap();
    let sh2 = p.pow(sh, 2).unwrap();
    let e = p.sum([(q(1, 1), ch2), (q(-1, 1), sh2), (q(-1, 1), ExprId::ONE)]);
    check_zero(&p, e);
    // tanh − sinh/cosh
    let ratio = p.div(sh, ch).unwrap();
    let e = p.sub(th, ratio);
    check_zero(&p, e);
    // 2·sigmoid(2u) − 1 − tanh(u)
    let two_u = p.scale(q(2, 1), u);
    let sg = p.func(Func::Sigmoid, two_u);
    let e = p.sum([(q(2, 1), sg), (q(-1, 1), ExprId::ONE), (q(-1, 1), th)]);
    check_zero(&p, e);
    // exp(u)·exp(−u) − 1 and exp(u/2)^2 − exp(u)
    let eu = p.func(Func::Exp, u);
    let mu = p.neg(u);
    let emu = p.func(Func::Exp, mu);
    let prod = p.mul(eu, emu);
    let e = p.sub(prod, ExprId::ONE);
    check_zero(&p, e);
    let half = p.scale(q(1, 2), u);
    let eh = p.func(Func::Exp, half);
    let sq = p.pow(eh, 2).unwrap();
    let e = p.sub(sq, eu);
    check_zero(&p, e);
    // and a near miss is certified non-zero: tanh(u)^2 + 1/cosh(u)^2 − 1 is zero, but with +2 it is not
    let th2 = p.pow(th, 2).unwrap();
    let sech2 = p.pow(ch, -2).unwrap();
    let e = p.sum([(q(1, 1), th2), (q(1, 1), sech2), (q(-1, 1), ExprId::ONE)]);
    check_zero(&p, e);
    let e2 = p.sum([(q(1, 1), th2), (q(2, 1), sech2), (q(-1, 1), ExprId::ONE)]);
    check_nonzero(&p, e2);
}

#[test]
fn exponential_of_sum_factors() {
    let mut p = Pool::new();
    let a = p.symbol("a");
    let b = p.symbol("b");
    let (ea, eb) = (p.sym(a), p.sym(b));
    let s = p.add(ea, eb);
    let one = ExprId::ONE;
    let s1 = p.add(s, one);
    let lhs = p.func(Func::Exp, s1);
    let x = p.func(Func::Exp, ea);
    let y = p.func(Func::Exp, eb);
    let e1 = p.func(Func::Exp, one);
    let rhs = p.mul_all([x, y, e1]);
    let d = p.sub(lhs, rhs);
    check_zero(&p, d);
    // e^{1/2}·e^{1/3} = e^{5/6}
    let h = p.num(q(1, 2));
    let t = p.num(q(1, 3));
    let f = p.num(q(5, 6));
    let (eh, et, ef) = (p.func(Func::Exp, h), p.func(Func::Exp, t), p.func(Func::Exp, f));
    let pr = p.mul(eh, et);
    let d = p.sub(pr, ef);
    check_zero(&p, d);
    // e is not rational: exp(1) − 2718/1000 is non-zero
    let c = p.num(q(2718, 1000));
    let d = p.sub(e1, c);
    check_nonzero(&p, d);
}

#[test]
fn logarithms_are_opaque_but_sound() {
    let mut p = Pool::new();
    let x = p.symbol("x");
    let ex = p.sym(x);
    let l = p.log(ex).unwrap();
    let d = p.sub(l, l);
    assert_eq!(d, ExprId::ZERO);
    let l2 = p.pow(l, 2).unwrap();
    let e = p.sub(l2, ex);
    assert_eq!(is_zero(&p, e), Ok(Truth::Unknown));
    assert_eq!(p.log(ExprId::ZERO), Err(AlgebraError::LogOfZero));
}

#[test]
fn derivatives_of_elementary_functions() {
    let mut p = Pool::new();
    let x = p.symbol("x");
    let ex = p.sym(x);
    for f in [Func::Exp, Func::Tanh, Func::Sigmoid, Func::Sinh, Func::Cosh] {
        let x2 = p.pow(ex, 2).unwrap();
        let u = p.add(x2, ex);
        let fu = p.func(f, u);
        let d = p.diff(fu, x);
        // expected: f'(u)·(2x + 1) written independently through exponentials
        let du = p.sum([(q(2, 1), ex), (q(1, 1), ExprId::ONE)]);
        let eu = p.func(Func::Exp, u);
        let mu = p.neg(u);
        let emu = p.func(Func::Exp, mu);
        let fprime = match f {
            Func::Exp => eu,
            Func::Tanh => {
                // 4/(e^u + e^-u)^2
                let s = p.add(eu, emu);
                let s2 = p.pow(s, -2).unwrap();
                p.scale(q(4, 1), s2)
            }
            Func::Sigmoid => {
                // e^-u/(1 + e^-u)^2
                let s = p.add(ExprId::ONE, emu);
                let s2 = p.pow(s, -2).unwrap();
                p.mul(emu, s2)
            }
            Func::Sinh => {
                let s = p.add(eu, emu);
                p.scale(q(1, 2), s)
            }
            Func::Cosh => {
                let s = p.sub(eu, emu);
                p.scale(q(1, 2), s)
            }
            Func::Log => unreachable!(),
        };
        let expected = p.mul(fprime, du);
        let e = p.sub(d, expected);
        check_zero(&p, e);
    }
}

#[test]
fn substitution_rebuilds_and_simplifies() {
    let mut p = Pool::new();
    let x = p.symbol("x");
    let y = p.symbol("y");
    let (ex, ey) = (p.sym(x), p.sym(y));
    let e = p.sub(ex, ey);
    let inv = p.pow(e, -1).unwrap();
    let mut map = rustc_hash::FxHashMap::default();
    map.insert(x, ey);
    assert_eq!(p.substitute(e, &map), Ok(ExprId::ZERO));
    assert_eq!(p.substitute(inv, &map), Err(AlgebraError::DivisionByZero));
}

#[test]
fn printers() {
    let mut p = Pool::new();
    let a1 = p.symbol("a1");
    let w = p.family_symbol("W1", &[1, 2]);
    let al = p.symbol("alpha");
    let (ea, ew, eal) = (p.sym(a1), p.sym(w), p.sym(al));
    let t = p.func(Func::Tanh, ew);
    let prod = p.mul(ea, t);
    let frac = p.div(eal, ea).unwrap();
    let half = p.scale(q(3, 2), frac);
    let e = p.sum([(q(1, 1), prod), (q(-1, 1), half), (q(-1, 2), ExprId::ONE)]);
    assert_eq!(p.to_text(e), "a1*tanh(W1_1_2) - 3*alpha/(2*a1) - 1/2");
    assert_eq!(p.to_sympy(e), "a1*tanh(W1_1_2) - 3*alpha/(2*a1) - 1/2");
    assert_eq!(
        p.to_latex(e),
        "a_{1} \\tanh\\left(W^{(1)}_{1,2}\\right) - \\frac{3 \\alpha}{2 a_{1}} - \\frac{1}{2}"
    );
    let s = p.func(Func::Sigmoid, ea);
    assert_eq!(p.to_sympy(s), "1/(1 + exp(-a1))");
    let sum = p.add(ea, ew);
    let sq = p.pow(sum, 2).unwrap();
    assert_eq!(p.to_text(sq), "(a1 + W1_1_2)^2");
    assert_eq!(p.to_sympy(sq), "(a1 + W1_1_2)**2");
}
