//! Singular points, their pole orders and local exponents for the normal form
//! u'' = r(x)·u with r ∈ ℚ(x), computed exactly over ℚ and its algebraic extensions
//! ℚ\[x\]/(P).
//!
//! **Finite points** ([Kov86, §2]; Ince, *Ordinary Differential Equations*, Longmans 1926 /
//! Dover 1956, ch. 15–16). The finite singular points are the poles of r, the roots of its
//! denominator d (r is kept in lowest terms, so every root of d is a pole). The square-free
//! decomposition d = Π P_iⁱ (Yun) gives the pole order: every root of P_i is a pole of order
//! i. Each P_i is split into its rational roots (found exactly by the rational root theorem;
//! directly for degree ≤ 2) and the remaining monic cofactor, which stands for all of its
//! (conjugate, non-rational) roots at once as one [`Location::Algebraic`]. Such a cofactor
//! has no rational root; when its degree is at most 3 that proves it irreducible over ℚ,
//! otherwise it is only known to be square-free.
//!
//! A pole c is a regular singular point iff its order is ≤ 2 (Fuchs' criterion for the
//! normal form, where p = 0 and q = −r: (x − c)² r must be holomorphic at c). There, with
//! b = lim_{x→c} (x − c)² r(x), a solution behaves as u ~ (x − c)^ρ, where ρ is a root of
//! the indicial equation ρ(ρ − 1) = b. Hence ρ = (1 ± √(1 + 4b))/2 and
//! (ρ₁ − ρ₂)² = 1 + 4b. For a pole of order 1, b = 0 and ρ ∈ {0, 1}.
//!
//! For a pole of order 2 at the roots α of an algebraic P, write d = P²·Q with gcd(P, Q) = 1.
//! Near α, P(x)/(x − α) → P'(α), so b(α) = N(α) / (Q(α)·P'(α)²) with N the numerator of
//! r. This is one element of ℚ\[x\]/(P): the inverse of Q·P'² modulo P comes from the
//! extended Euclidean algorithm (it exists because P is square-free and coprime to Q; when
//! P is reducible, ℚ\[x\]/(P) is a product of fields by the Chinese remainder theorem and the
//! same representative still gives b at every root). The representative has degree
//! < deg P and is reported as [`Coefficient::InField`].
//!
//! **The point at infinity** ([Kov86, §2]). Let o = ord_∞ r = deg d − deg N. The change
//! x = 1/t, u(x) = w(t)/t keeps the normal form: w'' = r̃(t)·w with
//! r̃(t) = r(1/t)/t⁴. So ∞ is an ordinary point iff o ≥ 4 (or r = 0), a regular singular
//! point iff 2 ≤ o < 4, and an irregular singular point iff o < 2. Exponents are given in
//! the local parameter t = 1/x for u itself: u ~ t^ρ. From w ~ t^σ with σ(σ − 1) = b and
//! ρ = σ − 1 the indicial equation at ∞ is ρ(ρ + 1) = b, with b = lim_{x→∞} x² r(x)
//! (= lead N / lead d when o = 2, and 0 when o > 2). Hence ρ = (−1 ± √(1 + 4b))/2 and again
//! (ρ₁ − ρ₂)² = 1 + 4b. An ordinary point ∞ has exponents {−1, 0} (u ~ x and u ~ 1).
//!
//! The equation is Fuchsian when every singular point, ∞ included, is regular.
//!
//! For systems Y' = A·Y, [`singular_points_of_system`] lists the poles of the entries with
//! the largest order among the entries (the multiplicity in the lcm of the denominators).
//!
//! Everything is exact: rational arithmetic only.

use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use varan_algebra::{rational_text, UPoly, URat, Q};

/// Where a singular point lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A rational point x = c.
    Rational(Q),
    /// All the roots of a monic, square-free polynomial without rational roots, treated
    /// together (they are conjugate when the polynomial is irreducible).
    /// `proven_irreducible` is true when the degree is ≤ 3 (no rational root ⇒
    /// irreducible); for higher degrees, or when the rational-root search could not be
    /// carried out (huge coefficients), irreducibility is not claimed.
    Algebraic {
        /// The monic polynomial whose roots are the points.
        minimal_polynomial: UPoly,
        /// Whether the polynomial is proven irreducible over ℚ.
        proven_irreducible: bool,
    },
}

/// An element of ℚ or of ℚ(α) = ℚ\[x\]/(P) for the polynomial P of the point's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coefficient {
    /// A rational number.
    Rational(Q),
    /// An element of ℚ(α) = ℚ\[x\]/(P): its representative polynomial of degree < deg P.
    InField(UPoly),
}

