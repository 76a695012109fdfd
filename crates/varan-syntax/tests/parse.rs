//! Tests of `parse_file` / `parse_expr`: the shapes of the example definitions, operator
//! precedence, spans, error messages and their locations, resource limits, and property
//! tests (no input panics; printed expressions re-parse to the same tree).

use proptest::prelude::*;
use varan_syntax::{
    parse_expr, parse_file, AlongDecl, BinOp, DataValue, Diagnostic, Expr, ExprKind, File,
    ItemKind, LineIndex, LossDecl, Span, StmtKind,
};

const EXAMPLE: &str = r#"
# a file holds any number of definitions
model two_layer_4p {
  param a1, a2, w1, w2          # also `params`; families: param W1[2,3], b[4]
  params W1[2,3], b[4]
  const c = 1/2                 # rational value (any constant expression), or:
  const beta                    # symbolic constant
  act sigma(z) = z + z^2/2      # user activation, one argument
  f(x) = a1*sigma(w1*x) + a2*sigma(w2*x)
  f(x)[i = 1..2] = sum(j = 1..3, W2[i,j]*sum(k = 1..2, W1[j,k]*x[k]))   // vector output
  dense(inputs = 2, width = 16, act = tanh, bias = true)
  data { 1 -> 2, -1 -> 1/2, [1, 2] -> 3, [0, 1] -> [1, -1]; }
  loss mse
  loss sum (f(x) - y)^4/4
  loss = (a1*w1 - 1)^2/2
  decay 1/100
}
system lorenz {
  const sigma = 10; const rho = 28; const beta = 8/3
  x' = sigma*(y - x)
  y' = x*(rho - z) - y
  z' = x*y - beta*z
}
hamiltonian henon_heiles {
  H = (p1^2 + p2^2)/2 + (q1^2 + q2^2)/2 + q1^2*q2 - q2^3/3
  pairs (q1, p1), (q2, p2)
}
"#;

// ---------------------------------------------------------------------------------------
// helpers

/// The tree without spans, as a compact string: `(- a b)`, `(neg x)`, `(call f x)`, ...
fn sexp(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Num(n) => n.clone(),
        ExprKind::Name(id) => id.name.clone(),
        ExprKind::Neg(x) => format!("(neg {})", sexp(x)),
        ExprKind::Binary(op, l, r) => {
            let op = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
                BinOp::Pow => "^",
            };
            format!("({op} {} {})", sexp(l), sexp(r))
        }
        ExprKind::Call(f, args) => {
            let args: Vec<_> = args.iter().map(sexp).collect();
            format!("(call {} {})", f.name, args.join(" "))
        }
        ExprKind::Index(base, idx) => {
            let idx: Vec<_> = idx.iter().map(sexp).collect();
            format!("(index {} {})", sexp(base), idx.join(" "))
        }
        ExprKind::Sum(r, body) => {
            format!("(sum {} {} {} {})", r.index.name, sexp(&r.lo), sexp(&r.hi), sexp(body))
        }
        ExprKind::Derivative(u, k) => format!("(d{k} {})", u.name),
    }
}

fn expr(src: &str) -> Expr {
    match parse_expr(src) {
        Ok(e) => e,
        Err(d) => panic!("{src:?} failed: {d:?}"),
    }
}

fn file(src: &str) -> File {
    match parse_file(src) {
        Ok(f) => f,
        Err(d) => panic!("{src:?} failed: {d:?}"),
    }
}

