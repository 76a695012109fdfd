//! `varan::derive` must never panic, whatever the input: it either derives the flow or
//! returns an `InputError`. Checked on arbitrary strings, on token soup shaped like the
//! DSL, and on random mutations of the example files. The runs are deterministic (fixed
//! seed, no failure persistence), so a failure here reproduces on every machine.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};

/// Tokens inserted by the mutations and used for token soup.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    "->",
    "..",
    "'",
    "=",
    "^",
    "-",
    "+",
    "*",
    "/",
    "0",
    "1",
    "2",
    "1/0",
    "99",
    "0^-1",
    "1e400",
    "1.5",
    "-1/2",
    "tanh",
    "sigmoid",
    "log",
    "exp",
    "softplus",
    "relu",
    "sum",
    "param",
    "params",
    "const",
    "act",
    "dense",
    "data",
    "loss",
    "decay",
    "pairs",
    "mse",
    "model",
    "system",
    "hamiltonian",
    "H",
    "x",
    "y",
    "z",
    "f",
    "a",
    "w",
    "i",
    "W",
    "W1",
    "x[1]",
    "f(x)",
    "f(x)[1]",
    "i = 1..2",
    "sum(i = 1..2, ",
    "true",
    "false",
    "inputs",
    "width",
    "act = tanh",
    "bias",
    "#",
    "//",
    "\n",
    " ",
    "\t",
    "ω",
    "\u{FEFF}",
];

/// Statement and definition openings for token soup.
const PREFIXES: &[&str] = &[
    "",
    "model m {",
    "model m { param a, w\n",
    "model m { param a, W[2,2]\n f(x) = ",
    "model m { dense(",
    "model m { param a\n data {",
    "system s {",
    "system s { x' = ",
    "hamiltonian h {",
    "hamiltonian h { H = ",
];

/// Inputs that take longer than this are reported on stderr (the test does not fail).
const SLOW: Duration = Duration::from_secs(2);

/// The fixed configuration; for a longer local search, `VARAN_NO_PANIC_SCALE=N` runs N
/// times as many cases and `VARAN_NO_PANIC_SEED=S` picks another seed (both still
/// deterministic).
fn config(cases: u32) -> Config {
    let env = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u64>().ok());
    let scale = env("VARAN_NO_PANIC_SCALE").unwrap_or(1).clamp(1, 10_000);
    Config {
        cases: cases.saturating_mul(u32::try_from(scale).unwrap_or(1)),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(env("VARAN_NO_PANIC_SEED").unwrap_or(0x7661_7261_6e21)),
        ..Config::default()
    }
}

/// The example files, read once.
fn examples() -> &'static [String] {
    static EXAMPLES: OnceLock<Vec<String>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("list examples")
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "vnet"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "no examples found");
        paths.iter().map(|p| std::fs::read_to_string(p).expect("read example")).collect()
    })
}

/// Definition names to select: the ones the source seems to define, and some that it
/// does not.
fn names_to_try(src: &str) -> Vec<String> {
    let mut names = vec!["m".to_string(), "nosuch".to_string(), String::new()];
    let words: Vec<&str> =
        src.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    for pair in words.windows(2) {
        if matches!(pair[0], "model" | "system" | "hamiltonian") && names.len() < 8 {
            names.push(pair[1].to_string());
        }
    }
    names
}

/// Derives `src` with every selection and renders each success; fails with the input if
/// anything panics.
fn check(src: &str) -> Result<(), TestCaseError> {
    let mut selections: Vec<Option<String>> = vec![None];
    selections.extend(names_to_try(src).into_iter().map(Some));
    for name in &selections {
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(d) = varan::derive(src, name.as_deref()) {
                let _ = d.to_text();
                let _ = d.to_latex(true);
                let _ = d.to_json();
            }
        }));
        let took = start.elapsed();
        if took > SLOW {
            eprintln!("slow input ({took:?}, model {name:?}):\n{src:?}");
        }
        prop_assert!(
            outcome.is_ok(),
            "varan::derive panicked (model {:?}) on this input:\n{:?}\n--- as text ---\n{}",
            name,
            src,
            src
        );
    }
    Ok(())
}

/// One edit of a source text, at character positions.
#[derive(Debug, Clone)]
enum Mutation {
    /// Delete `len` characters at `at`.
    Delete(Index, usize),
    /// Insert text at `at`.
    Insert(Index, String),
    /// Replace `len` characters at `at` by text.
    Replace(Index, usize, String),
    /// Insert one of [`TOKENS`] at `at`, with or without surrounding spaces.
    Token(Index, Index, bool),
    /// Copy `len` characters from `from` to `at`.
    Duplicate(Index, usize, Index),
}

