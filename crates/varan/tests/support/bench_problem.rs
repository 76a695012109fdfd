//! The derive benchmark problem of `BENCH.md` (derive/tanh_h16, derive/tanh_h64):
//! f(x) = Σ_j a_j·tanh(w_j1·x1 + w_j2·x2 + b_j), L = ½ Σ_{i=1..16} (f(x_i) − y_i)², data and
//! check point θ0 from the documented LCG, and the 30-digit check values computed
//! independently (mpmath closed-form gradient and Hessian) by the benchmark's authors.

/// s ← (1103515245·s + 12345) mod 2³¹, value k/5 with k = KS[(s >> 16) mod 8].
pub fn lcg_fifths(seed: u64, n: usize) -> Vec<(i64, i64)> {
    const KS: [i64; 8] = [-4, -3, -2, -1, 1, 2, 3, 4];
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = (1_103_515_245 * s + 12_345) % (1 << 31);
            (KS[((s >> 16) % 8) as usize], 5)
        })
        .collect()
}

/// The model as DSL text: dense layer, 2 inputs, width `h`, tanh, biases, 16 points.
pub fn source(h: usize) -> String {
    let v = lcg_fifths(20_260_101, 48);
    let mut s = format!("model tanh_h{h} {{\n  dense(inputs = 2, width = {h}, act = tanh, bias = true)\n  data {{\n");
    for i in 0..16 {
        let (x1, x2, y) = (v[3 * i], v[3 * i + 1], v[3 * i + 2]);
        s.push_str(&format!("    [{}/{}, {}/{}] -> {}/{},\n", x1.0, x1.1, x2.0, x2.1, y.0, y.1));
    }
    s.push_str("  }\n  loss mse\n}\n");
    s
}

/// θ0 in parameter order a_1..a_H, w_11, w_12, …, w_H1, w_H2, b_1..b_H.
pub fn theta0(h: usize) -> Vec<f64> {
    lcg_fifths(424_242, 4 * h).into_iter().map(|(p, q)| p as f64 / q as f64).collect()
}

/// Check values at θ0: L, Σ V_k, ‖V‖₂, tr DV, Σ DV_kl, ‖DV‖_F (BENCH.md, 30 digits,
/// kept as published).
#[allow(clippy::excessive_precision)]
pub fn check_values(h: usize) -> Option<[f64; 6]> {
    match h {
        16 => Some([
            9.782_150_340_589_560_602_386_415_496_95,
            -27.586_191_675_758_418_110_880_741_790_2,
            24.767_737_112_411_996_993_739_198_488_6,
            -120.301_325_245_774_277_322_838_758_518,
            51.513_870_019_066_203_478_218_745_188_1,
            114.911_354_946_710_323_395_640_562_099,
        ]),
        64 => Some([
            65.588_120_064_457_144_449_443_664_361_3,
            249.338_055_489_196_537_692_119_651_789,
            206.735_159_075_249_036_588_092_184_247,
            -366.965_986_261_058_644_407_462_896_052,
            -2_695.058_341_352_864_638_192_423_449_95,
            552.135_470_797_629_932_685_560_313_811,
        ]),
        _ => None,
    }
}

/// The six check quantities of a derivation at θ0, in double precision.
pub fn evaluate(d: &varan::Derivation, theta: &[f64]) -> [f64; 6] {
    use varan::numeric::Evaluator;
    let p = &d.problem;
    let env = p.state.iter().copied().zip(theta.iter().copied()).collect();
    let mut ev = Evaluator::new(&p.pool, env);
    let loss = p.loss.map(|l| ev.eval(l).unwrap_or(f64::NAN)).unwrap_or(f64::NAN);
    let v: Vec<f64> = p.field.iter().map(|e| ev.eval(*e).unwrap_or(f64::NAN)).collect();
    let mut tr = 0.0;
    let mut sum = 0.0;
    let mut fro = 0.0;
    for (k, row) in d.jacobian.iter().enumerate() {
        for (l, e) in row.iter().enumerate() {
            let x = ev.eval(*e).unwrap_or(f64::NAN);
            if k == l {
                tr += x;
            }
            sum += x;
            fro += x * x;
        }
    }
    [loss, v.iter().sum(), v.iter().map(|x| x * x).sum::<f64>().sqrt(), tr, sum, fro.sqrt()]
}
