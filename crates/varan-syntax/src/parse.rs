//! The parser: runs the pest grammar `grammar/varan.pest` over a `.vnet` file (or a single
//! expression) and builds the [`crate::ast`] tree with byte spans, resolving operator
//! precedence with a Pratt parser. Syntax errors become one [`Diagnostic`] that names the
//! offending token and lists, in words, what was expected there; inputs that are too large
//! or too deeply nested are rejected up front so that no input can exhaust the stack.

use pest::error::{Error as PestError, ErrorVariant, InputLocation};
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{pratt_precedence, Assoc, ConstPrattParser, Op};
use pest::Parser as _;
use pest_derive::Parser;

use crate::ast::{
    ActDecl, AlongDecl, AlongEntry, BinOp, ConstDecl, DataDecl, DataPoint, DataValue, DenseDecl,
    Equation, Expr, ExprKind, File, Ident, IndexRange, Item, ItemKind, LossDecl, NetDecl,
    ParamDecl, Span, Stmt, StmtKind,
};
use crate::diagnostic::{Diagnostic, LineIndex, SourceResult};

/// Inputs larger than this many bytes are rejected.
const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;
/// Deepest allowed nesting of `(`, `[` and `{`.
const MAX_NESTING: usize = 200;
/// Deepest allowed expression tree (operators and calls nested in each other).
const MAX_EXPR_DEPTH: usize = 1000;

#[derive(Parser)]
#[grammar = "../../grammar/varan.pest"]
struct VaranParser;

/// Operator precedence, lowest first; unary minus binds looser than `^`, so `-x^2` is
/// `-(x^2)` and `2^-1` is `2^(-1)`.
static PRATT: ConstPrattParser<Rule, 7> = ConstPrattParser::new_const(pratt_precedence![
    Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left),
    Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left),
    Op::prefix(Rule::neg) | Op::prefix(Rule::plus),
    Op::infix(Rule::pow, Assoc::Right),
]);

/// Parses a whole `.vnet` file: any number of `model`, `system` and `hamiltonian`
/// definitions (an empty file is fine).
pub fn parse_file(src: &str) -> SourceResult<File> {
    check_limits(src).map_err(|d| vec![d])?;
    let mut pairs = VaranParser::parse(Rule::file, src).map_err(|e| vec![syntax_error(src, &e)])?;
    let file = pairs.next().ok_or_else(|| vec![internal(Span::new(0, src.len()), "file")])?;
    let mut items = Vec::new();
    for pair in file.into_inner().filter(|p| p.as_rule() == Rule::item) {
        items.push(item(pair).map_err(|d| vec![d])?);
    }
    Ok(File { items })
}

/// Parses a single expression; the whole input must be the expression (surrounding
/// whitespace and comments are allowed).
pub fn parse_expr(src: &str) -> SourceResult<Expr> {
    check_limits(src).map_err(|d| vec![d])?;
    let pairs =
        VaranParser::parse(Rule::expr_input, src).map_err(|e| vec![syntax_error(src, &e)])?;
    let found = pairs.flatten().find(|p| p.as_rule() == Rule::expr);
    let pair = found.ok_or_else(|| vec![internal(Span::new(0, src.len()), "expression")])?;
    expr(pair).map(|(e, _)| e).map_err(|d| vec![d])
}

// ---------------------------------------------------------------------------------------
// limits

/// Rejects inputs that are too large or nest brackets too deeply (which would make the
/// recursive descent overflow the stack).
fn check_limits(src: &str) -> Result<(), Diagnostic> {
    if src.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            Span::new(0, 0),
            format!("input too large ({} bytes, limit 10 MB)", src.len()),
        ));
    }
    let mut depth = 0usize;
    let mut result = Ok(());
    scan_brackets(src, src.len(), |at, byte| {
        if matches!(byte, b'(' | b'[' | b'{') {
            depth += 1;
            if depth > MAX_NESTING {
                result = Err(Diagnostic::error(
                    Span::new(at, at + 1),
                    format!("expression nested too deeply (limit {MAX_NESTING})"),
                ));
                return false;
            }
        } else {
            depth = depth.saturating_sub(1);
        }
        true
    });
    result
}

