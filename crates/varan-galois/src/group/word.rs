//! Short words in the generators and their inverses: the search space of the group tests.
//!
//! A letter is a generator or its inverse; a word is a reduced product of at most three
//! letters (no letter next to its inverse), listed by increasing length. The matrix of a
//! word is the product of its letters' matrices from left to right. For the projective
//! 2×2 tests a letter g⁻¹ is represented by adj(g) = det(g)·g⁻¹, which avoids a division
//! and changes nothing projectively; for Lie-algebra conjugations the true inverse is
//! used (Gauss–Jordan, `matrix.rs`).

use varan_numeric::{Ball, BallMatrix};

use super::matrix::{adjugate2, inverse};

/// A reduced word: (generator, inverted) letters, applied left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word(pub(crate) Vec<(usize, bool)>);

impl Word {
    /// The word's text, e.g. `M0·M1⁻¹`.
    pub(crate) fn text(&self, names: &[String]) -> String {
        self.0
            .iter()
            .map(|&(g, inv)| {
                let n = names.get(g).cloned().unwrap_or_else(|| format!("g{}", g + 1));
                if inv {
                    format!("{n}⁻¹")
                } else {
                    n
                }
            })
            .collect::<Vec<_>>()
            .join("·")
    }

    /// The generator when the word is a power of a single one.
    pub(crate) fn single_generator(&self) -> Option<usize> {
        let g = self.0.first()?.0;
        self.0.iter().all(|l| l.0 == g).then_some(g)
    }

    /// Length (number of letters).
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// All reduced words of length 1..=`max_len` in `k` generators and their inverses, by
/// increasing length, at most `cap` of them.
pub(crate) fn reduced_words(k: usize, max_len: usize, cap: usize) -> Vec<Word> {
    let letters: Vec<(usize, bool)> = (0..k).flat_map(|g| [(g, false), (g, true)]).collect();
    let mut out: Vec<Word> = Vec::new();
    let mut layer: Vec<Word> = vec![Word(Vec::new())];
    for _ in 0..max_len {
        let mut next = Vec::new();
        'build: for w in &layer {
            for &l in &letters {
                if out.len() + next.len() >= cap {
                    break 'build;
                }
                if w.0.last().is_some_and(|&(g, inv)| g == l.0 && inv != l.1) {
                    continue;
                }
                let mut v = w.0.clone();
                v.push(l);
                next.push(Word(v));
            }
        }
        out.extend(next.iter().cloned());
        if out.len() >= cap {
            break;
        }
        layer = next;
    }
    out
}

/// Words in the generators only (no inverse letter), of length 1..=`max_len`, by
/// increasing length, at most `cap` of them.
pub(crate) fn positive_words(k: usize, max_len: usize, cap: usize) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut layer: Vec<Word> = vec![Word(Vec::new())];
    for _ in 0..max_len {
        let mut next = Vec::new();
        for w in &layer {
            for g in 0..k {
                if out.len() + next.len() >= cap {
                    break;
                }
                let mut v = w.0.clone();
                v.push((g, false));
                next.push(Word(v));
            }
        }
        out.extend(next.iter().cloned());
        if out.len() >= cap {
            break;
        }
        layer = next;
    }
    out
}

/// The letters' matrices: generator i at index 2i, its inverse (or adjugate) at 2i + 1.
#[derive(Debug, Clone)]
pub(crate) struct Alphabet {
    /// Generator names.
    pub(crate) names: Vec<String>,
    letters: Vec<Option<BallMatrix>>,
    dets: Vec<Ball>,
}

impl Alphabet {
    /// Projective 2×2 alphabet: inverses as adjugates; `dets[i]` = det of letter i
    /// (det adj g = det g for 2×2).
    pub(crate) fn projective2(gens: &[BallMatrix], names: Vec<String>) -> Alphabet {
        let mut letters = Vec::with_capacity(2 * gens.len());
        let mut dets = Vec::with_capacity(2 * gens.len());
        for g in gens {
            let d = g.det();
            letters.push(Some(g.clone()));
            letters.push(Some(adjugate2(g)));
            dets.push(d);
            dets.push(d);
        }
        Alphabet { names, letters, dets }
    }

    /// Exact alphabet: inverses by Gauss–Jordan (`None` where a pivot contains 0).
    pub(crate) fn exact(gens: &[BallMatrix], names: Vec<String>) -> Alphabet {
        let mut letters = Vec::with_capacity(2 * gens.len());
        let mut dets = Vec::with_capacity(2 * gens.len());
        for g in gens {
            let d = g.det();
            letters.push(Some(g.clone()));
            letters.push(inverse(g));
            dets.push(d);
            dets.push(d.recip());
        }
        Alphabet { names, letters, dets }
    }

    fn index(l: (usize, bool)) -> usize {
        2 * l.0 + usize::from(l.1)
    }

    /// The matrix of a word (`None` if a letter is missing or the word is empty).
    pub(crate) fn eval(&self, w: &Word) -> Option<BallMatrix> {
        let mut it = w.0.iter();
        let first = it.next()?;
        let mut m = self.letters.get(Self::index(*first))?.clone()?;
        for l in it {
            m = m.mul(self.letters.get(Self::index(*l))?.as_ref()?);
        }
        Some(m)
    }

    /// The product of the letters' determinants.
    pub(crate) fn det(&self, w: &Word) -> Ball {
        w.0.iter().fold(Ball::one(), |d, l| d * self.dets[Self::index(*l)])
    }

    /// The inverse word's matrix: letters reversed and inverted.
    pub(crate) fn eval_inverse(&self, w: &Word) -> Option<BallMatrix> {
        let inv = Word(w.0.iter().rev().map(|&(g, i)| (g, !i)).collect());
        self.eval(&inv)
    }

    /// The word's text.
    pub(crate) fn text(&self, w: &Word) -> String {
        w.text(&self.names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_reduced_words() {
        // 2k letters, then 2k(2k − 1)^(ℓ−1) reduced words of length ℓ
        let w = reduced_words(2, 3, 1000);
        assert_eq!(w.len(), 4 + 12 + 36);
        assert!(w.windows(2).all(|p| p[0].len() <= p[1].len()));
        assert_eq!(reduced_words(3, 3, 10).len(), 10);
        assert_eq!(positive_words(3, 2, 100).len(), 3 + 9);
        assert_eq!(positive_words(3, 4, 20).len(), 20);
    }
}
