//! Variational equations along a verified curve, algebraized, and their reduction.
//!
//! Along θ(t) = φ(s(t)) with s' = g(s) the variational equation ξ' = DV(θ(t))·ξ becomes,
//! with s as independent variable, dξ/ds = A(s)·ξ with A = DV(φ(s))/g(s); exponentials
//! e^{c·s} are rewritten in z = e^{s/q} (then dξ/dz = (q/z)·A·ξ) so that A has rational
//! coefficients ([MR99, §2.3]; \[ALMP18\]). The tangent g(s)·φ'(s) solves it, which is
//! checked exactly. Then:
//!
//! 1. a constant change of basis from the permutation symmetries that fix the curve
//!    (θ_i ± θ_π(i)), so that the equation splits along their ±1 eigenspaces;
//! 2. the normal variational equation (NVE), the quotient by the tangent line, when the
//!    tangent has a constant direction [MR99, §4.1];
//! 3. block-triangular form by a permutation (strongly connected components of the
//!    coupling graph), each diagonal block analysed on its own;
//! 4. each 2×2 block (a_ij) reduced to y'' + p·y' + q·y = 0 for y = ξ_1 (a_12 ≠ 0):
//!    p = −(tr A + a_12'/a_12), q = det A − a_11' + a_11·a_12'/a_12, and to the normal form
//!    u'' = r·u with r = p²/4 + p'/2 − q (Kovacic 1986, §1), which changes the Galois
//!    group only by scalars.

use num_traits::{One, Zero};
use rustc_hash::FxHashMap;
use varan_algebra::{
    algebraize, is_zero, ExprId, NotAlgebraic, Symbol, Truth, UPoly, URat, Variable, Q,
};

use crate::curve::VerifiedCurve;
use crate::gradient::{hessian_field, jacobian};
use crate::Problem;

/// A square matrix of rational functions.
pub type RatMatrix = Vec<Vec<URat>>;

/// Why the variational equation could not be formed or reduced.
#[derive(Debug, Clone, PartialEq)]
pub enum VeError {
    /// The coefficients are not rational in s or in e^{s/q}.
    NotAlgebraic(NotAlgebraic),
    /// The tangent does not solve the algebraized equation (an internal inconsistency).
    TangentCheckFailed,
    /// A division by zero on the curve (g vanishes identically, a pole of DV on it, …).
    Algebra(varan_algebra::AlgebraError),
}

impl From<NotAlgebraic> for VeError {
    fn from(e: NotAlgebraic) -> Self {
        VeError::NotAlgebraic(e)
    }
}

impl From<varan_algebra::AlgebraError> for VeError {
    fn from(e: varan_algebra::AlgebraError) -> Self {
        VeError::Algebra(e)
    }
}

impl std::fmt::Display for VeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VeError::NotAlgebraic(e) => {
                write!(f, "cannot algebraize the variational equation: {e}")
            }
            VeError::TangentCheckFailed => {
                write!(f, "internal error: the tangent does not solve the variational equation")
            }
            VeError::Algebra(e) => write!(f, "{e} while forming the variational equation"),
        }
    }
}

/// A diagonal block of the reduced normal variational equation.
#[derive(Debug, Clone)]
pub struct Block {
    /// Labels of the coordinates of the block (e.g. `w1`, `a1-a2`).
    pub labels: Vec<String>,
    /// The block's matrix.
    pub a: RatMatrix,
    /// For a 2×2 block: the scalar equation and its normal form. (A 1×1 block (a) has
    /// ξ = exp(∫ a dx): always solvable, abelian G⁰.)
    pub scalar: Option<ScalarEquation>,
    /// Whether the tangent solution has a component in this block (only when no NVE could
    /// be formed and the blocks are those of the full VE).
    pub contains_tangent: bool,
}

/// y'' + p·y' + q·y = 0 and its normal form u'' = r·u.
#[derive(Debug, Clone)]
pub struct ScalarEquation {
    /// Which coordinate of the block y is (0 or 1).
    pub unknown: usize,
    /// p.
    pub p: URat,
    /// q.
    pub q: URat,
    /// r = p²/4 + p'/2 − q.
    pub r: URat,
}

