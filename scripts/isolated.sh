#!/usr/bin/env bash
# Runs a command with the repository's neighbours hidden, so that a test reading a file outside
# the clone (../shared/data, say) fails loudly instead of passing by luck. In a private mount
# namespace every folder beside the repository is covered by an empty one, and every file by
# /dev/null; the toolchains (cargo's and rustup's homes) stay visible wherever they live.
# Needs root (or unprivileged user namespaces); elsewhere it says so and runs the command as is,
# and scripts/check-self-contained.sh still catches such paths in the source.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
parent=$(dirname "$repo")
if [ "${SEGUE_NO_ISOLATION:-0}" = 1 ] || [ "$parent" = / ] || ! command -v unshare >/dev/null \
  || ! unshare --mount true 2>/dev/null; then
  echo "isolated: no private mount namespace here; running without hiding what is beside $repo" >&2
  exec "$@"
fi
keep=()
for p in "${CARGO_HOME:-$HOME/.cargo}" "${RUSTUP_HOME:-$HOME/.rustup}" "$HOME/.npm" "$HOME/.cache"; do
  [ -e "$p" ] && keep+=("$(cd "$p" && pwd -P)")
done
export REPO="$repo" PARENT="$parent" KEEP="${keep[*]:-}"
exec unshare --mount bash -c '
set -e
mount --make-rprivate /
for entry in "$PARENT"/* "$PARENT"/.[!.]*; do
  [ -e "$entry" ] || continue
  [ "$entry" = "$REPO" ] && continue
  needed=0
  for k in $KEEP; do case "$k/" in "$entry"/*) needed=1;; esac; done
  [ "$needed" = 1 ] && continue
  if [ -d "$entry" ]; then mount -t tmpfs -o size=1m,mode=755 hidden "$entry"
  else mount --bind /dev/null "$entry"; fi
done
cd "$REPO"
exec "$@"' isolated "$@"