fn slice(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

/// The single diagnostic of a failing parse.
fn error(src: &str) -> Diagnostic {
    match parse_file(src) {
        Ok(f) => panic!("{src:?} parsed: {f:?}"),
        Err(mut d) => {
            assert_eq!(d.len(), 1, "{d:?}");
            d.remove(0)
        }
    }
}

fn line_col(src: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(src).line_col(src, offset)
}

// ---------------------------------------------------------------------------------------
// shapes

#[test]
fn example_items() {
    let f = file(EXAMPLE);
    let kinds: Vec<_> = f.items.iter().map(|i| (i.kind, i.name.name.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (ItemKind::Model, "two_layer_4p"),
            (ItemKind::System, "lorenz"),
            (ItemKind::Hamiltonian, "henon_heiles"),
        ]
    );
    let counts: Vec<_> = f.items.iter().map(|i| i.stmts.len()).collect();
    assert_eq!(counts, [13, 6, 2]);
    for item in &f.items {
        let text = slice(EXAMPLE, item.span);
        assert!(
            ["model", "system", "hamiltonian"].iter().any(|k| text.starts_with(k))
                && text.ends_with('}')
        );
        assert_eq!(slice(EXAMPLE, item.name.span), item.name.name);
    }
}

#[test]
fn example_model_statements() {
    let f = file(EXAMPLE);
    let s = &f.items[0].stmts;
    let StmtKind::Param(p) = &s[0].kind else { panic!("{:?}", s[0]) };
    let names: Vec<_> = p.iter().map(|d| d.name.name.as_str()).collect();
    assert_eq!(names, ["a1", "a2", "w1", "w2"]);
    assert!(p.iter().all(|d| d.dims.is_empty()));
    assert_eq!(slice(EXAMPLE, s[0].span), "param a1, a2, w1, w2");

    let StmtKind::Param(p) = &s[1].kind else { panic!("{:?}", s[1]) };
    assert_eq!(p[0].name.name, "W1");
    let dims: Vec<_> = p[0].dims.iter().map(|(d, sp)| (d.as_str(), slice(EXAMPLE, *sp))).collect();
    assert_eq!(dims, [("2", "2"), ("3", "3")]);
    assert_eq!(slice(EXAMPLE, p[0].span), "W1[2,3]");
    assert_eq!(p[1].dims.len(), 1);

    let StmtKind::Const(c) = &s[2].kind else { panic!("{:?}", s[2]) };
    assert_eq!(c.name.name, "c");
    assert_eq!(c.value.as_ref().map(sexp).as_deref(), Some("(/ 1 2)"));
    let StmtKind::Const(c) = &s[3].kind else { panic!("{:?}", s[3]) };
    assert!(c.value.is_none() && c.name.name == "beta");

    let StmtKind::Act(a) = &s[4].kind else { panic!("{:?}", s[4]) };
    assert_eq!((a.name.name.as_str(), a.arg.name.as_str()), ("sigma", "z"));
    assert_eq!(sexp(&a.body), "(+ z (/ (^ z 2) 2))");

    let StmtKind::Net(n) = &s[5].kind else { panic!("{:?}", s[5]) };
    assert_eq!((n.name.name.as_str(), n.input.name.as_str()), ("f", "x"));
    assert!(n.output.is_none());
    assert_eq!(sexp(&n.body), "(+ (* a1 (call sigma (* w1 x))) (* a2 (call sigma (* w2 x))))");

    let StmtKind::Net(n) = &s[6].kind else { panic!("{:?}", s[6]) };
    let out = n.output.as_ref().expect("vector output");
    assert_eq!(
        (out.index.name.as_str(), sexp(&out.lo), sexp(&out.hi)),
        ("i", "1".into(), "2".into())
    );
    assert_eq!(slice(EXAMPLE, out.span), "i = 1..2");
    assert_eq!(
        sexp(&n.body),
        "(sum j 1 3 (* (index W2 i j) (sum k 1 2 (* (index W1 j k) (index x k)))))"
    );
    let ExprKind::Sum(r, _) = &n.body.kind else { panic!() };
    assert_eq!(slice(EXAMPLE, r.span), "j = 1..3");
    assert!(slice(EXAMPLE, n.body.span).starts_with("sum(j = 1..3"));
    assert!(slice(EXAMPLE, n.body.span).ends_with("x[k]))"));

    let StmtKind::Dense(d) = &s[7].kind else { panic!("{:?}", s[7]) };
    let opts: Vec<_> = d.options.iter().map(|(k, v)| (k.name.as_str(), sexp(v))).collect();
    assert_eq!(
        opts,
        [
            ("inputs", "2".into()),
            ("width", "16".into()),
            ("act", "tanh".into()),
            ("bias", "true".into())
        ]
    );

    let StmtKind::Data(d) = &s[8].kind else { panic!("{:?}", s[8]) };
    assert_eq!(d.points.len(), 4);
    let show = |v: &DataValue| match v {
        DataValue::Scalar(e) => sexp(e),
        DataValue::Vector(es, _) => {
            format!("[{}]", es.iter().map(sexp).collect::<Vec<_>>().join(" "))
        }
    };
    let pts: Vec<_> = d.points.iter().map(|p| (show(&p.x), show(&p.y))).collect();
    assert_eq!(
        pts,
        [
            ("1".to_string(), "2".to_string()),
            ("(neg 1)".into(), "(/ 1 2)".into()),
            ("[1 2]".into(), "3".into()),
            ("[0 1]".into(), "[1 (neg 1)]".into()),
        ]
    );
    assert_eq!(slice(EXAMPLE, d.points[2].span), "[1, 2] -> 3");
    let DataValue::Vector(_, vspan) = &d.points[3].y else { panic!() };
    assert_eq!(slice(EXAMPLE, *vspan), "[1, -1]");

    assert_eq!(s[9].kind, StmtKind::Loss(LossDecl::Mse));
    let StmtKind::Loss(LossDecl::Sum(e)) = &s[10].kind else { panic!("{:?}", s[10]) };
    assert_eq!(sexp(e), "(/ (^ (- (call f x) y) 4) 4)");
    let StmtKind::Loss(LossDecl::Explicit(e)) = &s[11].kind else { panic!("{:?}", s[11]) };
    assert_eq!(sexp(e), "(/ (^ (- (* a1 w1) 1) 2) 2)");
    let StmtKind::Decay(e) = &s[12].kind else { panic!("{:?}", s[12]) };
    assert_eq!(sexp(e), "(/ 1 100)");
    assert_eq!(slice(EXAMPLE, s[12].span), "decay 1/100");
}

#[test]
fn example_system_and_hamiltonian() {
    let f = file(EXAMPLE);
    let s = &f.items[1].stmts;
    assert!(matches!(&s[2].kind, StmtKind::Const(c) if c.name.name == "beta"));
    let StmtKind::Equation(eq) = &s[4].kind else { panic!("{:?}", s[4]) };
    assert_eq!(eq.var.name, "y");
    assert_eq!(sexp(&eq.rhs), "(- (* x (- rho z)) y)");
    assert_eq!(slice(EXAMPLE, s[4].span), "y' = x*(rho - z) - y");

    let s = &f.items[2].stmts;
    let StmtKind::Hamiltonian(h) = &s[0].kind else { panic!("{:?}", s[0]) };
    assert_eq!(
        sexp(h),
        "(- (+ (+ (/ (+ (^ p1 2) (^ p2 2)) 2) (/ (+ (^ q1 2) (^ q2 2)) 2)) (* (^ q1 2) q2)) (/ (^ q2 3) 3))"
    );
    let StmtKind::Pairs(p) = &s[1].kind else { panic!("{:?}", s[1]) };
    let names: Vec<_> = p.iter().map(|(q, p)| (q.name.as_str(), p.name.as_str())).collect();
    assert_eq!(names, [("q1", "p1"), ("q2", "p2")]);
}

#[test]
fn precedence_and_associativity() {
    let cases = [
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("2^3^2", "(^ 2 (^ 3 2))"),
        ("-x^2", "(neg (^ x 2))"),
        ("a*b/c", "(/ (* a b) c)"),
        ("a/b*c", "(* (/ a b) c)"),
        ("a + b*c", "(+ a (* b c))"),
        ("(a + b)*c", "(* (+ a b) c)"),
        ("2^-1", "(^ 2 (neg 1))"),
        ("2^-x^2", "(^ 2 (neg (^ x 2)))"),
        ("-a*b", "(* (neg a) b)"),
        ("a - -b", "(- a (neg b))"),
        ("+a", "a"),
        ("f(x)[2]", "(index (call f x) 2)"),
        ("W1[1,2]", "(index W1 1 2)"),
        ("x[k][2]", "(index (index x k) 2)"),
        ("g(x, y + 1)", "(call g x (+ y 1))"),
        ("sum(i = 1..n, x[i]^2)", "(sum i 1 n (^ (index x i) 2))"),
        ("1.25 + 2e-3 + 3E+2 + 7.5e1", "(+ (+ (+ 1.25 2e-3) 3E+2) 7.5e1)"),
        (
            "summary + constant*data1 - actual/params_x",
            "(- (+ summary (* constant data1)) (/ actual params_x))",
        ),
        ("H + H2", "(+ H H2)"),
        ("  x  # comment\n", "x"),
    ];
    for (src, want) in cases {
        assert_eq!(sexp(&expr(src)), want, "{src}");
    }
}

#[test]
fn expression_spans() {
    let src = "a + (b - c)*-d^2";
    let e = expr(src);
    assert_eq!(e.span, Span::new(0, src.len()));
    let ExprKind::Binary(BinOp::Add, a, rhs) = &e.kind else { panic!("{e:?}") };
    assert_eq!(slice(src, a.span), "a");
    assert_eq!(slice(src, rhs.span), "(b - c)*-d^2");
    let ExprKind::Binary(BinOp::Mul, paren, neg) = &rhs.kind else { panic!("{rhs:?}") };
    assert_eq!(slice(src, paren.span), "(b - c)");
    assert_eq!(slice(src, neg.span), "-d^2");
    let ExprKind::Neg(pow) = &neg.kind else { panic!() };
    assert_eq!(slice(src, pow.span), "d^2");

    let src = "f(x)[2] + W1[1, 2]";
    let e = expr(src);
    let ExprKind::Binary(_, l, r) = &e.kind else { panic!() };
    assert_eq!(slice(src, l.span), "f(x)[2]");
    let ExprKind::Index(call, _) = &l.kind else { panic!() };
    assert_eq!(slice(src, call.span), "f(x)");
    assert_eq!(slice(src, r.span), "W1[1, 2]");
}

#[test]
fn statement_forms() {
    let src = "hamiltonian h { H(x) = x; H' = 1; H = 2 } model m { ; ; } system s {}";
    let f = file(src);
    let s = &f.items[0].stmts;
    assert!(matches!(&s[0].kind, StmtKind::Net(n) if n.name.name == "H"));
    assert!(matches!(&s[1].kind, StmtKind::Equation(e) if e.var.name == "H"));
    assert!(matches!(&s[2].kind, StmtKind::Hamiltonian(_)));
    assert_eq!(slice(src, s[2].span), "H = 2");
    assert!(f.items[1].stmts.is_empty() && f.items[2].stmts.is_empty());

    let f = file("model m { data { } data { 1 -> 2 } dense() params p }");
    let s = &f.items[0].stmts;
    assert!(matches!(&s[0].kind, StmtKind::Data(d) if d.points.is_empty()));
    assert!(matches!(&s[1].kind, StmtKind::Data(d) if d.points.len() == 1));
    assert!(matches!(&s[2].kind, StmtKind::Dense(d) if d.options.is_empty()));
    assert!(matches!(&s[3].kind, StmtKind::Param(p) if p.len() == 1));

    // all statement kinds are accepted in every definition kind
    let f = file("system s { loss mse\n pairs (a, b) } hamiltonian h { x' = 1 }");
    assert_eq!(f.items.len(), 2);
}

/// The `along` declarations of the first definition of `src`.
fn alongs(src: &str) -> Vec<AlongDecl> {
    let f = file(src);
    let decls = f.items[0].stmts.iter().filter_map(|s| match &s.kind {
        StmtKind::Along(a) => Some(a.clone()),
        _ => None,
    });
    decls.collect()
}

#[test]
fn along_shapes() {
    let src = "model m {\n  along { a1 = s, a2 = s, w1 = 0, w2 = 0 }\n  along { a1 = 2*exp(-t), a2 = 0; }\n}";
    let a = alongs(src);
    assert_eq!(a.len(), 2);
    assert!(a[0].name.is_none() && a[1].name.is_none());
    let entries: Vec<_> = a[0].entries.iter().map(|e| (sexp(&e.target), sexp(&e.value))).collect();
    assert_eq!(
        entries,
        [
            ("a1".to_string(), "s".to_string()),
            ("a2".into(), "s".into()),
            ("w1".into(), "0".into()),
            ("w2".into(), "0".into()),
        ]
    );
    assert!(matches!(&a[0].entries[0].target.kind, ExprKind::Name(id) if id.name == "a1"));
    let entries: Vec<_> = a[1].entries.iter().map(|e| (sexp(&e.target), sexp(&e.value))).collect();
    assert_eq!(
        entries,
        [("a1".to_string(), "(* 2 (call exp (neg t)))".to_string()), ("a2".into(), "0".into())]
    );

    // a name, `;` separators, indexed elements, every definition kind
    for kind in ["model", "system", "hamiltonian"] {
        let src = format!("{kind} d {{ along diagonal {{ q1 = s; W1[1, 2] = s^2; p1 = 0 }} }}");
        let a = alongs(&src);
        assert_eq!(a.len(), 1, "{src}");
        assert_eq!(a[0].name.as_ref().map(|n| n.name.as_str()), Some("diagonal"));
        let targets: Vec<_> = a[0].entries.iter().map(|e| sexp(&e.target)).collect();
        assert_eq!(targets, ["q1", "(index W1 1 2)", "p1"]);
    }

    // `along` is a whole word only
    let f = file("system s { alongside' = along_x; along_x' = 1; along{x=1}along{y=2} }");
    let kinds: Vec<_> = f.items[0]
        .stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Equation(e) => e.var.name.clone(),
            StmtKind::Along(a) => format!("along {}", a.entries.len()),
            k => panic!("{k:?}"),
        })
        .collect();
    assert_eq!(kinds, ["alongside", "along_x", "along 1", "along 1"]);
    let StmtKind::Equation(eq) = &f.items[0].stmts[0].kind else { panic!() };
    assert_eq!(sexp(&eq.rhs), "along_x");
}

