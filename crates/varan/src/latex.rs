//! LaTeX rendering of derivations: `align*` blocks whose long sums are broken across lines,
//! and a standalone wrapper that needs only packages of a basic TeX installation
//! (amsmath, geometry; graphicx for monodromy reports, whose matrices of balls are shrunk
//! to the line width when wider), so that `pdflatex` compiles it anywhere.

use varan_algebra::{latex_symbol, ExprId, Pool, Symbol};
use varan_syntax::ItemKind;

use crate::derive::Derivation;

/// Characters of LaTeX source per displayed line before a sum is broken.
const LINE_BUDGET: usize = 110;

/// `lhs &= rhs` with the terms of rhs spread over several lines when long.
pub fn equation(pool: &Pool, lhs: &str, e: ExprId) -> String {
    let terms = pool.latex_terms(e);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, (neg, t)) in terms.iter().enumerate() {
        let piece = match (i, neg) {
            (0, false) => t.clone(),
            (0, true) => format!("-{t}"),
            (_, false) => format!(" + {t}"),
            (_, true) => format!(" - {t}"),
        };
        if !cur.is_empty() && cur.len() + piece.len() > LINE_BUDGET {
            lines.push(std::mem::take(&mut cur));
        }
        cur.push_str(&piece);
    }
    lines.push(cur);
    let mut out = format!("{lhs} &= {}", lines[0]);
    for l in &lines[1..] {
        out.push_str(&format!(" \\\\\n  &\\qquad {l}"));
    }
    out
}

fn sym(pool: &Pool, s: Symbol) -> String {
    latex_symbol(pool.symbol_info(s))
}

/// The body of a derivation report (no preamble).
pub fn derivation_body(d: &Derivation) -> String {
    let p = &d.problem;
    let pool = &p.pool;
    let mut out = String::new();
    let title = match p.kind {
        ItemKind::Model => "Gradient flow",
        ItemKind::System => "Vector field",
        ItemKind::Hamiltonian => "Hamiltonian system",
        ItemKind::Ode | ItemKind::Linear => "Linear differential equation",
    };
    out.push_str(&format!("\\section*{{{title}: \\texttt{{{}}}}}\n\n", escape_text(&p.name)));
    let state: Vec<String> = p.state.iter().map(|s| sym(pool, *s)).collect();
    out.push_str(&format!(
        "State variables ({}): $\\theta = ({})$.\n\n",
        state.len(),
        state.join(",\\ ")
    ));
    if let Some(l) = p.loss {
        out.push_str("Loss:\n\\begin{align*}\n");
        out.push_str(&equation(pool, "L", l));
        out.push_str("\n\\end{align*}\n");
        out.push_str("The flow is $\\dot\\theta = V(\\theta) := -\\nabla L(\\theta)$:\n");
    }
    if let Some(h) = p.hamiltonian {
        out.push_str("Hamiltonian:\n\\begin{align*}\n");
        out.push_str(&equation(pool, "H", h));
        out.push_str("\n\\end{align*}\n");
        out.push_str("Hamilton's equations $\\dot q = \\partial H/\\partial p$, $\\dot p = -\\partial H/\\partial q$:\n");
    }
    out.push_str("\\begin{align*}\n");
    let eqs: Vec<String> = p
        .field
        .iter()
        .zip(&state)
        .map(|(e, s)| equation(pool, &format!("\\dot{{{s}}}"), *e))
        .collect();
    out.push_str(&eqs.join(" \\\\\n"));
    out.push_str("\n\\end{align*}\n");
    let symmetric = p.is_gradient();
    out.push_str(&format!(
        "Non-zero entries of the Jacobian $DV${}:\n",
        if symmetric {
            " (symmetric, $DV = -\\operatorname{Hess} L$; upper triangle shown)"
        } else {
            ""
        }
    ));
    let mut entries = Vec::new();
    for (k, row) in d.jacobian.iter().enumerate() {
        for (l, e) in row.iter().enumerate() {
            if *e == ExprId::ZERO || (symmetric && l < k) {
                continue;
            }
            let lhs =
                format!("\\frac{{\\partial \\dot{{{}}}}}{{\\partial {}}}", state[k], state[l]);
            entries.push(equation(pool, &lhs, *e));
        }
    }
    if entries.is_empty() {
        out.push_str("all entries vanish.\n");
    } else {
        out.push_str("\\begin{align*}\n");
        out.push_str(&entries.join(" \\\\\n"));
        out.push_str("\n\\end{align*}\n");
    }
    out
}

