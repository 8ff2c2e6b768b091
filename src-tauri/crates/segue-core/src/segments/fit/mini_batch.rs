//! Mini-batch k-means (D. Sculley, "Web-scale k-means clustering", WWW 2010) through
//! linfa-clustering's incremental `KMeans::fit_with`: batches of rows drawn with replacement by a
//! seeded generator, until the centroids move less than the tolerance or `max_iterations`
//! batches; then every row is assigned to its nearest centroid.

use linfa::dataset::DatasetBase;
use linfa::traits::FitWith;
use linfa::ParamGuard;
use linfa_clustering::{IncrKMeansError, KMeans};
use ndarray::{Array2, ArrayView2};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use super::{
    assign_nearest, check_cancel, derive_seed, labelled, Labelled, SegmentError, SegmentParams,
    BATCH_STREAM,
};
use crate::job::CancelToken;

/// Mini-batch k-means through linfa-clustering's incremental fit (see the module docs).
pub(super) fn mini_batch(
    data: ArrayView2<f32>,
    k: u32,
    params: &SegmentParams,
    seed: u32,
    cancel: &CancelToken,
    step: &mut dyn FnMut(f64),
) -> Result<Labelled, SegmentError> {
    let failed = |reason: String| SegmentError::MiniBatch { k, reason };
    let (n, d) = data.dim();
    let clf = KMeans::params_with_rng(
        k as usize,
        Xoshiro256Plus::seed_from_u64(derive_seed(seed, k, 0)),
    )
    .n_runs(params.n_runs as usize)
    .tolerance(params.tolerance as f32)
    .check()
    .map_err(|e| failed(e.to_string()))?;
    let mut rows = Xoshiro256Plus::seed_from_u64(derive_seed(seed, k, BATCH_STREAM));
    let batch_size = (params.batch_size as usize).max(k as usize);
    let mut batch = Array2::<f32>::zeros((batch_size, d));
    let mut model = None;
    let batches = params.max_iterations;
    for _ in 0..batches {
        check_cancel(cancel)?;
        for mut row in batch.rows_mut() {
            row.assign(&data.row(rows.gen_range(0..n)));
        }
        let result = clf.fit_with(model.take(), &DatasetBase::from(batch.view()));
        step(1.0 / f64::from(batches));
        match result {
            Ok(m) => {
                model = Some(m);
                break;
            }
            Err(IncrKMeansError::NotConverged(m)) => model = Some(m),
            Err(e) => return Err(failed(e.to_string())),
        }
    }
    let centroids = model
        .expect("max_iterations ≥ 1 is checked")
        .centroids()
        .clone();
    let labels = assign_nearest(centroids.view(), data)?;
    Ok(labelled(data, centroids, labels, None, true))
}