#[test]
fn along_spans() {
    let src = "hamiltonian h {\n  along diagonal { # the diagonal\n    q1 = s ,\n    W[2,10] = 1 - s ; # w\n  } // done\n  H = 1\n}";
    let f = file(src);
    let stmt = &f.items[0].stmts[0];
    assert!(slice(src, stmt.span).starts_with("along diagonal {"));
    assert!(slice(src, stmt.span).ends_with("# w\n  }"));
    let StmtKind::Along(a) = &stmt.kind else { panic!("{stmt:?}") };
    let name = a.name.as_ref().expect("named");
    assert_eq!(slice(src, name.span), "diagonal");
    let e = &a.entries;
    assert_eq!(slice(src, e[0].span), "q1 = s");
    assert_eq!(slice(src, e[0].target.span), "q1");
    assert_eq!(slice(src, e[0].value.span), "s");
    assert_eq!(slice(src, e[1].span), "W[2,10] = 1 - s");
    assert_eq!(slice(src, e[1].target.span), "W[2,10]");
    assert_eq!(slice(src, e[1].value.span), "1 - s");
    let ExprKind::Index(base, idx) = &e[1].target.kind else { panic!("{:?}", e[1].target) };
    assert!(matches!(&base.kind, ExprKind::Name(id) if id.name == "W"));
    assert_eq!(slice(src, base.span), "W");
    let idx: Vec<_> = idx.iter().map(|i| (sexp(i), slice(src, i.span))).collect();
    assert_eq!(idx, [("2".to_string(), "2"), ("10".to_string(), "10")]);
    assert!(matches!(&f.items[0].stmts[1].kind, StmtKind::Hamiltonian(_)));
}

