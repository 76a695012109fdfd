//! Elements of Lie(H) from a generator with exactly known spectrum: the logarithm of its
//! unipotent part and the "hyperbolic" direction of its semisimple part (H the Zariski
//! closure of the monodromy group).
//!
//! Why exact data are needed. Whether a matrix has a non-trivial unipotent part is not an
//! open condition (semisimple matrices are dense), so balls alone can never certify it.
//! But at a Fuchsian singular point the eigenvalues of the local monodromy are e^{2πiρ}
//! for the local exponents ρ, with multiplicities, known exactly; exponents that differ
//! by integers give equal eigenvalues. The caller passes them as [`ExactSpectrum`]: the
//! characteristic polynomial of generator g is asserted to be exactly ∏ (x − μ_i)^{m_i}
//! with distinct μ_i, each enclosed in a ball.
//!
//! With exact μ_i the Jordan–Chevalley decomposition g = g_s·g_u is a polynomial in g:
//! the spectral projector onto the generalised eigenspace of μ_i is P_i = e_i(g) with the
//! Hermite idempotent
//! $$ e_i(x) = q_i(x)\prod_{j\ne i}(x-\mu_j)^{m_j},\qquad
//!    q_i = \Bigl[\prod_{j\ne i}(x-\mu_j)^{-m_j}\Bigr]_{\text{Taylor at }\mu_i,\ \deg<m_i}, $$
//! so that e_i ≡ 1 mod (x − μ_i)^{m_i} and e_i ≡ 0 mod (x − μ_j)^{m_j}. Then
//! g_s = Σ μ_i P_i, g_u = g_s⁻¹ g = Σ μ_i⁻¹ P_i g, and N = log g_u = Σ_{k<n} (−1)^{k+1}
//! (g_u − I)^k / k (a finite sum: g_u − I is nilpotent). Everything is evaluated in ball
//! arithmetic, so the balls enclose the exact P_i and N.
//!
//! Facts used (Borel, *Linear Algebraic Groups*, §4.4; Humphreys, *Linear Algebraic
//! Groups*, §15.3): g ∈ H ⇒ g_s, g_u ∈ H. The closure of ⟨g_u⟩ is {exp(tN)}, so N ∈
//! Lie(H). The closure D of ⟨g_s⟩ is {Σ x_i P_i : x^χ = 1 for every χ ∈ ℤ^r with
//! ∏ μ_i^{χ_i} = 1}; for such χ also ∏ |μ_i|^{χ_i} = 1, so exp(t Σ log|μ_i| P_i) ∈ D for
//! all t and A = Σ log|μ_i| P_i ∈ Lie(H). This torus direction needs no integer relation
//! (those are not certifiable); it is non-zero only when some |μ_i| ≠ 1.

use varan_numeric::{Ball, BallMatrix};

use super::eigen::log_abs;
use super::matrix::entry_away_from_zero;
use super::Measurement;

/// Exact spectral data of one generator: its distinct eigenvalues with algebraic
/// multiplicities.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactSpectrum {
    /// Index of the generator.
    pub generator: usize,
    /// Distinct eigenvalues μ_i, each a ball containing the exact value, with their
    /// algebraic multiplicities m_i. The caller asserts that the characteristic
    /// polynomial is exactly ∏ (x − μ_i)^{m_i} (e.g. μ = e^{2πiρ} for the exact local
    /// exponents ρ at a Fuchsian point, grouped modulo ℤ).
    pub eigenvalues: Vec<(Ball, usize)>,
}

impl ExactSpectrum {
    /// The spectrum of generator `generator`.
    pub fn new(generator: usize, eigenvalues: Vec<(Ball, usize)>) -> ExactSpectrum {
        ExactSpectrum { generator, eigenvalues }
    }
}

/// The Lie(H) elements obtained from one generator.
#[derive(Debug, Clone)]
pub(crate) struct JordanParts {
    /// log g_u, with the certificate (or not) that it is non-zero.
    pub(crate) log_unipotent: (BallMatrix, Measurement),
    /// Σ log|μ_i| P_i, with its certificate.
    pub(crate) hyperbolic: (BallMatrix, Measurement),
}

fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Checks the data against g and computes log g_u and Σ log|μ_i| P_i; `Err` says why
/// the data were refused.
pub(crate) fn jordan_parts(
    g: &BallMatrix,
    spec: &ExactSpectrum,
    name: &str,
) -> Result<JordanParts, String> {
    let n = g.dim();
    let mus = &spec.eigenvalues;
    let total: usize = mus.iter().map(|(_, m)| m).sum();
    if total != n || mus.iter().any(|(_, m)| *m == 0) {
        return Err(format!("{name}: multiplicities sum to {total}, not {n}"));
    }
    for (i, (a, _)) in mus.iter().enumerate() {
        if a.abs_lower() <= 0.0 {
            return Err(format!("{name}: an eigenvalue ball contains 0"));
        }
        if mus[i + 1..].iter().any(|(b, _)| a.overlaps(b)) {
            return Err(format!("{name}: two eigenvalue balls overlap"));
        }
    }
    // consistency with the matrix: tr g = Σ m_i μ_i, det g = ∏ μ_i^{m_i}
    let tr = mus.iter().fold(Ball::zero(), |s, (mu, m)| s + mu.scale(*m as f64));
    let det = mus.iter().fold(Ball::one(), |p, (mu, m)| (0..*m).fold(p, |q, _| q * *mu));
    if !tr.overlaps(&g.trace()) || !det.overlaps(&g.det()) {
        return Err(format!("{name}: the given eigenvalues do not match its trace or determinant"));
    }
    let id = BallMatrix::identity(n);
    let shifted: Vec<BallMatrix> = mus.iter().map(|(mu, _)| g.sub(&id.scale(*mu))).collect();
    let mut projectors = Vec::with_capacity(mus.len());
    for (i, (mu_i, m_i)) in mus.iter().enumerate() {
        if mus.len() == 1 {
            projectors.push(id.clone());
            break;
        }
        // Taylor coefficients of ∏_{j≠i} (d_j + t)^{−m_j}, d_j = μ_i − μ_j, up to t^{m_i−1}
        let mut c = vec![Ball::zero(); *m_i];
        c[0] = Ball::one();
        let mut h = id.clone();
        for (j, (mu_j, m_j)) in mus.iter().enumerate() {
            if j == i {
                continue;
            }
            for _ in 0..*m_j {
                h = h.mul(&shifted[j]);
            }
            let r = (*mu_i - *mu_j).recip();
            let mut ser = vec![Ball::zero(); *m_i];
            let mut pow = (0..*m_j).fold(Ball::one(), |p, _| p * r);
            for (k, s) in ser.iter_mut().enumerate() {
                let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
                *s = pow.scale(sign * binomial(m_j + k - 1, k));
                pow = pow * r;
            }
            let mut prod = vec![Ball::zero(); *m_i];
            for (a, ca) in c.iter().enumerate() {
                for (b, sb) in ser.iter().enumerate().take(*m_i - a) {
                    prod[a + b] = prod[a + b] + *ca * *sb;
                }
            }
            c = prod;
        }
        // q_i(T_i) by Horner, T_i = g − μ_i I
        let mut q = id.scale(c[*m_i - 1]);
        for k in (0..*m_i - 1).rev() {
            q = q.mul(&shifted[i]).add(&id.scale(c[k]));
        }
        projectors.push(q.mul(&h));
    }
    // g_u − I = Σ μ_i⁻¹ P_i g − I, and its logarithm
    let s_inv = mus
        .iter()
        .zip(&projectors)
        .fold(BallMatrix::zero(n), |acc, ((mu, _), p)| acc.add(&p.scale(mu.recip())));
    let nil = s_inv.mul(g).sub(&id);
    let mut log = BallMatrix::zero(n);
    let mut power = nil.clone();
    for k in 1..n.max(2) {
        let sign = if k % 2 == 1 { 1.0 } else { -1.0 };
        log = log.add(&power.scale(Ball::real(sign) / Ball::real(k as f64)));
        power = power.mul(&nil);
    }
    let log_name = format!("log u({name})");
    let log_cert = entry_away_from_zero(&log, &log_name);
    // Σ log|μ_i| P_i
    let hyp = mus
        .iter()
        .zip(&projectors)
        .fold(BallMatrix::zero(n), |acc, ((mu, _), p)| acc.add(&p.scale(log_abs(mu))));
    let hyp_cert = entry_away_from_zero(&hyp, &format!("Σ log|μ|·P ({name})"));
    Ok(JordanParts { log_unipotent: (log, log_cert), hyperbolic: (hyp, hyp_cert) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_complex::Complex64;

    fn m(rows: &[&[f64]]) -> BallMatrix {
        BallMatrix::from_rows(
            rows.iter().map(|r| r.iter().map(|&x| Ball::real(x)).collect()).collect(),
        )
        .unwrap()
    }

    #[test]
    fn jordan_block_with_a_second_eigenvalue() {
        // g = [[2, 1, 0], [0, 2, 0], [0, 0, 3]]: g_s = diag(2, 2, 3), g_u = I + E₁₂/2,
        // log g_u = E₁₂/2; |μ| = 2, 3: A = diag(log 2, log 2, log 3)
        let g = m(&[&[2.0, 1.0, 0.0], &[0.0, 2.0, 0.0], &[0.0, 0.0, 3.0]]);
        let spec = ExactSpectrum::new(0, vec![(Ball::real(2.0), 2), (Ball::real(3.0), 1)]);
        let parts = jordan_parts(&g, &spec, "g").unwrap();
        let (log, cert) = &parts.log_unipotent;
        assert!(cert.certified());
        for i in 0..3 {
            for j in 0..3 {
                let want = if (i, j) == (0, 1) { 0.5 } else { 0.0 };
                assert!(log.get(i, j).contains(Complex64::new(want, 0.0)), "{log:?}");
            }
        }
        let (hyp, _) = &parts.hyperbolic;
        assert!(hyp.get(2, 2).contains(Complex64::new(3f64.ln(), 0.0)));
        assert!(hyp.get(0, 0).contains(Complex64::new(2f64.ln(), 0.0)));
        // wrong data are refused
        let bad = ExactSpectrum::new(0, vec![(Ball::real(2.0), 3)]);
        assert!(jordan_parts(&g, &bad, "g").is_err());
    }
}