/// The variational equation along a curve and its reduction.
#[derive(Debug, Clone)]
pub struct VariationalEquation {
    /// The independent variable: s (the curve parameter) or z = e^{s/q}.
    pub variable: Variable,
    /// The name of the curve parameter (`s` or `t`).
    pub param: String,
    /// g(s) of the curve (s' = g(s)); 1 for a time parametrization.
    pub g: ExprId,
    /// Labels of the state coordinates.
    pub labels: Vec<String>,
    /// dξ/dx = A(x)·ξ in the state coordinates.
    pub a: RatMatrix,
    /// The tangent solution g·φ', algebraized, checked to solve the equation.
    pub tangent: Vec<URat>,
    /// The constant basis change (columns = new basis vectors, in state coordinates) and
    /// the labels of the new coordinates.
    pub basis: Option<(Vec<Vec<Q>>, Vec<String>)>,
    /// The NVE (quotient by the tangent) with its coordinate labels, when the tangent has a
    /// constant direction.
    pub nve: Option<(Vec<String>, RatMatrix)>,
    /// Diagonal blocks in block-triangular order — of the NVE when it exists, otherwise of
    /// the VE (blocks flagged when they carry the tangent): the equation of each block
    /// involves only its own coordinates and those of earlier blocks.
    pub blocks: Vec<Block>,
}

impl VariationalEquation {
    /// The variable's name: the curve parameter, or `z`.
    pub fn variable_name(&self) -> String {
        match self.variable {
            Variable::Plain => self.param.clone(),
            Variable::Exp { .. } => "z".into(),
        }
    }

    /// The substitution, as text: `z = exp(s/2)`, or `none`.
    pub fn substitution(&self) -> String {
        match self.variable {
            Variable::Plain => "none".into(),
            Variable::Exp { q: 1 } => format!("z = exp({})", self.param),
            Variable::Exp { q } => format!("z = exp({}/{q})", self.param),
        }
    }
}

fn d_dx(r: &URat) -> URat {
    r.derivative()
}

fn mat_vec(a: &RatMatrix, v: &[URat]) -> Vec<URat> {
    a.iter()
        .map(|row| row.iter().zip(v).fold(URat::zero(), |acc, (x, y)| acc.add(&x.mul(y))))
        .collect()
}

/// Forms the algebraized variational equation along `curve` and reduces it.
pub fn variational_equation(
    problem: &mut Problem,
    curve: &VerifiedCurve,
    param_name: &str,
) -> Result<VariationalEquation, VeError> {
    let n = problem.state.len();
    let dv = if problem.is_gradient() {
        hessian_field(&mut problem.pool, &problem.field, &problem.state)
    } else {
        jacobian(&mut problem.pool, &problem.field, &problem.state)
    };
    let pool = &mut problem.pool;
    let map: FxHashMap<Symbol, ExprId> =
        problem.state.iter().copied().zip(curve.phi.iter().copied()).collect();
    // entries DV(φ)/g, then the tangent g·φ', all algebraized together (one variable)
    let mut exprs = Vec::with_capacity(n * n + n);
    for row in &dv {
        for e in row {
            let on = pool.substitute(*e, &map)?;
            exprs.push(pool.div(on, curve.g)?);
        }
    }
    for d in &curve.dphi {
        exprs.push(pool.mul(curve.g, *d));
    }
    let (variable, rats) = algebraize(pool, &exprs, curve.param)?;
    let mut a: RatMatrix = rats[..n * n].chunks(n).map(|c| c.to_vec()).collect();
    let tangent: Vec<URat> = rats[n * n..].to_vec();
    if let Variable::Exp { q } = variable {
        // dξ/dz = (q/z)·A_s·ξ
        let factor = URat::new(UPoly::constant(Q::from_integer((q as i64).into())), UPoly::x())?;
        for row in &mut a {
            for x in row.iter_mut() {
                *x = x.mul(&factor);
            }
        }
    }
    // the tangent solves the equation: dT/dx = A·T
    let lhs: Vec<URat> = tangent.iter().map(d_dx).collect();
    if lhs != mat_vec(&a, &tangent) {
        return Err(VeError::TangentCheckFailed);
    }
    let labels: Vec<String> =
        problem.state.iter().map(|s| pool.symbol_name(*s).to_string()).collect();
    // 1. symmetries fixing the curve pointwise: pairs (i, j) with φ_i = φ_j whose swap commutes with A
    let basis = symmetric_basis(pool, &curve.phi, &a, &labels);
    let (a_b, t_b, labels_b) = match &basis {
        Some((cols, names)) => {
            let inv = invert(cols).ok_or(VeError::TangentCheckFailed)?;
            (conjugate(&inv, &a, cols), apply_const(&inv, &tangent), names.clone())
        }
        None => (a.clone(), tangent.clone(), labels.clone()),
    };
    // 2. NVE when the tangent has a constant direction
    let nve = quotient_by_tangent(&a_b, &t_b, &labels_b)?;
    // 3.–4. blocks of the NVE
    let blocks = match &nve {
        Some((names, m)) => blocks_of(m, names, &[]),
        None => {
            let support: Vec<usize> = (0..t_b.len()).filter(|&i| !t_b[i].is_zero()).collect();
            blocks_of(&a_b, &labels_b, &support)
        }
    };
    Ok(VariationalEquation {
        variable,
        param: param_name.to_string(),
        g: curve.g,
        labels,
        a,
        tangent,
        basis,
        nve,
        blocks,
    })
}

