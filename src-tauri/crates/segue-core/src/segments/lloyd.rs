//! Lloyd's iteration over the fused kernel, in parallel over fixed blocks of rows.
//!
//! The rows are cut into blocks by their number alone (never by the number of threads), each
//! block owns its partial sums, and the partials are reduced in block order. So the result is
//! bit-for-bit the same on one thread or many, and every buffer lives for the whole fit: nothing
//! is allocated per iteration.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use pulp::Arch;

use super::bounds::{Geometry, PrunedBlock, RowBound};
use super::kernel::{Block, BlockTotals, Panels, FLUSH_ROWS};
use super::simd::arch_lanes;
use super::KMeansFloat;

/// Blocks hold at least this many rows, so a block's work dwarfs its scheduling.
const MIN_BLOCK_ROWS: usize = 2048;
/// At most this many blocks: enough for dynamic load balance on a few cores.
const MAX_BLOCKS: usize = 128;
/// Partial sums of all blocks together stay under this many bytes.
const MAX_PARTIAL_BYTES: usize = 64 << 20;

/// Where parallel work runs: a pool of the requested size, or rayon's current pool.
pub(crate) struct Threads(Option<Arc<rayon::ThreadPool>>);

/// Pools by size, built once per process: building a pool for every fit cost up to a third of a
/// 30 ms fit (cold threads, and the last fit's threads still winding down).
static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());

impl Threads {
    /// A pool of `n` threads (shared by every fit that asks for `n`), or the current pool for
    /// `None`.
    pub(crate) fn new(n: Option<usize>) -> Result<Self, rayon::ThreadPoolBuildError> {
        let Some(n) = n else { return Ok(Threads(None)) };
        let mut pools = POOLS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, pool)) = pools.iter().find(|(size, _)| *size == n) {
            return Ok(Threads(Some(Arc::clone(pool))));
        }
        let pool = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(n).build()?);
        pools.push((n, Arc::clone(&pool)));
        Ok(Threads(Some(pool)))
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
    arch: Arch,
    panels: Panels<F>,
    blocks: Vec<BlockTotals<F>>,
    /// The label of each row after the last pass.
    pub(crate) labels: Vec<u32>,
    /// Reduced per-cluster sums of the last Lloyd step.
    sums: Vec<f64>,
    /// Rows per cluster after the last pass.
    pub(crate) counts: Vec<i64>,
    /// Hamerly's bounds, when pruning.
    pruning: Option<Pruning>,
}

/// Buffers of the pruned step (see `bounds`).
struct Pruning {
    bounds: Vec<RowBound>,
    geometry: Geometry,
    todo: Vec<Vec<(u32, u32)>>,
    /// Pruned steps so far, and rows the kernel scored in them.
    steps: usize,
    scored: usize,
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
    pub(crate) counts: Vec<i64>,
}

impl<F: KMeansFloat> Workspace<F> {
    pub(crate) fn new(n: usize, k: usize, d: usize) -> Self {
        let mut n_blocks = n.div_ceil(MIN_BLOCK_ROWS).clamp(1, MAX_BLOCKS);
        while n_blocks > 1 && n_blocks * k * d * 8 > MAX_PARTIAL_BYTES {
            n_blocks /= 2;
        }
        let block_rows = n.div_ceil(n_blocks).max(1);
        let arch = Arch::new();
        let n_blocks = n.div_ceil(block_rows).max(1);
        Workspace {
            k,
            d,
            block_rows,
            arch,
            panels: Panels::new(k, d, arch_lanes::<F>(arch)),
            blocks: (0..n_blocks).map(|_| BlockTotals::new(k, d)).collect(),
            labels: vec![u32::MAX; n],
            sums: vec![0.0; k * d],
            counts: vec![0; k],
            pruning: None,
        }
    }

    /// Keeps Hamerly's bounds for the rows `x` from now on (computes their norms once).
    pub(crate) fn enable_pruning(&mut self, threads: &Threads, x: &[F]) {
        let mut bounds = vec![RowBound::default(); self.labels.len()];
        let d = self.d;
        threads.run(|| {
            bounds
                .par_iter_mut()
                .zip(x.par_chunks(d))
                .for_each(|(b, row)| *b = RowBound::new(row));
        });
        let todo = (0..self.blocks.len())
            .map(|_| Vec::with_capacity(FLUSH_ROWS))
            .collect();
        self.pruning = Some(Pruning {
            bounds,
            geometry: Geometry::new(self.k),
            todo,
            steps: 0,
            scored: 0,
        });
    }

