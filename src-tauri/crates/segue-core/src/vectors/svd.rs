//! Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp, "Finding structure
//! with randomness", SIAM Review 53(2), 2011).
//!
//! Algorithm 4.4 of the paper (randomized subspace iteration), then the "direct SVD" of §5.1:
//!
//! 1. `Ω` is an `n × l` Gaussian test matrix drawn from the seed, `l = k + oversampling`;
//! 2. `Q = orth(A Ω)`, then `power_iterations` times `Q = orth(A · orth(Aᵀ Q))`: each pass
//!    raises the singular values to a higher power, so the slowly decaying tail of a PPMI
//!    spectrum stops leaking into the captured subspace;
//! 3. `B = Qᵀ A` is small (`l × n`) and `A ≈ Q B`; instead of forming `B`, take the QR of
//!    `Bᵀ = Aᵀ Q = Q_z R`, so `B = Rᵀ Q_zᵀ`, and the SVD of the `l × l` matrix `Rᵀ = U_b Σ V_bᵀ`
//!    gives `A ≈ (Q U_b) Σ (Q_z V_b)ᵀ`: the left singular vectors are `Q U_b`.
//!
//! Re-orthonormalization of the tall `· × l` matrices is CholeskyQR2 (Yamamoto et al., "Roundoff
//! error analysis of the CholeskyQR2 algorithm", 2015): two rounds of Gram matrix, Cholesky and
//! triangular solve, each a parallel pass of small dense products. When the matrix is too
//! ill-conditioned for it (rank-deficient samples of a tiny matrix, for instance) it falls back
//! to linfa-linalg's Householder QR, which is stable for any input. The small SVD and the
//! Cholesky factorizations are linfa-linalg's too. Every reduction runs over fixed blocks in a
//! fixed order: the result depends on the seed, never on the number of threads.

use linfa_linalg::cholesky::Cholesky;
use linfa_linalg::qr::QR;
use linfa_linalg::svd::{SvdSort, SVD};
use linfa_linalg::triangular::{SolveTriangular, UPLO};
use ndarray::{Array2, Axis, Slice};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use super::sparse::Csr;
use super::VectorError;

/// Rows per block of the parallel dense passes (fixed, so sums are reduced in a fixed order).
const BLOCK_ROWS: usize = 4096;

/// The leading singular triplets of a matrix, without the right vectors.
#[derive(Debug, Clone)]
pub(crate) struct TruncatedSvd {
    /// Left singular vectors, `n_rows × rank`, each column's largest entry positive.
    pub u: Array2<f64>,
    /// Singular values, descending.
    pub s: Vec<f64>,
}

/// How many products a call of [`randomized_svd`] makes (for progress reporting).
pub(crate) fn n_products(power_iterations: usize) -> usize {
    2 * power_iterations + 2
}