/// Pairs of coordinates equal along the curve whose exchange commutes with A: the basis
/// e_i + e_j, e_i − e_j for each pair, e_k for the rest.
fn symmetric_basis(
    pool: &mut varan_algebra::Pool,
    phi: &[ExprId],
    a: &RatMatrix,
    labels: &[String],
) -> Option<(Vec<Vec<Q>>, Vec<String>)> {
    let n = phi.len();
    let mut partner: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if partner[i].is_some() {
            continue;
        }
        for j in i + 1..n {
            if partner[j].is_some() {
                continue;
            }
            let d = pool.sub(phi[i], phi[j]);
            if is_zero(pool, d) != Ok(Truth::True) {
                continue;
            }
            // the swap (i j) must commute with A
            let mut pi: Vec<usize> = (0..n).collect();
            pi.swap(i, j);
            let commutes = (0..n).all(|r| (0..n).all(|c| a[pi[r]][pi[c]] == a[r][c]));
            if commutes {
                partner[i] = Some(j);
                partner[j] = Some(i);
                break;
            }
        }
    }
    if partner.iter().all(|p| p.is_none()) {
        return None;
    }
    // commuting transpositions are not enough in general: require the whole involution to
    // commute with A
    let pi: Vec<usize> = (0..n).map(|k| partner[k].unwrap_or(k)).collect();
    if !(0..n).all(|r| (0..n).all(|c| a[pi[r]][pi[c]] == a[r][c])) {
        return None;
    }
    let mut cols: Vec<Vec<Q>> = Vec::new();
    let mut names = Vec::new();
    let unit = |k: usize| -> Vec<Q> {
        (0..n).map(|i| if i == k { Q::one() } else { Q::zero() }).collect()
    };
    for k in 0..n {
        match partner[k] {
            Some(j) if j > k => {
                let mut plus = unit(k);
                plus[j] = Q::one();
                cols.push(plus);
                names.push(format!("{}+{}", labels[k], labels[j]));
            }
            Some(_) => {}
            None => {
                cols.push(unit(k));
                names.push(labels[k].clone());
            }
        }
    }
    for k in 0..n {
        if let Some(j) = partner[k] {
            if j > k {
                let mut minus = unit(k);
                minus[j] = -Q::one();
                cols.push(minus);
                names.push(format!("{}-{}", labels[k], labels[j]));
            }
        }
    }
    // the columns are the new basis vectors: store as columns (cols[c][i] = i-th entry)
    let n2 = cols.len();
    let matrix: Vec<Vec<Q>> =
        (0..n).map(|i| (0..n2).map(|c| cols[c][i].clone()).collect()).collect();
    Some((matrix, names))
}

/// The inverse of a constant matrix over ℚ (Gauss–Jordan); `None` if singular.
fn invert(m: &[Vec<Q>]) -> Option<Vec<Vec<Q>>> {
    let n = m.len();
    let mut aug: Vec<Vec<Q>> = m
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut r = row.clone();
            r.extend((0..n).map(|j| if i == j { Q::one() } else { Q::zero() }));
            r
        })
        .collect();
    for col in 0..n {
        let piv = (col..n).find(|&r| !aug[r][col].is_zero())?;
        aug.swap(col, piv);
        let inv = Q::one() / aug[col][col].clone();
        for x in aug[col].iter_mut() {
            *x = &*x * &inv;
        }
        for r in 0..n {
            if r != col && !aug[r][col].is_zero() {
                let f = aug[r][col].clone();
                let pivot_row = aug[col].clone();
                for (x, p) in aug[r].iter_mut().zip(pivot_row) {
                    *x -= &f * p;
                }
            }
        }
    }
    Some(aug.into_iter().map(|r| r[n..].to_vec()).collect())
}

/// T⁻¹·A·T for constant T.
fn conjugate(t_inv: &[Vec<Q>], a: &RatMatrix, t: &[Vec<Q>]) -> RatMatrix {
    let n = a.len();
    let at: RatMatrix = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| (0..n).fold(URat::zero(), |acc, k| acc.add(&a[i][k].scale(&t[k][j]))))
                .collect()
        })
        .collect();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| (0..n).fold(URat::zero(), |acc, k| acc.add(&at[k][j].scale(&t_inv[i][k]))))
                .collect()
        })
        .collect()
}

fn apply_const(m: &[Vec<Q>], v: &[URat]) -> Vec<URat> {
    m.iter()
        .map(|row| row.iter().zip(v).fold(URat::zero(), |acc, (c, x)| acc.add(&x.scale(c))))
        .collect()
}

