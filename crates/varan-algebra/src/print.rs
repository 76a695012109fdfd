//! Printers: plain text that varan's parser reads back (and SymPy too, in the SymPy
//! flavour, which writes `**` and spells out the sigmoid), and LaTeX for reports.
//!
//! Both print the DAG as a tree: shared subexpressions are written out each time. Terms of
//! a sum come in creation order with the constant last; a product is written as a fraction
//! when it has a rational coefficient with denominator ≠ 1 or negative exponents.

use num_bigint::BigInt;
use num_traits::{One, Signed};

use crate::pool::{ExprId, Func, Node, Pool, SymbolInfo};
use crate::Q;

/// Output flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Sympy,
    Latex,
}

// precedence of what was printed: 1 sum, 2 product/quotient, 3 power, 4 atom
const P_SUM: u8 = 1;
const P_PROD: u8 = 2;
const P_ATOM: u8 = 4;

impl Pool {
    /// Plain text, re-parsable by varan (`^` for powers).
    pub fn to_text(&self, e: ExprId) -> String {
        Printer { pool: self, style: Style::Text }.expr(e).0
    }

    /// Plain text for SymPy's `sympify`/`parse_expr` (`**`, sigmoid written as
    /// `1/(1 + exp(-u))`).
    pub fn to_sympy(&self, e: ExprId) -> String {
        Printer { pool: self, style: Style::Sympy }.expr(e).0
    }

    /// LaTeX math (no surrounding `$`).
    pub fn to_latex(&self, e: ExprId) -> String {
        Printer { pool: self, style: Style::Latex }.expr(e).0
    }

    /// The terms of `e` in LaTeX, each as (is negative, text of its absolute value), in
    /// printing order, so that reports can break long sums across lines. An expression that
    /// is not a sum is one term.
    pub fn latex_terms(&self, e: ExprId) -> Vec<(bool, String)> {
        let p = Printer { pool: self, style: Style::Latex };
        match self.node(e) {
            Node::Add(terms) if terms.len() > 1 => print_order(&self.values(terms))
                .into_iter()
                .map(|(c, t)| (c.is_negative(), p.scaled(&c.abs(), *t)))
                .collect(),
            _ => vec![(false, p.expr(e).0)],
        }
    }
}

impl Pool {
    /// The terms of a sum with their coefficients' values.
    fn values(&self, terms: &[(crate::Coef, ExprId)]) -> Vec<(Q, ExprId)> {
        terms.iter().map(|(c, t)| (self.coef(*c).clone(), *t)).collect()
    }
}

/// The LaTeX rendering of a symbol: `a1` → `a_{1}`, `alpha` → `\alpha`, family element
/// `W1_1_2` → `W^{(1)}_{1,2}`.
pub fn latex_symbol(info: &SymbolInfo) -> String {
    match &info.family {
        Some((base, idx)) => {
            let (stem, digits) = split_digits(base);
            let stem = latex_stem(stem);
            let sub = idx.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
            if digits.is_empty() {
                format!("{stem}_{{{sub}}}")
            } else {
                format!("{stem}^{{({digits})}}_{{{sub}}}")
            }
        }
        None => {
            let name = info.name.as_str();
            if let Some((stem, rest)) = name.split_once('_') {
                if !stem.is_empty() && !rest.is_empty() {
                    return format!("{}_{{{}}}", latex_stem(stem), escape_latex(rest));
                }
            }
            let (stem, digits) = split_digits(name);
            if digits.is_empty() || stem.is_empty() {
                latex_stem(name)
            } else {
                format!("{}_{{{digits}}}", latex_stem(stem))
            }
        }
    }
}

fn split_digits(name: &str) -> (&str, &str) {
    let cut = name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    name.split_at(cut)
}

const GREEK: [&str; 30] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Omega",
];

fn latex_stem(stem: &str) -> String {
    if GREEK.contains(&stem) {
        format!("\\{stem}")
    } else if stem.chars().count() == 1 {
        stem.to_string()
    } else {
        format!("\\mathrm{{{}}}", escape_latex(stem))
    }
}

fn escape_latex(s: &str) -> String {
    s.replace('_', "\\_")
}

struct Printer<'p> {
    pool: &'p Pool,
    style: Style,
}

