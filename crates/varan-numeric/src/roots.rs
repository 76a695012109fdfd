//! Approximate complex roots of a polynomial with rational coefficients, by the
//! Weierstrass–Durand–Kerner simultaneous iteration in double precision (Kerner,
//! *Ein Gesamtschrittverfahren zur Berechnung der Nullstellen von Polynomen*, Numer. Math.
//! 8 (1966)). Used to display where algebraic singular points lie; no decision rests on
//! these values, which carry no error bound.

use num_complex::Complex64;
use num_traits::ToPrimitive;
use varan_algebra::UPoly;

/// The complex roots of `p` (with multiplicity), sorted by real then imaginary part.
/// Empty for constants.
pub fn approximate_roots(p: &UPoly) -> Vec<Complex64> {
    let Some(deg) = p.degree() else { return Vec::new() };
    if deg == 0 {
        return Vec::new();
    }
    let lead = p.lead().to_f64().unwrap_or(1.0);
    let c: Vec<f64> = p.coeffs().iter().map(|a| a.to_f64().unwrap_or(f64::NAN) / lead).collect();
    let eval = |z: Complex64| c.iter().rev().fold(Complex64::new(0.0, 0.0), |acc, a| acc * z + a);
    // initial points on a circle of the Cauchy bound's radius, rotated off the axes
    let radius = 1.0 + c[..deg].iter().fold(0.0f64, |m, a| m.max(a.abs()));
    let mut z: Vec<Complex64> = (0..deg)
        .map(|k| {
            Complex64::from_polar(radius, 0.4 + 2.0 * std::f64::consts::PI * k as f64 / deg as f64)
        })
        .collect();
    for _ in 0..500 {
        let mut change = 0.0f64;
        for i in 0..deg {
            let mut den = Complex64::new(1.0, 0.0);
            for j in 0..deg {
                if i != j {
                    den *= z[i] - z[j];
                }
            }
            if den.norm() == 0.0 {
                continue;
            }
            let step = eval(z[i]) / den;
            z[i] -= step;
            change = change.max(step.norm());
        }
        if change < 1e-15 * radius {
            break;
        }
    }
    z.sort_by(|a, b| a.re.total_cmp(&b.re).then(a.im.total_cmp(&b.im)));
    z
}

/// A root as short text: `1.41421356237`, `-0.5 + 0.866025403784*i`.
pub fn complex_text(z: Complex64) -> String {
    let clean = |x: f64| if x.abs() < 1e-12 { 0.0 } else { x };
    let (re, im) = (clean(z.re), clean(z.im));
    if im == 0.0 {
        format!("{re:.12}").trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        let r = format!("{re:.12}").trim_end_matches('0').trim_end_matches('.').to_string();
        let i = format!("{:.12}", im.abs()).trim_end_matches('0').trim_end_matches('.').to_string();
        if re == 0.0 {
            return format!("{}{i}*i", if im < 0.0 { "-" } else { "" });
        }
        format!("{r} {} {i}*i", if im < 0.0 { "-" } else { "+" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use varan_algebra::Q;

    #[test]
    fn roots_of_known_polynomials() {
        // x² − 2: ±√2; x² + 1: ±i; (x − 1)(x − 2)(x − 3)
        let q = |n: i64| Q::from_integer(n.into());
        let r = approximate_roots(&UPoly::from_coeffs(vec![q(-2), q(0), q(1)]));
        assert!((r[0].re + 2f64.sqrt()).abs() < 1e-12 && (r[1].re - 2f64.sqrt()).abs() < 1e-12);
        let r = approximate_roots(&UPoly::from_coeffs(vec![q(1), q(0), q(1)]));
        assert!((r[0].im + 1.0).abs() < 1e-12 && (r[1].im - 1.0).abs() < 1e-12);
        assert_eq!(complex_text(r[1]), "1*i");
        let r = approximate_roots(&UPoly::from_coeffs(vec![q(-6), q(11), q(-6), q(1)]));
        for (z, want) in r.iter().zip([1.0, 2.0, 3.0]) {
            assert!((z.re - want).abs() < 1e-10 && z.im.abs() < 1e-10, "{r:?}");
        }
    }
}
