#!/usr/bin/env bash
# Fails when the repository is not self-sufficient: a tracked source line (not a comment) that
# names a path outside the clone (the shared data beside a developer's checkout), or a fixture
# whose checksum changed.
# The test command runs it first, then the tests themselves with the neighbours hidden
# (scripts/isolated.sh), so a read outside the clone fails either way.
set -euo pipefail
cd "$(dirname "$0")/.."
# Written with brackets so that this line does not match itself.
pattern='[s]hared/data|\.\./[s]hared'
hits=$(git ls-files -- '*.rs' '*.ts' '*.tsx' '*.mjs' '*.js' '*.sh' '*.py' '*.toml' '*.json' \
  | grep -v -E '^ui/package-lock\.json$' \
  | xargs grep -n -E "$pattern" 2>/dev/null \
  | grep -v -E '^[^:]+:[0-9]+:[[:space:]]*(#|//|/\*|\*)' || true)
if [ -n "$hits" ]; then
  echo "check-self-contained: these lines name paths outside the repository; copy what the tests need" >&2
  echo "into tests/data/ (with its terms) or demo/, and read it from there:" >&2
  echo "$hits" >&2
  exit 1
fi
(cd tests/data/lastfm-hetrec2011 && sha256sum --quiet -c SHA256SUMS) || {
  echo "check-self-contained: a Last.fm fixture differs from its checksum (tests/data/lastfm-hetrec2011)" >&2
  exit 1
}
echo "check-self-contained: no path outside the repository; fixtures match their checksums"
