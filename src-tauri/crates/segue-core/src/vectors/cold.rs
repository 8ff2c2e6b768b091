//! Cold start: a collaborative part for tracks nobody has played together yet.
//!
//! A new release has audio features but no co-occurrence, so its collaborative part would be
//! zero (or noise from a single playlist) and it would never be picked for anyone. Instead we fit
//! a linear map from content to collaborative parts on the tracks that have both — a ridge
//! regression in closed form, `W = (XᵀX + λI')⁻¹ XᵀY` with an unpenalized intercept (`I'` is the
//! identity with a 0 for the intercept) — and use it to predict the collaborative part of every
//! cold track. Tracks that sound like the catalogue's popular tracks land where those are played.

use linfa_linalg::cholesky::SolveC;
use ndarray::{Array2, ArrayView2, Axis, Slice};

use super::VectorError;

/// A fitted map from content parts to collaborative parts.
#[derive(Debug, Clone)]
pub(crate) struct ContentToCollab {
    /// `(content_dims + 1) × collab_dims`; the last row is the intercept.
    w: Array2<f64>,
}

impl ContentToCollab {
    /// Fits the map on the `rows` of `content` (tracks × content dims) and `collab` (tracks ×
    /// collab dims) with penalty `lambda`; `None` when `rows` is empty.
    pub fn fit(
        content: ArrayView2<f32>,
        collab: ArrayView2<f32>,
        rows: &[usize],
        lambda: f64,
    ) -> Result<Option<Self>, VectorError> {
        if rows.is_empty() {
            return Ok(None);
        }
        let d = content.ncols();
        let mut x = Array2::<f64>::ones((rows.len(), d + 1));
        x.slice_axis_mut(Axis(1), Slice::from(..d))
            .assign(&content.select(Axis(0), rows).mapv(f64::from));
        let y = collab.select(Axis(0), rows).mapv(f64::from);
        let mut a = x.t().dot(&x);
        for i in 0..d {
            a[[i, i]] += lambda;
        }
        let b = x.t().dot(&y);
        let w = a.solvec(&b)?;
        Ok(Some(Self { w }))
    }

    /// The predicted collaborative part of a track with this content part.
    pub fn predict(&self, content: &[f32], out: &mut [f32]) {
        let d = self.w.nrows() - 1;
        debug_assert_eq!((content.len(), out.len()), (d, self.w.ncols()));
        for (j, o) in out.iter_mut().enumerate() {
            let mut acc = self.w[[d, j]];
            for (i, &c) in content.iter().enumerate() {
                acc += f64::from(c) * self.w[[i, j]];
            }
            *o = acc as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn recovers_a_linear_map_when_the_penalty_is_small() {
        // collab = [2·c0 − c1 + 1, c1]; three exact rows and a fourth left out of the fit.
        let content = array![
            [0.0f32, 0.0],
            [1.0, 0.0],
            [0.0, 1.0],
            [1.0, 1.0],
            [3.0, -2.0]
        ];
        let collab = content.map_axis(Axis(1), |c| [2.0 * c[0] - c[1] + 1.0, c[1]]);
        let collab = Array2::from_shape_fn((5, 2), |(i, j)| collab[i][j]);
        let map = ContentToCollab::fit(content.view(), collab.view(), &[0, 1, 2, 3], 1e-9)
            .unwrap()
            .unwrap();
        let mut out = [0f32; 2];
        map.predict(&[3.0, -2.0], &mut out);
        assert!(
            (out[0] - 9.0).abs() < 1e-4 && (out[1] + 2.0).abs() < 1e-4,
            "{out:?}"
        );
        assert!(
            ContentToCollab::fit(content.view(), collab.view(), &[], 1.0)
                .unwrap()
                .is_none()
        );
    }
}