#[test]
fn along_errors() {
    let src = "model m {\n  along { }\n}";
    let d = error(src);
    assert_eq!(d.message, "unexpected '}', expected a name");
    assert_eq!(line_col(src, d.span.start), (2, 11));
    assert_eq!(d.hints, ["an `along` block lists at least one coordinate: `along { x = s }`"]);
    let d = error("model m { along diagonal { # nothing\n } }");
    assert_eq!(d.message, "unexpected '}', expected a name");
    assert_eq!(d.hints.len(), 1);

    let cases = [
        ("model m { along }", "unexpected '}', expected '{' or a name"),
        ("model m { along d e { x = 1 } }", "unexpected 'e', expected '{'"),
        ("model m { along { a1 s } }", "unexpected 's', expected '='"),
        (
            "model m { along { a1 = s a2 = s } }",
            "unexpected 'a2', expected an operator, ',' or '}'",
        ),
        ("model m { along { a1 = s,, a2 = s } }", "unexpected ',', expected '}' or a name"),
        ("model m { along { a1 = } }", "unexpected '}', expected an expression"),
        ("model m { along { 1 = s } }", "unexpected '1', expected a name"),
        ("model m { along { f(x) = s } }", "unexpected '(', expected '='"),
        ("model m { along { W[i] = s } }", "unexpected 'i', expected an integer"),
        ("model m { along { W[1 = s } }", "unexpected '=', expected ']'"),
        ("model m { along { W[] = s } }", "unexpected ']', expected an integer"),
    ];
    for (src, want) in cases {
        assert_eq!(error(src).message, want, "{src}");
    }

    // `along` is reserved
    let d = error("model m { param a, along }");
    assert_eq!(d.message, "unexpected 'along', expected a name");
    assert_eq!(d.hints, ["'along' is a keyword and cannot be used as a name"]);
    let d = error("model m { along { sum = 1 } }");
    assert_eq!(d.hints, ["'sum' is a keyword and cannot be used as a name"]);
    let src = "system s {\n  along' = 1\n}";
    let d = error(src);
    assert_eq!(d.message, "unexpected ''', expected '{' or a name");
    assert_eq!(d.hints, ["'along' is a keyword and cannot be used as a name"]);

    let src = "model m { along { a = 1, ";
    let d = error(src);
    assert_eq!(d.message, "unexpected end of input, expected '}'");
    assert_eq!(d.hints, ["the block opened at line 1, column 17 is not closed"]);
}

