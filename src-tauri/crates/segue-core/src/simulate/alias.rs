//! Walker's alias method: draws from a fixed discrete distribution in O(1) per draw after an
//! O(n) build (A. J. Walker, "An efficient method for generating discrete random variables with
//! general distributions", ACM TOMS 3(3), 1977; the numerically stable construction of M. D. Vose,
//! "A linear algorithm for generating random numbers with a given distribution", IEEE TSE 17(9),
//! 1991).

use rand::Rng;

/// A discrete distribution over `0..n`, ready to sample.
#[derive(Debug, Clone)]
pub(crate) struct AliasTable {
    /// Probability of keeping column `i` rather than taking its alias.
    keep: Vec<f64>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// Builds the table from non-negative weights, not all zero.
    ///
    /// # Panics
    /// When there are no weights, or their sum is not a positive finite number.
    pub(crate) fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        assert!(
            n > 0 && total > 0.0 && total.is_finite(),
            "weights must sum to a positive number"
        );
        let mut keep: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<u32>, Vec<u32>) =
            (0..n as u32).partition(|&i| keep[i as usize] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            alias[s as usize] = l;
            keep[l as usize] -= 1.0 - keep[s as usize];
            if keep[l as usize] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What remains is 1 up to rounding.
        for i in small.into_iter().chain(large) {
            keep[i as usize] = 1.0;
        }
        Self { keep, alias }
    }

    /// One draw.
    #[inline]
    pub(crate) fn sample<R: Rng>(&self, rng: &mut R) -> u32 {
        let i = rng.gen_range(0..self.keep.len());
        if rng.gen::<f64>() < self.keep[i] {
            i as u32
        } else {
            self.alias[i]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256Plus;

    #[test]
    fn frequencies_follow_the_weights() {
        let weights = [1.0, 0.0, 3.0, 6.0];
        let table = AliasTable::new(&weights);
        let mut rng = Xoshiro256Plus::seed_from_u64(1);
        let mut counts = [0u32; 4];
        let draws = 200_000;
        for _ in 0..draws {
            counts[table.sample(&mut rng) as usize] += 1;
        }
        assert_eq!(counts[1], 0);
        for (c, w) in counts.iter().zip(weights) {
            let expected = w / 10.0;
            assert!(
                (f64::from(*c) / f64::from(draws) - expected).abs() < 0.005,
                "{counts:?}"
            );
        }
    }
}
