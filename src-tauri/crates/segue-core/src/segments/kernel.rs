//! The fused k-means kernel: one pass over a block of rows that scores every centroid, picks the
//! nearest and either accumulates the row into its cluster's partial sums (a Lloyd step) or adds
//! its exact squared distance to the inertia (the final assignment).
//!
//! Why this shape: a Lloyd iteration reads every row once, so the work is `n·k·d` multiply-adds
//! against `n·d` loads. Doing distances, argmin and accumulation in one pass keeps each row in
//! registers and L1 while it is used, and never writes the `n × k` distance matrix that a
//! matrix-multiply formulation (scikit-learn's) has to write and read back.
//!
//! Layout: centroids are transposed into *panels* of `P` vectors (`P × lanes` centroids, `P` at
//! most 4), stored dimension-major, so one dimension of a panel's centroids is `P` adjacent
//! vectors. For a group of `R` rows, each row value `x[j]` is broadcast and multiplied into the
//! `P` vectors, giving `R × P` accumulators (about 8) that stay in vector registers for the whole
//! row (register blocking, as in a GEMM micro-kernel). Each accumulator starts at `−‖c‖²/2`, so
//! after the loop it holds `x·c − ‖c‖²/2`, and the nearest centroid is its argmax, since
//! `‖x − c‖² = ‖x‖² − 2(x·c − ‖c‖²/2)` and `‖x‖²` is the same for every centroid. Padding lanes
//! start at `−∞` and never win. The argmax is a vector maximum, then the lowest lane equal to it.
//!
//! The workspace forbids `unsafe`, so the SIMD goes through [`pulp`]: it detects the processor
//! once (AVX-512, AVX2 + FMA, or its portable fallback; NEON on aarch64) and runs the generic
//! kernel inside a function compiled with those target features, with explicit vector types.
//! Everything below [`Block::run`] is `#[inline(always)]` so that it is compiled that way too.

use pulp::{Arch, Simd, WithSimd};

use super::simd::panel_vectors;
use super::KMeansFloat;

/// Centroids rearranged for the kernel: panels of `width` centroids (`vectors` vectors of
/// `lanes`), dimension-major, with the bias `−‖c‖²/2` per lane; the panels start on a 64-byte
/// boundary. Allocated once per fit and refilled every iteration.
pub(crate) struct Panels<F> {
    vectors: usize,
    width: usize,
    k: usize,
    d: usize,
    coef: Vec<F>,
    coef_at: usize,
    coef_len: usize,
    bias: Vec<F>,
    bias_at: usize,
    bias_len: usize,
    /// `0, 1, 2, …` as `F`, one per lane of a panel: lane indices for the argmax.
    iota: Vec<F>,
}

/// Offset (in elements) of the first 64-byte boundary in `v`.
fn aligned_start<F>(v: &[F]) -> usize {
    let size = std::mem::size_of::<F>();
    let misalign = v.as_ptr() as usize % 64;
    if misalign == 0 {
        0
    } else {
        (64 - misalign) / size
    }
}

impl<F: KMeansFloat> Panels<F> {
    /// Room for `k` centroids of `d` dimensions, for vectors of `lanes` lanes.
    pub(crate) fn new(k: usize, d: usize, lanes: usize) -> Self {
        let vectors = panel_vectors(k, lanes);
        let width = vectors * lanes;
        let n_panels = k.div_ceil(width);
        let pad = 64 / std::mem::size_of::<F>();
        let (coef_len, bias_len) = (n_panels * d * width, n_panels * width);
        let coef = vec![F::zero(); coef_len + pad];
        let bias = vec![F::neg_infinity(); bias_len + pad];
        let (coef_at, bias_at) = (aligned_start(&coef), aligned_start(&bias));
        let iota = (0..width).map(|t| F::narrow(t as f64)).collect();
        Panels {
            vectors,
            width,
            k,
            d,
            coef,
            coef_at,
            coef_len,
            bias,
            bias_at,
            bias_len,
            iota,
        }
    }

