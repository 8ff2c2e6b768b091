#!/usr/bin/env bash
# Sets up, builds and launches the Segue studio on the bundled demo workspace
# (built on first launch in the app's data folder). Extra arguments go to the app,
# e.g. `scripts/studio.sh --workspace /path/to/file.segue`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build --silent)
args=("$@")
[ "${#args[@]}" -eq 0 ] && args=(--demo)
exec cargo run -p segue-studio --bin segue-studio -- "${args[@]}"