/// A complete document around `body`.
pub fn standalone(title: &str, body: &str) -> String {
    standalone_with(title, body, &[])
}

/// A complete document around `body` that also loads `packages` (each from a basic TeX
/// installation, e.g. `graphicx`).
pub fn standalone_with(title: &str, body: &str, packages: &[&str]) -> String {
    let extra: String = packages.iter().map(|p| format!("\\usepackage{{{p}}}\n")).collect();
    format!(
        "\\documentclass[10pt]{{article}}\n\
         \\usepackage[margin=2cm]{{geometry}}\n\
         \\usepackage{{amsmath}}\n\
         {extra}\
         \\allowdisplaybreaks\n\
         \\title{{{}}}\n\
         \\date{{}}\n\
         \\begin{{document}}\n\
         \\maketitle\n\
         {body}\
         \\end{{document}}\n",
        escape_text(title)
    )
}

/// Escapes text (not math) for LaTeX.
pub fn escape_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '_' | '&' | '%' | '$' | '#' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            c if !c.is_ascii() => out.push_str(unicode_latex(c)),
            _ => out.push(c),
        }
    }
    out
}

/// Text-mode LaTeX for the non-ASCII characters of varan's messages (pdflatex's default
/// input encoding knows accented letters but not these).
fn unicode_latex(c: char) -> &'static str {
    match c {
        '⁰' => "$^0$",
        '¹' => "$^1$",
        '²' => "$^2$",
        '³' => "$^3$",
        '₀' => "$_0$",
        '₁' => "$_1$",
        '₂' => "$_2$",
        '·' => "$\\cdot$",
        'φ' => "$\\varphi$",
        'ψ' => "$\\psi$",
        'ξ' => "$\\xi$",
        'ω' => "$\\omega$",
        'α' => "$\\alpha$",
        'β' => "$\\beta$",
        'λ' => "$\\lambda$",
        'μ' => "$\\mu$",
        'ν' => "$\\nu$",
        'ρ' => "$\\rho$",
        'π' => "$\\pi$",
        'θ' => "$\\theta$",
        'ε' => "$\\varepsilon$",
        'Δ' => "$\\Delta$",
        '∞' => "$\\infty$",
        '∫' => "$\\int$",
        '√' => "$\\surd$",
        '×' => "$\\times$",
        '⊂' => "$\\subset$",
        '∈' => "$\\in$",
        '≥' => "$\\geq$",
        '≤' => "$\\leq$",
        '≠' => "$\\neq$",
        '≈' => "$\\approx$",
        '±' => "$\\pm$",
        '−' => "$-$",
        '⇒' => "$\\Rightarrow$",
        '⇔' => "$\\Leftrightarrow$",
        '→' => "$\\to$",
        'ℚ' => "$\\mathbf{Q}$",
        'ℂ' => "$\\mathbf{C}$",
        'ℤ' => "$\\mathbf{Z}$",
        '𝔾' => "$\\mathbf{G}$",
        '—' => "---",
        '–' => "--",
        '§' => "\\S{}",
        '′' => "'",
        'é' => "\\'e",
        'á' => "\\'a",
        'ö' => "\\\"o",
        'ü' => "\\\"u",
        _ => "?",
    }
}

/// LaTeX for a coordinate label: a symbol name, or `a1+a2` / `a1-a2` combinations.
pub fn label_latex(pool: &Pool, label: &str) -> String {
    let mut out = String::new();
    let mut name = String::new();
    let flush = |name: &mut String, out: &mut String| {
        if !name.is_empty() {
            match pool.lookup(name) {
                Some(s) => out.push_str(&sym(pool, s)),
                None => out.push_str(&format!("\\mathrm{{{}}}", escape_text(name))),
            }
            name.clear();
        }
    };
    for c in label.chars() {
        if c == '+' || c == '-' {
            flush(&mut name, &mut out);
            out.push(c);
        } else {
            name.push(c);
        }
    }
    flush(&mut name, &mut out);
    out
}

/// A matrix of rational functions as a `pmatrix`.
pub fn rat_matrix(m: &[Vec<varan_algebra::URat>], var: &str) -> String {
    let rows: Vec<String> = m
        .iter()
        .map(|row| row.iter().map(|x| x.to_latex(var)).collect::<Vec<_>>().join(" & "))
        .collect();
    format!("\\begin{{pmatrix}}\n{}\n\\end{{pmatrix}}", rows.join(" \\\\\n"))
}