/// Calls `visit(offset, byte)` for every bracket of `src[..end]` outside comments, until it
/// returns `false`.
fn scan_brackets(src: &str, end: usize, mut visit: impl FnMut(usize, u8) -> bool) {
    let bytes = src.as_bytes();
    let end = end.min(bytes.len());
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'#' => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b @ (b'(' | b'[' | b'{' | b')' | b']' | b'}') => {
                if !visit(i, b) {
                    return;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// The offset of the newline ending the line that contains `from` (or the end of input).
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| from + n)
}

/// The innermost bracket opened before `end` and not closed before it.
fn innermost_open(src: &str, end: usize) -> Option<(usize, u8)> {
    let mut stack: Vec<(usize, u8)> = Vec::new();
    scan_brackets(src, end, |at, byte| {
        match byte {
            b'(' | b'[' | b'{' => stack.push((at, byte)),
            _ => {
                if stack.last().is_some_and(|&(_, open)| closer(open) == byte) {
                    stack.pop();
                }
            }
        }
        true
    });
    stack.pop()
}

/// The closing bracket of an opening one.
fn closer(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

// ---------------------------------------------------------------------------------------
// syntax errors

/// Turns pest's error into a diagnostic in words.
fn syntax_error(src: &str, err: &PestError<Rule>) -> Diagnostic {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    let pos = floor_char_boundary(src, pos);
    match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => expected_error(src, pos, positives),
        ErrorVariant::CustomError { message } => {
            Diagnostic::error(Span::new(pos, pos), "input too complex to parse")
                .with_hint(format!("the parser reported: {message}"))
        }
    }
}

/// The largest char boundary of `src` not after `pos`.
fn floor_char_boundary(src: &str, pos: usize) -> usize {
    let mut pos = pos.min(src.len());
    while !src.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// What a rule stands for in "expected ..." messages.
fn describe(rule: Rule) -> &'static str {
    use Rule as R;
    match rule {
        R::EOI => "end of input",
        R::file | R::item => "'model', 'system', 'hamiltonian', 'ode' or 'linear'",
        R::item_kind => "'model', 'system' or 'hamiltonian'",
        R::ode_kind => "'ode'",
        R::linear_kind | R::kw_linear => "'linear'",
        R::linear_body | R::matrix_stmt => "a statement",
        R::ode_body => "a statement",
        R::kw_model => "'model'",
        R::kw_system => "'system'",
        R::kw_hamiltonian => "'hamiltonian'",
        R::kw_param => "'param'",
        R::kw_const => "'const'",
        R::kw_act => "'act'",
        R::kw_dense => "'dense'",
        R::kw_data => "'data'",
        R::kw_loss => "'loss'",
        R::kw_decay => "'decay'",
        R::kw_pairs => "'pairs'",
        R::kw_sum | R::loss_sum => "'sum'",
        R::kw_mse => "'mse'",
        R::kw_along => "'along'",
        R::kw_ode => "'ode'",
        R::kw_var => "'var'",
        R::ident
        | R::option_key
        | R::dense_option
        | R::index_range
        | R::along_entry
        | R::along_target => "a name",
        R::ham_name => "'H'",
        R::int => "an integer",
        R::lbrace => "'{'",
        R::rbrace => "'}'",
        R::lparen | R::pair => "'('",
        R::rparen => "')'",
        R::lbracket | R::vector => "'['",
        R::rbracket => "']'",
        R::comma | R::data_sep => "','",
        R::eq | R::loss_explicit => "'='",
        R::arrow => "'->'",
        R::dots => "'..'",
        R::prime => "\"'\"",
        R::call_open => "'('",
        R::index_open => "'['",
        R::add | R::sub | R::mul | R::div | R::pow => "an operator",
        R::stmt
        | R::param_stmt
        | R::const_stmt
        | R::act_stmt
        | R::dense_stmt
        | R::data_stmt
        | R::loss_stmt
        | R::decay_stmt
        | R::pairs_stmt
        | R::along_stmt
        | R::ham_stmt
        | R::equation_stmt
        | R::var_stmt
        | R::ode_stmt
        | R::net_stmt => "a statement",
        R::param_decl => "a parameter name",
        R::data_point => "a data point",
        R::expr_input
        | R::expr
        | R::neg
        | R::plus
        | R::primary
        | R::sum_expr
        | R::postfixed
        | R::derivative
        | R::call
        | R::index_suffix
        | R::paren
        | R::num
        | R::prefix
        | R::infix
        | R::data_value => "an expression",
        // silent helper rules: never reported by pest
        R::WHITESPACE | R::COMMENT | R::ident_char | R::keyword => "valid syntax",
    }
}

/// Rules that only continue what came before (an operator after an operand, `(` or `[`
/// after a name, `,` in a list): listed only when they are the likely fix.
fn is_continuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::add
            | Rule::sub
            | Rule::mul
            | Rule::div
            | Rule::pow
            | Rule::call_open
            | Rule::index_open
            | Rule::comma
            | Rule::data_sep
    )
}

