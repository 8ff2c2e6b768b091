#!/usr/bin/env bash
# End-to-end journeys: drive the real Segue studio through tauri-driver + WebKitWebDriver under
# Xvfb, with Node's built-in test runner (tests/e2e/*.test.mjs, no npm dependencies).
#
# Usage: bash scripts/e2e.sh [node --test arguments…]   (default: tests/e2e/)
#
# Assumes the binaries are built: target/debug/segue-studio (with the UI embedded: build ui/ first)
# and target/debug/segue (the CLI), e.g.
#   (cd ui && npm run build) && cargo build -p segue-studio -p segue-cli
# Installs tauri-driver 2.x into ~/.cargo/bin if it is missing.
#
# Environment: E2E_PORT / E2E_NATIVE_PORT (default: free ports), E2E_ARTIFACTS (failure
# screenshots, page sources and the driver log; default /tmp/segue-e2e-artifacts), E2E_KEEP=1
# (keep the tests' temporary workspaces), SEGUE_APP / SEGUE_CLI (other binaries).
# Exit code: the tests' exit code (or 2 when the harness itself cannot start).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

SEGUE_APP="${SEGUE_APP:-$ROOT/target/debug/segue-studio}"
SEGUE_CLI="${SEGUE_CLI:-$ROOT/target/debug/segue}"
TAURI_DRIVER="${TAURI_DRIVER:-$HOME/.cargo/bin/tauri-driver}"
E2E_ARTIFACTS="${E2E_ARTIFACTS:-${TMPDIR:-/tmp}/segue-e2e-artifacts}"

die() { echo "e2e: $*" >&2; exit 2; }

for bin in "$SEGUE_APP" "$SEGUE_CLI"; do
  [[ -x "$bin" ]] || die "$bin is missing: build it first: (cd ui && npm run build) && cargo build -p segue-studio -p segue-cli"
done
SEGUE_APP="$(realpath "$SEGUE_APP")"
SEGUE_CLI="$(realpath "$SEGUE_CLI")"
command -v xvfb-run >/dev/null || die "xvfb-run is missing (apt-get install xvfb xauth)"
command -v WebKitWebDriver >/dev/null || die "WebKitWebDriver is missing (apt-get install webkit2gtk-driver)"
command -v node >/dev/null || die "node is missing (Node 20 or newer)"
if [[ ! -x "$TAURI_DRIVER" ]]; then
  echo "e2e: installing tauri-driver 2.x" >&2
  cargo install tauri-driver --version '^2' --locked
fi
[[ -x "$TAURI_DRIVER" ]] || die "tauri-driver not found at $TAURI_DRIVER"

# A free TCP port on 127.0.0.1, different from the ones given as arguments.
free_port() {
  node -e '
    const net = require("node:net");
    const taken = new Set(process.argv.slice(1).map(Number));
    const tryOne = () => {
      const srv = net.createServer();
      srv.listen(0, "127.0.0.1", () => {
        const { port } = srv.address();
        srv.close(() => (taken.has(port) ? tryOne() : console.log(port)));
      });
    };
    tryOne();' "$@"
}
PORT="${E2E_PORT:-$(free_port)}"
NATIVE_PORT="${E2E_NATIVE_PORT:-$(free_port "$PORT")}"

# The app inherits tauri-driver's environment (not node's): keep its recents, data and caches
# out of the real user's directories.
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/segue-e2e-run.XXXXXX")"
cleanup_run_dir() { rm -rf "$RUN_DIR"; }
trap cleanup_run_dir EXIT
mkdir -p "$RUN_DIR/config" "$RUN_DIR/data" "$RUN_DIR/cache" "$E2E_ARTIFACTS"
DRIVER_LOG="$E2E_ARTIFACTS/tauri-driver.log"

if [[ $# -eq 0 ]]; then
  set -- tests/e2e/
fi

export SEGUE_APP SEGUE_CLI TAURI_DRIVER PORT NATIVE_PORT RUN_DIR DRIVER_LOG E2E_ARTIFACTS
export WEBDRIVER_URL="http://127.0.0.1:$PORT"

echo "e2e: tauri-driver on 127.0.0.1:$PORT (native $NATIVE_PORT), app $SEGUE_APP" >&2

# tauri-driver and node run in one shell under one Xvfb, so they share DISPLAY.
set +e
xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
  set -uo pipefail
  driver_pid=""
  stop_driver() {
    if [[ -n "$driver_pid" ]] && kill -0 "$driver_pid" 2>/dev/null; then
      # SIGTERM, never SIGKILL: tauri-driver then stops WebKitWebDriver too.
      kill -TERM "$driver_pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.1; done
      wait "$driver_pid" 2>/dev/null
    fi
    driver_pid=""
  }
  trap stop_driver EXIT
  trap "exit 130" INT
  trap "exit 143" TERM

  XDG_CONFIG_HOME="$RUN_DIR/config" XDG_DATA_HOME="$RUN_DIR/data" XDG_CACHE_HOME="$RUN_DIR/cache" \
    "$TAURI_DRIVER" --port "$PORT" --native-port "$NATIVE_PORT" >"$DRIVER_LOG" 2>&1 &
  driver_pid=$!

  ready=""
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$WEBDRIVER_URL/status" 2>/dev/null; then ready=1; break; fi
    kill -0 "$driver_pid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z "$ready" ]]; then
    echo "e2e: tauri-driver did not answer on $WEBDRIVER_URL/status; its log:" >&2
    cat "$DRIVER_LOG" >&2
    exit 2
  fi

  node --test --test-concurrency=1 "$@"
  status=$?
  stop_driver
  exit $status
' e2e "$@"
status=$?
set -e

if [[ $status -ne 0 ]]; then
  echo "e2e: failed (exit $status); artefacts in $E2E_ARTIFACTS (driver log: $DRIVER_LOG)" >&2
  if [[ -s "$DRIVER_LOG" ]]; then
    echo "e2e: last lines of the driver log:" >&2
    tail -n 40 "$DRIVER_LOG" >&2
  fi
fi
exit $status
