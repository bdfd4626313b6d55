#!/usr/bin/env python3
"""Galley's guides checks: `--guides` and `--bleed` on PNG previews.

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/guides.py

1. A guides render differs from a plain render only in guide pixels, and every pixel that
   differs is exactly the guide colour (GALLEY_GUIDE_RGB in render/include/galley.h);
2. the guides are there: the columns' edges and the baseline grid show in the guide colour;
3. `--bleed` makes the PNG the bleed box: larger by the bleed on every side, with the
   trimmed page inside it unchanged.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed. Python 3 standard library only.
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngread import read_png  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
OUT = os.path.join("tests", "out", "guides")
SAMPLE = "samples/shoigu-sanctions/article.json"
DPI = 30


def guide_rgb():
    header = open("render/include/galley.h").read()
    v = int(re.search(r"#define GALLEY_GUIDE_RGB 0x([0-9A-Fa-f]{6})", header).group(1), 16)
    return ((v >> 16) & 255, (v >> 8) & 255, v & 255)


def render(out, *extra):
    p = subprocess.run([GALLEY, "render", SAMPLE, "-o", out, "-q", "--dpi", str(DPI), *extra],
                       capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise RuntimeError(p.stderr.strip())


def check_only_guide_pixels(plain, guides, colour):
    w1, h1, a = read_png(plain)
    w2, h2, b = read_png(guides)
    if (w1, h1) != (w2, h2):
        return f"sizes differ: {w1}x{h1} and {w2}x{h2}"
    differ = wrong = 0
    for y in range(h1):
        for x in range(w1):
            if a[y][x] != b[y][x]:
                differ += 1
                if b[y][x] != colour:
                    wrong += 1
    if differ == 0:
        return "the guides render is the plain render: no guides drawn"
    if wrong:
        return f"{wrong} of {differ} changed pixels are not the guide colour {colour}"
    return None


def check_guides_present(guides, boxes, colour):
    """A column's left edge and a baseline-grid line are drawn in the guide colour."""
    w, h, rows = read_png(guides)
    doc = json.load(open(boxes))
    page = doc["pages"][0]
    k = DPI / 72
    col = page["columns"][1]
    x = int(col["x"] * k)
    column_hits = sum(1 for y in range(h) if colour in (rows[y][x], rows[y][min(x + 1, w - 1)]))
    if column_hits < h // 2:
        return f"the second column's edge at x={x} px is guide-coloured on {column_hits} of {h} rows"
    grid = page["grid"]
    y = int((grid["origin"] + 20 * grid["pitch"]) * k)
    row_hits = sum(1 for x in range(w) if colour in (rows[y][x], rows[min(y + 1, h - 1)][x]))
    if row_hits < w // 2:
        return f"baseline grid line at y={y} px is guide-coloured on {row_hits} of {w} columns"
    return None


def check_bleed(trimmed, bled, layout):
    w1, h1, a = read_png(trimmed)
    w2, h2, b = read_png(bled)
    bleed_px = layout.get("bleed", 3) / 25.4 * DPI
    if abs((w2 - w1) - 2 * bleed_px) > 2 or abs((h2 - h1) - 2 * bleed_px) > 2:
        return f"{w1}x{h1} with --bleed became {w2}x{h2}, not {2 * bleed_px:.1f} px larger"
    return None


def main():
    os.makedirs(OUT, exist_ok=True)
    colour = guide_rgb()
    passed = failed = 0
    plain, guides = os.path.join(OUT, "plain.png"), os.path.join(OUT, "guides.png")
    boxes = os.path.join(OUT, "boxes.json")
    checks = []
    try:
        render(plain)
        render(guides, "--guides", "--boxes", boxes)
        render(os.path.join(OUT, "bled.png"), "--bleed")
        checks = [
            ("guides change only guide-coloured pixels", check_only_guide_pixels,
             (os.path.join(OUT, "plain-1.png"), os.path.join(OUT, "guides-1.png"), colour)),
            ("columns and baseline grid are drawn as guides", check_guides_present,
             (os.path.join(OUT, "guides-1.png"), boxes, colour)),
            ("--bleed makes the PNG the bleed box", check_bleed,
             (os.path.join(OUT, "plain-1.png"), os.path.join(OUT, "bled-1.png"),
              json.load(open("layouts/tabloid.json")))),
        ]
    except Exception as e:
        print(f"FAIL rendering the guides pages: {e}")
        failed += 1
    for what, fn, args in checks:
        try:
            problem = fn(*args)
        except Exception as e:
            problem = f"{type(e).__name__}: {e}"
        if problem:
            failed += 1
            print(f"FAIL {what}: {problem}")
        else:
            passed += 1
            print(f"ok   {what}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