/// Order of descriptions in a message: operators, punctuation and keywords, then phrases.
fn rank(description: &str) -> u8 {
    match description {
        "an operator" => 0,
        "','" => 1,
        d if d.starts_with('\'') || d.starts_with('"') => 2,
        "a name" | "a parameter name" => 3,
        "an integer" => 4,
        "an expression" | "a data point" => 5,
        "a statement" => 6,
        _ => 7,
    }
}

/// Joins descriptions as "a, b or c".
fn join_or(items: &[&str]) -> String {
    match items {
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => items.concat(),
    }
}

/// The token at `pos`, for "unexpected ..." (`None` at end of input).
fn token_at(src: &str, pos: usize) -> Option<(Span, &str)> {
    let rest = src.get(pos..)?;
    let first = rest.chars().next()?;
    let len = if first.is_ascii_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    Some((Span::new(pos, pos + len), &rest[..len]))
}

/// The words the grammar reserves.
const KEYWORDS: &[&str] = &[
    "model",
    "system",
    "hamiltonian",
    "param",
    "params",
    "const",
    "act",
    "dense",
    "data",
    "loss",
    "decay",
    "pairs",
    "sum",
    "mse",
    "along",
];

/// The diagnostic for "expected one of `positives` at `pos`".
fn expected_error(src: &str, pos: usize, positives: &[Rule]) -> Diagnostic {
    let index = LineIndex::new(src);
    let at = |offset: usize| {
        let (line, col) = index.line_col(src, offset);
        format!("line {line}, column {col}")
    };
    let token = token_at(src, pos);

    // a statement that starts with a name the grammar could not continue: `foo }` or
    // `x' = 2 y` (the `y` was taken as the start of a new statement)
    if positives.contains(&Rule::prime)
        && positives.iter().all(|r| matches!(r, Rule::prime | Rule::lparen | Rule::eq))
    {
        if let Some(name) = name_before(src, pos) {
            let word = &src[name.start..name.end];
            let mut diag = Diagnostic::error(name, format!("'{word}' does not start a statement"))
                .with_hint(
                    "statements that start with a name are `x' = ...`, `f(x) = ...` and `H = ...`",
                );
            if let Some(prev) = last_significant(src, name.start).map(|i| src.as_bytes()[i]) {
                if prev.is_ascii_alphanumeric() || matches!(prev, b'_' | b')' | b']') {
                    diag = diag.with_hint(format!(
                        "if '{word}' continues the previous line, an operator or ',' is missing before it"
                    ));
                }
            }
            return diag;
        }
    }

    let juxtaposed = token.is_some_and(|(_, t)| {
        t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '(')
    });
    let mut primary: Vec<&str> = Vec::new();
    let mut secondary: Vec<&str> = Vec::new();
    for &rule in positives {
        let d = describe(rule);
        let secondary_rule = match rule {
            Rule::EOI | Rule::call_open | Rule::index_open => true,
            _ => is_continuation(rule) && !juxtaposed,
        };
        let list = if secondary_rule { &mut secondary } else { &mut primary };
        if !list.contains(&d) {
            list.push(d);
        }
    }
    // after a complete expression, "an operator" alone hides that it could also end here
    if !primary.is_empty()
        && primary.iter().all(|d| matches!(*d, "an operator" | "','"))
        && secondary.contains(&"end of input")
    {
        primary.push("end of input");
    }
    let mut expected = if primary.is_empty() { secondary } else { primary };
    expected.sort_by_key(|d| rank(d));

    let mut hints = Vec::new();
    let (span, found) = match token {
        None => {
            // end of input: point at the innermost bracket left open
            if let Some((open_at, open)) = innermost_open(src, pos) {
                let close = format!("'{}'", char::from(closer(open)));
                if expected.iter().any(|d| *d == close) {
                    expected.retain(|d| *d == close);
                }
                hints.push(if open == b'{' {
                    format!("the block opened at {} is not closed", at(open_at))
                } else {
                    format!("the '{}' at {} is not closed", char::from(open), at(open_at))
                });
            }
            (Span::new(pos, pos), "end of input".to_owned())
        }
        Some((span, text)) => {
            if KEYWORDS.contains(&text) && positives.contains(&Rule::ident) {
                hints.push(format!("'{text}' is a keyword and cannot be used as a name"));
            }
            // `along' = ...`: an equation for a variable named like a keyword
            if text == "'" {
                if let Some(word) = name_before(src, pos).map(|w| &src[w.start..w.end]) {
                    if KEYWORDS.contains(&word) {
                        hints.push(format!("'{word}' is a keyword and cannot be used as a name"));
                    }
                }
            }
            if text == "}" && positives == [Rule::ident] && opens_along_block(src, pos) {
                hints.push(
                    "an `along` block lists at least one coordinate: `along { x = s }`".into(),
                );
            }
            if matches!(text, ")" | "]" | "}") {
                if let Some((open_at, open)) = innermost_open(src, pos) {
                    if open != b'{' && text.as_bytes().first() != Some(&closer(open)) {
                        hints.push(format!(
                            "the '{}' at {} is not closed",
                            char::from(open),
                            at(open_at)
                        ));
                    }
                }
            }
            (span, format!("'{text}'"))
        }
    };
    let message = if expected.is_empty() {
        format!("unexpected {found}")
    } else {
        format!("unexpected {found}, expected {}", join_or(&expected))
    };
    let mut diag = Diagnostic::error(span, message);
    diag.hints = hints;
    diag
}