impl Printer<'_> {
    fn latex(&self) -> bool {
        self.style == Style::Latex
    }

    /// Prints `e`, returning the text and its precedence.
    fn expr(&self, e: ExprId) -> (String, u8) {
        match self.pool.node(e) {
            Node::Num(q) => {
                let q = self.pool.coef(*q);
                if q.is_integer() {
                    let p = if q.is_negative() { P_SUM } else { P_ATOM };
                    (q.numer().to_string(), p)
                } else {
                    let s = self.fraction(
                        q.is_negative(),
                        q.numer().abs().to_string(),
                        q.denom().to_string(),
                    );
                    (s, if self.latex() && !q.is_negative() { P_ATOM } else { P_SUM })
                }
            }
            Node::Sym(s) => {
                let info = self.pool.symbol_info(*s);
                let text = if self.latex() { latex_symbol(info) } else { info.name.clone() };
                (text, P_ATOM)
            }
            Node::Add(terms) => {
                let terms = self.pool.values(terms);
                let order = print_order(&terms);
                let mut out = String::new();
                for (i, (c, t)) in order.into_iter().enumerate() {
                    let neg = c.is_negative();
                    let body = self.scaled(&c.abs(), *t);
                    match (i, neg) {
                        (0, false) => out.push_str(&body),
                        (0, true) if !self.latex() && self.has_bare_sum_factor(*t) => {
                            // `-(x + 1)*y` would read as (−x − 1)·y; negate the product whole
                            out.push_str(&format!("-({body})"));
                        }
                        (0, true) => {
                            out.push('-');
                            out.push_str(&body);
                        }
                        (_, false) => {
                            out.push_str(" + ");
                            out.push_str(&body);
                        }
                        (_, true) => {
                            out.push_str(" - ");
                            out.push_str(&body);
                        }
                    }
                }
                let prec =
                    if terms.len() == 1 && !terms[0].0.is_negative() { P_PROD } else { P_SUM };
                (out, prec)
            }
            Node::Mul(_) => (self.scaled(&Q::one(), e), P_PROD),
            Node::Func(f, u) => (self.func(*f, *u), P_ATOM),
        }
    }

    fn fraction(&self, neg: bool, num: String, den: String) -> String {
        let sign = if neg { "-" } else { "" };
        if self.latex() {
            format!("{sign}\\frac{{{num}}}{{{den}}}")
        } else {
            format!("{sign}{num}/{den}")
        }
    }

    /// `c·t` for c > 0, as a product/quotient (precedence ≥ product).
    fn scaled(&self, c: &Q, t: ExprId) -> String {
        if !self.latex() && !c.is_one() && self.has_bare_sum_factor(t) {
            return self.scaled_safely(c, t);
        }
        let mut num: Vec<String> = Vec::new();
        let mut den: Vec<String> = Vec::new();
        if !c.numer().is_one() {
            num.push(c.numer().to_string());
        }
        if !c.denom().is_one() {
            den.push(c.denom().to_string());
        }
        match self.pool.node(t) {
            Node::Num(q) if t == ExprId::ONE || self.pool.coef(*q).is_one() => {}
            Node::Mul(factors) => {
                for (b, k) in factors.iter() {
                    let s = self.power(*b, k.abs());
                    if *k > 0 {
                        num.push(s);
                    } else {
                        den.push(s);
                    }
                }
            }
            _ => {
                let (s, p) = self.expr(t);
                num.push(if p < P_PROD { self.paren(&s) } else { s });
            }
        }
        let sep = if self.latex() { " " } else { "*" };
        let join = |v: &[String]| v.join(sep);
        match (num.is_empty(), den.is_empty()) {
            (true, true) => "1".to_string(),
            (false, true) => join(&num),
            (n_empty, false) => {
                let n = if n_empty { "1".to_string() } else { join(&num) };
                if self.latex() {
                    format!("\\frac{{{n}}}{{{}}}", join(&den))
                } else if den.len() == 1 {
                    format!("{n}/{}", den[0])
                } else {
                    format!("{n}/({})", join(&den))
                }
            }
        }
    }

    /// Whether `t` is a product with a sum among its factors at exponent ±1. Written after
    /// a number, such a sum would be multiplied out on reading (`2*(x + 1)` is `2*x + 2`).
    fn has_bare_sum_factor(&self, t: ExprId) -> bool {
        match self.pool.node(t) {
            Node::Mul(factors) => factors
                .iter()
                .any(|(b, k)| k.abs() == 1 && matches!(self.pool.node(*b), Node::Add(_))),
            _ => false,
        }
    }

    /// `c·t` written so that reading it back rebuilds the same product: the factors first,
    /// the rational coefficient last (`(x + 1)*y*3/2`, `1/(x^2 + 1)/2`).
    fn scaled_safely(&self, c: &Q, t: ExprId) -> String {
        let mut num: Vec<String> = Vec::new();
        let mut den: Vec<String> = Vec::new();
        if let Node::Mul(factors) = self.pool.node(t) {
            for (b, k) in factors.iter() {
                let s = self.power(*b, k.abs());
                if *k > 0 {
                    num.push(s);
                } else {
                    den.push(s);
                }
            }
        }
        let mut out = if num.is_empty() { "1".to_string() } else { num.join("*") };
        match den.len() {
            0 => {}
            1 => out.push_str(&format!("/{}", den[0])),
            _ => out.push_str(&format!("/({})", den.join("*"))),
        }
        if !c.numer().is_one() {
            out.push_str(&format!("*{}", c.numer()));
        }
        if !c.denom().is_one() {
            out.push_str(&format!("/{}", c.denom()));
        }
        out
    }

    /// `b^k` for k ≥ 1.
    fn power(&self, b: ExprId, k: i64) -> String {
        let (s, p) = self.expr(b);
        if k == 1 {
            return if p < P_PROD { self.paren(&s) } else { s };
        }
        let base = if p < P_ATOM { self.paren(&s) } else { s };
        match self.style {
            Style::Text => format!("{base}^{k}"),
            Style::Sympy => format!("{base}**{k}"),
            Style::Latex => format!("{base}^{{{k}}}"),
        }
    }

    fn paren(&self, s: &str) -> String {
        if self.latex() {
            format!("\\left({s}\\right)")
        } else {
            format!("({s})")
        }
    }

    fn func(&self, f: Func, u: ExprId) -> String {
        let (arg, p) = self.expr(u);
        match self.style {
            Style::Text => format!("{}({arg})", f.name()),
            Style::Sympy => match f {
                Func::Sigmoid => {
                    let minus = if p < P_PROD { format!("-({arg})") } else { format!("-{arg}") };
                    format!("1/(1 + exp({minus}))")
                }
                _ => format!("{}({arg})", f.name()),
            },
            Style::Latex => match f {
                Func::Exp => format!("e^{{{arg}}}"),
                Func::Log => format!("\\log\\left({arg}\\right)"),
                Func::Tanh => format!("\\tanh\\left({arg}\\right)"),
                Func::Sinh => format!("\\sinh\\left({arg}\\right)"),
                Func::Cosh => format!("\\cosh\\left({arg}\\right)"),
                Func::Sigmoid => format!("\\operatorname{{sigmoid}}\\left({arg}\\right)"),
            },
        }
    }
}