/// The quotient of dξ/dx = A·ξ by the line of the tangent T when T = h(x)·v with v
/// constant: in the basis (v, e_j for j ≠ k) the equation is block triangular and the
/// NVE is the block of the e_j.
fn quotient_by_tangent(
    a: &RatMatrix,
    t: &[URat],
    labels: &[String],
) -> Result<Option<(Vec<String>, RatMatrix)>, VeError> {
    let n = a.len();
    let Some(k) = t.iter().position(|x| !x.is_zero()) else { return Ok(None) };
    let mut v = Vec::with_capacity(n);
    for x in t {
        match x.div(&t[k])?.as_constant() {
            Some(c) => v.push(c),
            None => return Ok(None),
        }
    }
    // P = identity with column k replaced by v (v_k = 1); P⁻¹ = identity with column k
    // replaced by (−v_j, 1 at k)
    let p: Vec<Vec<Q>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if j == k {
                        v[i].clone()
                    } else if i == j {
                        Q::one()
                    } else {
                        Q::zero()
                    }
                })
                .collect()
        })
        .collect();
    let p_inv: Vec<Vec<Q>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if j == k {
                        if i == k {
                            Q::one()
                        } else {
                            -v[i].clone()
                        }
                    } else if i == j {
                        Q::one()
                    } else {
                        Q::zero()
                    }
                })
                .collect()
        })
        .collect();
    let b = conjugate(&p_inv, a, &p);
    let keep: Vec<usize> = (0..n).filter(|&j| j != k).collect();
    let m: RatMatrix =
        keep.iter().map(|&i| keep.iter().map(|&j| b[i][j].clone()).collect()).collect();
    let names = keep.iter().map(|&i| labels[i].clone()).collect();
    Ok(Some((names, m)))
}

/// Diagonal blocks in block lower-triangular order: the strongly connected components of
/// the graph i → j (a_ij ≠ 0), ordered so that the equation of a block involves only its
/// own coordinates and those of earlier blocks.
fn blocks_of(m: &RatMatrix, labels: &[String], tangent_support: &[usize]) -> Vec<Block> {
    let n = m.len();
    let comps = tarjan(n, |i, j| !m[i][j].is_zero());
    comps
        .into_iter()
        .map(|c| {
            let a: RatMatrix =
                c.iter().map(|&i| c.iter().map(|&j| m[i][j].clone()).collect()).collect();
            let scalar = if a.len() == 2 { scalar_equation(&a) } else { None };
            let contains_tangent = c.iter().any(|i| tangent_support.contains(i));
            Block {
                labels: c.iter().map(|&i| labels[i].clone()).collect(),
                a,
                scalar,
                contains_tangent,
            }
        })
        .collect()
}

/// Strongly connected components (Tarjan), each sorted; in reverse topological order of
/// the condensation (a component comes after every component it has an edge into).
fn tarjan(n: usize, edge: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    struct St {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, n: usize, edge: &dyn Fn(usize, usize) -> bool, st: &mut St) {
        st.index[v] = Some(st.next);
        st.low[v] = st.next;
        st.next += 1;
        st.stack.push(v);
        st.on[v] = true;
        for w in 0..n {
            if w == v || !edge(v, w) {
                continue;
            }
            match st.index[w] {
                None => {
                    visit(w, n, edge, st);
                    st.low[v] = st.low[v].min(st.low[w]);
                }
                Some(iw) if st.on[w] => st.low[v] = st.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(st.low[v]) == st.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            comp.sort_unstable();
            st.out.push(comp);
        }
    }
    let mut st = St {
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if st.index[v].is_none() {
            visit(v, n, &edge, &mut st);
        }
    }
    st.out
}

/// The scalar equation of a 2×2 block for y = ξ_1 (or ξ_2 when a_12 = 0 and a_21 ≠ 0).
pub fn scalar_equation(a: &RatMatrix) -> Option<ScalarEquation> {
    let (unknown, a11, a12, a21, a22) = if !a[0][1].is_zero() {
        (0, &a[0][0], &a[0][1], &a[1][0], &a[1][1])
    } else if !a[1][0].is_zero() {
        (1, &a[1][1], &a[1][0], &a[0][1], &a[0][0])
    } else {
        return None;
    };
    let tr = a11.add(a22);
    let det = a11.mul(a22).sub(&a12.mul(a21));
    let l = a12.derivative().div(a12).ok()?; // a12'/a12
    let p = tr.add(&l).neg();
    let q = det.sub(&a11.derivative()).add(&a11.mul(&l));
    let quarter = Q::new(1.into(), 4.into());
    let half = Q::new(1.into(), 2.into());
    let r = p.mul(&p).scale(&quarter).add(&p.derivative().scale(&half)).sub(&q);
    Some(ScalarEquation { unknown, p, q, r })
}