fn coefficient_latex(c: &varan_flow::Coefficient) -> String {
    match c {
        varan_flow::Coefficient::Rational(q) => q_latex(q),
        varan_flow::Coefficient::InField(p) => p.to_latex("\\alpha"),
    }
}

fn q_latex(q: &varan_algebra::Q) -> String {
    varan_algebra::URat::constant(q.clone()).to_latex("x")
}

/// The singularity table of u'' = r u as a `tabular`.
pub fn singularity_table(t: &varan_flow::SingularityTable, var: &str) -> String {
    use varan_flow::Location;
    let exps = |e: &Option<varan_flow::Exponents>, at_inf: bool| match e {
        None => "—".to_string(),
        Some(x) => match &x.rational {
            Some((a, b)) => format!("${}$, ${}$", q_latex(a), q_latex(b)),
            None => {
                let half = if at_inf { "-\\frac12" } else { "\\frac12" };
                format!("${half} \\pm \\frac12\\sqrt{{{}}}$", coefficient_latex(&x.discriminant))
            }
        },
    };
    let mut rows = Vec::new();
    for p in &t.points {
        let loc = match &p.location {
            Location::Rational(c) => format!("${var} = {}$", q_latex(c)),
            Location::Algebraic { minimal_polynomial, proven_irreducible } => format!(
                "roots $\\alpha$ of ${}${}",
                minimal_polynomial.to_latex(var),
                if *proven_irreducible { "" } else { " (square-free)" }
            ),
        };
        let b = p
            .exponents
            .as_ref()
            .map_or("—".to_string(), |e| format!("${}$", coefficient_latex(&e.b)));
        rows.push(format!(
            "{loc} & {} & {} & {b} & {}",
            p.pole_order,
            if p.regular { "regular" } else { "irregular" },
            exps(&p.exponents, false)
        ));
    }
    let inf = &t.infinity;
    let kind = match (inf.singular, inf.regular) {
        (false, _) => "ordinary",
        (true, true) => "regular",
        (true, false) => "irregular",
    };
    let b = inf
        .exponents
        .as_ref()
        .map_or("—".to_string(), |e| format!("${}$", coefficient_latex(&e.b)));
    rows.push(format!(
        "${var} = \\infty$ & {} & {kind} & {b} & {}",
        inf.order.map_or("—".to_string(), |o| format!("$\\mathrm{{ord}} = {o}$")),
        exps(&inf.exponents, true)
    ));
    format!(
        "\\begin{{tabular}}{{lllll}}\npoint & pole order & type & $b$ & exponents \\\\ \\hline\n{} \\\\\n\\end{{tabular}}\n\nFuchsian: {}.\n",
        rows.join(" \\\\\n"),
        if t.fuchsian { "yes" } else { "no" }
    )
}

/// The body of a `varan manifolds` report.
pub fn manifolds_body(r: &crate::ManifoldReport) -> String {
    let p = &r.problem;
    let pool = &p.pool;
    let state: Vec<String> = p.state.iter().map(|s| sym(pool, *s)).collect();
    let mut out = format!(
        "\\section*{{Invariant manifolds: \\texttt{{{}}}}}\n\nState $\\theta = ({})$. Each manifold below is proven invariant: for every defining constraint $c(\\theta) = 0$, $\\nabla c \\cdot V$ vanishes identically on it (exact zero test).\n\n",
        escape_text(&p.name),
        state.join(",\\ ")
    );
    if r.manifolds.is_empty() {
        out.push_str("No invariant linear manifold of positive dimension was found.\n");
        return out;
    }
    out.push_str("\\begin{enumerate}\n");
    for m in &r.manifolds {
        let cons: Vec<String> = m
            .constraints
            .iter()
            .map(|c| match c {
                varan_flow::Constraint::Zero(k) => format!("{} = 0", state[*k]),
                varan_flow::Constraint::Equal(i, j) => format!("{} = {}", state[*i], state[*j]),
            })
            .collect();
        out.push_str(&format!(
            "\\item $\\{{{}\\}}$, dimension {}; restricted field:\n\\begin{{align*}}\n",
            cons.join(",\\ "),
            m.dimension()
        ));
        let eqs: Vec<String> = m
            .free
            .iter()
            .zip(&m.restricted)
            .map(|(&k, e)| equation(pool, &format!("\\dot{{{}}}", state[k]), *e))
            .collect();
        out.push_str(&eqs.join(" \\\\\n"));
        out.push_str("\n\\end{align*}\n");
    }
    out.push_str("\\end{enumerate}\n");
    out
}

