//! Lloyd's iteration over the fused kernel, in parallel over fixed blocks of rows.
//!
//! The rows are cut into blocks by their number alone (never by the number of threads), each
//! block owns its partial sums, and the partials are reduced in block order. So the result is
//! bit-for-bit the same on one thread or many, and every buffer lives for the whole fit: nothing
//! is allocated per iteration.

use rayon::prelude::*;

use super::kernel::{Block, BlockTotals, Isa, Panels};
use super::KMeansFloat;

/// Blocks hold at least this many rows, so a block's work dwarfs its scheduling.
const MIN_BLOCK_ROWS: usize = 2048;
/// At most this many blocks: enough for dynamic load balance on a few cores.
const MAX_BLOCKS: usize = 128;
/// Partial sums of all blocks together stay under this many bytes.
const MAX_PARTIAL_BYTES: usize = 64 << 20;

/// Where parallel work runs: a pool of the requested size, or rayon's current pool.
pub(crate) struct Threads(Option<rayon::ThreadPool>);

impl Threads {
    /// A dedicated pool of `n` threads, or the current pool for `None`.
    pub(crate) fn new(n: Option<usize>) -> Result<Self, rayon::ThreadPoolBuildError> {
        n.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build()).transpose().map(Threads)
    }

    /// Runs `op` (whose parallel iterators then use this pool).
    pub(crate) fn run<T: Send>(&self, op: impl FnOnce() -> T + Send) -> T {
        match &self.0 {
            Some(pool) => pool.install(op),
            None => op(),
        }
    }
}

/// Buffers for passes over `n × d` rows with `k` centroids, allocated once per fit.
pub(crate) struct Workspace<F> {
    k: usize,
    d: usize,
    block_rows: usize,
    isa: Isa,
    panels: Panels<F>,
    blocks: Vec<BlockTotals>,
    /// The label of each row after the last pass.
    pub(crate) labels: Vec<u32>,
    /// Reduced per-cluster sums of the last Lloyd step.
    sums: Vec<f64>,
    /// Rows per cluster after the last pass.
    pub(crate) counts: Vec<u64>,
}

/// What a pass reports besides labels and counts.
pub(crate) struct PassTotals {
    pub(crate) changed: u64,
    pub(crate) inertia: f64,
}

/// The outcome of one Lloyd run.
pub(crate) struct Run<F> {
    pub(crate) centroids: Vec<F>,
    pub(crate) inertia: f64,
    pub(crate) n_iterations: usize,
    pub(crate) counts: Vec<u64>,
}

impl<F: KMeansFloat> Workspace<F> {
    pub(crate) fn new(n: usize, k: usize, d: usize) -> Self {
        let mut n_blocks = n.div_ceil(MIN_BLOCK_ROWS).clamp(1, MAX_BLOCKS);
        while n_blocks > 1 && n_blocks * k * d * 8 > MAX_PARTIAL_BYTES {
            n_blocks /= 2;
        }
        let block_rows = n.div_ceil(n_blocks).max(1);
        let n_blocks = n.div_ceil(block_rows).max(1);
        Workspace {
            k,
            d,
            block_rows,
            isa: Isa::detect(),
            panels: Panels::new(k, d),
            blocks: (0..n_blocks).map(|_| BlockTotals::new(k, d)).collect(),
            labels: vec![u32::MAX; n],
            sums: vec![0.0; k * d],
            counts: vec![0; k],
        }
    }

    /// One pass over `x` with `centroids` (`k × d`, row-major) on `threads`: a Lloyd
    /// step (`STEP`: labels, changes, per-cluster sums) or the final assignment (labels, counts,
    /// exact inertia).
    pub(crate) fn pass<const STEP: bool>(&mut self, threads: &Threads, x: &[F], centroids: &[F]) -> PassTotals {
        self.panels.load(centroids);
        let (isa, panels, rows) = (self.isa, &self.panels, self.block_rows);
        let (labels, blocks) = (&mut self.labels, &mut self.blocks);
        threads.run(|| {
            x.par_chunks(rows * self.d)
                .zip(labels.par_chunks_mut(rows))
                .zip(blocks.par_iter_mut())
                .for_each(|((x, labels), totals)| {
                    Block::<F, STEP> { x, panels, centroids, labels, totals }.run(isa);
                })
        });
        self.counts.fill(0);
        if STEP {
            self.sums.fill(0.0);
        }
        let mut out = PassTotals { changed: 0, inertia: 0.0 };
        for b in &self.blocks {
            for (c, &n) in self.counts.iter_mut().zip(&b.counts) {
                *c += n;
            }
            if STEP {
                for (s, &v) in self.sums.iter_mut().zip(&b.sums) {
                    *s += v;
                }
            }
            out.changed += b.changed;
            out.inertia += b.inertia;
        }
        out
    }

    /// Lloyd's algorithm from `centroids`: at most `max_iter` steps, stopping early when no row
    /// changes cluster or the centroids move less than `tol`; then a final assignment to the final
    /// centroids, which gives the labels, cluster sizes and exact inertia (as scikit-learn does).
    /// An empty cluster keeps its previous centroid.
    pub(crate) fn lloyd(
        &mut self,
        threads: &Threads,
        x: &[F],
        mut centroids: Vec<F>,
        max_iter: usize,
        tol: f64,
    ) -> Run<F> {
        self.labels.fill(u32::MAX);
        let mut n_iterations = 0;
        while n_iterations < max_iter {
            let step = self.pass::<true>(threads, x, &centroids);
            n_iterations += 1;
            let shift2 = self.update(&mut centroids);
            if step.changed == 0 {
                break;
            }
            if shift2.sqrt() < tol {
                break;
            }
        }
        // After a step in which no row moved, labels already match the centroids (which that step
        // recomputed unchanged); the final pass is still run, for the exact inertia.
        let fin = self.pass::<false>(threads, x, &centroids);
        Run { centroids, inertia: fin.inertia, n_iterations, counts: self.counts.clone() }
    }

    /// Moves each centroid to the mean of its rows; returns the squared norm of the change.
    fn update(&self, centroids: &mut [F]) -> f64 {
        let d = self.d;
        let mut shift2 = 0.0;
        for c in 0..self.k {
            let n = self.counts[c];
            if n == 0 {
                continue;
            }
            let n = n as f64;
            for (old, &s) in centroids[c * d..(c + 1) * d].iter_mut().zip(&self.sums[c * d..(c + 1) * d]) {
                let new = F::narrow(s / n);
                let diff = new.widen() - old.widen();
                shift2 += diff * diff;
                *old = new;
            }
        }
        shift2
    }

    /// The instruction set the kernel runs with.
    pub(crate) fn isa(&self) -> Isa {
        self.isa
    }
}
