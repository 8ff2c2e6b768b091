#!/usr/bin/env bash
# Installs what building, running and testing Segue needs on Debian or Ubuntu: system packages,
# the UI's npm dependencies and (with --test) tauri-driver. Idempotent: skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

packages=(build-essential pkg-config file libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev xvfb xauth curl fonts-noto-color-emoji)
[ "$want_test" = 1 ] && packages+=(webkit2gtk-driver chromium libxml2-utils python3-gi gir1.2-totemplparser-1.0)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: Rust is needed: https://rustup.rs (then run this again)"; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20 or newer with npm is needed (apt-get install nodejs npm)"; exit 1; }

if [ "$want_test" = 1 ] && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

# npm ci only when the lock file changed since the last install.
stamp=ui/node_modules/.segue-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "setup: installing the UI's npm dependencies"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json "$stamp"
fi