/// The body of a `varan ve` report.
pub fn ve_body(r: &crate::VeReport) -> String {
    let p = &r.problem;
    let pool = &p.pool;
    let ve = &r.ve;
    let state: Vec<String> = p.state.iter().map(|s| sym(pool, *s)).collect();
    let param = ve.param.clone();
    let x = match ve.variable {
        varan_algebra::Variable::Plain => param.clone(),
        varan_algebra::Variable::Exp { .. } => "z".to_string(),
    };
    let mut out =
        format!("\\section*{{Variational equations: \\texttt{{{}}}}}\n\n", escape_text(&p.name));
    out.push_str("\\paragraph{Particular solution.} The curve\n\\begin{align*}\n");
    let phi: Vec<String> =
        state.iter().zip(&r.curve.phi).map(|(s, e)| equation(pool, s, *e)).collect();
    out.push_str(&phi.join(" \\\\\n"));
    out.push_str("\n\\end{align*}\n");
    if r.curve.time {
        out.push_str(&format!(
            "solves the flow, $\\dot\\phi({param}) = V(\\phi({param}))$ (verified exactly).\n\n"
        ));
    } else {
        out.push_str(&format!(
            "is invariant: $V(\\phi({param})) = g({param})\\,\\phi'({param})$ with $g({param}) = {}$ (verified exactly); along it ${param}' = g({param})$.\n\n",
            pool.to_latex(r.curve.g)
        ));
    }
    match ve.variable {
        varan_algebra::Variable::Plain => {}
        varan_algebra::Variable::Exp { q } => out.push_str(&format!(
            "With $z = e^{{{param}{}}}$, $\\frac{{d}}{{d{param}}} = {}\\frac{{d}}{{dz}}$ and the coefficients become rational in $z$.\n\n",
            if q == 1 { String::new() } else { format!("/{q}") },
            if q == 1 { "z".to_string() } else { format!("\\frac{{z}}{{{q}}}") }
        )),
    }
    out.push_str(&format!(
        "\\paragraph{{Variational equation.}} $\\frac{{d\\xi}}{{d{x}}} = A({x})\\,\\xi$ in the coordinates $({})$ with\n\\[ A({x}) = {} \\]\nThe tangent $({})$ solves it (verified exactly).\n\n",
        state.join(",\\ "),
        rat_matrix(&ve.a, &x),
        ve.tangent.iter().map(|t| t.to_latex(&x)).collect::<Vec<_>>().join(",\\ ")
    ));
    if let Some((_, labels)) = &ve.basis {
        let l: Vec<String> = labels.iter().map(|s| label_latex(pool, s)).collect();
        out.push_str(&format!(
            "A symmetry of the flow fixes the curve; in the basis $({})$ the equation splits along its eigenspaces.\n\n",
            l.join(",\\ ")
        ));
    }
    if let Some((labels, m)) = &ve.nve {
        let l: Vec<String> = labels.iter().map(|s| label_latex(pool, s)).collect();
        out.push_str(&format!(
            "\\paragraph{{Normal variational equation.}} Quotient by the tangent, coordinates $({})$:\n\\[ {} \\]\n\n",
            l.join(",\\ "),
            rat_matrix(m, &x)
        ));
    }
    out.push_str("\\paragraph{Blocks.}\n\\begin{enumerate}\n");
    for ((b, table), kov) in ve.blocks.iter().zip(&r.singularities).zip(&r.kovacic) {
        let l: Vec<String> = b.labels.iter().map(|s| label_latex(pool, s)).collect();
        out.push_str(&format!(
            "\\item $({})${}: \\[ {} \\]\n",
            l.join(",\\ "),
            if b.contains_tangent { " (carries the tangent)" } else { "" },
            rat_matrix(&b.a, &x)
        ));
        if b.a.len() == 1 {
            out.push_str(&format!(
                "$\\xi = \\exp\\int {}\\,d{x}$: solvable, abelian $G^0$.\n",
                b.a[0][0].to_latex(&x)
            ));
        }
        if let Some(s) = &b.scalar {
            out.push_str(&format!(
                "For $y = {}$: $y'' + p\\,y' + q\\,y = 0$ with\n\\begin{{align*}}\np &= {} \\\\\nq &= {} \\\\\nr &= \\tfrac{{p^2}}{{4}} + \\tfrac{{p'}}{{2}} - q = {}\n\\end{{align*}}\nand the normal form $u'' = r\\,u$ has the singular points\n\n",
                l.get(s.unknown).cloned().unwrap_or_default(),
                s.p.to_latex(&x),
                s.q.to_latex(&x),
                s.r.to_latex(&x)
            ));
            if let Some(t) = table {
                out.push_str(&singularity_table(t, &x));
            }
            if let Some(k) = kov {
                out.push_str(&match k {
                    varan_galois::KovacicOutcome::Liouvillian { case, omega } => format!(
                        "\n\n\\noindent Kovacic's algorithm [case {case}]: a Liouvillian solution $u = \\exp\\int\\omega$ with $\\omega = {}$; verified: $\\omega' + \\omega^2 = r$.\n",
                        omega.to_latex(&x)
                    ),
                    varan_galois::KovacicOutcome::Imprimitive { phi } => format!(
                        "\n\n\\noindent Kovacic's algorithm [case 2]: a Liouvillian solution with $\\omega = u'/u$ a root of $\\omega^2 - \\varphi\\omega + \\tfrac12\\varphi' + \\tfrac12\\varphi^2 - r = 0$, $\\varphi = {}$ (verified); the group is imprimitive.\n",
                        phi.to_latex(&x)
                    ),
                    varan_galois::KovacicOutcome::LiouvillianAlgebraic { case, solution } => format!(
                        "\n\n\\noindent Kovacic's algorithm [case {case}]: a Liouvillian solution with ${} = {}$, coefficients in ${}$ (verified).\n",
                        if *case == 1 { "\\omega" } else { "\\varphi" },
                        solution.to_latex(&x),
                        solution.field_latex()
                    ),
                    varan_galois::KovacicOutcome::Finite { n, group, .. } => format!(
                        "\n\n\\noindent Kovacic's algorithm [case 3]: a Liouvillian solution with $\\omega = u'/u$ algebraic of degree {n}, a root of ${} = 0$ (verified); the Galois group is the binary {} group, finite.\n",
                        k.minimal_polynomial_latex(&x).unwrap_or_default(),
                        group.name()
                    ),
                    varan_galois::KovacicOutcome::NoLiouvillianSolution { .. } => "\n\n\\noindent Kovacic's algorithm: none of cases 1--3 holds, so $u'' = r\\,u$ has no Liouvillian solution: its Galois group is $\\mathrm{SL}_2$ and $G^0$ is not solvable.\n".to_string(),
                    varan_galois::KovacicOutcome::Undecided { reason } => format!(
                        "\n\n\\noindent Kovacic's algorithm: undecided ({}).\n",
                        escape_text(reason)
                    ),
                });
            }
        }
    }
    out.push_str("\\end{enumerate}\n");
    out
}

