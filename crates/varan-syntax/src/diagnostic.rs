//! One diagnostic type for every stage that reads user input (after typst's
//! `SourceDiagnostic`): a byte span into the source, a lowercase message without a final
//! period, and optional hints. Rendering (file:line:col, the line, a caret) lives in the CLI;
//! [`LineIndex`] turns spans into line and column numbers for it.

use crate::Span;

/// A problem found in user input, located by a byte span of the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range of the offending text (may be empty, e.g. at end of input).
    pub span: Span,
    /// What is wrong, lowercase, no final period: `expected '}' to close model two_layer`.
    pub message: String,
    /// Suggestions shown as `help:` lines.
    pub hints: Vec<String>,
}

/// Results of stages that read user input: all problems of a file at once.
pub type SourceResult<T> = Result<T, Vec<Diagnostic>>;

impl Diagnostic {
    /// A diagnostic without hints.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { span, message: message.into(), hints: Vec::new() }
    }

    /// Adds a `help:` line.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// Maps byte offsets of one source text to 1-based line and column numbers
/// (columns count characters, not bytes).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based (line, column) of byte `offset` in `text`; offsets past the end map to the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line + 1, col)
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else { return "" };
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncd\n\nxyz";
        let ix = LineIndex::new(text);
        assert_eq!(ix.line_col(text, 0), (1, 1));
        assert_eq!(ix.line_col(text, 2), (1, 3));
        assert_eq!(ix.line_col(text, 3), (2, 1));
        assert_eq!(ix.line_col(text, 6), (3, 1));
        assert_eq!(ix.line_col(text, 9), (4, 3));
        assert_eq!(ix.line_col(text, 100), (4, 4));
        assert_eq!(ix.line_text(text, 2), "cd");
        assert_eq!(ix.line_text(text, 4), "xyz");
        assert_eq!(ix.line_text(text, 9), "");
    }
}
