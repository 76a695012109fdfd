//! The 2×2 classification of Γ = ⟨M₁, …, M_k⟩ ⊂ GL₂(ℂ) from ball matrices, with certified
//! margins: reducible / imprimitive / finite primitive / Zariski closure ⊇ SL₂ (the four
//! cases of [Kov86, §1.2], here for the closure H of a monodromy group; MATH.md §7).
//!
//! Everything is projective — invariant under M ↦ cM — so the generators need not have
//! determinant 1: commutators [A, B] = ABA⁻¹B⁻¹ and τ(g) = tr(g)²/det(g) do not see
//! scalars. Write P: GL₂ → PGL₂. The algebraic subgroups of PGL₂ ≅ SO₃(ℂ) are: finite
//! (cyclic, dihedral, A₄, S₄, A₅), contained in a Borel subgroup (a fixed point on ℙ¹),
//! contained in the normaliser of a torus (a fixed pair of points), or PGL₂ itself; and
//! P(H) is the Zariski closure of P(Γ). The three tests, each an inequality:
//!
//! 1. **Irreducible.** For A, B ∈ GL₂, A and B have a common eigenvector iff
//!    tr[A, B] = 2, and
//!    $$ \operatorname{tr}\,[A, B] - 2 = -\frac{\det(AB - BA)}{\det A \,\det B}. $$
//!    A pair of words u, v with this ball excluding 0 proves Γ (hence H) irreducible.
//! 2. **Neither reducible nor imprimitive.** If Γ is reducible it lies in a Borel group
//!    B = T·U (upper triangular in a suitable basis), and [B, B] ⊂ U, the unipotent
//!    radical, which is abelian. If Γ is imprimitive it lies in N(T) = T ∪ wT for a torus
//!    T (diagonal matrices in the basis of the two lines, times scalars); N(T)/T has order
//!    2, so [N(T), N(T)] ⊂ T, abelian. In both cases any two commutators of elements of Γ
//!    commute. Two commutators C₁, C₂ of short words with an entry of C₁C₂ − C₂C₁
//!    excluding 0 prove Γ neither reducible nor imprimitive (and irreducible: test 2
//!    implies test 1). Commutators are computed as u·v·adj(u)·adj(v) =
//!    det(u)det(v)·[u, v], a non-zero multiple, which does not change commuting.
//! 3. **Not finite primitive.** If P(Γ) is A₄, S₄ or A₅, every element g ∈ Γ has
//!    projective order m ∈ {1, 2, 3, 4, 5}: g^m is scalar, so g is diagonalisable with
//!    eigenvalue ratio ζ of order exactly m, and τ(g) = ζ + 2 + ζ⁻¹ = 2 + 2cos(2πj/m),
//!    that is (m = 1, 2, 3, 4, 5)
//!    $$ \tau(g) \in \{4,\ 0,\ 1,\ 2,\ (3 \pm \sqrt 5)/2\}, $$
//!    and τ = 4 only for m = 1, that is for g scalar. (These are the squared traces
//!    {0, 1, 2, 4, ((1 ± √5)/2)²} of the binary polyhedral groups in SL₂, element orders
//!    1, 2, 3, 4, 5, 6, 8, 10.) A word whose τ-ball excludes the five values other than 4
//!    and either excludes 4 or is certified non-scalar proves P(Γ) is none of A₄, S₄, A₅.
//!    When the τ-ball also misses the real segment [0, 4] the word itself has infinite
//!    order (ζ on the unit circle gives τ = 2 + 2cos θ ∈ [0, 4], so here |ζ| ≠ 1); the
//!    verdict records it.
//!
//! Tests 2 and 3 together: P(H) is not finite (a finite P(Γ) would be primitive, excluded
//! by 3), not reducible, not imprimitive, so P(H) = PGL₂; then [H⁰, H⁰] ⊂ SL₂ maps onto
//! PGL₂, so H ⊇ SL₂ and G⁰ ⊇ SL₂ is not solvable (Kolchin: no Liouvillian solution).
//!
//! Searched: reduced words of length ≤ 3 (test 3), pairs of words of length ≤ 2 (tests 1
//! and 2, at most `SHORT_CAP` words and `COMM_CAP` commutators), keeping the witness
//! with the largest margin. The converse answers — reducible, imprimitive, finite — are
//! equalities and come out as inconclusive with the closest candidate and what the data
//! are consistent with; a group whose witnesses only appear in longer words is also
//! reported inconclusive, never wrongly.