/// The leading `rank` singular triplets of `a` (`at` is its transpose), with `rank` capped at
/// the matrix's smaller side. `step` runs after each sparse product; an error from it (a
/// cancellation) stops the work.
pub(crate) fn randomized_svd(
    a: &Csr,
    at: &Csr,
    rank: usize,
    oversampling: usize,
    power_iterations: usize,
    seed: u64,
    step: &mut dyn FnMut() -> Result<(), VectorError>,
) -> Result<TruncatedSvd, VectorError> {
    let l = (rank + oversampling).min(a.n_rows).min(a.n_cols);
    let rank = rank.min(l);
    if rank == 0 {
        return Ok(TruncatedSvd {
            u: Array2::zeros((a.n_rows, 0)),
            s: Vec::new(),
        });
    }
    let omega = gaussian(a.n_cols, l, seed);
    let mut q = a.mul_dense(&omega);
    drop(omega);
    step()?;
    orthonormalize(&mut q)?;
    for _ in 0..power_iterations {
        let mut z = at.mul_dense(&q);
        step()?;
        orthonormalize(&mut z)?;
        q = a.mul_dense(&z);
        step()?;
        orthonormalize(&mut q)?;
    }
    let mut z = at.mul_dense(&q);
    step()?;
    let r = orthonormalize(&mut z)?;
    drop(z);
    let (ub, sigma, _) = r.t().svd(true, false)?.sort_svd_desc();
    let ub = ub.ok_or_else(|| VectorError::Linalg("the SVD returned no left vectors".into()))?;
    let mut u = dense_mul(&q, &ub.slice_axis(Axis(1), Slice::from(..rank)).to_owned());
    for mut col in u.axis_iter_mut(Axis(1)) {
        let peak = col
            .iter()
            .copied()
            .fold(0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if peak < 0.0 {
            col.mapv_inplace(|v| -v);
        }
    }
    Ok(TruncatedSvd {
        u,
        s: sigma.iter().take(rank).copied().collect(),
    })
}

/// An `n × l` matrix of independent standard normal draws (Box–Muller), from the seed.
fn gaussian(n: usize, l: usize, seed: u64) -> Array2<f64> {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut out = Array2::<f64>::zeros((n, l));
    let flat = out.as_slice_mut().expect("fresh arrays are contiguous");
    for pair in flat.chunks_mut(2) {
        let u1: f64 = 1.0 - rng.gen::<f64>(); // in (0, 1]: ln is finite
        let u2: f64 = rng.gen();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        pair[0] = r * c;
        if let Some(second) = pair.get_mut(1) {
            *second = r * s;
        }
    }
    out
}

/// Replaces the tall matrix `y` (rows ≥ columns) by an orthonormal basis `Q` of its columns and
/// returns the upper-triangular `R` with `y = Q R`.
pub(crate) fn orthonormalize(y: &mut Array2<f64>) -> Result<Array2<f64>, VectorError> {
    if let Some(r) = cholesky_qr2(y)? {
        return Ok(r);
    }
    let (q, r) = y.qr()?.into_decomp();
    *y = q;
    Ok(r)
}

/// CholeskyQR2 in place; `None` (with `y` untouched) when `y` is too ill-conditioned for it.
fn cholesky_qr2(y: &mut Array2<f64>) -> Result<Option<Array2<f64>>, VectorError> {
    let Some(l1) = gram(y).cholesky().ok() else {
        return Ok(None);
    };
    let r1 = l1.t().to_owned();
    let r1_inv = upper_inverse(&r1)?;
    let q1 = dense_mul(y, &r1_inv);
    // The first round leaves Q1 with condition number about cond(y)² · 1e-16; the second round
    // is accurate to rounding only if Q1 is already close to orthonormal.
    let g2 = gram(&q1);
    let off: f64 = g2
        .indexed_iter()
        .map(|((i, j), v)| (v - if i == j { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        .sqrt();
    if off.is_nan() || off >= 0.5 {
        return Ok(None);
    }
    let Some(l2) = g2.cholesky().ok() else {
        return Ok(None);
    };
    let r2 = l2.t().to_owned();
    *y = dense_mul(&q1, &upper_inverse(&r2)?);
    Ok(Some(r2.dot(&r1)))
}

/// The inverse of an invertible upper-triangular matrix.
fn upper_inverse(r: &Array2<f64>) -> Result<Array2<f64>, VectorError> {
    Ok(r.solve_triangular(&Array2::eye(r.nrows()), UPLO::Upper)?)
}

/// `yᵀ y`, summed over fixed row blocks in order.
fn gram(y: &Array2<f64>) -> Array2<f64> {
    let l = y.ncols();
    let parts: Vec<Array2<f64>> = y
        .axis_chunks_iter(Axis(0), BLOCK_ROWS)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|block| block.t().dot(&block))
        .collect();
    parts
        .into_iter()
        .fold(Array2::zeros((l, l)), |acc, p| acc + p)
}

/// `y · m` for a tall `y` and a small square-ish `m`, in parallel over row blocks.
fn dense_mul(y: &Array2<f64>, m: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((y.nrows(), m.ncols()));
    let blocks: Vec<_> = y.axis_chunks_iter(Axis(0), BLOCK_ROWS).collect();
    let outs: Vec<_> = out.axis_chunks_iter_mut(Axis(0), BLOCK_ROWS).collect();
    blocks
        .into_par_iter()
        .zip(outs.into_par_iter())
        .for_each(|(b, mut o)| o.assign(&b.dot(m)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_orthonormal(q: &Array2<f64>) -> bool {
        let g = q.t().dot(q);
        g.indexed_iter()
            .all(|((i, j), v)| (v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-10)
    }

    #[test]
    fn orthonormalization_reproduces_the_matrix_on_both_paths() {
        let y = gaussian(5000, 7, 3);
        let mut q = y.clone();
        let r = orthonormalize(&mut q).unwrap();
        assert!(is_orthonormal(&q));
        assert!((q.dot(&r) - &y).iter().all(|d| d.abs() < 1e-9));
        // Rank-deficient: two equal columns send it to Householder, which still gives a basis.
        let mut y = gaussian(50, 4, 5);
        let c0 = y.column(0).to_owned();
        y.column_mut(3).assign(&c0);
        let mut q = y.clone();
        let r = orthonormalize(&mut q).unwrap();
        assert!(is_orthonormal(&q));
        assert!((q.dot(&r) - &y).iter().all(|d| d.abs() < 1e-9));
    }
}
