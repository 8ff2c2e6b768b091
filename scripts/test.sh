#!/usr/bin/env bash
# Runs every test of Segue: the UI's unit tests and type check, every Rust test (core, formats,
# store against real SQLite files, API, CLI, the bindings drift check), and the end-to-end
# journeys through the real app under Xvfb with tauri-driver. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --test

echo "== Self-contained: no test reads outside the repository"
bash scripts/check-self-contained.sh

echo "== UI: type check, production build, unit tests, a journey in headless Chromium"
bash scripts/isolated.sh bash -c 'cd ui && npm run build --silent && npm test --silent && npm run test:e2e --silent'

echo "== Rust: build and test the workspace"
cargo build --workspace --all-targets --locked
# With everything beside the clone hidden: a test that reads ../shared (or any neighbour) fails.
bash scripts/isolated.sh cargo test --workspace --locked

echo "== End to end: the real app through WebDriver"
bash scripts/e2e.sh
