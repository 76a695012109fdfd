//! LaTeX rendering of derivations: `align*` blocks whose long sums are broken across lines,
//! and a standalone wrapper that needs only packages of a basic TeX installation
//! (amsmath, geometry), so that `pdflatex` compiles it anywhere.

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
    format!(
        "\\documentclass[10pt]{{article}}\n\
         \\usepackage[margin=2cm]{{geometry}}\n\
         \\usepackage{{amsmath}}\n\
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
            _ => out.push(c),
        }
    }
    out
}