fn small_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9_(){}\\[\\],;=^'.*/+# \n-]{1,4}",
        1 => prop::collection::vec(any::<char>(), 1..3).prop_map(|v| v.into_iter().collect()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 1usize..8).prop_map(|(a, n)| Mutation::Delete(a, n)),
        1 => (any::<Index>(), small_text()).prop_map(|(a, t)| Mutation::Insert(a, t)),
        1 => (any::<Index>(), 1usize..6, small_text())
            .prop_map(|(a, n, t)| Mutation::Replace(a, n, t)),
        3 => (any::<Index>(), any::<Index>(), any::<bool>())
            .prop_map(|(a, t, s)| Mutation::Token(a, t, s)),
        1 => (any::<Index>(), 1usize..30, any::<Index>())
            .prop_map(|(f, n, a)| Mutation::Duplicate(f, n, a)),
    ]
}

fn apply(src: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for m in mutations {
        let len = chars.len();
        match m {
            Mutation::Delete(at, n) => {
                let a = at.index(len + 1);
                chars.drain(a..(a + n).min(len));
            }
            Mutation::Insert(at, text) => {
                let a = at.index(len + 1);
                chars.splice(a..a, text.chars());
            }
            Mutation::Replace(at, n, text) => {
                let a = at.index(len + 1);
                chars.splice(a..(a + n).min(len), text.chars());
            }
            Mutation::Token(at, token, spaced) => {
                let a = at.index(len + 1);
                let t = TOKENS[token.index(TOKENS.len())];
                let t = if *spaced { format!(" {t} ") } else { t.to_string() };
                chars.splice(a..a, t.chars());
            }
            Mutation::Duplicate(from, n, at) => {
                let f = from.index(len + 1);
                let piece: Vec<char> = chars[f..(f + n).min(len)].to_vec();
                let a = at.index(len + 1);
                chars.splice(a..a, piece);
            }
        }
    }
    chars.into_iter().collect()
}

fn token_soup() -> impl Strategy<Value = String> {
    (any::<Index>(), prop::collection::vec((any::<Index>(), any::<bool>()), 0..60), any::<bool>())
        .prop_map(|(prefix, tokens, close)| {
            let mut s = PREFIXES[prefix.index(PREFIXES.len())].to_string();
            for (t, space) in tokens {
                s.push_str(TOKENS[t.index(TOKENS.len())]);
                if space {
                    s.push(' ');
                }
            }
            if close {
                s.push_str("\n}");
            }
            s
        })
}

#[test]
fn examples_derive_unchanged() {
    for src in examples() {
        let file = varan::syntax::parse_file(src).expect("examples parse");
        for item in &file.items {
            let name = &item.name.name;
            if matches!(item.kind, varan::syntax::ItemKind::Ode | varan::syntax::ItemKind::Linear) {
                // an ode is not a flow: `galois` takes it, `derive` refuses it cleanly
                let g = varan::galois(src, Some(name), None);
                assert!(g.is_ok(), "example ode {name} fails: {:?}", g.err());
                continue;
            }
            let d = varan::derive(src, Some(name));
            assert!(d.is_ok(), "example definition {name} fails: {:?}", d.err());
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_strings_do_not_panic(src in any::<String>()) {
        check(&src)?;
    }

    #[test]
    fn printable_strings_do_not_panic(src in "[ -~\n\t]{0,200}") {
        check(&src)?;
    }
}

proptest! {
    #![proptest_config(config(4096))]

    #[test]
    fn token_soup_does_not_panic(src in token_soup()) {
        check(&src)?;
    }

    #[test]
    fn mutated_examples_do_not_panic(
        which in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let base = &examples()[which.index(examples().len())];
        let src = apply(base, &mutations);
        check(&src)?;
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..proptest::prelude::ProptestConfig::default() })]

    /// `ve` never panics on arbitrary `--along` specifications.
    #[test]
    fn ve_along_specs_never_panic(spec in "[a-z0-9 =,;()+*/^.\\-\\[\\]:]{0,40}") {
        let src = "model m { param a1, a2, w1, w2\n act sigma(z) = 1 + z + z^2/2\n f(x) = a1*sigma(w1*x) + a2*sigma(w2*x)\n data { -1 -> 1, 1 -> 1, 0 -> 0 }\n loss mse }";
        let r = std::panic::catch_unwind(|| {
            let _ = varan::ve(src, None, Some(&spec)).map(|r| (r.to_text(), r.to_json()));
        });
        proptest::prop_assert!(r.is_ok(), "ve panicked on --along {:?}", spec);
    }
}
