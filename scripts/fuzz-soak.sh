#!/usr/bin/env bash
# The fuzz soak: every fuzz target of segue-io (src-tauri/crates/segue-io/src/fuzz: each reader
# over arbitrary and mutated bytes seeded from the repository's real files) run over CASES
# inputs each, optimized, one target after another, printing each target's time and rate.
#
#   bash scripts/fuzz-soak.sh [CASES] [TARGET...]
#
# CASES: inputs per target (default 1,000,000). TARGET: only these targets (catalogue_csv,
# catalogue_tsv, catalogue_json_lines, signal_events, signal_aggregates, signal_artist_plays,
# parquet, jspf, xspf, m3u8, playlist_csv, package); all by default. Each target's output goes
# to target/fuzz-soak/TARGET.log; on a failure the script prints the end of it (the panic and
# the input proptest shrank it to, or the input a hang was stopped on) and exits 1. Not part
# of the test command (`cargo test` runs 256 inputs per target). The test binary is run
# directly, so the time is the fuzzing's, not a wait for cargo's build lock.
set -euo pipefail
cd "$(dirname "$0")/../src-tauri"
export PATH="$HOME/.cargo/bin:$PATH"
CASES="${1:-1000000}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(catalogue_csv catalogue_tsv catalogue_json_lines signal_events signal_aggregates signal_artist_plays
             parquet jspf xspf m3u8 playlist_csv package)
fi
BIN=$(cargo test --release -p segue-io --lib --no-run --message-format=json 2>/dev/null \
    | grep '"executable":"[^"]*"' | grep '"name":"segue_io"' | grep '"test":true' \
    | sed -E 's/.*"executable":"([^"]*)".*/\1/' | tail -1)
[ -x "$BIN" ] || { echo "fuzz-soak: could not build the segue-io test binary" >&2; exit 1; }
LOGS="${CARGO_TARGET_DIR:-$PWD/../target}/fuzz-soak"
mkdir -p "$LOGS"
echo "$(date -u +%FT%TZ) $BIN, $CASES inputs per target, $(nproc) cores"
echo "target                 inputs      seconds   inputs/s"
for target in "${TARGETS[@]}"; do
    start=$(date +%s.%N)
    if ! SEGUE_FUZZ_CASES="$CASES" "$BIN" --exact "fuzz::targets::$target" >"$LOGS/$target.log" 2>&1; then
        echo "fuzz-soak: $target failed; the end of $LOGS/$target.log:" >&2
        grep -v -E '^ +[0-9]+,$' "$LOGS/$target.log" | tail -40 >&2
        exit 1
    fi
    end=$(date +%s.%N)
    awk -v t="$target" -v n="$CASES" -v s="$start" -v e="$end" \
        'BEGIN { d = e - s; printf "%-22s %9d %12.1f %10.0f\n", t, n, d, n / d }'
done
