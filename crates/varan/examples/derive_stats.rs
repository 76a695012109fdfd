//! Prints the size of the derivation DAG and the time per stage for the derive benchmark
//! problem: `cargo run --release -p varan --example derive_stats -- 16`.

#[path = "../tests/support/bench_problem.rs"]
#[allow(dead_code)]
mod bench_problem;

fn main() {
    let h: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(16);
    let src = bench_problem::source(h);
    let t0 = std::time::Instant::now();
    let problem = varan::load(&src, None).expect("loads");
    let t1 = t0.elapsed();
    let d = varan::derive(&src, None).expect("derives");
    let t2 = t0.elapsed() - t1;
    let p = &d.problem;
    let mut roots = p.field.clone();
    for row in &d.jacobian {
        roots.extend(row.iter().copied());
    }
    println!("H = {h}: {} parameters", p.state.len());
    println!("load (parse, lower, L, V): {:?}; derive (all, incl. DV): {:?}", t1, t2);
    println!("pool nodes: {} (V only: {})", p.pool.len(), problem.pool.len());
    println!("DAG of V and DV: {} nodes", p.pool.dag_size(&roots));
    let t3 = std::time::Instant::now();
    drop(d);
    drop(problem);
    println!("drop: {:?}", t3.elapsed());
    if std::env::args().any(|a| a == "--repeat") {
        for _ in 0..8 {
            let t = std::time::Instant::now();
            let d = varan::derive(&src, None).expect("derives");
            let el = t.elapsed();
            drop(d);
            println!("repeat: {el:?}");
        }
    }
}
