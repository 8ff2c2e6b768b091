//! Quality measures of a clustering: the silhouette (how well each listener sits in its segment)
//! and the adjusted Rand index (how much two segmentations of the same listeners agree).
//!
//! - Silhouette: P. J. Rousseeuw, "Silhouettes: a graphical aid to the interpretation and
//!   validation of cluster analysis", Journal of Computational and Applied Mathematics 20, 1987.
//!   Exact over a seeded sample of rows, as scikit-learn's `silhouette_score(sample_size=…)`
//!   computes it: the sample's silhouette with distances among the sampled rows only. The cost is
//!   `O(m² d)` for `m` sampled rows, whatever the number of listeners.
//! - Adjusted Rand index: L. Hubert and P. Arabie, "Comparing partitions", Journal of
//!   Classification 2, 1985: the Rand index corrected for chance, 1 for identical partitions (up
//!   to renaming the labels), about 0 for independent ones, negative below chance.

use std::collections::HashMap;

use ndarray::ArrayView2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

/// Lanes of the distance accumulator: eight independent sums let the compiler vectorise.
const LANES: usize = 8;

/// Squared Euclidean distance, accumulated in eight lanes of `f32` (rows are short: tens of
/// dimensions, so `f32` partial sums lose nothing that matters for a mean silhouette).
#[inline]
pub(crate) fn squared_distance(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..LANES {
            let d = x[l] - y[l];
            acc[l] += d * d;
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += (x - y) * (x - y);
    }
    s
}

