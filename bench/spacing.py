#!/usr/bin/env python3
"""bench/spacing.py: how evenly Galley spaces its justified body text, measured in the PDF.

    python3 bench/spacing.py OUT.pdf BOXES.json [--label NAME] [OUT.pdf BOXES.json [--label NAME]]...
                             [--worst N]

For each pair (a PDF and the `--boxes` JSON of the same render) it prints one row for all the
justified body lines of the article and one row per language (en, ko), with the word-space
widths taken from the PDF itself: `pdftotext -bbox-layout` gives every word's box, and the
gap between two words of a line is the next word's xMin minus the previous word's xMax (in pt,
so the space glyph's advance plus whatever justification added or took away).

Which lines count, from the boxes JSON: line boxes with role "body" that are set to the full
measure of their frame (width equal to the frame's width within 0.01 pt, or, for a paragraph's
indented first line, right edge on the frame's right edge and left edge inside it), that are
not the last line box of their element (the last line is set ragged), and whose text has a
space (U+0020). A line is Korean if its text has a Hangul character, else English.

Words are matched to lines word by word, not pdftotext line by line (pdftotext cuts a widely
spaced line into several of its "lines"): a word belongs to the line box on its page whose
baseline lies in the word's vertical extent and whose x range holds the word's middle (0.5 pt
tolerance: punctuation hanging into the margin may take a word past its box); when several
do, the one whose vertical middle is nearest the word's. A measured line must have as many
words as its box text has space-separated words; where pdftotext splits a word in two (at a
change of font, no gap) the smallest gaps are closed first; a line that still does not match
is left out and counted under `skipped`.

The columns (bench/README.md has them too):
  lines    justified body lines measured
  skipped  justified body lines left out: their PDF words did not match their text (above)
  median   median word gap, pt
  p95      95th percentile of the word gaps (linear interpolation between ranks), pt
  max      widest word gap, pt
  loose    share of lines whose mean word gap is over 1.6 x the row's median word gap (the
           whole article's median for the "all" row, the language's own median for "en" and
           "ko": one median per article, not per page)
  p95/med  p95 divided by median: 1 is perfectly even spacing
  hyph     body lines (all of them, justified or not) that end in an inserted hyphen
  run      longest run of consecutive hyphenated body lines of one element (box order)
  cut      body lines that end inside a word cut without a hyphen (a Korean word broken
           between syllables: boxes "cut"), as a share of the row's body lines

With --worst N it also lists the N loosest lines (largest mean gap) of each article.
Exit status: 0, 1 if a file could not be read or pdftotext failed, 2 on a usage error.
Python 3 standard library only.
"""

import bisect
import html.parser
import json
import os
import re
import statistics
import subprocess
import sys

WIDTH_TOL = 0.01  # pt: a justified line's width equals its frame's
X_TOL = 0.5  # pt: a word's middle may lie this far outside its line box
LOOSE = 1.6  # a line is loose when its mean gap is over LOOSE x the median gap
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")


class Word:
    __slots__ = ("x0", "y0", "x1", "y1", "text")

    def __init__(self, x0, y0, x1, y1, text):
        self.x0, self.y0, self.x1, self.y1, self.text = x0, y0, x1, y1, text


class BboxParser(html.parser.HTMLParser):
    """Reads `pdftotext -bbox-layout` XHTML into a list of pages, each a list of Words. An HTML
    parser, not XML: it needs no DOCTYPE stripping and unescapes the entities itself."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pages = []
        self.word = None

    def handle_starttag(self, tag, attrs):
        if tag == "page":
            self.pages.append([])
        elif tag == "word" and self.pages:
            a = dict(attrs)
            self.word = Word(float(a["xmin"]), float(a["ymin"]), float(a["xmax"]),
                             float(a["ymax"]), "")

    def handle_data(self, data):
        if self.word is not None:
            self.word.text += data

    def handle_endtag(self, tag):
        if tag == "word" and self.word is not None:
            self.pages[-1].append(self.word)
            self.word = None


def trim_offset(pdf):
    """Where the trimmed page's top-left corner lies in the media box, as (x, y) from the
    media box's top-left: pdftotext measures from the media box, --boxes from the trim."""
    out = subprocess.run(["pdfinfo", "-box", pdf], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL).stdout.decode()
    box = {}
    for name in ("MediaBox", "TrimBox"):
        m = re.search(name + r":\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", out)
        if m:
            box[name] = [float(v) for v in m.groups()]
    if len(box) < 2:
        return 0.0, 0.0
    return box["TrimBox"][0] - box["MediaBox"][0], box["MediaBox"][3] - box["TrimBox"][3]


def pdf_words(pdf):
    """{page number (1-based): [Word]} of PDF, in the trimmed page's coordinates."""
    proc = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"pdftotext {pdf}: exit {proc.returncode}"
                           + (f": {err[0]}" if err else ""))
    p = BboxParser()
    p.feed(proc.stdout.decode("utf-8", "replace"))
    p.close()
    dx, dy = trim_offset(pdf)
    for words in p.pages:
        for w in words:
            w.x0, w.x1, w.y0, w.y1 = w.x0 - dx, w.x1 - dx, w.y0 - dy, w.y1 - dy
    return {i + 1: words for i, words in enumerate(p.pages)}