use std::fmt;

use varan_algebra::Q;
use varan_numeric::{Ball, BallMatrix};

use super::matrix::{adjugate2, bracket, entry_away_from_zero};
use super::word::{reduced_words, Alphabet, Word};
use super::{common_dim, GroupError, GroupOptions, Measurement, Outcome};
use crate::group::Best;

/// Most words of length ≤ 3 searched for test 3.
const WORD_CAP: usize = 400;
/// Most words of length ≤ 2 paired in tests 1 and 2.
pub(crate) const SHORT_CAP: usize = 40;
/// Most commutators paired in test 2.
pub(crate) const COMM_CAP: usize = 40;

/// The 2×2 classification with its three tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Sl2Verdict {
    /// Test 1: Γ irreducible (tr[u, v] ≠ 2).
    pub irreducible: Outcome,
    /// Test 2: Γ neither reducible nor imprimitive (two non-commuting commutators).
    pub primitive: Outcome,
    /// Test 3: P(Γ) is not A₄, S₄ or A₅ (τ outside the finite set); with test 2, Γ is
    /// infinite.
    pub infinite: Outcome,
    /// Whether test 3's witness itself has infinite order (τ off the segment [0, 4]).
    pub infinite_order: bool,
    /// What follows.
    pub conclusion: Sl2Conclusion,
}

/// The conclusion of the 2×2 classification.
#[derive(Debug, Clone, PartialEq)]
pub enum Sl2Conclusion {
    /// The Zariski closure of Γ contains SL₂: G⁰ ⊇ SL₂, not solvable.
    ZariskiDense,
    /// Not certified; what the data are consistent with.
    Inconclusive {
        /// E.g. "a reducible group (a common eigenvector)".
        consistent_with: String,
    },
}