/// The offset of the last byte before `end` that is neither whitespace nor in a comment.
fn last_significant(src: &str, end: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let end = end.min(bytes.len());
    let mut last = None;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'#' => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => {
                last = Some(i);
                i += 1;
            }
        }
    }
    last
}

/// Whether the text right before `pos` is `along {` or `along NAME {`.
fn opens_along_block(src: &str, pos: usize) -> bool {
    let Some(brace) = last_significant(src, pos).filter(|&i| src.as_bytes()[i] == b'{') else {
        return false;
    };
    let word = |end: usize| name_before(src, end).map(|w| (w, &src[w.start..w.end]));
    match word(brace) {
        Some((_, "along")) => true,
        Some((name, _)) => matches!(word(name.start), Some((_, "along"))),
        None => false,
    }
}

/// The identifier that ends right before `pos` (skipping whitespace and comments).
fn name_before(src: &str, pos: usize) -> Option<Span> {
    let bytes = src.as_bytes();
    let stop = last_significant(src, pos)? + 1;
    let word_start = bytes[..stop]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(0, |p| p + 1);
    // in `2x` the name is `x`
    let start = bytes[word_start..stop]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .map_or(stop, |p| word_start + p);
    let first = *bytes.get(start)?;
    (start < stop && (first.is_ascii_alphabetic() || first == b'_'))
        .then_some(Span::new(start, stop))
}