    /// One pass over `x` with `centroids` (`k × d`, row-major) on `threads`: a Lloyd
    /// step (`STEP`: labels, changes, per-cluster sums) or the final assignment (labels, counts,
    /// exact inertia).
    pub(crate) fn pass<const STEP: bool>(
        &mut self,
        threads: &Threads,
        x: &[F],
        centroids: &[F],
    ) -> PassTotals {
        self.panels.load(centroids);
        let (arch, panels, rows) = (self.arch, &self.panels, self.block_rows);
        let (labels, blocks) = (&mut self.labels, &mut self.blocks);
        threads.run(|| {
            x.par_chunks(rows * self.d)
                .zip(labels.par_chunks_mut(rows))
                .zip(blocks.par_iter_mut())
                .for_each(|((x, labels), totals)| {
                    Block::<F, STEP> {
                        x,
                        panels,
                        centroids,
                        labels,
                        totals,
                    }
                    .run(arch);
                })
        });
        self.reduce::<STEP>(false)
    }

    /// A Lloyd step that skips the rows Hamerly's bounds settle: the same assignments as
    /// `pass::<true>`; after the first such step, only the rows that moved update the sums.
    fn pass_pruned(&mut self, threads: &Threads, x: &[F], centroids: &[F]) -> PassTotals {
        self.panels.load(centroids);
        let pruning = self.pruning.as_mut().expect("pruning enabled");
        pruning.geometry.prepare(centroids, self.d);
        let (arch, panels, rows, geometry) =
            (self.arch, &self.panels, self.block_rows, &pruning.geometry);
        let (labels, blocks) = (&mut self.labels, &mut self.blocks);
        let (bounds, todo) = (&mut pruning.bounds, &mut pruning.todo);
        threads.run(|| {
            x.par_chunks(rows * self.d)
                .zip(labels.par_chunks_mut(rows))
                .zip(bounds.par_chunks_mut(rows))
                .zip(todo.par_iter_mut())
                .zip(blocks.par_iter_mut())
                .for_each(|((((x, labels), bounds), todo), totals)| {
                    let block = Block::<F, true> {
                        x,
                        panels,
                        centroids,
                        labels,
                        totals,
                    };
                    arch.dispatch(PrunedBlock {
                        block,
                        bounds,
                        geometry,
                        todo,
                    });
                })
        });
        let incremental = !pruning.geometry.fresh;
        pruning.steps += 1;
        pruning.scored += self.blocks.iter().map(|b| b.scored as usize).sum::<usize>();
        pruning.geometry.fresh = false;
        self.reduce::<true>(incremental)
    }

    /// Adds up the blocks' totals; `incremental` blocks hold changes to the previous totals.
    fn reduce<const STEP: bool>(&mut self, incremental: bool) -> PassTotals {
        if !incremental {
            self.counts.fill(0);
            if STEP {
                self.sums.fill(0.0);
            }
        }
        let mut out = PassTotals {
            changed: 0,
            inertia: 0.0,
        };
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
        let n = self.labels.len() as u64;
        let mut n_iterations = 0;
        let mut pruned = false;
        let mut changed = n;
        while n_iterations < max_iter {
            // Bounds pay once few rows move: start them after a step that moved under 1/8 of the
            // rows (the first pruned step scores every row to set them).
            if !pruned && changed < n / 8 {
                if let Some(p) = self.pruning.as_mut() {
                    p.geometry.fresh = true;
                    pruned = true;
                }
            }
            let step = if pruned {
                self.pass_pruned(threads, x, &centroids)
            } else {
                self.pass::<true>(threads, x, &centroids)
            };
            n_iterations += 1;
            changed = step.changed;
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
        Run {
            centroids,
            inertia: fin.inertia,
            n_iterations,
            counts: self.counts.clone(),
        }
    }

    /// Moves each centroid to the mean of its rows (recording each move for the bounds); returns
    /// the squared norm of the whole change.
    fn update(&mut self, centroids: &mut [F]) -> f64 {
        let d = self.d;
        let mut shift2 = 0.0;
        for c in 0..self.k {
            let n = self.counts[c];
            let mut moved = 0.0;
            if n > 0 {
                let n = n as f64;
                for (old, &s) in centroids[c * d..][..d]
                    .iter_mut()
                    .zip(&self.sums[c * d..][..d])
                {
                    let new = F::narrow(s / n);
                    let diff = new.widen() - old.widen();
                    moved += diff * diff;
                    *old = new;
                }
            }
            shift2 += moved;
            if let Some(p) = self.pruning.as_mut() {
                p.geometry.drift[c] = moved.sqrt();
            }
        }
        shift2
    }

    /// Runs the kernel with `arch` instead of the best one detected (for tests).
    #[cfg(test)]
    pub(crate) fn set_arch(&mut self, arch: Arch) {
        self.arch = arch;
        self.panels = Panels::new(self.k, self.d, arch_lanes::<F>(arch));
    }

    /// Pruned steps so far and the rows the kernel scored in them (for tests).
    #[cfg(test)]
    pub(crate) fn pruning_stats(&self) -> (usize, usize) {
        self.pruning
            .as_ref()
            .map_or((0, 0), |p| (p.steps, p.scored))
    }

    /// The instruction set the kernel runs with.
    pub(crate) fn arch(&self) -> Arch {
        self.arch
    }
}
