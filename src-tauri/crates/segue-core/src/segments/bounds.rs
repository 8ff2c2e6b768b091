//! Hamerly's bounds: a Lloyd step that skips the rows whose nearest centroid provably cannot have
//! changed (G. Hamerly, "Making k-means even faster", SIAM SDM 2010).
//!
//! Each row keeps an upper bound `u` on the distance to its centroid `a` and a lower bound `l` on
//! the distance to every other centroid. When centroids move by `δ`, `u` grows by `δ_a` and `l`
//! shrinks by the largest other `δ`; with `s_a` half the distance from `a` to its nearest other
//! centroid, every other centroid is at least `max(l, 2·s_a − u)` away. A row whose `u` is below
//! that keeps its centroid without computing any distance. After a few iterations most rows do,
//! so a run's long tail of small moves costs little more than reading the rows.
//!
//! The skip is made exact for *this* kernel, not only in exact arithmetic: the kernel ranks
//! centroids by `x·c − ‖c‖²/2` computed in the data's type, with an error of at most
//! `E = γ·(‖x‖·C + C²/2)` (`C` the largest centroid norm, `γ = 2(d + 2)·ε`, twice the classic
//! bound for a length-`d` dot product). A row is skipped only when the squared gap exceeds `4E`,
//! so the kernel would have chosen the same centroid; rows that are not skipped go through the
//! same kernel. So a pruned step assigns exactly the rows a plain step would.
//!
//! Reading every row to re-add it to its cluster's sum would make a pruned step as slow as a plain
//! one (both are then bound by memory), so after its first step (which scores and sums every row
//! and sets the bounds) a pruned run keeps the sums and only moves the rows that changed cluster,
//! in f64. Centroids then differ from a plain run's by the rounding of those updates (about
//! 1e-15 relative); the tests hold pruned and plain fits to the same labels and iterations.
//! Bounds start once a step moves fewer than 1/8 of the rows; before that they would not pay.

use pulp::Simd;

use super::kernel::{finish, score, sq_dist_f64, Block, Scored, FLUSH_ROWS};
use super::KMeansFloat;

/// One row's bounds, and its squared norm (fixed for the fit).
#[derive(Clone, Copy, Default)]
pub(crate) struct RowBound {
    upper: f64,
    lower: f64,
    norm2: f64,
}

impl RowBound {
    /// A row of `x` with no bounds yet.
    pub(crate) fn new<F: KMeansFloat>(x: &[F]) -> Self {
        RowBound {
            upper: f64::INFINITY,
            lower: 0.0,
            norm2: x.iter().map(|v| v.widen() * v.widen()).sum(),
        }
    }
}

/// What every row's test needs to know about the centroids of this step.
#[derive(Default)]
pub(crate) struct Geometry {
    /// How far each centroid moved in the last update.
    pub(crate) drift: Vec<f64>,
    /// Half the distance from each centroid to its nearest other centroid.
    half_gap: Vec<f64>,
    /// Largest and second largest drift, and the centroid with the largest.
    max_drift: (f64, f64, usize),
    /// Largest centroid norm, and `γ` of the error bound.
    max_norm: f64,
    gamma: f64,
    /// No bounds are valid yet: score every row.
    pub(crate) fresh: bool,
}

impl Geometry {
    /// Room for `k` centroids.
    pub(crate) fn new(k: usize) -> Self {
        Geometry {
            drift: vec![0.0; k],
            half_gap: vec![0.0; k],
            fresh: true,
            ..Default::default()
        }
    }

    /// Prepares a step with `centroids` (`k × d`), whose moves are already in `drift`.
    pub(crate) fn prepare<F: KMeansFloat>(&mut self, centroids: &[F], d: usize) {
        let k = self.drift.len();
        // Slack for the f64 rounding of these distances (relative 1e-16 per operation).
        const SLACK: f64 = 1e-12;
        let mut top = (0.0, 0.0, 0);
        for (c, &m) in self.drift.iter().enumerate() {
            let m = m * (1.0 + SLACK);
            if m > top.0 {
                top = (m, top.0, c);
            } else if m > top.1 {
                top.1 = m;
            }
        }
        self.max_drift = top;
        for c in 0..k {
            let row = &centroids[c * d..][..d];
            let nearest = (0..k)
                .filter(|&o| o != c)
                .map(|o| sq_dist_f64(row, &centroids[o * d..][..d]))
                .fold(f64::INFINITY, f64::min);
            self.half_gap[c] = 0.5 * nearest.sqrt() * (1.0 - SLACK);
        }
        let norm2 = centroids
            .chunks_exact(d)
            .map(|c| c.iter().map(|v| v.widen() * v.widen()).sum::<f64>());
        self.max_norm = norm2.fold(0.0, f64::max).sqrt();
        self.gamma = 2.0 * (d as f64 + 2.0) * F::epsilon().widen();
    }

    /// The kernel's worst error on a squared distance gap, for a row of squared norm `norm2`.
    #[inline(always)]
    fn margin(&self, norm2: f64) -> f64 {
        4.0 * self.gamma * (norm2.sqrt() * self.max_norm + 0.5 * self.max_norm * self.max_norm)
    }