/// Terms of a sum in printing order: creation order, the constant last, except that a
/// positive constant comes first when the sum would otherwise start with a minus sign
/// (`1 - tanh(u)^2`, but `a*tanh(u) - 1`).
fn print_order(terms: &[(Q, ExprId)]) -> Vec<&(Q, ExprId)> {
    let mut order: Vec<&(Q, ExprId)> = terms.iter().filter(|(_, t)| *t != ExprId::ONE).collect();
    let constant = terms.iter().find(|(_, t)| *t == ExprId::ONE);
    if let Some(c) = constant {
        let first_negative = order.first().is_some_and(|(q, _)| q.is_negative());
        if first_negative && !c.0.is_negative() {
            order.insert(0, c);
        } else {
            order.push(c);
        }
    }
    order
}

/// A rational number as text (`3`, `-1/2`).
pub fn rational_text(q: &Q) -> String {
    if q.is_integer() {
        q.numer().to_string()
    } else {
        format!("{}/{}", q.numer(), q.denom())
    }
}

/// Parses `p` or `p/q` (integers) into a rational; `None` if malformed or q = 0.
pub fn parse_rational(s: &str) -> Option<Q> {
    let (p, q) = match s.split_once('/') {
        Some((p, q)) => (p.trim().parse::<BigInt>().ok()?, q.trim().parse::<BigInt>().ok()?),
        None => (s.trim().parse::<BigInt>().ok()?, BigInt::one()),
    };
    if q == BigInt::from(0) {
        return None;
    }
    Some(Q::new(p, q))
}