#[test]
fn spans_exclude_trailing_comments() {
    let src = "\u{FEFF}system s {\n  x' = 1 + y   # the rate\n  const c // symbolic\n  ;param W[2] # w\n}";
    let f = file(src);
    let texts: Vec<_> = f.items[0].stmts.iter().map(|s| slice(src, s.span)).collect();
    assert_eq!(texts, ["x' = 1 + y", "const c", "param W[2]"]);
    let StmtKind::Param(p) = &f.items[0].stmts[2].kind else { panic!() };
    assert_eq!(slice(src, p[0].span), "W[2]");
    assert!(slice(src, f.items[0].span).starts_with("system") && src.ends_with('}'));
}

#[test]
fn empty_inputs_are_empty_files() {
    for src in ["", "   \n\t", "# only a comment\n// and another"] {
        assert!(file(src).items.is_empty(), "{src:?}");
    }
}

// ---------------------------------------------------------------------------------------
// errors

#[test]
fn unclosed_brace() {
    let src = "model m {\n  x' = 1\n";
    let d = error(src);
    assert_eq!(d.message, "unexpected end of input, expected '}'");
    assert_eq!(d.span, Span::new(src.len(), src.len()));
    assert_eq!(d.hints, ["the block opened at line 1, column 9 is not closed"]);
}

