//! Gaussian mixtures: the fit through linfa-clustering's `GaussianMixtureModel`, and the fitted
//! parameters kept as plain vectors so a stored model assigns new listeners without linfa.
//!
//! linfa-clustering 0.8.1 offers full covariances only (a port of scikit-learn 0.23's
//! `GaussianMixture(covariance_type="full")`), initialised from k-means responsibilities. Its EM
//! loop reports a failure to converge within the iteration budget as an error, and a covariance
//! that stops being positive definite as a linear-algebra error; both arrive here as
//! [`SegmentError::Gmm`] naming `k`. The fit runs in `f64`: Cholesky factors of 48 × 48
//! covariances and the log-likelihood bound that decides convergence need the precision.

use linfa::dataset::DatasetBase;
use linfa::traits::Fit;
use linfa_clustering::{GaussianMixtureModel, GmmInitMethod};
use ndarray::{Array2, ArrayView2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{SegmentError, SegmentParams};

/// The parameters of a fitted Gaussian mixture with full covariances, as stored with a segment
/// model: enough to assign new listeners ([`GmmComponents::assign`]) without linfa objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GmmComponents {
    /// Mixing weight of each component (they sum to 1).
    pub weights: Vec<f64>,
    /// Mean of each component: `k` vectors of `d` values.
    pub means: Vec<Vec<f64>>,
    /// Covariance of each component: `k` row-major `d × d` matrices of `d²` values.
    pub covariances: Vec<Vec<f64>>,
}

/// One component ready to score rows: its Cholesky factor and log-normaliser.
struct Prepared {
    mean: Vec<f64>,
    /// Lower-triangular `L` with `Σ = L Lᵀ`, row-major `d × d`.
    chol: Vec<f64>,
    /// `ln w − ½ (d ln 2π + ln det Σ)`.
    log_norm: f64,
}

impl GmmComponents {
    /// Number of components `k`.
    pub fn k(&self) -> usize {
        self.weights.len()
    }

    /// Dimension `d` of the rows the mixture scores.
    pub fn dim(&self) -> usize {
        self.means.first().map_or(0, Vec::len)
    }

    /// The most probable component of each row: `argmax_j ln w_j + ln N(x | μ_j, Σ_j)`, through
    /// each covariance's Cholesky factor (lowest index on ties). Fails when the rows have another
    /// width or a stored covariance is not positive definite.
    pub fn assign(&self, rows: ArrayView2<f32>) -> Result<Vec<u32>, SegmentError> {
        let d = self.dim();
        if rows.ncols() != d {
            return Err(SegmentError::Dimension {
                expected: d,
                found: rows.ncols(),
            });
        }
        let prepared = self.prepare()?;
        let rows = rows.as_standard_layout();
        let x = rows.as_slice().expect("standard layout is contiguous");
        if d == 0 {
            return Ok(vec![0; rows.nrows()]);
        }
        Ok(x.par_chunks(d)
            .map_init(
                || (vec![0.0f64; d], vec![0.0f64; d]),
                |(diff, y), row| best_component(&prepared, row, diff, y),
            )
            .collect())
    }

    fn prepare(&self) -> Result<Vec<Prepared>, SegmentError> {
        let d = self.dim();
        let ln_2pi = (2.0 * std::f64::consts::PI).ln();
        let k = self.k() as u32;
        let shape_error = |reason: String| SegmentError::Gmm { k, reason };
        if self.means.len() != self.k() || self.covariances.len() != self.k() {
            return Err(shape_error(
                "weights, means and covariances differ in number".into(),
            ));
        }
        self.means
            .iter()
            .zip(&self.covariances)
            .zip(&self.weights)
            .enumerate()
            .map(|(j, ((mean, cov), &w))| {
                if mean.len() != d || cov.len() != d * d {
                    return Err(shape_error(format!("component {j} has the wrong shape")));
                }
                let chol = cholesky(cov, d).ok_or_else(|| {
                    shape_error(format!("covariance {j} is not positive definite"))
                })?;
                let log_det: f64 = (0..d).map(|i| chol[i * d + i].ln()).sum::<f64>() * 2.0;
                Ok(Prepared {
                    mean: mean.clone(),
                    chol,
                    log_norm: w.ln() - 0.5 * (d as f64 * ln_2pi + log_det),
                })
            })
            .collect()
    }
}