// ---------------------------------------------------------------------------------------
// building the tree

type Res<T> = Result<T, Diagnostic>;

/// The byte span of a pair, without the whitespace and comments pest includes at the end
/// of a rule that ends in an unmatched repetition (`expr` in `x' = 1 # c`): it ends where
/// its last token ends.
fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let start = pair.as_span().start();
    let mut last = pair.clone();
    while let Some(child) = last.clone().into_inner().next_back() {
        last = child;
    }
    Span::new(start, last.as_span().end())
}

/// An error for a pair structure the grammar should have ruled out.
fn internal(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(span, format!("internal parser error: missing {what}"))
        .with_hint("this is a bug in varan; please report it with the input")
}

/// Punctuation and keywords: the tree builder skips them.
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::comma
            | Rule::eq
            | Rule::arrow
            | Rule::dots
            | Rule::prime
            | Rule::data_sep
            | Rule::call_open
            | Rule::index_open
            | Rule::ham_name
            | Rule::kw_param
            | Rule::kw_var
            | Rule::kw_const
            | Rule::kw_act
            | Rule::kw_dense
            | Rule::kw_data
            | Rule::kw_loss
            | Rule::kw_decay
            | Rule::kw_pairs
            | Rule::kw_sum
            | Rule::kw_along
    )
}

/// The meaningful children of a pair.
struct Kids<'i> {
    inner: Pairs<'i, Rule>,
    span: Span,
}

impl<'i> Kids<'i> {
    fn of(pair: Pair<'i, Rule>) -> Self {
        let span = Span::new(pair.as_span().start(), pair.as_span().end());
        Kids { inner: pair.into_inner(), span }
    }

    fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.inner.by_ref().find(|p| !is_token(p.as_rule()))
    }

    fn peek(&self) -> Option<Rule> {
        self.inner.clone().find(|p| !is_token(p.as_rule())).map(|p| p.as_rule())
    }

    /// The next child, which the grammar guarantees.
    fn need(&mut self, what: &str) -> Res<Pair<'i, Rule>> {
        self.next().ok_or_else(|| internal(self.span, what))
    }

    fn ident(&mut self) -> Res<Ident> {
        self.need("name").map(ident)
    }

    fn expr(&mut self) -> Res<Expr> {
        expr(self.need("expression")?).map(|(e, _)| e)
    }
}

fn ident(pair: Pair<'_, Rule>) -> Ident {
    Ident { name: pair.as_str().to_owned(), span: span_of(&pair) }
}

fn item(pair: Pair<'_, Rule>) -> Res<Item> {
    let span = span_of(&pair);
    let mut kids = Kids::of(pair);
    let kind_pair = kids.need("definition kind")?;
    let kind = match kind_pair.into_inner().next().map(|p| p.as_rule()) {
        Some(Rule::kw_model) => ItemKind::Model,
        Some(Rule::kw_system) => ItemKind::System,
        Some(Rule::kw_hamiltonian) => ItemKind::Hamiltonian,
        Some(Rule::kw_ode) => ItemKind::Ode,
        Some(Rule::kw_linear) => ItemKind::Linear,
        _ => return Err(internal(span, "definition kind")),
    };
    let name = kids.ident()?;
    let mut stmts = Vec::new();
    while let Some(s) = kids.next() {
        stmts.push(stmt(s)?);
    }
    Ok(Item { kind, name, stmts, span })
}

