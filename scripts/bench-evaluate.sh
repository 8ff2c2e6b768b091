#!/usr/bin/env bash
# The evaluation's budget: `segue evaluate` with 5 strengths × 3 splits on the demo workspace
# (20,000 simulated listeners), with the release build, timed end to end (reading the workspace
# included). Prints the wall and CPU time of each of REPS runs, their median wall time, the peak
# memory and the load average (other work on the machine slows the wall time).
#
#   bash scripts/bench-evaluate.sh [REPS] [WORKSPACE]
#
# WORKSPACE defaults to target/bench-data/demo.segue, created once with the release
# `segue init --demo`. Not a test: it asserts nothing about time. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
REPS="${1:-3}"
WS="${2:-target/bench-data/demo.segue}"
(cd src-tauri && cargo build --release --locked -q -p segue-cli)
SEGUE="target/release/segue"
if [ ! -f "$WS" ]; then
    mkdir -p "$(dirname "$WS")"
    echo "== creating the demo workspace at $WS (once)"
    "$SEGUE" init "$WS" --demo >/dev/null
fi
echo "== segue evaluate --playlist 1 --splits 3 --strengths 0,0.25,0.5,0.75,1 ($REPS runs, $(nproc) cores)"
times=()
for i in $(seq "$REPS"); do
    out=$( { /usr/bin/time -f '%e %U %S %M' "$SEGUE" evaluate --playlist 1 --splits 3 --strengths 0,0.25,0.5,0.75,1 \
        --workspace "$WS" --json >/dev/null; } 2>&1 | tail -1)
    read -r secs user sys kb <<<"$out"
    printf '  run %d: %6.2f s wall  %6.2f s CPU  %5d MB peak  (load %s)\n' "$i" "$secs" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
        "$((kb / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
    times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %.2f s\n", a[int((NR+1)/2)]}'
