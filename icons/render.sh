#!/usr/bin/env bash
# Regenerate every bundled app icon from icon.svg.
# Requires: rsvg-convert (librsvg2-bin), ImageMagick `convert`, and either
# png2icns (icnsutils) or python3 for icon.icns.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

SRC=icon.svg
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

render() { # render <size> <output>
  rsvg-convert --format=png --width="$1" --height="$1" "$SRC" --output "$2"
}

# Tauri / desktop PNGs
render 32  32x32.png
render 64  64x64.png
render 128 128x128.png
render 256 128x128@2x.png
render 512 icon.png

# Windows Store / appx logos
for s in 30 44 71 89 107 142 150 284 310; do
  render "$s" "Square${s}x${s}Logo.png"
done
render 50 StoreLogo.png

# Windows .ico (one layer per size, straight from the SVG for crisp small sizes)
ico_layers=()
for s in 16 24 32 48 64 256; do
  render "$s" "$TMP/ico-$s.png"
  ico_layers+=("$TMP/ico-$s.png")
done
convert "${ico_layers[@]}" icon.ico

# macOS .icns
for s in 16 32 48 128 256 512; do
  render "$s" "$TMP/icns-$s.png"
done
if command -v png2icns >/dev/null 2>&1; then
  png2icns icon.icns "$TMP"/icns-{16,32,48,128,256,512}.png >/dev/null
else
  # Fallback: pack PNG payloads into ic07 (128), ic08 (256), ic09 (512) chunks.
  python3 - "$TMP" <<'PY'
import struct, sys
tmp = sys.argv[1]
chunks = b""
for kind, size in ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512)):
    with open(f"{tmp}/icns-{size}.png", "rb") as fh:
        data = fh.read()
    chunks += kind + struct.pack(">I", len(data) + 8) + data
with open("icon.icns", "wb") as fh:
    fh.write(b"icns" + struct.pack(">I", len(chunks) + 8) + chunks)
PY
fi

echo "icons rendered from $SRC into $(pwd)"