fn stmt(pair: Pair<'_, Rule>) -> Res<Stmt> {
    let span = span_of(&pair);
    let inner = Kids::of(pair).need("statement")?;
    let rule = inner.as_rule();
    let mut kids = Kids::of(inner);
    let kind = match rule {
        Rule::param_stmt => {
            let mut decls = Vec::new();
            while let Some(d) = kids.next() {
                decls.push(param_decl(d)?);
            }
            StmtKind::Param(decls)
        }
        Rule::const_stmt => {
            let name = kids.ident()?;
            let value = match kids.next() {
                Some(e) => Some(expr(e)?.0),
                None => None,
            };
            StmtKind::Const(ConstDecl { name, value })
        }
        Rule::act_stmt => {
            let name = kids.ident()?;
            let arg = kids.ident()?;
            let body = kids.expr()?;
            StmtKind::Act(ActDecl { name, arg, body })
        }
        Rule::net_stmt => {
            let name = kids.ident()?;
            let input = kids.ident()?;
            let output = match kids.peek() {
                Some(Rule::index_range) => Some(index_range(kids.need("index range")?)?),
                _ => None,
            };
            let body = kids.expr()?;
            StmtKind::Net(NetDecl { name, input, output, body })
        }
        Rule::dense_stmt => {
            let mut options = Vec::new();
            while let Some(opt) = kids.next() {
                let mut parts = Kids::of(opt);
                let key = parts.ident()?;
                let value = parts.expr()?;
                options.push((key, value));
            }
            StmtKind::Dense(DenseDecl { options })
        }
        Rule::data_stmt => {
            let mut points = Vec::new();
            while let Some(point) = kids.next() {
                let span = span_of(&point);
                let mut parts = Kids::of(point);
                let x = data_value(parts.need("data input")?)?;
                let y = data_value(parts.need("data target")?)?;
                points.push(DataPoint { x, y, span });
            }
            StmtKind::Data(DataDecl { points })
        }
        Rule::loss_stmt => {
            let mode = kids.need("loss mode")?;
            let decl = match mode.as_rule() {
                Rule::kw_mse => LossDecl::Mse,
                Rule::loss_sum => LossDecl::Sum(Kids::of(mode).expr()?),
                _ => LossDecl::Explicit(Kids::of(mode).expr()?),
            };
            StmtKind::Loss(decl)
        }
        Rule::decay_stmt => StmtKind::Decay(kids.expr()?),
        Rule::pairs_stmt => {
            let mut pairs = Vec::new();
            while let Some(p) = kids.next() {
                let mut parts = Kids::of(p);
                let q = parts.ident()?;
                let p = parts.ident()?;
                pairs.push((q, p));
            }
            StmtKind::Pairs(pairs)
        }
        Rule::along_stmt => {
            let name = match kids.peek() {
                Some(Rule::ident) => Some(kids.ident()?),
                _ => None,
            };
            let mut entries = Vec::new();
            while let Some(entry) = kids.next() {
                entries.push(along_entry(entry)?);
            }
            StmtKind::Along(AlongDecl { name, entries })
        }
        Rule::ham_stmt => StmtKind::Hamiltonian(kids.expr()?),
        Rule::equation_stmt => {
            let var = kids.ident()?;
            let rhs = kids.expr()?;
            StmtKind::Equation(Equation { var, rhs })
        }
        Rule::var_stmt => StmtKind::Var(kids.ident()?),
        Rule::matrix_stmt => {
            let _lhs = kids.ident()?;
            let mut rows = Vec::new();
            while let Some(p) = kids.next() {
                if p.as_rule() != Rule::vector {
                    break;
                }
                let mut row = Vec::new();
                let mut cells = Kids::of(p);
                while let Some(e) = cells.next() {
                    row.push(expr(e)?.0);
                }
                rows.push(row);
            }
            StmtKind::Matrix(rows)
        }
        Rule::ode_stmt => {
            let lhs = kids.expr()?;
            let rhs = kids.expr()?;
            StmtKind::OdeEquation(lhs, rhs)
        }
        _ => return Err(internal(span, "statement")),
    };
    Ok(Stmt { kind, span })
}

