//! The exact side of the atlas (\[ZSL25\], MATH.md §8): hidden units recognised through a
//! proven permutation symmetry; output weights recognised through a proven identity
//! L_H∘E = L_{H−1}; embedded critical points with zero gradient **exactly**; Morse indices
//! by exact inertia over ℚ against indices derived by hand; quadratic first integrals whose
//! number matches the published count for linear networks \[MGP23\].

use varan_algebra::Q;
use varan_flow::{
    embeddings, hessian_at, hessian_field, hidden_units, inertia, is_critical, narrow_network,
    output_bases, quadratic_first_integrals, EmbeddingKind, Inertia, Problem,
};

fn load(name: &str) -> Problem {
    let src =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/atlas.vnet"))
            .expect("examples/atlas.vnet");
    problem(&src, Some(name))
}

fn problem(src: &str, name: Option<&str>) -> Problem {
    let file = varan_syntax::parse_file(src).expect("parses");
    let item = varan_flow::select(&file, name).expect("definition");
    varan_flow::lower(item, src).expect("lowers")
}

fn q(s: &str) -> Q {
    varan_algebra::parse_rational(s).expect("rational")
}

fn point(values: &[&str]) -> Vec<Q> {
    values.iter().map(|s| q(s)).collect()
}

/// The exact inertia of Hess L at `x` (full state of `p`).
fn index_at(p: &mut Problem, x: &[Q]) -> Inertia {
    let dv = hessian_field(&mut p.pool, &p.field.clone(), &p.state.clone());
    let h = hessian_at(&mut p.pool, &dv, &p.state.clone(), x).expect("rational Hessian");
    inertia(&h)
}

#[test]
fn inertia_of_known_matrices() {
    let m = |rows: &[&[i64]]| -> Vec<Vec<Q>> {
        rows.iter().map(|r| r.iter().map(|&v| Q::from_integer(v.into())).collect()).collect()
    };
    // [[0, 1], [1, 0]]: eigenvalues ±1 (a zero diagonal needs the 2×2 congruence)
    assert_eq!(inertia(&m(&[&[0, 1], &[1, 0]])), Inertia { negative: 1, zero: 0, positive: 1 });
    // [[1, 2], [2, 4]]: rank one, trace 5
    assert_eq!(inertia(&m(&[&[1, 2], &[2, 4]])), Inertia { negative: 0, zero: 1, positive: 1 });
    // [[2, -1, 0], [-1, 2, -1], [0, -1, 2]] is positive definite (eigenvalues 2 − √2, 2, 2 + √2)
    assert_eq!(
        inertia(&m(&[&[2, -1, 0], &[-1, 2, -1], &[0, -1, 2]])),
        Inertia { negative: 0, zero: 0, positive: 3 }
    );
    // −I₂ ⊕ 0
    assert_eq!(
        inertia(&m(&[&[-1, 0, 0], &[0, -1, 0], &[0, 0, 0]])),
        Inertia { negative: 2, zero: 1, positive: 0 }
    );
}

#[test]
fn units_are_found_through_the_exchange_symmetry() {
    let mut p = load("linear_deep");
    let l = hidden_units(&mut p).expect("units");
    // W1[j, k] by its first index, W2[o, j] by its second
    assert_eq!(l.units.len(), 2);
    assert_eq!(l.keys(), vec!["W1[1]", "W1[2]", "W2[1]", "W2[2]"]);
    let names = p.state_names();
    let u2: Vec<&str> = l.units[1].params.iter().map(|(_, k)| names[*k].as_str()).collect();
    assert_eq!(u2, vec!["W1_2_1", "W1_2_2", "W2_1_2", "W2_2_2"]);
    let mut t = load("tanh_width2");
    let l = hidden_units(&mut t).expect("units");
    assert_eq!(l.keys(), vec!["a", "w"]);
    let src = "model m { param u, v\n loss = (u*v - 1)^2/2 }";
    assert!(hidden_units(&mut problem(src, None)).is_none(), "no units in u, v");
}

#[test]
fn output_weights_are_those_whose_split_preserves_the_function() {
    let mut t = load("tanh_width2");
    let l = hidden_units(&mut t).expect("units");
    let n = narrow_network(&mut t, &l, 1).expect("narrow");
    // tanh(λ w x) + tanh((1 − λ) w x) ≠ tanh(w x): only the output weight a splits
    assert_eq!(output_bases(&mut t, &l, &n), Some(vec!["a".to_string()]));
    let mut d = load("linear_deep");
    let l = hidden_units(&mut d).expect("units");
    let n = narrow_network(&mut d, &l, 1).expect("narrow");
    // for a linear network either layer may carry the split
    let o = output_bases(&mut d, &l, &n).expect("a split");
    assert!(o == ["W1"] || o == ["W2"], "{o:?}");
}

