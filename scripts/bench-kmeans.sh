#!/usr/bin/env bash
# k-means against scikit-learn on the same data, initial centroids, dtype, threads (2) and
# iteration count (20), then the budget case and linfa's own KMeans, then end to end: the editor's
# default fit against scikit-learn's default KMeans(n_clusters=k, n_init=10), whole fits, on the
# same data (and on the demo's taste vectors with --demo). Prints the tables.
#
#   bash scripts/bench-kmeans.sh [REPS] [--demo [WORKSPACE]] [--e2e] [--seeds N]
#
# REPS: timed fits per case, median reported (default 5). --seeds: end to end, the seeds each
# side's inertia is taken over (scikit-learn's random_state, Segue's seed; default 10), also the
# fits scikit-learn's median time is taken over. --demo: also the demo workspace's taste
# vectors (20,000 simulated listeners): from WORKSPACE, or from target/bench-data/demo.segue,
# created once with the release `segue init --demo` (builds segue-cli). --e2e: only the end-to-end
# comparison.
#
# Sets up a Python venv with numpy, scikit-learn and threadpoolctl under target/bench-venv (PyPI),
# writes the data once to target/bench-data (seeded numpy, raw little-endian), times
# scikit-learn's KMeans(lloyd) and its default KMeans, runs `cargo bench -p segue-core --bench
# kmeans` on the same files, and joins both. Not a test: it asserts nothing about time. Run it on
# a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
REPS="5"
SEEDS="10"
DEMO=""
ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --demo)
            DEMO="target/bench-data/demo.segue"
            if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then DEMO="$2"; shift; fi ;;
        --e2e) ONLY="e2e" ;;
        --seeds) SEEDS="$2"; shift ;;
        *) REPS="$1" ;;
    esac
    shift
done
ROOT="$(pwd)"
VENV="$ROOT/target/bench-venv"
DATA="$ROOT/target/bench-data"

if ! "$VENV/bin/python" -c "import numpy, sklearn, threadpoolctl" 2>/dev/null; then
    echo "== Python venv with numpy, scikit-learn, threadpoolctl ($VENV)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet numpy scikit-learn threadpoolctl
fi

if [ ! -f "$DATA/cases.txt" ] || [ scripts/bench_kmeans.py -nt "$DATA/cases.txt" ]; then
    echo "== Writing the data sets to $DATA"
    "$VENV/bin/python" scripts/bench_kmeans.py gen "$DATA"
fi

if [ -n "$DEMO" ]; then
    if [ ! -f "$DEMO" ]; then
        echo "== Creating the demo workspace $DEMO (release segue init --demo)"
        cargo build --quiet --release -p segue-cli
        "${CARGO_TARGET_DIR:-$ROOT/target}/release/segue" init "$DEMO" --demo >/dev/null
    fi
    echo "== Exporting the demo's taste vectors"
    "$VENV/bin/python" scripts/bench_kmeans.py demo "$DEMO" "$DATA"
else
    sed -i '/^demo /d' "$DATA/e2e.txt"
fi

echo "== Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg)"

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on some processors for old OpenBLAS builds and slow
# a current numpy down: unset them for scikit-learn only (threadpoolctl reports the kernel used).
if [ -z "$ONLY" ]; then
    echo "== scikit-learn KMeans(algorithm=\"lloyd\"), 2 threads"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" scripts/bench_kmeans.py sklearn "$DATA" "$REPS" \
        | tee "$DATA/sklearn.txt" | grep -v '^RESULT'
fi

echo "== scikit-learn KMeans(n_clusters=k, n_init=10), whole fits, 2 threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" scripts/bench_kmeans.py e2e "$DATA" "$SEEDS" \
    | tee "$DATA/sklearn-e2e.txt" | grep -v '^RESULT'

echo "== Segue FastKMeans and the editor's fit (cargo bench, release), 2 threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo bench --quiet -p segue-core --bench kmeans -- --data "$DATA" --reps "$REPS" --seeds "$SEEDS" ${ONLY:+--only "$ONLY"} \
    | tee "$DATA/segue${ONLY:+-$ONLY}.txt" | grep -v '^RESULT'

echo "== Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$VENV/bin/python" scripts/bench_kmeans.py "table${ONLY:+-$ONLY}" "$DATA"
