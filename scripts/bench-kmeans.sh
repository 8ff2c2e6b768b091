#!/usr/bin/env bash
# k-means against scikit-learn on the same data, initial centroids, dtype, threads (2) and
# iteration count (20), then the budget case and linfa's own KMeans. Prints one table.
#
#   bash scripts/bench-kmeans.sh [REPS]     (REPS timed fits per case, median reported; default 5)
#
# Sets up a Python venv with numpy, scikit-learn and threadpoolctl under target/bench-venv (PyPI),
# writes the data once to target/bench-data (seeded numpy, raw little-endian), times
# scikit-learn's KMeans(lloyd), runs `cargo bench -p segue-core --bench kmeans` on the same files,
# and joins both. Not a test: it asserts nothing about time. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
REPS="${1:-5}"
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

echo "== Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== scikit-learn KMeans(algorithm=\"lloyd\"), 2 threads"
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on some processors for old OpenBLAS builds and slow
# a current numpy down: unset them for this command only (threadpoolctl reports the kernel used).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" scripts/bench_kmeans.py sklearn "$DATA" "$REPS" \
    | tee "$DATA/sklearn.txt" | grep -v '^RESULT'

echo "== Segue FastKMeans (cargo bench, release), 2 threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo bench --quiet -p segue-core --bench kmeans -- --data "$DATA" --reps "$REPS" \
    | tee "$DATA/segue.txt" | grep -v '^RESULT'

echo "== Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$VENV/bin/python" scripts/bench_kmeans.py table "$DATA"