/// Linear scalar network, L = (5/2)(a1 w1 + a2 w2 − 1)². The narrow network (unit 2
/// removed) has critical points 0 and the hyperbola a1 w1 = 1; every embedding of them is a
/// critical point of width 2, exactly. Indices by hand: at 0, Hess L = −5·[[0, 1], [1, 0]]
/// per unit (∂²L/∂a_j∂w_j = 5(2a_jw_j + ... − 1) = −5), so index 1 in width 1 and 2 in
/// width 2.
#[test]
fn linear_scalar_embeddings_are_exact_critical_points() {
    let mut p = load("linear_scalar");
    let l = hidden_units(&mut p).expect("units");
    let n = narrow_network(&mut p, &l, 1).expect("narrow");
    let outs = output_bases(&mut p, &l, &n).expect("outputs");
    let es = embeddings(&mut p, &l, &n, Some(&outs));
    // zero unit, three duplicate splits, the ray (linear σ); no mixing with one narrow unit
    let kinds: Vec<&str> = es.iter().map(|e| e.kind_name()).collect();
    assert_eq!(kinds, vec!["zero_unit", "duplicate", "duplicate", "duplicate", "ray"]);
    let syms = n.symbols(&p);
    // narrow coordinates in state order: a1, w1
    for narrow_point in
        [point(&["0", "0"]), point(&["1", "1"]), point(&["2", "1/2"]), point(&["-3", "-1/3"])]
    {
        assert_eq!(
            is_critical(&mut p.pool, &n.field.clone(), &syms, &narrow_point),
            varan_algebra::Truth::True
        );
        for e in &es {
            let wide = e.apply(&narrow_point);
            let field = p.field.clone();
            let state = p.state.clone();
            assert_eq!(
                is_critical(&mut p.pool, &field, &state, &wide),
                varan_algebra::Truth::True,
                "{} of {narrow_point:?}",
                e.describe()
            );
        }
    }
    // a point that is not critical is recognised as such
    assert_eq!(
        is_critical(&mut p.pool, &n.field.clone(), &syms, &point(&["1", "2"])),
        varan_algebra::Truth::False
    );
    assert_eq!(
        index_at(&mut p, &point(&["0", "0", "0", "0"])),
        Inertia { negative: 2, zero: 0, positive: 2 }
    );
    // the narrow origin: Hess L₁ = [[0, −5], [−5, 0]]
    let dv = hessian_field(&mut p.pool, &n.field.clone(), &syms);
    let h = hessian_at(&mut p.pool, &dv, &syms, &point(&["0", "0"])).expect("rational");
    assert_eq!(inertia(&h), Inertia { negative: 1, zero: 0, positive: 1 });
    // on a1 w1 + a2 w2 = 1, Hess L = 5·∇c∇cᵀ: rank one, no negative direction
    assert_eq!(
        index_at(&mut p, &point(&["1/2", "1/2", "1", "1"])),
        Inertia { negative: 0, zero: 3, positive: 1 }
    );
}

/// L = ½‖W2·W1 − diag(3, 1)‖². Width 1 (unit 2 removed; coordinates W1[1,1], W1[1,2],
/// W2[1,1], W2[2,1]): u vᵀ = 3·e1e1ᵀ with u = (1, 0), v = (3, 0) is critical, and so is every
/// embedding. By hand, at the zero-unit image the residual is R = diag(0, −1); the new unit's
/// block of Hess L is [[0, R], [Rᵀ, 0]] (eigenvalues ±1, 0, 0), and it does not couple to the
/// old unit (the mixed second derivatives carry a factor of the new unit's zero weights), so
/// the index is 0 (a minimum of width 1) + 1 = 1. At the origin each unit contributes
/// [[0, −Y], [−Y, 0]] with eigenvalues ±3, ±1: index 4.
#[test]
fn linear_deep_embeddings_and_indices() {
    let mut p = load("linear_deep");
    let names = p.state_names();
    let l = hidden_units(&mut p).expect("units");
    let n = narrow_network(&mut p, &l, 1).expect("narrow");
    let syms = n.symbols(&p);
    let narrow_names: Vec<&str> = n.kept.iter().map(|&k| names[k].as_str()).collect();
    assert_eq!(narrow_names, vec!["W1_1_1", "W1_1_2", "W2_1_1", "W2_2_1"]);
    let top = point(&["3", "0", "1", "0"]);
    let second = point(&["0", "1", "0", "1"]);
    let outs = output_bases(&mut p, &l, &n).expect("outputs");
    let es = embeddings(&mut p, &l, &n, Some(&outs));
    for x in [&top, &second] {
        assert_eq!(
            is_critical(&mut p.pool, &n.field.clone(), &syms, x),
            varan_algebra::Truth::True
        );
        for e in &es {
            let wide = e.apply(x);
            let (field, state) = (p.field.clone(), p.state.clone());
            assert_eq!(
                is_critical(&mut p.pool, &field, &state, &wide),
                varan_algebra::Truth::True,
                "{}",
                e.describe()
            );
        }
    }
    // narrow index at the top piece: its global minimum (width 1), 0 negative directions
    let dv = hessian_field(&mut p.pool, &n.field.clone(), &syms);
    let h = hessian_at(&mut p.pool, &dv, &syms, &top).expect("rational");
    assert_eq!(inertia(&h).negative, 0);
    let zero = es.iter().find(|e| e.kind == EmbeddingKind::ZeroUnit).expect("zero unit");
    assert_eq!(index_at(&mut p, &zero.apply(&top)).negative, 1);
    assert_eq!(index_at(&mut p, &vec![q("0"); 8]), Inertia { negative: 4, zero: 0, positive: 4 });
}