/// Local exponents: the roots of ρ(ρ − 1) = b at a finite point (u ~ (x − c)^ρ) or of
/// ρ(ρ + 1) = b at ∞ in the local parameter t = 1/x (u ~ t^ρ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exponents {
    /// b = lim (x − c)² r at a finite point, lim x² r at ∞.
    pub b: Coefficient,
    /// The discriminant 1 + 4b of the indicial equation.
    pub discriminant: Coefficient,
    /// The two exponents (smaller, larger) when b is a rational number and 1 + 4b is a
    /// square in ℚ. This includes an [`Coefficient::InField`] b whose representative is a
    /// constant (then b is the same rational number at every root).
    pub rational: Option<(Q, Q)>,
    /// (ρ₁ − ρ₂)² = 1 + 4b.
    pub difference_squared: Coefficient,
}

/// A finite singular point (a pole of r).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingularPoint {
    /// The point, or the set of conjugate points.
    pub location: Location,
    /// The order of the pole of r there.
    pub pole_order: u32,
    /// Whether the point is a regular singular point (pole order ≤ 2).
    pub regular: bool,
    /// The local exponents at a regular singular point (`None` at irregular ones).
    pub exponents: Option<Exponents>,
}

/// The point at infinity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfinityPoint {
    /// ord_∞ r = deg den − deg num; `None` if r = 0.
    pub order: Option<i64>,
    /// Whether ∞ is a singular point (ord_∞ r < 4).
    pub singular: bool,
    /// Whether ∞ is not an irregular singular point (ord_∞ r ≥ 2 or r = 0); an ordinary
    /// point counts as regular. A regular singular point is `singular && regular`.
    pub regular: bool,
    /// The exponents in t = 1/x when `regular` (including an ordinary ∞: {−1, 0}).
    pub exponents: Option<Exponents>,
}

/// The singular points of u'' = r·u.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingularityTable {
    /// The finite singular points: rational ones in increasing order, then algebraic ones
    /// by increasing pole order.
    pub points: Vec<SingularPoint>,
    /// The point at infinity.
    pub infinity: InfinityPoint,
    /// Whether every singular point, ∞ included, is regular.
    pub fuchsian: bool,
}

/// A located pole: where, its order, and the factor of the denominator it comes from
/// (x − c or the algebraic P).
struct Pole {
    location: Location,
    order: u32,
    factor: UPoly,
}

/// The singular points of u'' = r·u with their pole orders, regularity and local exponents.
pub fn singularities(r: &URat) -> SingularityTable {
    let (num, den) = (r.num(), r.den());
    let points: Vec<SingularPoint> =
        locate_poles(den).into_iter().map(|pole| finite_point(num, den, pole)).collect();
    let infinity = infinity_point(r);
    let fuchsian = points.iter().all(|p| p.regular) && infinity.regular;
    SingularityTable { points, infinity, fuchsian }
}

/// The poles of a set of rational-function entries (for a system Y' = A·Y), given the
/// denominators of the entries in lowest terms (e.g. [`URat::den`]), each with the largest
/// pole order among the entries. Zero polynomials are ignored.
pub fn singular_points_of_system(denominators: &[UPoly]) -> Vec<(Location, u32)> {
    let mut lcm = UPoly::one();
    for d in denominators.iter().filter(|d| !d.is_zero()) {
        let g = lcm.gcd(d);
        let cofactor = d.exact_div(&g).expect("the gcd of two polynomials divides each of them");
        lcm = lcm.mul(&cofactor);
    }
    locate_poles(&lcm).into_iter().map(|p| (p.location, p.order)).collect()
}

