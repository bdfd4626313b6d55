#!/usr/bin/env python3
"""The sample articles as a `galley batch` manifest, for the batch test, the bench and
`make valgrind-batch`.

    python3 tests/sample_manifest.py N MANIFEST.jsonl

writes N lines, the sample articles (samples/*/article.json, article.ninjs.json,
article.xml) repeated, each line its own PDF: OUTDIR/I.pdf (OUTDIR "out", beside the
manifest).
"""
import glob
import json
import os
import sys

PATTERNS = ("*/article.json", "*/article.ninjs.json", "*/article.xml")
SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")


def sample_articles():
    """Every sample article (absolute paths), sorted within each format."""
    found = []
    for pattern in PATTERNS:
        found += sorted(glob.glob(os.path.join(SAMPLES, pattern)))
    return found


def write_manifest(path, n, outdir="out"):
    """Writes N lines to PATH (absolute article paths); returns [(article, output)]."""
    arts = sample_articles()
    pairs = [(arts[i % len(arts)], os.path.join(outdir, f"{i}.pdf")) for i in range(n)]
    with open(path, "w", encoding="utf-8") as f:
        for art, out in pairs:
            f.write(json.dumps({"article": art, "output": out}) + "\n")
    return pairs


if __name__ == "__main__":
    write_manifest(sys.argv[2], int(sys.argv[1]))