fn param_decl(pair: Pair<'_, Rule>) -> Res<ParamDecl> {
    let span = span_of(&pair);
    let mut kids = Kids::of(pair);
    let name = kids.ident()?;
    let dims = kids
        .inner
        .filter(|p| p.as_rule() == Rule::int)
        .map(|p| (p.as_str().to_owned(), span_of(&p)));
    Ok(ParamDecl { name, dims: dims.collect(), span })
}

/// `COORD = VALUE`; the coordinate is a name or `NAME[int, ...]`.
fn along_entry(pair: Pair<'_, Rule>) -> Res<AlongEntry> {
    let span = span_of(&pair);
    let mut kids = Kids::of(pair);
    let target = kids.need("coordinate")?;
    let target_span = span_of(&target);
    let mut parts = Kids::of(target);
    let name = parts.ident()?;
    let base = Expr { span: name.span, kind: ExprKind::Name(name) };
    let indices: Vec<Expr> = parts
        .inner
        .filter(|p| p.as_rule() == Rule::int)
        .map(|p| Expr { kind: ExprKind::Num(p.as_str().to_owned()), span: span_of(&p) })
        .collect();
    let target = if indices.is_empty() {
        base
    } else {
        Expr { kind: ExprKind::Index(Box::new(base), indices), span: target_span }
    };
    let value = kids.expr()?;
    Ok(AlongEntry { target, value, span })
}

fn data_value(pair: Pair<'_, Rule>) -> Res<DataValue> {
    if pair.as_rule() == Rule::vector {
        let span = span_of(&pair);
        let mut kids = Kids::of(pair);
        let mut items = Vec::new();
        while let Some(e) = kids.next() {
            items.push(expr(e)?.0);
        }
        Ok(DataValue::Vector(items, span))
    } else {
        Ok(DataValue::Scalar(expr(pair)?.0))
    }
}

/// `i = lo..hi`, with the depth of its deeper bound.
fn index_range_depth(pair: Pair<'_, Rule>) -> Res<(IndexRange, usize)> {
    let span = span_of(&pair);
    let mut kids = Kids::of(pair);
    let index = kids.ident()?;
    let (lo, lo_depth) = expr(kids.need("lower bound")?)?;
    let (hi, hi_depth) = expr(kids.need("upper bound")?)?;
    let range = IndexRange { index, lo: Box::new(lo), hi: Box::new(hi), span };
    Ok((range, lo_depth.max(hi_depth)))
}

fn index_range(pair: Pair<'_, Rule>) -> Res<IndexRange> {
    index_range_depth(pair).map(|(r, _)| r)
}

/// An expression and the depth of its tree.
type Built = (Expr, usize);

/// Makes a node whose deepest child has depth `below`, refusing trees too deep for the
/// recursive stages that follow.
fn node(kind: ExprKind, span: Span, below: usize) -> Res<Built> {
    let depth = below + 1;
    if depth > MAX_EXPR_DEPTH {
        return Err(Diagnostic::error(
            span,
            format!("expression too complex (more than {MAX_EXPR_DEPTH} nested operations)"),
        ));
    }
    Ok((Expr { kind, span }, depth))
}