#[test]
fn missing_paren() {
    let src = "system s {\n  x' = sin(x\n}\n";
    let d = error(src);
    assert_eq!(d.message, "unexpected '}', expected ')'");
    assert_eq!(line_col(src, d.span.start), (3, 1));
    assert_eq!(d.hints, ["the '(' at line 2, column 11 is not closed"]);

    let d = parse_expr("(1 + 2").unwrap_err();
    assert_eq!(d[0].message, "unexpected end of input, expected ')'");
}

#[test]
fn garbage_character() {
    let src = "model m {\n  x' = 1 @ 2\n}";
    let d = error(src);
    assert_eq!(d.message, "unexpected '@', expected '}' or a statement");
    assert_eq!(line_col(src, d.span.start), (2, 10));
    assert_eq!(slice(src, d.span), "@");

    let d = parse_expr("1 + @").unwrap_err();
    assert_eq!(d[0].message, "unexpected '@', expected an expression");
}

#[test]
fn missing_expression() {
    let src = "system s {\n  x' =\n}";
    let d = error(src);
    assert_eq!(d.message, "unexpected '}', expected an expression");
    assert_eq!(line_col(src, d.span.start), (3, 1));
    let d = error("model m { const c = }");
    assert_eq!(d.message, "unexpected '}', expected an expression");
}

#[test]
fn loss_without_mode() {
    let d = error("model m {\n loss\n}");
    assert!(d.message.starts_with("unexpected '}', expected "), "{}", d.message);
    for w in ["'mse'", "'sum'", "'='"] {
        assert!(d.message.contains(w), "{}", d.message);
    }
}

#[test]
fn other_errors() {
    let cases = [
        ("foo", "unexpected 'foo', expected 'model', 'system', 'hamiltonian', 'ode' or 'linear'"),
        ("model { }", "unexpected '{', expected a name"),
        ("model m { x' = f(x y) }", "unexpected 'y', expected an operator, ',' or ')'"),
        ("model m { data { 1 -> 2 3 -> 4 } }", "unexpected '3', expected an operator, ',' or '}'"),
        ("model m { pairs (q1 p1) }", "unexpected 'p1', expected ','"),
        ("model m { x' = f() }", "call to 'f' has no arguments"),
        ("model m { foo }", "'foo' does not start a statement"),
        ("model m { x' = 2 y }", "'y' does not start a statement"),
        ("model m { param sum }", "unexpected 'sum', expected a name"),
        ("model m { f(x) 3 }", "unexpected '3', expected '[' or '='"),
    ];
    for (src, want) in cases {
        assert_eq!(error(src).message, want, "{src}");
    }
    let d = error("model m { const data = 1 }");
    assert_eq!(d.hints, ["'data' is a keyword and cannot be used as a name"]);
    let d = parse_expr("1 2").unwrap_err();
    assert_eq!(d[0].message, "unexpected '2', expected an operator or end of input");
}

#[test]
fn nesting_limits() {
    let ok = format!("{}x{}", "(".repeat(200), ")".repeat(200));
    assert_eq!(sexp(&expr(&ok)), "x");
    let ok = format!("model m {{ x' = {}x{} }}", "f(".repeat(199), ")".repeat(199));
    file(&ok);

    let src = format!("model m {{\n x' = {}x{} }}", "(".repeat(100_000), ")".repeat(100_000));
    let d = error(&src);
    assert_eq!(d.message, "expression nested too deeply (limit 200)");
    assert_eq!(slice(&src, d.span), "(");
    // the `{` counts too: the 200th `(` (column 7 + 199) is the 201st bracket
    assert_eq!(line_col(&src, d.span.start), (2, 7 + 199));
    // brackets in comments do not count
    file(&format!("# {}\nmodel m {{}}", "(".repeat(1000)));

    for src in [
        format!("{}x", "-".repeat(100_000)),
        format!("x{}", "^2".repeat(100_000)),
        format!("x{}", "+2".repeat(100_000)),
        format!("x{}", "*f(2)".repeat(100_000)),
    ] {
        let d = parse_expr(&src).unwrap_err();
        assert_eq!(d[0].message, "expression too complex (more than 1000 nested operations)");
    }
    // long but shallow is fine
    expr(&format!("x{}", "+2".repeat(900)));
}

