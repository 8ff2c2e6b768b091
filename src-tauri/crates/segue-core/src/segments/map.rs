//! # The segment map: listeners and centroids on the plane of their two main directions
//!
//! A principal component analysis is fitted on a seeded sample of at most `max_points` listeners,
//! and the sampled listeners and every centroid are projected on its first two components. The
//! sample keeps the map readable and the fit cheap whatever the number of listeners; the same
//! seed gives the same map. Each axis reports the share of the sample's total variance it
//! explains.
//!
//! The components are the leading eigenvectors of the sample's `d × d` covariance, from
//! linfa-linalg's dense symmetric eigensolver (Householder tridiagonalisation and implicit QR),
//! with each component's sign fixed so that its largest entry is positive. linfa-reduction 0.8.1's
//! `Pca` was the first choice, but without BLAS it runs a randomised LOBPCG that panics ("NaN
//! values in array") on plain 3,000 × 48 Gaussian blobs; the covariance route is exact,
//! deterministic and costs `O(m d²)`: about a millisecond at 3,000 × 48.

use linfa_linalg::eigh::Eigh;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use super::metrics::sample_rows;
use super::SegmentError;

/// Listeners drawn on a map by default: enough to show each segment's shape, few enough to draw.
pub const DEFAULT_MAP_POINTS: usize = 3_000;

/// One listener on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MapPoint {
    /// The listener's row in the fitted data.
    pub listener: u32,
    /// First principal component.
    pub x: f64,
    /// Second principal component.
    pub y: f64,
    /// The listener's segment.
    pub segment: u32,
}

/// One segment's centroid on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MapCentroid {
    /// The segment.
    pub segment: u32,
    /// First principal component.
    pub x: f64,
    /// Second principal component.
    pub y: f64,
}

/// The 2-D map of a segmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentMap {
    /// The sampled listeners, by increasing row.
    pub points: Vec<MapPoint>,
    /// Every centroid, by segment.
    pub centroids: Vec<MapCentroid>,
    /// Share of the sample's total variance along x and along y.
    pub explained_variance: [f64; 2],
}

/// Maps a seeded sample of at most `max_points` rows of `data` (labelled by `assignments`) and
/// every centroid onto the first two principal components of the sample. Needs at least two
/// dimensions and two rows; fails when the widths or lengths disagree.
pub fn map_segments(
    data: ArrayView2<f32>,
    assignments: &[u32],
    centroids: ArrayView2<f32>,
    max_points: usize,
    seed: u64,
) -> Result<SegmentMap, SegmentError> {
    let (n, d) = data.dim();
    if assignments.len() != n {
        return Err(SegmentError::Map(format!(
            "{} assignments for {n} listeners",
            assignments.len()
        )));
    }
    if centroids.ncols() != d {
        return Err(SegmentError::Dimension {
            expected: d,
            found: centroids.ncols(),
        });
    }
    if d < 2 {
        return Err(SegmentError::Map(format!(
            "a 2-D map needs at least 2 dimensions, the vectors have {d}"
        )));
    }
    let rows = sample_rows(n, max_points, seed);
    if rows.len() < 2 {
        return Err(SegmentError::Map("a map needs at least 2 listeners".into()));
    }
    let sample: Array2<f64> = data.select(Axis(0), &rows).mapv(f64::from);
    let plane = principal_plane(&sample)?;
    let projected = (&sample - &plane.mean).dot(&plane.components);
    let on_map = (&centroids.mapv(f64::from) - &plane.mean).dot(&plane.components);
    let total: f64 = sample.var_axis(Axis(0), 0.0).sum();
    let explained = |j: usize| {
        if total > 0.0 {
            plane.variances[j].max(0.0) / total
        } else {
            0.0
        }
    };
    Ok(SegmentMap {
        points: rows
            .iter()
            .zip(projected.outer_iter())
            .map(|(&r, p)| MapPoint {
                listener: r as u32,
                x: p[0],
                y: p[1],
                segment: assignments[r],
            })
            .collect(),
        centroids: on_map
            .outer_iter()
            .enumerate()
            .map(|(s, p)| MapCentroid {
                segment: s as u32,
                x: p[0],
                y: p[1],
            })
            .collect(),
        explained_variance: [explained(0), explained(1)],
    })
}