fn expr(pair: Pair<'_, Rule>) -> Res<Built> {
    let span = span_of(&pair);
    // prefix operators and `^` make the Pratt parser recurse: bound them first
    let nesting = pair
        .clone()
        .into_inner()
        .filter(|p| matches!(p.as_rule(), Rule::neg | Rule::plus | Rule::pow))
        .count();
    if nesting > MAX_EXPR_DEPTH {
        return Err(Diagnostic::error(
            span,
            format!("expression too complex (more than {MAX_EXPR_DEPTH} nested operations)"),
        ));
    }
    PRATT
        .map_primary(primary)
        .map_prefix(|op, rhs| {
            let (rhs, depth) = rhs?;
            match op.as_rule() {
                Rule::neg => {
                    let span = Span::new(op.as_span().start(), rhs.span.end);
                    node(ExprKind::Neg(Box::new(rhs)), span, depth)
                }
                _ => Ok((rhs, depth)),
            }
        })
        .map_infix(|lhs, op, rhs| {
            let ((lhs, l), (rhs, r)) = (lhs?, rhs?);
            let op = match op.as_rule() {
                Rule::add => BinOp::Add,
                Rule::sub => BinOp::Sub,
                Rule::mul => BinOp::Mul,
                Rule::div => BinOp::Div,
                _ => BinOp::Pow,
            };
            let span = lhs.span.join(rhs.span);
            node(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span, l.max(r))
        })
        .parse(pair.into_inner())
}

fn primary(pair: Pair<'_, Rule>) -> Res<Built> {
    let outer = span_of(&pair);
    let inner = Kids::of(pair).need("operand")?;
    let span = span_of(&inner);
    match inner.as_rule() {
        Rule::num => Ok((Expr { kind: ExprKind::Num(inner.as_str().to_owned()), span }, 1)),
        Rule::paren => {
            let (mut e, depth) = Kids::of(inner).need("expression").and_then(expr)?;
            // the parentheses belong to the operand: `(a + b)*c` spans from `(`
            e.span = span;
            Ok((e, depth))
        }
        Rule::sum_expr => {
            let mut kids = Kids::of(inner);
            let (range, range_depth) = index_range_depth(kids.need("index range")?)?;
            let (body, body_depth) = expr(kids.need("summand")?)?;
            node(ExprKind::Sum(range, Box::new(body)), span, range_depth.max(body_depth))
        }
        Rule::derivative => {
            let mut kids = Kids::of(inner.clone());
            let name = kids.ident()?;
            let order = inner.as_str().chars().filter(|&c| c == '\'').count() as u32;
            let full = Span::new(inner.as_span().start(), inner.as_span().end());
            node(ExprKind::Derivative(name, order), full, 1)
        }
        Rule::postfixed => {
            let mut kids = Kids::of(inner);
            let head = kids.need("name")?;
            let (mut base, mut depth) = match head.as_rule() {
                Rule::call => call(head)?,
                _ => (Expr { kind: ExprKind::Name(ident(head.clone())), span: span_of(&head) }, 1),
            };
            while let Some(suffix) = kids.next() {
                let end = suffix.as_span().end();
                let mut indices = Vec::new();
                let mut below = depth;
                let mut parts = Kids::of(suffix);
                while let Some(e) = parts.next() {
                    let (e, d) = expr(e)?;
                    below = below.max(d);
                    indices.push(e);
                }
                let span = Span::new(base.span.start, end);
                (base, depth) = node(ExprKind::Index(Box::new(base), indices), span, below)?;
            }
            Ok((base, depth))
        }
        _ => Err(internal(outer, "operand")),
    }
}

fn call(pair: Pair<'_, Rule>) -> Res<Built> {
    let span = span_of(&pair);
    let mut kids = Kids::of(pair);
    let name = kids.ident()?;
    let mut args = Vec::new();
    let mut below = 0;
    while let Some(e) = kids.next() {
        let (e, d) = expr(e)?;
        below = below.max(d);
        args.push(e);
    }
    if args.is_empty() {
        return Err(Diagnostic::error(span, format!("call to '{}' has no arguments", name.name))
            .with_hint(format!("write '{}(x)'", name.name)));
    }
    node(ExprKind::Call(name, args), span, below)
}