#[test]
fn size_limit() {
    let src = " ".repeat(10 * 1024 * 1024 + 1);
    let d = parse_file(&src).unwrap_err();
    assert!(d[0].message.starts_with("input too large"), "{}", d[0].message);
}

// ---------------------------------------------------------------------------------------
// properties

/// Checks the invariants of a diagnostic list.
fn check_diagnostics(src: &str, ds: &[Diagnostic]) -> Result<(), TestCaseError> {
    prop_assert!(!ds.is_empty());
    for d in ds {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= src.len(), "{d:?}");
        prop_assert!(src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end));
        prop_assert!(!d.message.is_empty() && !d.message.ends_with('.'), "{d:?}");
        prop_assert!(!d.message.starts_with(|c: char| c.is_uppercase()), "{d:?}");
    }
    Ok(())
}

fn check_file(src: &str) -> Result<(), TestCaseError> {
    match parse_file(src) {
        Ok(f) => {
            for item in &f.items {
                prop_assert!(item.span.end <= src.len());
                for s in &item.stmts {
                    prop_assert!(item.span.start <= s.span.start && s.span.end <= item.span.end);
                }
            }
            Ok(())
        }
        Err(ds) => check_diagnostics(src, &ds),
    }
}

/// Inserted by the mutation test: tokens of the language and troublemakers.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "-",
    "+",
    "^",
    "*",
    "/",
    "'",
    "=",
    "..",
    "->",
    ",",
    ";",
    "#",
    "//",
    "\n",
    "sum",
    "model",
    "param",
    "data",
    "loss",
    "H",
    "x",
    "1",
    "0.5e-3",
    "@",
    "é",
    "∑",
    "\u{FEFF}",
    "f(",
    "sum(i = 1..",
    "data {",
    "along {",
];

/// A random edit at char boundaries: (kind, position, length, insertion).
fn mutate(src: &str, kind: u8, at: usize, len: usize, insert: &str) -> String {
    let bounds: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
    let start = bounds[at % bounds.len()];
    let end = bounds[(at % bounds.len() + len).min(bounds.len() - 1)];
    let mut out = src.to_owned();
    match kind % 3 {
        0 => out.replace_range(start..end, ""),
        1 => out.insert_str(start, insert),
        _ => out.replace_range(start..end, insert),
    }
    out
}

fn insertion() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(TOKENS).prop_map(str::to_owned),
        "\\PC{0,6}",
        "[(){}\\[\\]a-z0-9 =',.^*/+\\-]{0,10}",
    ]
}

#[derive(Debug, Clone)]
enum Shape {
    Num(String),
    Name(String),
    Neg(Box<Shape>),
    Bin(&'static str, Box<Shape>, Box<Shape>),
    Call(String, Vec<Shape>),
    /// base name, optional call arguments, indices
    Index(String, Option<Vec<Shape>>, Vec<Shape>),
    Sum(String, Box<Shape>, Box<Shape>, Box<Shape>),
}

/// Fully parenthesized source text.
fn print(s: &Shape) -> String {
    let list = |xs: &[Shape]| xs.iter().map(print).collect::<Vec<_>>().join(", ");
    match s {
        Shape::Num(n) | Shape::Name(n) => n.clone(),
        Shape::Neg(x) => format!("(-{})", print(x)),
        Shape::Bin(op, l, r) => format!("({} {op} {})", print(l), print(r)),
        Shape::Call(f, args) => format!("{f}({})", list(args)),
        Shape::Index(b, None, idx) => format!("{b}[{}]", list(idx)),
        Shape::Index(b, Some(args), idx) => format!("{b}({})[{}]", list(args), list(idx)),
        Shape::Sum(i, lo, hi, body) => {
            format!("sum({i} = {}..{}, {})", print(lo), print(hi), print(body))
        }
    }
}

/// The `sexp` a shape must parse to.
fn expected(s: &Shape) -> String {
    let list = |xs: &[Shape]| xs.iter().map(expected).collect::<Vec<_>>().join(" ");
    match s {
        Shape::Num(n) | Shape::Name(n) => n.clone(),
        Shape::Neg(x) => format!("(neg {})", expected(x)),
        Shape::Bin(op, l, r) => format!("({op} {} {})", expected(l), expected(r)),
        Shape::Call(f, args) => format!("(call {f} {})", list(args)),
        Shape::Index(b, None, idx) => format!("(index {b} {})", list(idx)),
        Shape::Index(b, Some(args), idx) => {
            format!("(index (call {b} {}) {})", list(args), list(idx))
        }
        Shape::Sum(i, lo, hi, body) => {
            format!("(sum {i} {} {} {})", expected(lo), expected(hi), expected(body))
        }
    }
}

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

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,6}".prop_filter("keyword", |n| !KEYWORDS.contains(&n.as_str()))
}