    /// Whether a row at distance at most `u` from its centroid `a`, and at least `l` from any
    /// other, certainly keeps `a`.
    #[inline(always)]
    fn keeps(&self, a: usize, u: f64, l: f64, margin: f64) -> bool {
        let others = l.max(2.0 * self.half_gap[a] - u);
        others > 0.0 && u * u + margin < others * others
    }
}

/// A Lloyd step over one block with Hamerly's test in front of the kernel.
pub(crate) struct PrunedBlock<'a, F> {
    pub(crate) block: Block<'a, F, true>,
    pub(crate) bounds: &'a mut [RowBound],
    pub(crate) geometry: &'a Geometry,
    /// Scratch for the rows to score and their new labels (capacity [`FLUSH_ROWS`]).
    pub(crate) todo: &'a mut Vec<(u32, u32)>,
}

impl<F: KMeansFloat> pulp::WithSimd for PrunedBlock<'_, F> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        match self.block.panels.vectors() {
            1 => pruned::<S, F, 1, 8>(simd, self),
            2 => pruned::<S, F, 2, 4>(simd, self),
            3 => pruned::<S, F, 3, 3>(simd, self),
            _ => pruned::<S, F, 4, 2>(simd, self),
        }
    }
}

/// For each run of rows: test every row, score the ones that fail in groups of `R`, then
/// accumulate every row in order (exactly as the plain step does).
#[inline(always)]
fn pruned<S: Simd, F: KMeansFloat, const P: usize, const R: usize>(
    simd: S,
    pb: PrunedBlock<'_, F>,
) {
    let PrunedBlock {
        block: b,
        bounds,
        geometry: g,
        todo,
    } = pb;
    b.totals.reset(true);
    let d = b.panels.d();
    let runs =
        b.x.chunks(FLUSH_ROWS * d)
            .zip(b.labels.chunks_mut(FLUSH_ROWS))
            .zip(bounds.chunks_mut(FLUSH_ROWS));
    for ((x, labels), bounds) in runs {
        todo.clear();
        for (i, (rb, &a)) in bounds.iter_mut().zip(labels.iter()).enumerate() {
            if g.fresh {
                todo.push((i as u32, 0));
                continue;
            }
            let a = a as usize;
            let (dmax, dsecond, at) = g.max_drift;
            let margin = g.margin(rb.norm2);
            rb.upper += g.drift[a];
            rb.lower -= if a == at { dsecond } else { dmax };
            if g.keeps(a, rb.upper, rb.lower, margin) {
                continue;
            }
            rb.upper = sq_dist_f64(&x[i * d..][..d], &b.centroids[a * d..][..d]).sqrt();
            if !g.keeps(a, rb.upper, rb.lower, margin) {
                todo.push((i as u32, 0));
            }
        }
        b.totals.scored += todo.len() as u64;
        let full = todo.len() / R * R;
        for g0 in (0..full).step_by(R) {
            let rows: [&[F]; R] = std::array::from_fn(|r| &x[todo[g0 + r].0 as usize * d..][..d]);
            let scored = score::<S, F, P, R, true>(simd, rows, b.panels);
            for (r, s) in scored.iter().enumerate() {
                update(&mut todo[g0 + r], s, bounds, g);
            }
        }
        for t in full..todo.len() {
            let row = &x[todo[t].0 as usize * d..][..d];
            let [s] = score::<S, F, P, 1, true>(simd, [row], b.panels);
            update(&mut todo[t], &s, bounds, g);
        }
        if g.fresh {
            // Every row was scored: sum them all, in order, as the plain step does.
            for (&(i, label), slot) in todo.iter().zip(labels.iter_mut()) {
                finish::<F, true>(
                    &x[i as usize * d..][..d],
                    label,
                    slot,
                    b.centroids,
                    b.totals,
                );
            }
            b.totals.flush();
            continue;
        }
        // Otherwise only the rows that moved change the sums: out of the old cluster, into the new.
        for &(i, label) in todo.iter() {
            let old = labels[i as usize];
            if old == label {
                continue;
            }
            labels[i as usize] = label;
            let t = &mut *b.totals;
            t.changed += 1;
            t.counts[label as usize] += 1;
            t.counts[old as usize] -= 1;
            let row = &x[i as usize * d..][..d];
            for (s, &v) in t.sums[label as usize * d..][..d].iter_mut().zip(row) {
                *s += v.widen();
            }
            for (s, &v) in t.sums[old as usize * d..][..d].iter_mut().zip(row) {
                *s -= v.widen();
            }
        }
    }
}

/// Records a scored row's new label and fresh bounds.
#[inline(always)]
fn update<F: KMeansFloat>(
    todo: &mut (u32, u32),
    s: &Scored<F>,
    bounds: &mut [RowBound],
    g: &Geometry,
) {
    let rb = &mut bounds[todo.0 as usize];
    todo.1 = s.label;
    // `‖x − c‖² = ‖x‖² − 2·score`, give or take twice the score's error.
    let slack = 0.5 * g.margin(rb.norm2);
    rb.upper = (rb.norm2 - 2.0 * s.best.widen() + slack).max(0.0).sqrt();
    // Every other centroid scored at most `second`, so is at least this far.
    rb.lower = (rb.norm2 - 2.0 * s.second.widen() - slack).max(0.0).sqrt();
}