/// Width 3 → the mixing embedding exists (linear σ): every embedding of the width-2 global
/// minimum W1 = diag(3, 1), W2 = I is critical exactly.
#[test]
fn mixing_of_linear_units() {
    let src = "model w3 {
      param W1[3,2], W2[2,3]
      f(x)[i = 1..2] = sum(j = 1..3, W2[i,j]*sum(k = 1..2, W1[j,k]*x[k]))
      data { [1, 0] -> [3, 0], [0, 1] -> [0, 1] }
      loss mse
    }";
    let mut p = problem(src, None);
    let l = hidden_units(&mut p).expect("units");
    assert_eq!(l.units.len(), 3);
    let n = narrow_network(&mut p, &l, 2).expect("narrow");
    let outs = output_bases(&mut p, &l, &n).expect("outputs");
    let es = embeddings(&mut p, &l, &n, Some(&outs));
    assert!(es.iter().any(|e| e.kind_name() == "mixing"));
    let names = p.state_names();
    // narrow coordinates: W1[1,·], W1[2,·], W2[·,1], W2[·,2]
    let x: Vec<Q> = n
        .kept
        .iter()
        .map(|&k| match names[k].as_str() {
            "W1_1_1" => q("3"),
            "W1_2_2" | "W2_1_1" | "W2_2_2" => q("1"),
            _ => q("0"),
        })
        .collect();
    for e in &es {
        let wide = e.apply(&x);
        let (field, state) = (p.field.clone(), p.state.clone());
        assert_eq!(
            is_critical(&mut p.pool, &field, &state, &wide),
            varan_algebra::Truth::True,
            "{}",
            e.describe()
        );
    }
}

/// tanh network: at the origin, Hess L is block-diagonal with [[0, −Σxy], [−Σxy, 0]] per
/// unit (∂²L/∂a_j∂w_j = Σ_i r_i x_i sech²(0) with r_i = −y_i; every other entry carries a
/// factor tanh(0) = 0 or a_j = 0): Σxy = 7, index 2, and the zero-unit image of the narrow
/// origin is that point.
#[test]
fn tanh_origin_is_a_saddle_of_index_two() {
    let mut t = load("tanh_width2");
    let l = hidden_units(&mut t).expect("units");
    let n = narrow_network(&mut t, &l, 1).expect("narrow");
    let syms = n.symbols(&t);
    let o = point(&["0", "0"]);
    assert_eq!(is_critical(&mut t.pool, &n.field.clone(), &syms, &o), varan_algebra::Truth::True);
    let es = embeddings(&mut t, &l, &n, Some(&["a".to_string()]));
    // no ray or mixing for tanh: it is not positively homogeneous
    assert!(es
        .iter()
        .all(|e| matches!(e.kind, EmbeddingKind::ZeroUnit | EmbeddingKind::Duplicate { .. })));
    let wide = es[0].apply(&o);
    assert_eq!(index_at(&mut t, &wide), Inertia { negative: 2, zero: 0, positive: 2 });
}

/// Quadratic first integrals: L = (uv − 1)²/2 has u² − v²; the linear networks have the
/// k·r − k(k−1)/2 entries of W1W1ᵀ − W2ᵀW2 \[MGP23\] (n = m = 1, r = 2: k = 2, three laws;
/// n = m = r = 2: k = 2, three laws); tanh units have none of them.
#[test]
fn quadratic_first_integrals_match_the_published_counts() {
    let mut p = problem("model m { param u, v\n loss = (u*v - 1)^2/2 }", None);
    let laws = quadratic_first_integrals(&mut p, None, None);
    assert_eq!(laws.len(), 1);
    let text = p.pool.to_text(laws[0].expr);
    assert!(text.contains("u^2") && text.contains("v^2"), "{text}");
    for (name, count) in [("linear_scalar", 3), ("linear_deep", 3)] {
        let mut p = load(name);
        let l = hidden_units(&mut p).expect("units");
        let n = narrow_network(&mut p, &l, 1).expect("narrow");
        let o = output_bases(&mut p, &l, &n).expect("outputs");
        assert_eq!(quadratic_first_integrals(&mut p, Some(&l), Some(&o)).len(), count, "{name}");
    }
    let mut t = load("tanh_width2");
    let l = hidden_units(&mut t).expect("units");
    assert!(quadratic_first_integrals(&mut t, Some(&l), Some(&["a".to_string()])).is_empty());
}