fn shape() -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        "[0-9]{1,3}(\\.[0-9]{1,2})?([eE][+-]?[0-9]{1,2})?".prop_map(Shape::Num),
        name().prop_map(Shape::Name),
    ];
    leaf.prop_recursive(5, 48, 3, |inner| {
        let args = proptest::collection::vec(inner.clone(), 1..3);
        prop_oneof![
            inner.clone().prop_map(|x| Shape::Neg(Box::new(x))),
            (
                proptest::sample::select(&["+", "-", "*", "/", "^"][..]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, l, r)| Shape::Bin(op, Box::new(l), Box::new(r))),
            (name(), args.clone()).prop_map(|(f, a)| Shape::Call(f, a)),
            (name(), proptest::option::of(args.clone()), args)
                .prop_map(|(b, a, i)| Shape::Index(b, a, i)),
            (name(), inner.clone(), inner.clone(), inner).prop_map(|(i, lo, hi, b)| Shape::Sum(
                i,
                Box::new(lo),
                Box::new(hi),
                Box::new(b)
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(src in "\\PC{0,80}") {
        check_file(&src)?;
        if let Err(ds) = parse_expr(&src) {
            check_diagnostics(&src, &ds)?;
        }
    }

    #[test]
    fn grammar_soup_never_panics(src in "[a-zH_0-9 \n(){}\\[\\]^*/+\\-=',.;#>]{0,80}") {
        check_file(&src)?;
        if let Err(ds) = parse_expr(&src) {
            check_diagnostics(&src, &ds)?;
        }
    }

    #[test]
    fn mutated_example_never_panics(
        edits in proptest::collection::vec((any::<u8>(), any::<usize>(), 0usize..12, insertion()), 1..5)
    ) {
        let mut src = EXAMPLE.to_owned();
        for (kind, at, len, insert) in &edits {
            src = mutate(&src, *kind, *at, *len, insert);
        }
        check_file(&src)?;
    }

    #[test]
    fn printed_expressions_reparse(s in shape()) {
        let src = print(&s);
        let e = parse_expr(&src).map_err(|d| TestCaseError::fail(format!("{src}: {d:?}")))?;
        prop_assert_eq!(sexp(&e), expected(&s), "{}", src);
        prop_assert_eq!(e.span, Span::new(0, src.len()));
        // the same expression inside a statement
        let stmt = format!("system s {{ x' = {src} }}");
        let f = parse_file(&stmt).map_err(|d| TestCaseError::fail(format!("{stmt}: {d:?}")))?;
        let StmtKind::Equation(eq) = &f.items[0].stmts[0].kind else {
            return Err(TestCaseError::fail("not an equation"));
        };
        prop_assert_eq!(sexp(&eq.rhs), expected(&s));
    }
}

#[test]
fn ode_definitions() {
    let src = "ode bessel { var x\n const nu = 1/3\n u'' + u'/x + (1 - nu^2/x^2)*u = 0 }";
    let file = parse_file(src).expect("parses");
    assert_eq!(file.items[0].kind, varan_syntax::ItemKind::Ode);
    let stmts = &file.items[0].stmts;
    assert!(matches!(&stmts[0].kind, varan_syntax::StmtKind::Var(v) if v.name == "x"), "{stmts:?}");
    match &stmts[2].kind {
        varan_syntax::StmtKind::OdeEquation(lhs, rhs) => {
            assert_eq!(sexp(lhs), "(+ (+ (d2 u) (/ (d1 u) x)) (* (- 1 (/ (^ nu 2) (^ x 2))) u))");
            assert_eq!(sexp(rhs), "0");
        }
        other => panic!("{other:?}"),
    }
    // a system equation x' = ... is still an equation statement
    let file = parse_file("system s { x' = -x }").expect("parses");
    assert!(matches!(&file.items[0].stmts[0].kind, varan_syntax::StmtKind::Equation(_)));
}
