//! Benchmarks `monodromy/heun2_f64` and `monodromy/fuchs4_f64`: all local monodromies of
//! the Heun equation and of the order-4 Fuchsian equation of `BENCH.md`, with certified
//! radii in hardware doubles (Taylor method of van der Hoeven, *Fast evaluation of
//! holonomic functions*, TCS 210 (1999); a-posteriori truncation
//! bounds after Mezzarobba, arXiv:1607.01967); `monodromy/heun2_30d` and
//! `monodromy/fuchs4_30d`: the same to 30 digits in extended balls. The published traces
//! (30 digits, BENCH.md) are checked before timing.

use criterion::{criterion_group, criterion_main, Criterion};
use num_bigint::BigInt;
use num_complex::Complex64;
use varan_algebra::Q;
use varan_numeric::{
    local_monodromies, problems, ExtBall, ExtMatrix, MonodromyOptions, MonodromyResult,
    RationalSystem,
};

fn bench_fuchs4(c: &mut Criterion) {
    let sys = problems::fuchs4().expect("fuchs4");
    let opts = MonodromyOptions::default().base(Complex64::new(0.5, 0.5));
    let res = match local_monodromies(&sys, &opts) {
        Ok(r) => r,
        Err(e) => panic!("fuchs4 monodromy: {e}"),
    };
    // local order: −2, 0, 1, 3
    let m = |i: usize| &res.local[i].matrix;
    let checks = [
        (m(1).mul(m(3)), Complex64::new(49.269_496_642_786_42, -12.090_780_853_497_634)),
        (
            m(0).mul(m(3)).mul(m(2)).mul(m(1)),
            Complex64::new(61.703_450_988_352_21, -39.000_395_559_813_27),
        ),
    ];
    let mut worst = 0.0f64;
    for (mm, want) in &checks {
        let t = mm.trace();
        assert!((t.mid - want).norm() <= t.rad + 1e-13, "trace {t:?} vs {want}");
        worst = worst.max(t.rad);
    }
    let mat = res.local.iter().fold(0.0f64, |w, l| w.max(l.matrix.max_rad()));
    eprintln!("fuchs4_f64: largest entry radius {mat:e}, largest trace radius {worst:e}");
    c.bench_function("monodromy/fuchs4_f64", |b| {
        b.iter(|| local_monodromies(&sys, &opts).map(|r| r.local.len()))
    });
}

fn bench(c: &mut Criterion) {
    let sys = problems::heun2().expect("heun2");
    let opts = MonodromyOptions::default().base(Complex64::new(0.5, 0.5));
    let res = match local_monodromies(&sys, &opts) {
        Ok(r) => r,
        Err(e) => panic!("heun2 monodromy: {e}"),
    };
    let [m0, m1, m3] = [0, 1, 2].map(|i| &res.local[i].matrix);
    let checks = [
        (m0.mul(m1), Complex64::new(4.133_236_085_864_938, 2.386_324_966_798_397_5)),
        (m0.mul(m3), Complex64::new(-3.954_451_742_800_684_7, -0.261_472_098_915_678_6)),
        (m1.mul(m3), Complex64::new(-0.382_399_958_475_386_2, -1.427_136_073_842_370_2)),
        (m3.mul(m1).mul(m0), Complex64::new(1.052_161_819_852_341_7, -0.281_925_909_936_295_35)),
    ];
    let mut worst = 0.0f64;
    for (m, want) in &checks {
        let t = m.trace();
        assert!((t.mid - want).norm() <= t.rad + 1e-15, "trace {t:?} vs {want}");
        worst = worst.max(t.rad);
    }
    let mat = res.local.iter().fold(0.0f64, |w, l| w.max(l.matrix.max_rad()));
    eprintln!("heun2_f64: largest entry radius {mat:e}, largest trace radius {worst:e}");
    c.bench_function("monodromy/heun2_f64", |b| {
        b.iter(|| local_monodromies(&sys, &opts).map(|r| r.local.len()))
    });
}

/// The ball of a decimal reference re + i·im, radius half a unit of the last digits.
fn reference(re: &str, im: &str) -> ExtBall {
    let dec = |s: &str| {
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits: BigInt = match format!("{int}{frac}").parse() {
            Ok(d) => d,
            Err(e) => panic!("{s}: {e}"),
        };
        let scale = BigInt::from(10).pow(frac.len() as u32);
        (Q::new(if neg { -digits } else { digits }, scale.clone()), Q::new(1.into(), scale * 2))
    };
    let ((x, hx), (y, hy)) = (dec(re), dec(im));
    let b = ExtBall::from_rationals(&x, &y);
    let half = ExtBall::from_rationals(&(hx + hy), &Q::from_integer(0.into())).abs_upper();
    ExtBall::new(b.mid, half + b.rad)
}

/// Runs `sys` to 30 digits, checks the traces of the products (indices into `local`)
/// against their references with radius ≤ 10⁻³⁰·max(1, |value|), and times it.
fn bench_30d(
    c: &mut Criterion,
    name: &str,
    sys: &RationalSystem,
    checks: &[problems::ReferenceTrace],
) {
    let opts = MonodromyOptions::default().base(Complex64::new(0.5, 0.5)).digits(30);
    let res: MonodromyResult = match local_monodromies(sys, &opts) {
        Ok(r) => r,
        Err(e) => panic!("{name}: {e}"),
    };
    let ext = |i: usize| -> &ExtMatrix {
        match &res.local[i].extended {
            Some(m) => m,
            None => panic!("{name}: no extended matrix"),
        }
    };
    let mut worst = 0.0f64;
    for r in checks {
        let m = r.word[1..].iter().fold(ext(r.word[0]).clone(), |m, &i| m.mul(ext(i)));
        let (t, want) = (m.trace(), reference(r.re, r.im));
        assert!(t.overlaps(&want), "{name}: trace {} vs {} {}", t.to_decimal(32), r.re, r.im);
        assert!(t.rad <= 1e-30 * want.abs_upper().max(1.0), "{name}: radius {:e}", t.rad);
        worst = worst.max(t.rad);
    }
    let mat = res
        .local
        .iter()
        .fold(0.0f64, |w, l| w.max(l.extended.as_ref().map_or(0.0, |m| m.max_rad())));
    eprintln!("{name}: largest entry radius {mat:e}, largest trace radius {worst:e}");
    c.bench_function(name, |b| b.iter(|| local_monodromies(sys, &opts).map(|r| r.local.len())));
}

fn bench_heun2_30d(c: &mut Criterion) {
    let sys = problems::heun2().expect("heun2");
    bench_30d(c, "monodromy/heun2_30d", &sys, &problems::HEUN2_TRACES);
}

fn bench_fuchs4_30d(c: &mut Criterion) {
    let sys = problems::fuchs4().expect("fuchs4");
    bench_30d(c, "monodromy/fuchs4_30d", &sys, &problems::FUCHS4_TRACES);
}

criterion_group!(benches, bench, bench_fuchs4, bench_heun2_30d, bench_fuchs4_30d);
criterion_main!(benches);