/// The roots of a non-constant denominator, grouped by multiplicity: rational points in
/// increasing order, then one algebraic location per square-free cofactor.
fn locate_poles(den: &UPoly) -> Vec<Pole> {
    let mut rational = Vec::new();
    let mut algebraic = Vec::new();
    for (i, p) in den.squarefree().into_iter().enumerate() {
        if p.degree().unwrap_or(0) == 0 {
            continue;
        }
        let order = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Some(roots) = complete_rational_roots(&p) else {
            // the root search was not carried out: keep the whole factor, claim nothing
            algebraic.push(Pole {
                location: Location::Algebraic {
                    minimal_polynomial: p.clone(),
                    proven_irreducible: false,
                },
                order,
                factor: p,
            });
            continue;
        };
        let mut cofactor = p;
        for c in roots {
            let lin = UPoly::linear_root(c.clone());
            cofactor = cofactor
                .exact_div(&lin)
                .expect("x − c divides a square-free polynomial with the verified root c");
            rational.push(Pole { location: Location::Rational(c), order, factor: lin });
        }
        if let Some(deg) = cofactor.degree().filter(|&d| d >= 1) {
            algebraic.push(Pole {
                location: Location::Algebraic {
                    minimal_polynomial: cofactor.clone(),
                    proven_irreducible: deg <= 3,
                },
                order,
                factor: cofactor,
            });
        }
    }
    rational.sort_by(|a, b| match (&a.location, &b.location) {
        (Location::Rational(x), Location::Rational(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    rational.extend(algebraic);
    rational
}

/// All rational roots of a monic square-free `p` (each verified exactly), or `None` when
/// the search could not be completed. Degrees 1 and 2 are solved directly.
fn complete_rational_roots(p: &UPoly) -> Option<Vec<Q>> {
    match p.degree()? {
        0 => Some(Vec::new()),
        1 => Some(vec![-p.coeff(0) / p.coeff(1)]),
        2 => {
            // a x² + b x + c: roots (−b ± √Δ)/(2a), rational iff Δ is a rational square
            let (a, b, c) = (p.coeff(2), p.coeff(1), p.coeff(0));
            let disc = &b * &b - Q::from_integer(BigInt::from(4)) * &a * &c;
            match rational_sqrt(&disc) {
                None => Some(Vec::new()),
                Some(s) => {
                    let two_a = Q::from_integer(BigInt::from(2)) * &a;
                    let mut roots = vec![(-&b - &s) / &two_a, (-&b + &s) / &two_a];
                    roots.sort();
                    roots.dedup();
                    Some(roots)
                }
            }
        }
        _ => p.rational_roots(),
    }
}

/// √q when q is the square of a rational number (the non-negative root).
fn rational_sqrt(q: &Q) -> Option<Q> {
    if q.is_negative() {
        return None;
    }
    let (n, d) = (q.numer(), q.denom());
    let (sn, sd) = (n.sqrt(), d.sqrt());
    if &(&sn * &sn) == n && &(&sd * &sd) == d {
        Some(Q::new(sn, sd))
    } else {
        None
    }
}

/// The table entry of a finite pole.
fn finite_point(num: &UPoly, den: &UPoly, pole: Pole) -> SingularPoint {
    let regular = pole.order <= 2;
    let exponents = match pole.order {
        1 => Some(Exponents::new(zero_in(&pole.location), false)),
        2 => order_two_coefficient(num, den, &pole).map(|b| Exponents::new(b, false)),
        _ => None,
    };
    SingularPoint { location: pole.location, pole_order: pole.order, regular, exponents }
}

/// The number 0 in the coefficient field of a location.
fn zero_in(location: &Location) -> Coefficient {
    match location {
        Location::Rational(_) => Coefficient::Rational(Q::zero()),
        Location::Algebraic { .. } => Coefficient::InField(UPoly::zero()),
    }
}

/// b = lim (x − c)² r at a pole of order exactly 2 (`None` only if an invariant fails,
/// e.g. a modular inverse that does not exist).
fn order_two_coefficient(num: &UPoly, den: &UPoly, pole: &Pole) -> Option<Coefficient> {
    let cofactor = den.exact_div(&pole.factor.pow(2)).ok()?;
    match &pole.location {
        Location::Rational(c) => {
            let q = cofactor.eval(c);
            if q.is_zero() {
                return None;
            }
            Some(Coefficient::Rational(num.eval(c) / q))
        }
        Location::Algebraic { minimal_polynomial: p, .. } => {
            let dp = p.derivative();
            let m = reduce(&cofactor.mul(&dp).mul(&dp), p)?;
            let inv = inverse_mod(&m, p)?;
            Some(Coefficient::InField(reduce(&num.mul(&inv), p)?))
        }
    }
}

/// a mod p.
fn reduce(a: &UPoly, p: &UPoly) -> Option<UPoly> {
    a.div_rem(p).ok().map(|(_, r)| r)
}

/// The inverse of `a` in ℚ[x]/(p) by the extended Euclidean algorithm; `None` when
/// gcd(a, p) ≠ 1.
fn inverse_mod(a: &UPoly, p: &UPoly) -> Option<UPoly> {
    // invariant: r_k ≡ s_k·a (mod p)
    let (mut r0, mut r1) = (p.clone(), reduce(a, p)?);
    let (mut s0, mut s1) = (UPoly::zero(), UPoly::one());
    while !r1.is_zero() {
        let (q, r) = r0.div_rem(&r1).ok()?;
        let s = s0.sub(&q.mul(&s1));
        r0 = std::mem::replace(&mut r1, r);
        s0 = std::mem::replace(&mut s1, s);
    }
    if r0.degree()? != 0 {
        return None;
    }
    let c = Q::one() / r0.lead();
    reduce(&s0.scale(&c), p)
}

impl Coefficient {
    /// The value as a rational number, when it is one (an element of ℚ(α) whose
    /// representative is a constant).
    fn as_rational(&self) -> Option<Q> {
        match self {
            Coefficient::Rational(q) => Some(q.clone()),
            Coefficient::InField(p) if p.degree().unwrap_or(0) == 0 => Some(p.coeff(0)),
            Coefficient::InField(_) => None,
        }
    }

    /// 1 + 4·self (in the same field; the degree of a representative does not grow).
    fn one_plus_four_times(&self) -> Coefficient {
        let four = Q::from_integer(BigInt::from(4));
        match self {
            Coefficient::Rational(q) => Coefficient::Rational(Q::one() + four * q),
            Coefficient::InField(p) => Coefficient::InField(p.scale(&four).add(&UPoly::one())),
        }
    }

    /// Text; elements of ℚ(α) are written as polynomials in α.
    fn to_text(&self) -> String {
        match self {
            Coefficient::Rational(q) => rational_text(q),
            Coefficient::InField(p) => p.to_text("α"),
        }
    }
}

impl Exponents {
    /// The exponents for the indicial equation ρ(ρ − 1) = b (finite point) or
    /// ρ(ρ + 1) = b (`at_infinity`).
    fn new(b: Coefficient, at_infinity: bool) -> Exponents {
        let discriminant = b.one_plus_four_times();
        let rational = discriminant.as_rational().and_then(|d| rational_sqrt(&d)).map(|s| {
            let shift = if at_infinity { -Q::one() } else { Q::one() };
            let two = Q::from_integer(BigInt::from(2));
            ((&shift - &s) / &two, (&shift + &s) / &two)
        });
        Exponents { b, difference_squared: discriminant.clone(), discriminant, rational }
    }

    fn to_text(&self, at_infinity: bool) -> String {
        let rho = match &self.rational {
            Some((a, b)) => format!("exponents {}, {}", rational_text(a), rational_text(b)),
            None => format!(
                "exponents ρ = {} ± √(D)/2, D = {}",
                if at_infinity { "-1/2" } else { "1/2" },
                self.discriminant.to_text()
            ),
        };
        format!("b = {}, {rho}", self.b.to_text())
    }
}

/// The table entry of ∞.
fn infinity_point(r: &URat) -> InfinityPoint {
    let order = r.order_at_infinity();
    let (singular, regular) = match order {
        None => (false, true),
        Some(o) => (o < 4, o >= 2),
    };
    let b = match order {
        None => Some(Q::zero()),
        Some(2) => Some(r.num().lead() / r.den().lead()),
        Some(o) if o > 2 => Some(Q::zero()),
        Some(_) => None,
    };
    let exponents = b.map(|b| Exponents::new(Coefficient::Rational(b), true));
    InfinityPoint { order, singular, regular, exponents }
}

impl SingularityTable {
    /// A readable listing: one line per finite point, one for ∞, and whether the equation
    /// is Fuchsian. `var` names the independent variable.
    pub fn to_text(&self, var: &str) -> String {
        let mut out = String::new();
        if self.points.is_empty() {
            out.push_str("no finite singular points\n");
        }
        for p in &self.points {
            let place = match &p.location {
                Location::Rational(c) => format!("{var} = {}", rational_text(c)),
                Location::Algebraic { minimal_polynomial, proven_irreducible } => format!(
                    "{var} = α, the roots of {} ({})",
                    minimal_polynomial.to_text(var),
                    if *proven_irreducible {
                        "irreducible"
                    } else {
                        "square-free, irreducibility not proven"
                    }
                ),
            };
            let kind = if p.regular { "regular singular" } else { "irregular singular" };
            out.push_str(&format!("{place}: pole of order {}, {kind}", p.pole_order));
            if let Some(e) = &p.exponents {
                out.push_str(&format!("; {}", e.to_text(false)));
            }
            out.push('\n');
        }
        let inf = &self.infinity;
        let ord = match inf.order {
            Some(o) => format!("ord_∞ r = {o}"),
            None => "r = 0".to_string(),
        };
        let kind = match (inf.singular, inf.regular) {
            (false, _) => "ordinary point",
            (true, true) => "regular singular",
            (true, false) => "irregular singular",
        };
        out.push_str(&format!("{var} = ∞: {ord}, {kind}"));
        if let Some(e) = &inf.exponents {
            out.push_str(&format!("; in t = 1/{var}: {}", e.to_text(true)));
        }
        out.push('\n');
        out.push_str(if self.fuchsian { "Fuchsian: yes\n" } else { "Fuchsian: no\n" });
        out
    }
}
