//! Seeded gaussian blobs shared by the k-means and segments benchmarks (included with `#[path]`).

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use segue_core::segments::KMeansFloat;

/// `n × d` gaussian blobs around `k` centres in `[-10, 10]^d` with noise 4 (Box–Muller).
pub fn blobs<F: KMeansFloat>(n: usize, d: usize, k: usize, seed: u64) -> Array2<F> {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let centres: Vec<f64> = (0..k * d).map(|_| rng.gen_range(-10.0..10.0)).collect();
    let mut x = Array2::zeros((n, d));
    for mut row in x.rows_mut() {
        let c = rng.gen_range(0..k);
        for (j, v) in row.iter_mut().enumerate() {
            let (u, w): (f64, f64) = (1.0 - rng.gen::<f64>(), rng.gen());
            let g = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * w).cos();
            *v = F::narrow(centres[c * d + j] + 4.0 * g);
        }
    }
    x
}