    /// Dimensions.
    pub(crate) fn d(&self) -> usize {
        self.d
    }

    /// Vectors per panel row.
    pub(crate) fn vectors(&self) -> usize {
        self.vectors
    }

    fn coef(&self) -> &[F] {
        &self.coef[self.coef_at..self.coef_at + self.coef_len]
    }

    fn bias(&self) -> &[F] {
        &self.bias[self.bias_at..self.bias_at + self.bias_len]
    }

    /// Refills the panels from row-major centroids (`k × d`).
    pub(crate) fn load(&mut self, centroids: &[F]) {
        let (w, d, k) = (self.width, self.d, self.k);
        let coef = &mut self.coef[self.coef_at..self.coef_at + self.coef_len];
        let bias = &mut self.bias[self.bias_at..self.bias_at + self.bias_len];
        for (p, (coef, bias)) in coef
            .chunks_exact_mut(d * w)
            .zip(bias.chunks_exact_mut(w))
            .enumerate()
        {
            for t in 0..w {
                let c = p * w + t;
                if c < k {
                    let row = &centroids[c * d..(c + 1) * d];
                    let norm: f64 = row.iter().map(|v| v.widen() * v.widen()).sum();
                    bias[t] = F::narrow(-0.5 * norm);
                    for (j, &v) in row.iter().enumerate() {
                        coef[j * w + t] = v;
                    }
                } else {
                    bias[t] = F::neg_infinity();
                    for j in 0..d {
                        coef[j * w + t] = F::zero();
                    }
                }
            }
        }
    }
}

/// Rows summed in the data's type before the partial sums are added into the f64 sums: long
/// enough that the flush costs little per row, short enough that f32 sums stay accurate (the
/// rounding error of a sum of `m` terms grows like `m·ε` at worst). A multiple of every row-group
/// size.
pub(crate) const FLUSH_ROWS: usize = 3072;

/// What one block of rows adds up during a pass.
pub(crate) struct BlockTotals<F> {
    /// Per cluster, the sum of its rows (`k × d`), in f64 (Lloyd steps only; in an incremental
    /// step, the sum of the rows that joined less the rows that left).
    pub(crate) sums: Vec<f64>,
    /// Per cluster, the sum of its rows since the last flush, in the data's type: converting every
    /// row to f64 cost a quarter of an iteration at d = 48.
    partial: Vec<F>,
    /// Per cluster, how many rows it took (or, in an incremental step, gained minus lost).
    pub(crate) counts: Vec<i64>,
    /// Rows whose label changed (Lloyd steps only).
    pub(crate) changed: u64,
    /// Rows the kernel scored in a pruned step (the others were settled by their bounds).
    pub(crate) scored: u64,
    /// Sum of exact squared distances to the assigned centroid, in f64 (final pass only).
    pub(crate) inertia: f64,
}

impl<F: KMeansFloat> BlockTotals<F> {
    pub(crate) fn new(k: usize, d: usize) -> Self {
        BlockTotals {
            sums: vec![0.0; k * d],
            partial: vec![F::zero(); k * d],
            counts: vec![0; k],
            changed: 0,
            scored: 0,
            inertia: 0.0,
        }
    }

    pub(crate) fn reset(&mut self, step: bool) {
        if step {
            self.sums.fill(0.0);
        }
        self.counts.fill(0);
        self.changed = 0;
        self.scored = 0;
        self.inertia = 0.0;
    }

    /// Adds the partial sums into the f64 sums and clears them.
    #[inline(always)]
    pub(crate) fn flush(&mut self) {
        for (s, p) in self.sums.iter_mut().zip(self.partial.iter_mut()) {
            *s += p.widen();
            *p = F::zero();
        }
    }
}