/// The plane of the first two principal components of a sample.
struct Plane {
    /// The sample's mean.
    mean: Array1<f64>,
    /// The two leading principal directions, `d × 2`: unit columns, largest entry positive.
    components: Array2<f64>,
    /// The variance along each.
    variances: [f64; 2],
}

/// The principal plane of the rows of `x` (at least two columns).
fn principal_plane(x: &Array2<f64>) -> Result<Plane, SegmentError> {
    let m = x.nrows() as f64;
    let mean = x.mean_axis(Axis(0)).expect("at least one row");
    let centred = x - &mean;
    let covariance = centred.t().dot(&centred) / m;
    let (values, vectors) = covariance
        .eigh()
        .map_err(|e| SegmentError::Map(e.to_string()))?;
    if values.iter().any(|v| !v.is_finite()) {
        return Err(SegmentError::Map(
            "the covariance has non-finite eigenvalues".into(),
        ));
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut components = Array2::zeros((x.ncols(), 2));
    for (j, &i) in order[..2].iter().enumerate() {
        let v = vectors.column(i);
        let largest = v
            .iter()
            .copied()
            .fold(0.0f64, |a, b| if b.abs() > a.abs() { b } else { a });
        let sign = if largest < 0.0 { -1.0 } else { 1.0 };
        components.column_mut(j).assign(&v.mapv(|c| c * sign));
    }
    Ok(Plane {
        mean,
        components,
        variances: [values[order[0]], values[order[1]]],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segments::reference::blobs;

    #[test]
    fn two_separated_blobs_map_to_separated_x_ranges() {
        // Two blobs 20 apart along every axis of 6 dimensions, unit noise.
        let (mut x, truth) = blobs::<f32>(4000, 6, 2, 1.0, 3);
        for (mut row, &t) in x.rows_mut().into_iter().zip(&truth) {
            row.fill(if t == 0 { 0.0 } else { 20.0 });
        }
        let noise = blobs::<f32>(4000, 6, 1, 1.0, 4).0;
        let x = x + &noise - &noise.mean_axis(Axis(0)).unwrap();
        let labels: Vec<u32> = truth.iter().map(|&t| t as u32).collect();
        let centroids = ndarray::array![[0.0f32; 6], [20.0f32; 6]];
        let map = map_segments(x.view(), &labels, centroids.view(), 500, 1).unwrap();
        assert_eq!(map.points.len(), 500);
        assert!(map.points.windows(2).all(|w| w[0].listener < w[1].listener));
        let range = |s: u32| {
            let xs = map.points.iter().filter(|p| p.segment == s).map(|p| p.x);
            xs.clone().fold(f64::INFINITY, f64::min)..=xs.fold(f64::NEG_INFINITY, f64::max)
        };
        let (a, b) = (range(0), range(1));
        assert!(a.end() < b.start() || b.end() < a.start(), "{a:?} {b:?}");
        // The centroids sit on either side, ~49 apart (20·√6); most variance is along x.
        let gap = (map.centroids[0].x - map.centroids[1].x).abs();
        assert!((gap - 20.0 * 6f64.sqrt()).abs() < 1.0, "{gap}");
        assert!(
            map.explained_variance[0] > 0.9,
            "{:?}",
            map.explained_variance
        );
        assert!(map.explained_variance[1] < 0.1);
        let sum: f64 = map.explained_variance.iter().sum();
        assert!(sum <= 1.0 + 1e-9);
        assert_eq!(
            map,
            map_segments(x.view(), &labels, centroids.view(), 500, 1).unwrap()
        );
    }

    #[test]
    fn mismatched_inputs_are_refused() {
        let x = Array2::<f32>::zeros((10, 3));
        let c = Array2::<f32>::zeros((2, 3));
        assert!(map_segments(x.view(), &[0; 9], c.view(), 100, 0).is_err());
        assert!(map_segments(x.view(), &[0; 10], Array2::zeros((2, 4)).view(), 100, 0).is_err());
        let thin = Array2::<f32>::zeros((10, 1));
        assert!(map_segments(thin.view(), &[0; 10], Array2::zeros((2, 1)).view(), 100, 0).is_err());
    }
}