/// The seeded sample of at most `sample` row indices out of `n`, in increasing order (all rows
/// when `n ≤ sample`).
pub(crate) fn sample_rows(n: usize, sample: usize, seed: u64) -> Vec<usize> {
    if n <= sample {
        return (0..n).collect();
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut rows = rand::seq::index::sample(&mut rng, n, sample).into_vec();
    rows.sort_unstable();
    rows
}

/// Mean silhouette of `labels` over a seeded sample of at most `sample` rows of `data`.
///
/// For a sampled row `i` in cluster `A`, `a(i)` is its mean distance to the other sampled rows of
/// `A`, `b(i)` the smallest mean distance to the sampled rows of another cluster, and
/// `s(i) = (b − a) / max(a, b)`, with `s(i) = 0` when `i` is alone in `A` (Rousseeuw's
/// convention). Returns the mean of `s` over the sample, in `[−1, 1]`; `None` when the sample holds
/// fewer than two rows or fewer than two clusters (the silhouette is then undefined). Parallel over
/// the sampled rows; the same sample for the same `(n, sample, seed)`, so silhouettes of different
/// `k` on the same data are comparable.
///
/// # Panics
/// When `labels` does not hold one label per row.
pub fn silhouette(data: ArrayView2<f32>, labels: &[u32], sample: usize, seed: u64) -> Option<f64> {
    assert_eq!(labels.len(), data.nrows(), "one label per row");
    let rows = sample_rows(data.nrows(), sample, seed);
    if rows.len() < 2 {
        return None;
    }
    let d = data.ncols();
    // Gather the sampled rows contiguously, with labels renumbered densely.
    let mut x = Vec::with_capacity(rows.len() * d);
    let mut dense: HashMap<u32, usize> = HashMap::new();
    let mut lab = Vec::with_capacity(rows.len());
    for &r in &rows {
        x.extend(data.row(r).iter().copied());
        let next = dense.len();
        lab.push(*dense.entry(labels[r]).or_insert(next));
    }
    let k = dense.len();
    if k < 2 {
        return None;
    }
    let mut counts = vec![0usize; k];
    for &l in &lab {
        counts[l] += 1;
    }
    let m = rows.len();
    // Per-row values are collected in order and summed serially: a parallel floating-point sum
    // would depend on how rayon splits the work, and the same seed must give the same score.
    let scores: Vec<f64> = (0..m)
        .into_par_iter()
        .map_init(
            || vec![0.0f64; k],
            |sums, i| {
                sums.iter_mut().for_each(|s| *s = 0.0);
                let xi = &x[i * d..(i + 1) * d];
                for j in 0..m {
                    let dist = squared_distance(xi, &x[j * d..(j + 1) * d]).sqrt();
                    sums[lab[j]] += f64::from(dist);
                }
                let own = lab[i];
                if counts[own] < 2 {
                    return 0.0;
                }
                let a = sums[own] / (counts[own] - 1) as f64;
                let b = (0..k)
                    .filter(|&c| c != own && counts[c] > 0)
                    .map(|c| sums[c] / counts[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                let denom = a.max(b);
                if denom > 0.0 {
                    (b - a) / denom
                } else {
                    0.0
                }
            },
        )
        .collect();
    Some(scores.iter().sum::<f64>() / m as f64)
}

/// `n` choose 2, in `f64` (exact up to 2⁵³, far beyond any listener count).
fn pairs(n: u64) -> f64 {
    let n = n as f64;
    n * (n - 1.0) / 2.0
}

/// Adjusted Rand index between two labelings of the same items (Hubert & Arabie, 1985).
///
/// With `n_ij` the contingency table of the two labelings, `a_i` and `b_j` its row and column
/// sums and `C(x) = x(x−1)/2`:
/// `ARI = (Σ C(n_ij) − E) / (½ (Σ C(a_i) + Σ C(b_j)) − E)` where `E = Σ C(a_i) · Σ C(b_j) / C(n)`.
/// Labels are arbitrary ids (only equality matters). When the denominator is zero — both
/// labelings put everything in one cluster, or everything apart — the partitions are identical
/// and the index is 1, as in scikit-learn. Empty input gives 1.
///
/// # Panics
/// When the labelings have different lengths.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    assert_eq!(a.len(), b.len(), "labelings of the same items");
    let mut table: HashMap<(u32, u32), u64> = HashMap::new();
    let mut rows: HashMap<u32, u64> = HashMap::new();
    let mut cols: HashMap<u32, u64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *table.entry((x, y)).or_default() += 1;
        *rows.entry(x).or_default() += 1;
        *cols.entry(y).or_default() += 1;
    }
    let index: f64 = table.values().map(|&c| pairs(c)).sum();
    let sum_a: f64 = rows.values().map(|&c| pairs(c)).sum();
    let sum_b: f64 = cols.values().map(|&c| pairs(c)).sum();
    let total = pairs(a.len() as u64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_a * sum_b / total;
    let max = 0.5 * (sum_a + sum_b);
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn ari_of_identical_and_renamed_labelings_is_one() {
        let a = [0, 0, 1, 1, 2, 2, 2];
        assert_eq!(adjusted_rand_index(&a, &a), 1.0);
        let renamed = [7, 7, 3, 3, 0, 0, 0];
        assert!((adjusted_rand_index(&a, &renamed) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn ari_matches_hand_computed_values() {
        // Contingency {(0,0): 2, (1,1): 1, (1,2): 1}: Σ C(n_ij) = 1, Σ C(a_i) = 2, Σ C(b_j) = 1,
        // C(4) = 6, E = 1/3, max = 3/2: ARI = (2/3) / (7/6) = 4/7 (scikit-learn agrees).
        let got = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]);
        assert!((got - 4.0 / 7.0).abs() < 1e-12, "{got}");
        // Crossed halves: Σ C(n_ij) = 0, E = 4/6, max = 2: ARI = −(2/3) / (4/3) = −1/2.
        let got = adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]);
        assert!((got + 0.5).abs() < 1e-12, "{got}");
        // Symmetric in its arguments.
        let (x, y) = ([0, 1, 1, 2, 2, 2, 0], [1, 1, 0, 2, 2, 0, 0]);
        assert!((adjusted_rand_index(&x, &y) - adjusted_rand_index(&y, &x)).abs() < 1e-12);
    }

    #[test]
    fn ari_of_degenerate_partitions() {
        assert_eq!(adjusted_rand_index(&[], &[]), 1.0);
        assert_eq!(adjusted_rand_index(&[4, 4, 4], &[1, 1, 1]), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 1, 2], &[5, 6, 7]), 1.0);
    }

    #[test]
    fn silhouette_of_two_far_blobs_is_near_one() {
        let mut x = Array2::<f32>::zeros((200, 3));
        let mut labels = vec![0u32; 200];
        for i in 0..200 {
            let far = i >= 100;
            labels[i] = u32::from(far);
            for j in 0..3 {
                let jitter = ((i * 7 + j * 3) % 11) as f32 * 0.01;
                x[[i, j]] = jitter + if far { 100.0 } else { 0.0 };
            }
        }
        let s = silhouette(x.view(), &labels, 1000, 1).unwrap();
        assert!(s > 0.99, "{s}");
        // Sampled: still near one, and the same for the same seed.
        let s1 = silhouette(x.view(), &labels, 50, 9).unwrap();
        assert!(s1 > 0.99);
        assert_eq!(s1, silhouette(x.view(), &labels, 50, 9).unwrap());
        // Labels that cut across the blobs score badly.
        let mixed: Vec<u32> = (0..200).map(|i| (i % 2) as u32).collect();
        assert!(silhouette(x.view(), &mixed, 1000, 1).unwrap() < 0.05);
    }

    #[test]
    fn silhouette_matches_a_hand_computed_line() {
        // Points 0, 1 (cluster a) and 4 (cluster b) on a line.
        // s(0) = (4 − 1)/4, s(1) = (3 − 1)/3, s(4) = 0 (alone): mean = (3/4 + 2/3) / 3.
        let x = Array2::from_shape_vec((3, 1), vec![0.0f32, 1.0, 4.0]).unwrap();
        let s = silhouette(x.view(), &[0, 0, 1], 10, 0).unwrap();
        assert!((s - (0.75 + 2.0 / 3.0) / 3.0).abs() < 1e-9, "{s}");
        assert_eq!(silhouette(x.view(), &[2, 2, 2], 10, 0), None);
    }
}