/// Runs the three tests on 2×2 generators (see the module doc).
pub fn classify_sl2(gens: &[BallMatrix], opts: &GroupOptions) -> Result<Sl2Verdict, GroupError> {
    let n = common_dim(gens)?;
    if n != 2 {
        return Err(GroupError::Dimension { expected: 2, found: n });
    }
    let names: Vec<String> = (0..gens.len()).map(|i| opts.name(i)).collect();
    for (g, name) in gens.iter().zip(&names) {
        let d = g.det();
        if d.abs_lower() <= 0.0 {
            let why = format!(
                "det {name} = {} ± {:.1e} contains 0: the generator may be singular",
                super::complex_text(d.mid),
                d.rad
            );
            return Ok(Sl2Verdict {
                irreducible: Outcome::inconclusive(why.clone()),
                primitive: Outcome::inconclusive(why.clone()),
                infinite: Outcome::inconclusive(why.clone()),
                infinite_order: false,
                conclusion: Sl2Conclusion::Inconclusive { consistent_with: why },
            });
        }
    }
    let alpha = Alphabet::projective2(gens, names);
    let words = reduced_words(gens.len(), opts.word_length.clamp(1, 3), WORD_CAP);
    let evaluated: Vec<(&Word, BallMatrix, Ball)> =
        words.iter().filter_map(|w| alpha.eval(w).map(|m| (w, m, alpha.det(w)))).collect();
    let short: Vec<&(&Word, BallMatrix, Ball)> =
        evaluated.iter().filter(|(w, _, _)| w.len() <= 2).take(SHORT_CAP).collect();

    // Test 1 (and the commutators for test 2)
    let mut best1 = Best::default();
    let mut comms: Vec<(String, BallMatrix, Measurement)> = Vec::new();
    for j in 0..short.len() {
        for i in 0..j {
            let (u, mu, du) = short[i];
            let (v, mv, dv) = short[j];
            // powers of one generator commute: nothing to learn
            if u.single_generator().is_some() && u.single_generator() == v.single_generator() {
                continue;
            }
            let label = format!("[{},{}]", alpha.text(u), alpha.text(v));
            let val = -(bracket(mu, mv).det()) / (*du * *dv);
            let m = Measurement::against(format!("tr{label} − 2"), val, Ball::zero(), "0");
            best1.offer(m.clone());
            let c = mu.mul(mv).mul(&adjugate2(mu)).mul(&adjugate2(mv));
            comms.push((label, c, m));
        }
    }
    let irreducible = best1.finish(
        "every tested commutator has trace 2 within its radius (a reducible group has a \
         common eigenvector, and then all commutators have trace 2)",
    );

    // Test 2: commutators that are far from trace 2 first
    comms.sort_by(|a, b| {
        (b.2.certified(), b.2.margin())
            .partial_cmp(&(a.2.certified(), a.2.margin()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    comms.truncate(COMM_CAP);
    let mut best2 = Best::default();
    for j in 0..comms.len() {
        for i in 0..j {
            let (l1, c1, _) = &comms[i];
            let (l2, c2, _) = &comms[j];
            let m = entry_away_from_zero(&bracket(c1, c2), &format!("{l1}·{l2} − {l2}·{l1}"))
                .with_note(
                    "commutators scaled by det(u)·det(v), which does not change commuting".into(),
                );
            best2.offer(m);
        }
    }
    let primitive = best2.finish(
        "every tested pair of commutators commutes within its radius (in a reducible or \
         imprimitive group all commutators lie in one abelian subgroup)",
    );

    // Test 3
    let set = finite_tau_values();
    let mut best3 = Best::default();
    let mut orders_seen: Vec<u32> = Vec::new();
    for (w, m, d) in &evaluated {
        let tr = m.trace();
        let tau = tr * tr / *d;
        let q = format!("τ({}) = tr²/det", alpha.text(w));
        let labelled: Vec<(Ball, &str)> = set.iter().map(|(b, l, _)| (*b, *l)).collect();
        let full = Measurement::against_set(q.clone(), tau, &labelled);
        let off = off_segment(&tau);
        if full.certified() {
            best3.offer_preferred(full, off);
            continue;
        }
        let others: Vec<(Ball, &str)> =
            set.iter().filter(|(_, _, o)| *o != 1).map(|(b, l, _)| (*b, *l)).collect();
        let rest = Measurement::against_set(q.clone(), tau, &others);
        let ns = non_scalar(m, &alpha.text(w));
        if rest.certified() && ns.certified() {
            let note = format!(
                "τ is within {:.1e} of 4, but {ns}; an element of finite projective order with \
                 τ = 4 is scalar",
                full.offset
            );
            best3.offer_preferred(rest.with_note(note), false);
            continue;
        }
        if let Some((_, _, o)) = set.iter().find(|(b, _, _)| tau.overlaps(b)) {
            if !orders_seen.contains(o) {
                orders_seen.push(*o);
            }
        }
        best3.offer(full);
    }
    orders_seen.sort_unstable();
    let infinite = best3.finish(
        "every tested τ = tr²/det lies within its radius of {0, 1, 2, 4, (3±√5)/2}, the \
         values of the finite primitive groups",
    );
    let infinite_order = infinite.witness().is_some_and(|m| off_segment(&m.value));

    let conclusion = if primitive.is_certified() && infinite.is_certified() {
        Sl2Conclusion::ZariskiDense
    } else if !primitive.is_certified() && !irreducible.is_certified() {
        Sl2Conclusion::Inconclusive {
            consistent_with: "a reducible group (a common eigenvector; G⁰ solvable)".into(),
        }
    } else if !primitive.is_certified() {
        Sl2Conclusion::Inconclusive {
            consistent_with: "an imprimitive group (a pair of lines permuted; G⁰ abelian)".into(),
        }
    } else {
        Sl2Conclusion::Inconclusive { consistent_with: finite_group_guess(&orders_seen) }
    };
    Ok(Sl2Verdict { irreducible, primitive, infinite, infinite_order, conclusion })
}

/// The values of τ = tr²/det on elements of A₄, S₄, A₅ (projective orders 1, 2, 3, 4, 5):
/// (ball, label, projective order).
fn finite_tau_values() -> Vec<(Ball, &'static str, u32)> {
    let sqrt5 = Ball::sqrt_of_rational(&Q::from_integer(5.into()));
    let half = Ball::real(0.5);
    let three = Ball::real(3.0);
    vec![
        (Ball::real(4.0), "4", 1),
        (Ball::zero(), "0", 2),
        (Ball::one(), "1", 3),
        (Ball::real(2.0), "2", 4),
        ((three + sqrt5) * half, "(3+√5)/2", 5),
        ((three - sqrt5) * half, "(3−√5)/2", 5),
    ]
}

/// Whether the ball misses the real segment [0, 4] (then |ζ| ≠ 1 for the eigenvalue
/// ratio ζ, or ζ is not on the unit circle: infinite order). Exact comparisons of doubles.
fn off_segment(tau: &Ball) -> bool {
    let above = *tau - Ball::real(4.0);
    tau.mid.im.abs() > tau.rad || tau.mid.re < -tau.rad || above.mid.re > above.rad
}

/// The best certificate that m is not a scalar matrix: m₁₂, m₂₁ or m₁₁ − m₂₂ ≠ 0.
fn non_scalar(m: &BallMatrix, w: &str) -> Measurement {
    let cands = [
        (format!("({w})[1,2]"), m.get(0, 1)),
        (format!("({w})[2,1]"), m.get(1, 0)),
        (format!("({w})[1,1] − ({w})[2,2]"), m.get(0, 0) - m.get(1, 1)),
    ];
    let mut best: Option<Measurement> = None;
    for (q, b) in cands {
        let c = Measurement::against(q, b, Ball::zero(), "0");
        if best.as_ref().is_none_or(|o| (c.distance, c.margin()) > (o.distance, o.margin())) {
            best = Some(c);
        }
    }
    best.unwrap_or_else(|| Measurement::against(w.into(), Ball::zero(), Ball::zero(), "0"))
}

/// Which finite primitive group the projective orders seen fit.
fn finite_group_guess(orders: &[u32]) -> String {
    let has = |o: u32| orders.contains(&o);
    let which = if has(4) && has(5) {
        "no single finite primitive group (projective orders 4 and 5 both seen): longer words \
         or smaller radii are needed"
            .to_string()
    } else if has(5) {
        "the icosahedral group (P(Γ) = A₅, binary icosahedral in SL₂)".to_string()
    } else if has(4) {
        "the octahedral group (P(Γ) = S₄, binary octahedral in SL₂)".to_string()
    } else {
        "the tetrahedral group (P(Γ) = A₄; or a larger one whose other elements were not \
         reached)"
            .to_string()
    };
    let list: Vec<String> = orders.iter().map(u32::to_string).collect();
    format!(
        "a finite primitive group (projective orders seen: {}; G⁰ trivial): {which}",
        list.join(", ")
    )
}

impl fmt::Display for Sl2Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "2×2 classification (projective: commutators and τ = tr²/det)")?;
        writeln!(f, "  irreducible: {}", self.irreducible)?;
        writeln!(f, "  neither reducible nor imprimitive: {}", self.primitive)?;
        write!(f, "  not finite primitive (A₄, S₄, A₅): {}", self.infinite)?;
        if self.infinite_order {
            write!(f, " [this element has infinite order]")?;
        }
        writeln!(f)?;
        match &self.conclusion {
            Sl2Conclusion::ZariskiDense => writeln!(
                f,
                "  conclusion: the Zariski closure contains SL₂, so G⁰ ⊇ SL₂ is not solvable"
            ),
            Sl2Conclusion::Inconclusive { consistent_with } => writeln!(
                f,
                "  conclusion: not certified; the data are consistent with {consistent_with}"
            ),
        }
    }
}