def is_korean(text):
    return HANGUL.search(text) is not None


def is_justified(b):
    """A line box set to the full measure of its frame: the frame's width, or (a paragraph's
    indented first line) from inside the frame to its right edge."""
    x, w = float(b["x"]), float(b["width"])
    fx, fw = float(b["frame"]["x"]), float(b["frame"]["width"])
    if abs(w - fw) <= WIDTH_TOL:
        return True
    return abs((x + w) - (fx + fw)) <= WIDTH_TOL and x > fx + WIDTH_TOL


def element_key(b):
    """Which element box B belongs to: its element, of its article in an edition's boxes."""
    return b.get("article"), b["element"]


def justified_body_lines(doc, spaced=True):
    """The line boxes of DOC whose word spaces justification set (see the module comment);
    with SPACED false, lines without a space too (bench/texture.py: a justified line of one
    word)."""
    lines = [b for b in doc["boxes"] if b.get("kind") == "line"]
    last = {}
    for i, b in enumerate(lines):
        last[element_key(b)] = i
    return [b for i, b in enumerate(lines)
            if b.get("role") == "body" and last[element_key(b)] != i
            and (" " in b.get("text", "") or not spaced and b.get("text", "").strip())
            and is_justified(b)]


def assign_words(doc, words_by_page):
    """{id(line box): [Word] sorted by x} for every line box of DOC (all roles, so that a word
    is given to the nearest line of any kind)."""
    by_page = {}
    for b in doc["boxes"]:
        if b.get("kind") == "line":
            by_page.setdefault(b["page"], []).append(b)
    out = {}
    for page, boxes in by_page.items():
        boxes.sort(key=lambda b: float(b["baseline"]))
        baselines = [float(b["baseline"]) for b in boxes]
        for w in words_by_page.get(page, []):
            lo = bisect.bisect_left(baselines, w.y0)
            hi = bisect.bisect_right(baselines, w.y1)
            best, dist = None, None
            mid = (w.y0 + w.y1) / 2
            for b in boxes[lo:hi]:
                x, width = float(b["x"]), float(b["width"])
                if not x - X_TOL <= (w.x0 + w.x1) / 2 <= x + width + X_TOL:
                    continue
                d = abs(mid - (float(b["y"]) + float(b["height"]) / 2))
                if best is None or d < dist:
                    best, dist = b, d
            if best is not None:
                out.setdefault(id(best), []).append(w)
    for ws in out.values():
        ws.sort(key=lambda w: w.x0)
    return out


def line_gaps(words, text):
    """The word gaps of one line, or None when the words do not match TEXT's words. Words
    pdftotext split without a gap (a change of font) are joined, smallest gap first."""
    want = len(text.split())
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:])]
    while len(gaps) + 1 > want and gaps:
        gaps.remove(min(gaps))
    return gaps if len(gaps) + 1 == want else None


def percentile(values, q):
    """The Q-th percentile of VALUES (linear interpolation between closest ranks)."""
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * q / 100.0
    f = int(k)
    c = min(f + 1, len(v) - 1)
    return v[f] + (v[c] - v[f]) * (k - f)


def hyphen_stats(doc, lang=None):
    """(hyphenated body lines, longest run of consecutive hyphenated lines of one element,
    share of body lines ending in a cut word) over the body lines of DOC (of language LANG:
    "en", "ko", or None for all)."""
    by_element = {}
    for b in doc["boxes"]:
        if b.get("kind") == "line" and b.get("role") == "body":
            by_element.setdefault(element_key(b), []).append(b)
    count = longest = cut = total = 0
    for lines in by_element.values():
        run = 0
        for b in lines:
            if lang is not None and ("ko" if is_korean(b.get("text", "")) else "en") != lang:
                run = 0
                continue
            total += 1
            cut += bool(b.get("cut"))
            if b.get("hyphenated"):
                count += 1
                run += 1
                longest = max(longest, run)
            else:
                run = 0
    return count, longest, (cut / total if total else None)