/// One block of rows with everything the kernel needs. `STEP` selects a Lloyd step (labels,
/// changes, counts, sums) or the final assignment (labels, counts, exact inertia).
pub(crate) struct Block<'a, F, const STEP: bool> {
    pub(crate) x: &'a [F],
    pub(crate) panels: &'a Panels<F>,
    pub(crate) centroids: &'a [F],
    pub(crate) labels: &'a mut [u32],
    pub(crate) totals: &'a mut BlockTotals<F>,
}

impl<F: KMeansFloat, const STEP: bool> Block<'_, F, STEP> {
    /// Runs the block with `arch`'s instructions (the panels must be laid out for its lanes).
    pub(crate) fn run(self, arch: Arch) {
        self.totals.reset(STEP);
        arch.dispatch(self);
    }
}

impl<F: KMeansFloat, const STEP: bool> WithSimd for Block<'_, F, STEP> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        // Register blocking: rows × vectors ≈ 8 accumulators, so the FMA units always have
        // independent work and each centroid vector loaded serves several rows. (More rows
        // with AVX-512's 32 registers measured slower for f32 and no faster for f64.)
        match self.panels.vectors {
            1 => rows::<S, F, STEP, 1, 8>(simd, self),
            2 => rows::<S, F, STEP, 2, 4>(simd, self),
            3 => rows::<S, F, STEP, 3, 3>(simd, self),
            _ => rows::<S, F, STEP, 4, 2>(simd, self),
        }
    }
}

/// Walks the block in runs of [`FLUSH_ROWS`], each in groups of `R` rows then the remainder one
/// row at a time, flushing the partial sums after each run.
#[inline(always)]
fn rows<S: Simd, F: KMeansFloat, const STEP: bool, const P: usize, const R: usize>(
    simd: S,
    b: Block<'_, F, STEP>,
) {
    let d = b.panels.d;
    for (x, labels) in
        b.x.chunks(FLUSH_ROWS * d)
            .zip(b.labels.chunks_mut(FLUSH_ROWS))
    {
        let n = labels.len();
        let full = n / R * R;
        for (g, xs) in x[..full * d].chunks_exact(R * d).enumerate() {
            let rows: [&[F]; R] = std::array::from_fn(|r| &xs[r * d..][..d]);
            let best = score::<S, F, P, R, false>(simd, rows, b.panels);
            for (r, s) in best.iter().enumerate() {
                finish::<F, STEP>(
                    rows[r],
                    s.label,
                    &mut labels[g * R + r],
                    b.centroids,
                    b.totals,
                );
            }
        }
        for i in full..n {
            let xs = &x[i * d..][..d];
            let [s] = score::<S, F, P, 1, false>(simd, [xs], b.panels);
            finish::<F, STEP>(xs, s.label, &mut labels[i], b.centroids, b.totals);
        }
        if STEP {
            b.totals.flush();
        }
    }
}

/// A row's nearest centroid, its score `x·c − ‖c‖²/2`, and the best score among the others
/// (`−∞` unless asked for).
#[derive(Clone, Copy)]
pub(crate) struct Scored<F> {
    pub(crate) label: u32,
    pub(crate) best: F,
    pub(crate) second: F,
}