/// Scores one row against every component (forward substitution `L y = x − μ`, Mahalanobis
/// distance `‖y‖²`) and returns the best.
fn best_component(prepared: &[Prepared], row: &[f32], diff: &mut [f64], y: &mut [f64]) -> u32 {
    let d = row.len();
    let mut best = (f64::NEG_INFINITY, 0u32);
    for (j, c) in prepared.iter().enumerate() {
        for ((o, &x), &m) in diff.iter_mut().zip(row).zip(&c.mean) {
            *o = f64::from(x) - m;
        }
        let mut maha = 0.0;
        for i in 0..d {
            let l = &c.chol[i * d..i * d + i];
            let s: f64 = l.iter().zip(&y[..i]).map(|(a, b)| a * b).sum();
            y[i] = (diff[i] - s) / c.chol[i * d + i];
            maha += y[i] * y[i];
        }
        let score = c.log_norm - 0.5 * maha;
        if score > best.0 {
            best = (score, j as u32);
        }
    }
    best.1
}

/// The lower Cholesky factor of a symmetric row-major `d × d` matrix, or `None` when it is not
/// positive definite (Cholesky–Banachiewicz order).
fn cholesky(a: &[f64], d: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|p| l[i * d + p] * l[j * d + p]).sum();
            if i == j {
                let v = a[i * d + i] - s;
                if !(v > 0.0 && v.is_finite()) {
                    return None;
                }
                l[i * d + i] = v.sqrt();
            } else {
                l[i * d + j] = (a[i * d + j] - s) / l[j * d + j];
            }
        }
    }
    Some(l)
}

/// Fits a `k`-component mixture by EM from linfa's k-means start (itself seeded from `seed`),
/// one EM run: linfa 0.8.1 does not re-initialise between its own runs, so more runs would only
/// repeat the same start.
pub(super) fn fit_gmm(
    x: &Array2<f64>,
    k: u32,
    params: &SegmentParams,
    seed: u64,
) -> Result<GmmComponents, SegmentError> {
    let failed = |e: linfa_clustering::GmmError| SegmentError::Gmm {
        k,
        reason: e.to_string(),
    };
    let model =
        GaussianMixtureModel::params_with_rng(k as usize, Xoshiro256Plus::seed_from_u64(seed))
            .n_runs(1)
            .max_n_iterations(u64::from(params.max_iterations))
            .tolerance(params.tolerance)
            .reg_covariance(params.gmm_reg_covariance)
            .init_method(GmmInitMethod::KMeans)
            .fit(&DatasetBase::from(x.view()))
            .map_err(failed)?;
    let d = x.ncols();
    Ok(GmmComponents {
        weights: model.weights().to_vec(),
        means: model.means().outer_iter().map(|m| m.to_vec()).collect(),
        covariances: model
            .covariances()
            .outer_iter()
            .map(|c| {
                let v: Vec<f64> = c.iter().copied().collect();
                debug_assert_eq!(v.len(), d * d);
                v
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn cholesky_of_a_known_matrix() {
        let a = [4.0, 2.0, 2.0, 3.0];
        let l = cholesky(&a, 2).unwrap();
        assert_eq!(l, vec![2.0, 0.0, 1.0, 2.0f64.sqrt()]);
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
    }

    #[test]
    fn assign_prefers_the_likelier_component_not_the_nearer_mean() {
        // A narrow component at 0 and a wide one at 3: the point 1.5 is equidistant from the
        // means but far likelier under the wide one.
        let gmm = GmmComponents {
            weights: vec![0.5, 0.5],
            means: vec![vec![0.0], vec![3.0]],
            covariances: vec![vec![0.01], vec![4.0]],
        };
        let rows = array![[0.0f32], [1.5], [3.0], [0.05]];
        assert_eq!(gmm.assign(rows.view()).unwrap(), vec![0, 1, 1, 0]);
        assert!(matches!(
            gmm.assign(array![[0.0f32, 1.0]].view()),
            Err(SegmentError::Dimension {
                expected: 1,
                found: 2
            })
        ));
        let bad = GmmComponents {
            covariances: vec![vec![0.0], vec![1.0]],
            ..gmm
        };
        assert!(matches!(
            bad.assign(rows.view()),
            Err(SegmentError::Gmm { .. })
        ));
    }
}