def measure(pdf, boxes_path):
    """{"rows": {"all"|"en"|"ko": stats}, "lines": [(mean gap, box, gaps)]} of one render."""
    with open(boxes_path, encoding="utf-8") as f:
        doc = json.load(f)
    words = pdf_words(pdf)
    if len(words) != len(doc["pages"]):
        raise ValueError(f"{pdf} has {len(words)} pages, {boxes_path} {len(doc['pages'])}: "
                         "not the same render")
    assigned = assign_words(doc, words)
    measured, skipped = [], {"all": 0, "en": 0, "ko": 0}
    for b in justified_body_lines(doc):
        lang = "ko" if is_korean(b["text"]) else "en"
        gaps = line_gaps(assigned.get(id(b), []), b["text"])
        if gaps is None or not gaps:
            skipped["all"] += 1
            skipped[lang] += 1
            continue
        measured.append((lang, b, gaps))
    rows = {}
    for key in ("all", "en", "ko"):
        lines = [(b, g) for lang, b, g in measured if key == "all" or lang == key]
        hyph, run, cut = hyphen_stats(doc, None if key == "all" else key)
        if not lines and not skipped[key] and not hyph:
            continue
        gaps = [x for _, g in lines for x in g]
        row = {"lines": len(lines), "skipped": skipped[key], "hyph": hyph, "run": run, "cut": cut}
        if gaps:
            med = statistics.median(gaps)
            p95 = percentile(gaps, 95)
            loose = sum(1 for _, g in lines if sum(g) / len(g) > LOOSE * med)
            row.update(median=med, p95=p95, max=max(gaps), loose=loose / len(lines),
                       ratio=p95 / med if med > 0 else None)
        rows[key] = row
    worst = sorted(((sum(g) / len(g), b, g) for _, b, g in measured), key=lambda t: -t[0])
    return {"rows": rows, "lines": worst}


HEADER = (f"{'article':<28} {'lang':<4} {'lines':>5} {'skipped':>7} {'median':>7} {'p95':>6} "
          f"{'max':>6} {'loose':>6} {'p95/med':>7} {'hyph':>5} {'run':>4} {'cut':>6}")


def fmt_row(label, lang, r):
    def num(key, fmt):
        v = r.get(key)
        return "-" if v is None else format(v, fmt)

    return (f"{label:<28} {lang:<4} {r['lines']:>5} {r['skipped']:>7} {num('median', '.2f'):>7} "
            f"{num('p95', '.2f'):>6} {num('max', '.2f'):>6} {num('loose', '.1%'):>6} "
            f"{num('ratio', '.2f'):>7} {r['hyph']:>5} {r['run']:>4} {num('cut', '.1%'):>6}")


def parse_args(argv, flags=(), doc=None):
    """[(pdf, boxes, label)], worst, {flag given}; raises ValueError on a usage error. A
    --label names the pair just before it if that pair has no label yet, else the pair after
    it. FLAGS are the options without a value the caller takes (bench/texture.py: --json);
    --help prints DOC (this module's by default)."""
    pairs, files, worst, pending, given = [], [], 0, None, set()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(doc or __doc__)
            sys.exit(0)
        if a in flags:
            given.add(a)
            i += 1
            continue
        if a in ("--label", "--worst"):
            if i + 1 >= len(argv):
                raise ValueError(f"{a} needs a value")
            v = argv[i + 1]
            i += 2
            if a == "--worst":
                try:
                    worst = int(v)
                except ValueError:
                    raise ValueError(f"--worst {v}: not a number") from None
                continue
            if files:
                raise ValueError(f"--label {v} between a PDF and its boxes JSON")
            if pairs and pairs[-1][2] is None and pending is None:
                pairs[-1][2] = v
            elif pending is None:
                pending = v
            else:
                raise ValueError(f"two labels in a row: {pending}, {v}")
            continue
        if a.startswith("-") and a != "-":
            raise ValueError(f"unknown option {a}")
        files.append(a)
        i += 1
        if len(files) == 2:
            pairs.append([files[0], files[1], pending])
            files, pending = [], None
    if files:
        raise ValueError(f"{files[0]} has no boxes JSON after it")
    if pending is not None:
        raise ValueError(f"--label {pending} names no pair")
    if not pairs:
        raise ValueError("no OUT.pdf BOXES.json pair")
    for p in pairs:
        if p[2] is None:
            p[2] = os.path.splitext(os.path.basename(p[0]))[0]
    return [tuple(p) for p in pairs], worst, given


def main(argv):
    try:
        pairs, worst, _ = parse_args(argv)
    except ValueError as e:
        print(f"spacing.py: {e}", file=sys.stderr)
        print("usage: spacing.py OUT.pdf BOXES.json [--label NAME] [OUT.pdf BOXES.json "
              "[--label NAME]]... [--worst N]", file=sys.stderr)
        return 2
    status = 0
    print(HEADER, flush=True)
    details = []
    for pdf, boxes, label in pairs:
        try:
            m = measure(pdf, boxes)
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            print(f"spacing.py: {label}: {e}", file=sys.stderr)
            status = 1
            continue
        for lang in ("all", "en", "ko"):
            if lang in m["rows"]:
                print(fmt_row(label, lang, m["rows"][lang]), flush=True)
        if worst:
            details.append((label, m["lines"][:worst]))
    for label, lines in details:
        print(f"\n{label}: the {len(lines)} loosest lines (mean gap, pt; gaps)")
        for mean, b, gaps in lines:
            print(f"  {mean:5.2f}  p{b['page']} {b['element']:<24} "
                  f"[{' '.join(f'{g:.1f}' for g in gaps)}]  {b['text']}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
