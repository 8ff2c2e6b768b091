//! The sparse track × context matrix, its PPMI weighting and its products with tall dense matrices.
//!
//! The matrix is only ever held in compressed sparse rows (CSR), once as tracks × contexts and
//! once transposed, so a catalogue of a million tracks and a hundred thousand listeners costs a
//! few bytes per non-zero, never a dense `n_tracks × n_contexts` array. Products with dense
//! `· × l` matrices (l ≈ 42) run in parallel over rows; each output row is computed by one thread
//! in a fixed order, so results do not depend on the number of threads.

use ndarray::Array2;
use rayon::prelude::*;

use super::{ListenerHistories, VectorError};

/// A sparse matrix in compressed sparse rows: row `r`'s entries are
/// `indices[indptr[r]..indptr[r + 1]]` (strictly increasing columns) with their `values`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Csr {
    pub n_rows: usize,
    pub n_cols: usize,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl Csr {
    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Stored entries of row `r`, as (columns, values).
    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        let span = self.indptr[r]..self.indptr[r + 1];
        (&self.indices[span.clone()], &self.values[span])
    }

    /// The contexts × tracks count matrix: one row per playlist (each occurrence of a track counts
    /// 1), then one per listener (each track counts its history weight; non-positive weights are
    /// left out). Duplicates within a context add up.
    pub fn contexts(
        n_tracks: usize,
        playlists: &[Vec<u32>],
        histories: &ListenerHistories,
    ) -> Result<Csr, VectorError> {
        let n_rows = playlists.len() + histories.len();
        let nnz_bound = playlists.iter().map(Vec::len).sum::<usize>() + histories.nnz();
        let mut m = Csr {
            n_rows,
            n_cols: n_tracks,
            indptr: Vec::with_capacity(n_rows + 1),
            indices: Vec::with_capacity(nnz_bound),
            values: Vec::with_capacity(nnz_bound),
        };
        m.indptr.push(0);
        let mut buf: Vec<(u32, f32)> = Vec::new();
        let rows = playlists
            .iter()
            .map(|p| p.iter().map(|&t| (t, 1.0f32)).collect::<Vec<_>>())
            .chain((0..histories.len()).map(|l| {
                let (t, w) = histories.get(l);
                t.iter()
                    .copied()
                    .zip(w.iter().copied())
                    .filter(|(_, w)| *w > 0.0)
                    .collect()
            }));
        for (context, row) in rows.enumerate() {
            buf.clear();
            buf.extend(row);
            if let Some(&(track, _)) = buf.iter().find(|(t, _)| *t as usize >= n_tracks) {
                return Err(VectorError::TrackOutOfRange {
                    context,
                    track,
                    n_tracks,
                });
            }
            buf.sort_unstable_by_key(|(t, _)| *t);
            let row_start = m.indices.len();
            for &(t, w) in &buf {
                if m.indices.len() > row_start && m.indices.last() == Some(&t) {
                    *m.values.last_mut().expect("a value per index") += w;
                } else {
                    m.indices.push(t);
                    m.values.push(w);
                }
            }
            m.indptr.push(m.indices.len());
        }
        Ok(m)
    }

    /// The transpose, by a counting sort over columns (rows stay in increasing order).
    pub fn transpose(&self) -> Csr {
        let mut indptr = vec![0usize; self.n_cols + 1];
        for &c in &self.indices {
            indptr[c as usize + 1] += 1;
        }
        for c in 0..self.n_cols {
            indptr[c + 1] += indptr[c];
        }
        let mut next = indptr[..self.n_cols].to_vec();
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0f32; self.nnz()];
        for r in 0..self.n_rows {
            let (cols, vals) = self.row(r);
            for (&c, &v) in cols.iter().zip(vals) {
                let at = &mut next[c as usize];
                indices[*at] = r as u32;
                values[*at] = v;
                *at += 1;
            }
        }
        Csr {
            n_rows: self.n_cols,
            n_cols: self.n_rows,
            indptr,
            indices,
            values,
        }
    }

    /// Number of stored entries in each row.
    pub fn row_counts(&self) -> Vec<u32> {
        self.indptr
            .windows(2)
            .map(|w| (w[1] - w[0]) as u32)
            .collect()
    }

    /// Positive pointwise mutual information with context-distribution smoothing (Levy, Goldberg
    /// & Dagan 2015), of a tracks × contexts count matrix:
    ///
    /// `PPMI(t, c) = max(0, ln( n(t,c) · Σ_c' n(c')^α / (n(t) · n(c)^α) ))`
    ///
    /// where `n(t)` and `n(c)` are row and column sums. Entries that come out ≤ 0 are dropped, so
    /// the result is usually sparser than the counts.
    pub fn ppmi(&self, alpha: f64) -> Csr {
        let mut col_sum = vec![0f64; self.n_cols];
        for (&c, &v) in self.indices.iter().zip(&self.values) {
            col_sum[c as usize] += f64::from(v);
        }
        let smoothed: Vec<f64> = col_sum.iter().map(|s| s.powf(alpha)).collect();
        let z: f64 = smoothed.iter().sum();
        let rows: Vec<(Vec<u32>, Vec<f32>)> = (0..self.n_rows)
            .into_par_iter()
            .map(|r| {
                let (cols, vals) = self.row(r);
                let row_sum: f64 = vals.iter().map(|&v| f64::from(v)).sum();
                cols.iter()
                    .zip(vals)
                    .filter_map(|(&c, &v)| {
                        let pmi = (f64::from(v) * z / (row_sum * smoothed[c as usize])).ln();
                        (pmi > 0.0).then_some((c, pmi as f32))
                    })
                    .unzip()
            })
            .collect();
        let mut out = Csr {
            n_rows: self.n_rows,
            n_cols: self.n_cols,
            indptr: Vec::with_capacity(self.n_rows + 1),
            indices: Vec::with_capacity(self.nnz()),
            values: Vec::with_capacity(self.nnz()),
        };
        out.indptr.push(0);
        for (cols, vals) in rows {
            out.indices.extend_from_slice(&cols);
            out.values.extend_from_slice(&vals);
            out.indptr.push(out.indices.len());
        }
        out
    }

    /// The dense matrix (tests only).
    #[cfg(test)]
    pub fn to_dense(&self) -> Array2<f64> {
        let mut m = Array2::zeros((self.n_rows, self.n_cols));
        for r in 0..self.n_rows {
            let (cols, vals) = self.row(r);
            for (&j, &v) in cols.iter().zip(vals) {
                m[[r, j as usize]] = f64::from(v);
            }
        }
        m
    }

    /// `self · x` for a dense `x` of shape `n_cols × l`, in parallel over rows.
    pub fn mul_dense(&self, x: &Array2<f64>) -> Array2<f64> {
        assert_eq!(x.nrows(), self.n_cols, "inner dimensions agree");
        let l = x.ncols();
        let mut out = Array2::<f64>::zeros((self.n_rows, l));
        if l == 0 {
            return out;
        }
        let xs = x.as_standard_layout();
        let xs = xs.as_slice().expect("standard layout is contiguous");
        let flat = out.as_slice_mut().expect("fresh arrays are contiguous");
        flat.par_chunks_mut(l)
            .enumerate()
            .with_min_len(256)
            .for_each(|(r, acc)| {
                let (cols, vals) = self.row(r);
                for (&c, &v) in cols.iter().zip(vals) {
                    let v = f64::from(v);
                    let src = &xs[c as usize * l..(c as usize + 1) * l];
                    for (a, s) in acc.iter_mut().zip(src) {
                        *a += v * s;
                    }
                }
            });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppmi_matches_a_hand_computed_case() {
        // Contexts: c0 = [t0 ×4, t1], c1 = [t1, t2], c2 = [t2]. Rows (tracks): 4, 2, 2; columns: 5, 2, 1.
        let playlists = vec![vec![0, 0, 0, 0, 1], vec![1, 2], vec![2]];
        let counts = Csr::contexts(3, &playlists, &ListenerHistories::new())
            .unwrap()
            .transpose();
        assert_eq!(
            counts.to_dense(),
            ndarray::array![[4.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]
        );
        assert_eq!(counts.row_counts(), vec![1, 2, 2]);
        // α = 1: PMI = ln(n(t,c)·D / (n(t)·n(c))), D = 8; ln(0.8) < 0 is dropped.
        let p = counts.ppmi(1.0).to_dense();
        let want = [
            [1.6f64.ln(), 0.0, 0.0],
            [0.0, 2f64.ln(), 0.0],
            [0.0, 2f64.ln(), 4f64.ln()],
        ];
        for (i, row) in want.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                assert!(
                    (p[[i, j]] - w).abs() < 1e-6,
                    "({i},{j}): {} vs {w}",
                    p[[i, j]]
                );
            }
        }
        // α = 0.75 lifts the rare context c2: Z = 5^.75 + 2^.75 + 1.
        let z = 5f64.powf(0.75) + 2f64.powf(0.75) + 1.0;
        let p = counts.ppmi(0.75).to_dense();
        assert!((p[[2, 2]] - (z / 2.0).ln()).abs() < 1e-6);
        assert!((p[[0, 0]] - (z / 5f64.powf(0.75)).ln()).abs() < 1e-6);
        assert_eq!(
            p[[1, 0]],
            0.0,
            "ln(Z / (2 · 5^0.75)) = ln 0.90 < 0 is dropped"
        );
    }
}