/// The nearest centroid of each of `R` rows: `R × P` vector accumulators per panel, then a vector
/// argmax (lowest index on ties). With `TOP2`, also the runner-up's score (Hamerly's bounds).
#[inline(always)]
pub(crate) fn score<S: Simd, F: KMeansFloat, const P: usize, const R: usize, const TOP2: bool>(
    simd: S,
    rows: [&[F]; R],
    panels: &Panels<F>,
) -> [Scored<F>; R] {
    let (d, w, n) = (panels.d, panels.width, F::v_lanes::<S>());
    let rows: [&[F]; R] = std::array::from_fn(|r| &rows[r][..d]);
    let iota: [F::V<S>; P] = std::array::from_fn(|q| F::v_load(simd, &panels.iota[q * n..]));
    let never = F::v_splat(simd, F::infinity());
    let lost = F::v_splat(simd, F::neg_infinity());
    let mut out = [Scored {
        label: 0,
        best: F::neg_infinity(),
        second: F::neg_infinity(),
    }; R];
    for (p, (coef, bias)) in panels
        .coef()
        .chunks_exact(d * w)
        .zip(panels.bias().chunks_exact(w))
        .enumerate()
    {
        let bias: [F::V<S>; P] = std::array::from_fn(|q| F::v_load(simd, &bias[q * n..]));
        let mut acc = [bias; R];
        for (j, c) in (0..d).zip(coef.chunks_exact(w)) {
            let c: [F::V<S>; P] = std::array::from_fn(|q| F::v_load(simd, &c[q * n..]));
            for r in 0..R {
                let xv = F::v_splat(simd, rows[r][j]);
                for q in 0..P {
                    acc[r][q] = F::v_mul_add(simd, xv, c[q], acc[r][q]);
                }
            }
        }
        for (r, o) in out.iter_mut().enumerate() {
            let m = acc[r][1..]
                .iter()
                .fold(acc[r][0], |m, &a| F::v_max(simd, m, a));
            let top = F::v_reduce_max(simd, m);
            if top > o.best {
                let top_v = F::v_splat(simd, top);
                let mut at = F::v_select_eq(simd, acc[r][0], top_v, iota[0], never);
                for q in 1..P {
                    at = F::v_min(
                        simd,
                        at,
                        F::v_select_eq(simd, acc[r][q], top_v, iota[q], never),
                    );
                }
                let lane = F::v_reduce_min(simd, at);
                if TOP2 {
                    // The best of this panel's other lanes, and the previous best.
                    let lane_v = F::v_splat(simd, lane);
                    let mut rest = F::v_select_eq(simd, iota[0], lane_v, lost, acc[r][0]);
                    for q in 1..P {
                        rest = F::v_max(
                            simd,
                            rest,
                            F::v_select_eq(simd, iota[q], lane_v, lost, acc[r][q]),
                        );
                    }
                    let runner_up = F::v_reduce_max(simd, rest);
                    o.second = if runner_up > o.best {
                        runner_up
                    } else {
                        o.best
                    };
                }
                o.best = top;
                o.label = (p * w) as u32 + lane.widen() as u32;
            } else if TOP2 && top > o.second {
                o.second = top;
            }
        }
    }
    out
}

/// Records a row's label and adds it to the block's totals.
#[inline(always)]
pub(crate) fn finish<F: KMeansFloat, const STEP: bool>(
    x: &[F],
    label: u32,
    slot: &mut u32,
    centroids: &[F],
    totals: &mut BlockTotals<F>,
) {
    let c = label as usize;
    let d = x.len();
    totals.counts[c] += 1;
    if STEP {
        totals.changed += u64::from(*slot != label);
        for (s, &v) in totals.partial[c * d..][..d].iter_mut().zip(x) {
            *s += v;
        }
    } else {
        totals.inertia += sq_dist_f64(x, &centroids[c * d..(c + 1) * d]);
    }
    *slot = label;
}

/// Exact squared Euclidean distance, in f64 (eight independent lanes, so it vectorises).
#[inline(always)]
pub(crate) fn sq_dist_f64<F: KMeansFloat>(x: &[F], c: &[F]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let mut xc = x.chunks_exact(8);
    let mut cc = c.chunks_exact(8);
    for (xa, ca) in (&mut xc).zip(&mut cc) {
        for t in 0..8 {
            let diff = xa[t].widen() - ca[t].widen();
            lanes[t] += diff * diff;
        }
    }
    let mut tail = 0.0;
    for (&a, &b) in xc.remainder().iter().zip(cc.remainder()) {
        let diff = a.widen() - b.widen();
        tail += diff * diff;
    }
    let half = [
        lanes[0] + lanes[4],
        lanes[1] + lanes[5],
        lanes[2] + lanes[6],
        lanes[3] + lanes[7],
    ];
    (half[0] + half[2]) + (half[1] + half[3]) + tail
}