/// `x` in scientific notation with `digits` significant digits: `3.27\times10^{-1}`.
fn sci(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "\\infty".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let s = format!("{:.*e}", digits.saturating_sub(1), x);
    match s.split_once('e') {
        Some((m, "0")) => m.to_string(),
        Some((m, e)) => format!("{m}\\times10^{{{e}}}"),
        None => s,
    }
}

/// A ball as `(re + im\,i) \pm rad`, the midpoint with as many significant digits as the
/// radius leaves meaningful (2 to 16).
fn ball_latex(b: &crate::monodromy::BallJson) -> String {
    let size = b.re.abs().max(b.im.abs());
    let digits = if b.rad == 0.0 {
        16
    } else if size > 0.0 && b.rad.is_finite() {
        ((size / b.rad).log10().floor() as i64 + 1).clamp(2, 16) as usize
    } else {
        2
    };
    let mid = match (b.re == 0.0, b.im == 0.0) {
        (_, true) => sci(b.re, digits),
        (true, false) => format!("{}\\,i", sci(b.im, digits)),
        (false, false) => format!(
            "({} {} {}\\,i)",
            sci(b.re, digits),
            if b.im < 0.0 { "-" } else { "+" },
            sci(b.im.abs(), digits)
        ),
    };
    format!("{mid} \\pm {}", sci(b.rad, 2))
}

