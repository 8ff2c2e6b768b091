//! The fused k-means kernel: one pass over a block of rows that scores every centroid, picks the
//! nearest and either accumulates the row into its cluster's partial sums (a Lloyd step) or adds
//! its exact squared distance to the inertia (the final assignment).
//!
//! Why this shape: a Lloyd iteration reads every row once, so the work is `n·k·d` multiply-adds
//! against `n·d` loads. Doing distances, argmin and accumulation in one pass keeps each row in
//! registers and L1 while it is used, and never writes the `n × k` distance matrix that a
//! matrix-multiply formulation (scikit-learn's) has to write and read back.
//!
//! Layout: centroids are transposed into *panels* of `W` centroids (`W` a multiple of 8, at most
//! 32) stored dimension-major, so one dimension of `W` centroids is `W` adjacent lanes. For a
//! group of `R` rows, each row value `x[j]` is broadcast and multiplied into `W` lanes, giving
//! `R × W` accumulators that live in vector registers for the whole row (register blocking as in
//! a GEMM micro-kernel). Each accumulator starts at `−‖c‖²/2`, so after the loop it holds
//! `x·c − ‖c‖²/2` and the nearest centroid is its argmax, since
//! `‖x − c‖² = ‖x‖² − 2(x·c − ‖c‖²/2)` and `‖x‖²` is the same for every centroid. Padding lanes
//! start at `−∞` and never win.
//!
//! The workspace forbids `unsafe`, so the code is plain Rust written for the auto-vectoriser
//! (fixed-size arrays, `const` widths) and compiled three times: for AVX-512, for AVX2 with FMA,
//! and portably. [`pulp`] detects the processor once and runs the inlined kernel inside a function
//! compiled with those target features.

use super::KMeansFloat;

/// The instruction set the kernel runs with on this processor.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Isa {
    /// x86-64-v4: AVX-512 F/BW/CD/DQ/VL with FMA.
    #[cfg(target_arch = "x86_64")]
    V4(pulp::x86::V4),
    /// x86-64-v3: AVX2 with FMA.
    #[cfg(target_arch = "x86_64")]
    V3(pulp::x86::V3),
    /// Whatever the compilation target guarantees (SSE2 on x86-64, NEON on aarch64).
    Portable,
}

impl Isa {
    /// Detects the best instruction set available (cached by pulp after the first call).
    pub(crate) fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            if let Some(v4) = pulp::x86::V4::try_new() {
                return Isa::V4(v4);
            }
            if let Some(v3) = pulp::x86::V3::try_new() {
                return Isa::V3(v3);
            }
        }
        Isa::Portable
    }

    /// Runs `op` compiled for this instruction set (`op.call` must be `#[inline(always)]`).
    #[inline(always)]
    pub(crate) fn run<O: pulp::NullaryFnOnce>(self, op: O) -> O::Output {
        match self {
            #[cfg(target_arch = "x86_64")]
            Isa::V4(simd) => simd.vectorize(op),
            #[cfg(target_arch = "x86_64")]
            Isa::V3(simd) => simd.vectorize(op),
            Isa::Portable => op.call(),
        }
    }

    /// A short name for reports.
    pub(crate) fn name(self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            Isa::V4(_) => "x86-64-v4 (AVX-512, FMA)",
            #[cfg(target_arch = "x86_64")]
            Isa::V3(_) => "x86-64-v3 (AVX2, FMA)",
            Isa::Portable => "portable",
        }
    }
}

/// How `a·b + c` is evaluated: fused where the processor has FMA (one rounding, one
/// instruction), separately where it has not (a fused multiply-add without hardware support is
/// a slow library call).
pub(crate) trait MulAdd {
    fn mul_add<F: KMeansFloat>(a: F, b: F, c: F) -> F;
}

/// Fused multiply-add.
pub(crate) struct Fused;
impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add<F: KMeansFloat>(a: F, b: F, c: F) -> F {
        a.fused_mul_add(b, c)
    }
}

/// Multiply, then add.
#[allow(dead_code)] // unused on targets whose baseline has FMA
pub(crate) struct Unfused;
impl MulAdd for Unfused {
    #[inline(always)]
    fn mul_add<F: KMeansFloat>(a: F, b: F, c: F) -> F {
        a * b + c
    }
}

/// The portable build fuses only where the target's baseline has FMA.
#[cfg(any(target_arch = "aarch64", target_feature = "fma"))]
type PortableMulAdd = Fused;
#[cfg(not(any(target_arch = "aarch64", target_feature = "fma")))]
type PortableMulAdd = Unfused;

