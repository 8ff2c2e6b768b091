#!/usr/bin/python3
"""Parses a playlist file with GNOME's totem-pl-parser and prints what it found as JSON.

Segue's tests run this to check that the M3U8 and XSPF files Segue writes load in a real,
widely used playlist parser (the one behind Totem, Rhythmbox and GNOME's file indexer), not only
in Segue's own reader.

Usage: /usr/bin/python3 parse_with_totem.py FILE

Prints one JSON object on stdout:
  {"result": "success", "playlistTitle": ..., "count": N,
   "entries": [{"uri": ..., "title": ..., "author": ..., "album": ..., "duration": ...,
                "durationMs": ...}]}
Fields the parser did not report are null.
Exits 0 when the parser reports success, 1 when it does not, and 3 when totem-pl-parser or
Python GObject introspection is missing (the message names the Debian packages to install).
"""

import json
import sys

MISSING = ("totem-pl-parser through GObject introspection is missing: install the Debian packages "
           "python3-gi and gir1.2-totemplparser-1.0 (scripts/setup.sh --test does)")

try:
    import gi

    gi.require_version("TotemPlParser", "1.0")
    from gi.repository import Gio, TotemPlParser
except (ImportError, ValueError) as error:
    print(f"{MISSING} ({error})", file=sys.stderr)
    sys.exit(3)


def parse(path):
    """The parser's result, the playlist's title and the entries in the order it reported them."""
    parser = TotemPlParser.Parser()
    entries = []
    playlist = {}

    def field(metadata, name):
        return metadata.get(name) if metadata else None

    def on_entry(_parser, uri, metadata):
        entries.append({
            "uri": uri,
            "title": field(metadata, TotemPlParser.PARSER_FIELD_TITLE),
            "author": field(metadata, TotemPlParser.PARSER_FIELD_AUTHOR),
            "album": field(metadata, TotemPlParser.PARSER_FIELD_ALBUM),
            "duration": field(metadata, TotemPlParser.PARSER_FIELD_DURATION),
            "durationMs": field(metadata, TotemPlParser.PARSER_FIELD_DURATION_MS),
        })

    def on_started(_parser, _uri, metadata):
        playlist.setdefault("title", field(metadata, TotemPlParser.PARSER_FIELD_TITLE))

    parser.connect("entry-parsed", on_entry)
    parser.connect("playlist-started", on_started)
    # Not recursive: entries are reported as they are, without trying to open them.
    result = parser.parse(Gio.File.new_for_path(path).get_uri(), False)
    return result, playlist.get("title"), entries


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    result, title, entries = parse(sys.argv[1])
    name = result.value_nick if hasattr(result, "value_nick") else str(result)
    print(json.dumps({"result": name, "playlistTitle": title, "count": len(entries), "entries": entries},
                     ensure_ascii=False))
    sys.exit(0 if result == TotemPlParser.ParserResult.SUCCESS else 1)


if __name__ == "__main__":
    main()