/// Displays `math`, shrunk to the line width when wider (needs graphicx).
fn fit(math: &str) -> String {
    format!(
        "\\begin{{center}}\n\\resizebox{{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}}{{!}}{{$\\displaystyle {math}$}}\n\\end{{center}}\n"
    )
}

fn ball_matrix_latex(m: &[Vec<crate::monodromy::BallJson>]) -> String {
    let rows: Vec<String> =
        m.iter().map(|row| row.iter().map(ball_latex).collect::<Vec<_>>().join(" & ")).collect();
    format!("\\begin{{pmatrix}}\n{}\n\\end{{pmatrix}}", rows.join(" \\\\\n"))
}

/// `M_{label}` of the k-th local point (`p_{k}` when the point is not rational).
fn m_latex(r: &crate::MonodromyJson, k: usize) -> String {
    match r.local.get(k).and_then(|l| l.point_exact.as_ref()) {
        Some(e) => format!("M_{{{e}}}"),
        None => format!("M_{{p_{{{}}}}}", k + 1),
    }
}

fn complex_latex(z: [f64; 2]) -> String {
    let t = crate::monodromy::approx_text(z);
    match t.strip_suffix('i') {
        Some(body) => format!("{body}\\,i"),
        None => t,
    }
}

/// The body of a `varan monodromy` report: the equation, the base point, the singular
/// points, every M_p and M_∞ as a matrix of balls, the product relation and the checks.
pub fn monodromy_body(r: &crate::MonodromyJson) -> String {
    let mut out = format!(
        "\\section*{{Monodromy: \\texttt{{{}}}}}\n\nEquation ({}, variable \\texttt{{{}}}):\n",
        escape_text(&r.model),
        escape_text(&r.source),
        escape_text(&r.variable)
    );
    out.push_str(&fit(&r.equation_latex));
    out.push_str(&format!(
        "Base point $b = {}$. Each $M_p$ is the transition matrix along a loop from $b$ \
         around $p$ alone, counter-clockwise; it acts on column vectors of initial values \
         at $b$. $M_\\infty$ is taken along a loop around all finite singular points, \
         clockwise (that is, counter-clockwise around $\\infty$). Every entry is a ball \
         $m \\pm r$: the true value lies within $r$ of $m$ (a proven bound).\n\n",
        complex_latex(r.base)
    ));
    let order: Vec<String> = r.product_order.iter().rev().map(|&k| m_latex(r, k)).collect();
    out.push_str(&format!("Product relation: $M_\\infty {} = I$.\n\n", order.join(" ")));
    out.push_str("\\begin{tabular}{lll}\npoint & value & loop \\\\ \\hline\n");
    for (k, l) in r.local.iter().enumerate() {
        let (name, value) = match &l.point_exact {
            Some(e) => (format!("${e}$"), "exact".to_string()),
            None => (
                format!("$p_{{{}}}$", k + 1),
                format!("${}$ (approximate)", complex_latex(l.point)),
            ),
        };
        let pos = r.product_order.iter().position(|&i| i == k).map_or(0, |i| i + 1);
        out.push_str(&format!(
            "{name} & {value} & lasso, {} vertices; position {pos} in the product \\\\\n",
            l.path.len()
        ));
    }
    out.push_str(&format!(
        "$\\infty$ & {}, $\\operatorname{{Res}}_\\infty \\operatorname{{tr}} A = {}$ & {} vertices, clockwise \\\\\n\\end{{tabular}}\n\n",
        r.infinity.kind,
        escape_text(&r.infinity.residue),
        r.infinity.path.len()
    ));
    out.push_str("\\subsection*{Monodromy matrices}\n");
    for (k, l) in r.local.iter().enumerate() {
        out.push_str(&fit(&format!("{} = {}", m_latex(r, k), ball_matrix_latex(&l.matrix))));
    }
    out.push_str(&fit(&format!("M_\\infty = {}", ball_matrix_latex(&r.infinity.matrix))));
    out.push_str("\\subsection*{Self-checks}\nEach check passes when the two balls meet; a certified check that fails is an error.\n\\begin{itemize}\n");
    for c in &r.checks {
        out.push_str(&format!(
            "\\item {}: computed ${}$, expected ${}$ --- \\textbf{{{}}}{}\n",
            c.latex,
            ball_latex(&c.computed),
            ball_latex(&c.expected),
            if c.passed { "passed" } else { "FAILED" },
            if c.certified { "" } else { " (expected value not certified)" }
        ));
    }
    out.push_str("\\end{itemize}\n");
    out
}