/// The panel width for `k` centroids: the smallest multiple of 8 lanes that holds them, at most 32.
pub(crate) fn panel_width(k: usize) -> usize {
    k.div_ceil(8).clamp(1, 4) * 8
}

/// Centroids rearranged for the kernel: panels of `width` centroids, dimension-major, with the
/// bias `−‖c‖²/2` per lane. Allocated once per fit and refilled every iteration.
pub(crate) struct Panels<F> {
    width: usize,
    k: usize,
    d: usize,
    coef: Vec<F>,
    bias: Vec<F>,
}

impl<F: KMeansFloat> Panels<F> {
    /// Room for `k` centroids of `d` dimensions.
    pub(crate) fn new(k: usize, d: usize) -> Self {
        let width = panel_width(k);
        let n_panels = k.div_ceil(width);
        Panels {
            width,
            k,
            d,
            coef: vec![F::zero(); n_panels * d * width],
            bias: vec![F::neg_infinity(); n_panels * width],
        }
    }

    /// Refills the panels from row-major centroids (`k × d`).
    pub(crate) fn load(&mut self, centroids: &[F]) {
        let (w, d) = (self.width, self.d);
        for (p, (coef, bias)) in self
            .coef
            .chunks_exact_mut(d * w)
            .zip(self.bias.chunks_exact_mut(w))
            .enumerate()
        {
            for t in 0..w {
                let c = p * w + t;
                if c < self.k {
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

/// What one block of rows adds up during a pass.
pub(crate) struct BlockTotals {
    /// Per cluster, the sum of its rows (`k × d`), in f64 (Lloyd steps only).
    pub(crate) sums: Vec<f64>,
    /// Per cluster, how many rows it took.
    pub(crate) counts: Vec<u64>,
    /// Rows whose label changed (Lloyd steps only).
    pub(crate) changed: u64,
    /// Sum of exact squared distances to the assigned centroid, in f64 (final pass only).
    pub(crate) inertia: f64,
}

impl BlockTotals {
    pub(crate) fn new(k: usize, d: usize) -> Self {
        BlockTotals { sums: vec![0.0; k * d], counts: vec![0; k], changed: 0, inertia: 0.0 }
    }

    fn reset(&mut self, step: bool) {
        if step {
            self.sums.fill(0.0);
        }
        self.counts.fill(0);
        self.changed = 0;
        self.inertia = 0.0;
    }
}

/// One block of rows with everything the kernel needs. `STEP` selects a Lloyd step (labels,
/// changes, counts, sums) or the final assignment (labels, counts, exact inertia).
pub(crate) struct Block<'a, F, const STEP: bool> {
    pub(crate) x: &'a [F],
    pub(crate) panels: &'a Panels<F>,
    pub(crate) centroids: &'a [F],
    pub(crate) labels: &'a mut [u32],
    pub(crate) totals: &'a mut BlockTotals,
}

impl<F: KMeansFloat, const STEP: bool> Block<'_, F, STEP> {
    /// Runs the block with the best kernel for `isa`.
    pub(crate) fn run(self, isa: Isa) {
        use std::marker::PhantomData;
        self.totals.reset(STEP);
        match isa {
            #[cfg(target_arch = "x86_64")]
            Isa::V4(_) | Isa::V3(_) => isa.run(Dispatch::<F, Fused, STEP>(self, PhantomData)),
            Isa::Portable => isa.run(Dispatch::<F, PortableMulAdd, STEP>(self, PhantomData)),
        }
    }
}

/// The closure pulp compiles with the target's features: everything below it is inlined.
struct Dispatch<'a, F, M, const STEP: bool>(Block<'a, F, STEP>, std::marker::PhantomData<M>);

impl<F: KMeansFloat, M: MulAdd, const STEP: bool> pulp::NullaryFnOnce for Dispatch<'_, F, M, STEP> {
    type Output = ();

    #[inline(always)]
    fn call(self) {
        let b = self.0;
        // Register blocking: about eight vector accumulators per row group.
        match (b.panels.width, std::mem::size_of::<F>()) {
            (8, 4) => rows::<F, M, STEP, 8, 8>(b),
            (16, 4) => rows::<F, M, STEP, 16, 4>(b),
            (24, 4) => rows::<F, M, STEP, 24, 3>(b),
            (32, 4) => rows::<F, M, STEP, 32, 2>(b),
            (8, _) => rows::<F, M, STEP, 8, 4>(b),
            (16, _) => rows::<F, M, STEP, 16, 2>(b),
            (24, _) => rows::<F, M, STEP, 24, 1>(b),
            _ => rows::<F, M, STEP, 32, 1>(b),
        }
    }
}

/// Walks the block in groups of `R` rows, then the remainder one row at a time.
#[inline(always)]
fn rows<F: KMeansFloat, M: MulAdd, const STEP: bool, const W: usize, const R: usize>(
    b: Block<'_, F, STEP>,
) {
    let d = b.panels.d;
    let n = b.labels.len();
    let full = n / R * R;
    for (g, xs) in b.x[..full * d].chunks_exact(R * d).enumerate() {
        let best = score::<F, M, W, R>(xs, b.panels);
        for (r, &label) in best.iter().enumerate() {
            let i = g * R + r;
            finish::<F, STEP>(&xs[r * d..(r + 1) * d], label, &mut b.labels[i], b.centroids, b.totals);
        }
    }
    for i in full..n {
        let xs = &b.x[i * d..(i + 1) * d];
        let [label] = score::<F, M, W, 1>(xs, b.panels);
        finish::<F, STEP>(xs, label, &mut b.labels[i], b.centroids, b.totals);
    }
}

/// The nearest centroid of each of `R` rows (`xs` holds them back to back).
#[inline(always)]
fn score<F: KMeansFloat, M: MulAdd, const W: usize, const R: usize>(
    xs: &[F],
    panels: &Panels<F>,
) -> [u32; R] {
    let d = panels.d;
    let rows: [&[F]; R] = std::array::from_fn(|r| &xs[r * d..(r + 1) * d]);
    let mut best_v = [F::neg_infinity(); R];
    let mut best_i = [0u32; R];
    let panel_coefs = panels.coef.chunks_exact(d * W);
    for (p, (coef, bias)) in panel_coefs.zip(panels.bias.chunks_exact(W)).enumerate() {
        let bias: &[F; W] = bias.try_into().expect("panel bias has W lanes");
        let mut acc = [*bias; R];
        for (j, c) in coef.chunks_exact(W).enumerate() {
            let c: &[F; W] = c.try_into().expect("panel row has W lanes");
            for r in 0..R {
                let xv = rows[r][j];
                for t in 0..W {
                    acc[r][t] = M::mul_add(xv, c[t], acc[r][t]);
                }
            }
        }
        for r in 0..R {
            let (v, t) = argmax(&acc[r]);
            if v > best_v[r] {
                best_v[r] = v;
                best_i[r] = (p * W + t) as u32;
            }
        }
    }
    best_i
}

/// The largest lane and its lowest index: a branch-free maximum tree, then the first lane equal
/// to it (lowest index on ties, as a sequential scan with `<` would choose).
#[inline(always)]
fn argmax<F: KMeansFloat, const W: usize>(a: &[F; W]) -> (F, usize) {
    let mut m = *a;
    let mut h = W;
    while h > 1 {
        let half = h / 2;
        for t in 0..half {
            if m[t + half] > m[t] {
                m[t] = m[t + half];
            }
        }
        if h % 2 == 1 && m[h - 1] > m[0] {
            m[0] = m[h - 1];
        }
        h = half;
    }
    let top = m[0];
    let mut mask = 0u64;
    for (t, &v) in a.iter().enumerate() {
        mask |= u64::from(v == top) << t;
    }
    (top, mask.trailing_zeros() as usize)
}

/// Records a row's label and adds it to the block's totals.
#[inline(always)]
fn finish<F: KMeansFloat, const STEP: bool>(
    x: &[F],
    label: u32,
    slot: &mut u32,
    centroids: &[F],
    totals: &mut BlockTotals,
) {
    let c = label as usize;
    let d = x.len();
    totals.counts[c] += 1;
    if STEP {
        totals.changed += u64::from(*slot != label);
        for (s, &v) in totals.sums[c * d..(c + 1) * d].iter_mut().zip(x) {
            *s += v.widen();
        }
    } else {
        totals.inertia += sq_dist_f64(x, &centroids[c * d..(c + 1) * d]);
    }
    *slot = label;
}

/// Exact squared Euclidean distance, in f64.
#[inline(always)]
pub(crate) fn sq_dist_f64<F: KMeansFloat>(x: &[F], c: &[F]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut xc = x.chunks_exact(4);
    let mut cc = c.chunks_exact(4);
    for (xa, ca) in (&mut xc).zip(&mut cc) {
        for t in 0..4 {
            let diff = xa[t].widen() - ca[t].widen();
            lanes[t] += diff * diff;
        }
    }
    let mut tail = 0.0;
    for (&a, &b) in xc.remainder().iter().zip(cc.remainder()) {
        let diff = a.widen() - b.widen();
        tail += diff * diff;
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
}
