//! Rendering of diagnostics for the terminal, in the manner of rustc and ruff:
//! `error: message`, then ` --> file:line:col`, the source line and a caret under the span,
//! then `help:` lines.

use varan::syntax::{Diagnostic, LineIndex};
use varan::InputError;

/// Renders every problem of an input error.
pub fn input_error(file: &str, src: &str, e: &InputError) -> String {
    match e {
        InputError::Source(diags) => diags.iter().map(|d| diagnostic(file, src, d)).collect(),
        InputError::Select(s) => format!("error: {s}\n --> {file}\n"),
        InputError::WrongKind(s) => format!("error: {s}\n --> {file}\n"),
    }
}

/// Renders one diagnostic.
pub fn diagnostic(file: &str, src: &str, d: &Diagnostic) -> String {
    let index = LineIndex::new(src);
    let (line, col) = index.line_col(src, d.span.start);
    let text = index.line_text(src, line);
    let (end_line, end_col) = index.line_col(src, d.span.end);
    let width = if end_line == line && end_col > col { end_col - col } else { 1 };
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    // the caret sits under the same characters, with tabs kept as tabs
    let lead: String = text
        .chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let mut out = format!(
        "error: {}\n{pad}--> {file}:{line}:{col}\n{pad} |\n{line} | {text}\n{pad} | {lead}{}\n",
        d.message,
        "^".repeat(width.min(200))
    );
    for h in &d.hints {
        out.push_str(&format!("{pad} = help: {h}\n"));
    }
    out
}
