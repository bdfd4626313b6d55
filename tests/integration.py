#!/usr/bin/env python3
"""Galley's integration test: renders every sample with every layout and checks the output.

Run from the repository root (the Makefile's `integration` and `update-refs` targets do):

    BUILD=build python3 tests/integration.py [--update-refs] [--self-test] [--staged]

For every samples/NAME/article.json and both layouts (tabloid, a4) it renders, into tests/out/,
NAME-LAYOUT.pdf with NAME-LAYOUT.boxes.json (`--boxes`) and NAME-LAYOUT-N.png at 40 dpi, then
checks:

1. nothing lost: every text field of the article JSON and its translations (markup stripped
   where the format has markup) is in `pdftotext -raw`'s text, compared without white space
   or hyphens; body blocks are there exactly as often as the article has them, paragraphs in
   order; a text broken across a page break may have the folio between its parts;
2. geometry from the boxes JSON: no overlaps, boxes inside frames inside pages, body baselines
   on the grid, no line wider than its frame, body lines' text equal to the article's text;
   and typography (TYPOGRAPHY_CHECKS): at most 2 hyphenated lines in a row, and 2 ending in a
   cut Korean word; no hyphen on the last line of a column, Korean lines neither starting
   with closing punctuation nor ending with an opening one, Korean words not broken between
   syllables, no widows or orphans.
   A typography check marked off there is "staged": written and self-tested but not yet
   passed by the renders; it runs only with --staged;
3. fonts embedded (`pdffonts`) and the PDF well formed (`qpdf --check`);
4. the pages look like the reference PNGs in tests/ref/ (`$BUILD/pngdiff`); `--update-refs`
   writes the references instead;
5. bad input end to end: exit codes, messages with file:line:col, nothing written on failure.

Before all that it runs its self-test (alone with `--self-test`): every checker is fed
synthetic bad input and must report a failure, and good input and must pass; the bad-input
checks run against a stand-in galley script, right and then with one defect at a time.

Prints one line per check, "ok   WHAT" or "FAIL WHAT: reason", then "N passed, M failed"
alone on a line; exits 1 if anything failed. Python 3 standard library only.
"""

import argparse
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", "build")
OUT_DIR = os.path.join("tests", "out")
REF_DIR = os.path.join("tests", "ref")
LAYOUTS = ("tabloid", "a4")
PNG_DPI = 40
TIMEOUT = 600  # seconds for one command (sanitizer builds are slow)

TOL = 0.01  # pt, on every edge
AREA_TOL = 0.01  # pt², largest overlap allowed
GRID_TOL = 0.001  # grid steps
HYPHENS = "\u002d\u2010\u00ad"
# Fields a layout may set in capitals: compared case-insensitively.
CAPS_FIELDS = ("section", "kicker", "dateline", "credit")
BODY_ELEMENT = re.compile(r"^(translations\.[^.\[\]]+\.)?body\[\d+\](\.items\[\d+\])?$")


def galley_path():
    return os.path.join(BUILD, "galley")


def pngdiff_path():
    return os.path.join(BUILD, "pngdiff")


# ---------------------------------------------------------------------------------------------
# Reporting


class Report:
    """Collects check results and prints one line per check."""

    MAX_DETAILS = 5

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []  # the WHAT of each failed check

    def result(self, what, problems):
        """Prints "ok   WHAT" if PROBLEMS is empty, else "FAIL WHAT: first" and a few more."""
        if not problems:
            self.passed += 1
            print(f"ok   {what}", flush=True)
            return True
        self.failed += 1
        self.failures.append(what)
        problems = [" ".join(str(p).split("\n")) for p in problems]
        print(f"FAIL {what}: {problems[0]}", flush=True)
        for p in problems[1 : self.MAX_DETAILS]:
            print(f"     {p}", flush=True)
        if len(problems) > self.MAX_DETAILS:
            print(f"     ... and {len(problems) - self.MAX_DETAILS} more", flush=True)
        return False

    def check(self, what, fn, *args):
        """Runs FN(*ARGS), which returns a list of problems; a crash is a failure too."""
        try:
            problems = fn(*args)
        except Exception as e:  # a checker that crashes on bad data must not pass
            problems = [f"checker crashed: {type(e).__name__}: {e}"]
        return self.result(what, problems)

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)


def run(args, **kw):
    """Runs ARGS (no input, TIMEOUT) and returns the CompletedProcess; stdout and stderr are
    bytes (see decode)."""
    return subprocess.run(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        **kw,
    )


def decode(b):
    return b.decode("utf-8", "replace")


def describe_failure(proc):
    """A one-line account of a failed command: its exit status and the first line of its
    messages that says error (a sanitizer report's summary), else the first line."""
    err = [l.strip() for l in decode(proc.stderr).splitlines() if l.strip()]
    line = next((l for l in err if "error" in l.lower() and not l.startswith("==")), None)
    line = line or next((l for l in err if "ERROR" in l or "SUMMARY" in l), None)
    line = line or (err[0] if err else None)
    return f"exit {proc.returncode}" + (f": {line}" if line else "")


def render(args):
    """Runs galley with ARGS; returns the problems (empty when it exits 0)."""
    try:
        proc = run([galley_path()] + args)
    except subprocess.TimeoutExpired:
        return [f"galley {' '.join(args)}: no result after {TIMEOUT} s"]
    return [] if proc.returncode == 0 else [describe_failure(proc)]


# ---------------------------------------------------------------------------------------------
# Article text


MARKUP_SPACE = " \t\n\r\f\v"
ESCAPABLE = "*[]()\\'\""
QUOTE_ESCAPABLE = "'\""
# What a typewriter quote the renderer makes typographic is checked as: one of these (the
# direction, opening or closing, is the renderer's business; nothing-lost folds them all).
TYPOGRAPHIC = {"'": "\u2019", '"': "\u201d"}
QUOTE_FOLD = str.maketrans("\u2018\u2019\u2032\u201c\u201d\u2033", "\'\'\'\"\"\"")


def strip_markup(src, markup=True):
    """Returns SRC without Galley's inline markup, as render/model/text.c documents it:
    *emphasis* and **strong** lose their asterisks, except a run of '*' with white space (or
    the end) on both sides, which is text ("5 * 3"); [text](url) keeps its text and drops the
    url, where '[' starts a link only when "](" follows its first ']' and no '[' comes
    before that; a backslash before one of * [ ] ( ) \\ ' " leaves that character; other
    quotes become typographic (as TYPOGRAPHIC). Anything else is text. SRC is assumed valid
    (the renderer rejects unbalanced markup). Without MARKUP (a headline) only the quotes
    and their escapes are read."""
    out = []
    i, n = 0, len(src)
    escapable = ESCAPABLE if markup else QUOTE_ESCAPABLE
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in escapable:
            out.append(src[i + 1])
            i += 2
        elif not markup and c in "*[":
            out.append(c)
            i += 1
        elif c == "*":
            j = i
            while j < n and src[j] == "*":
                j += 1
            can_close = i > 0 and src[i - 1] not in MARKUP_SPACE
            can_open = j < n and src[j] not in MARKUP_SPACE
            if not can_open and not can_close:
                out.append(src[i:j])
            i = j
        elif c == "[":
            close = link_close(src, i)
            if close is None:
                out.append(c)
                i += 1
            else:
                out.append(strip_markup(src[i + 1 : close]))
                i = url_end(src, close + 1)
        else:
            out.append(TYPOGRAPHIC.get(c, c))
            i += 1
    return "".join(out)


def link_close(src, open_):
    """Index of the ']' ending a link opened by the '[' at OPEN_, or None when the bracket is
    text: no ']', a '[' before it, or no '(' right after it."""
    i = open_ + 1
    while i < len(src):
        c = src[i]
        if c == "\\" and i + 1 < len(src) and src[i + 1] in ESCAPABLE:
            i += 2
            continue
        if c == "[":
            return None
        if c == "]":
            return i if i + 1 < len(src) and src[i + 1] == "(" else None
        i += 1
    return None


def url_end(src, paren):
    """Index just past the ')' closing the link address that opens at PAREN (balanced
    parentheses and escapes allowed)."""
    depth = 0
    i = paren + 1
    while i < len(src):
        c = src[i]
        if c == "\\" and i + 1 < len(src) and src[i + 1] in ESCAPABLE:
            i += 2
            continue
        if c == ")" and depth == 0:
            return i + 1
        depth += c == "("
        depth -= c == ")"
        i += 1
    return len(src)


def normalize(s):
    """Removes all whitespace and hyphens (U+002D, U+2010, U+00AD), folds typographic quotes
    and primes to typewriter ones and NFC-normalises."""
    s = unicodedata.normalize("NFC", s).translate(QUOTE_FOLD)
    s = "".join(c for c in s if not c.isspace() and c not in HYPHENS)
    return unicodedata.normalize("NFC", s)


class Field:
    """One text field of an article: its path as error messages name it ("body[3]"), its text
    with markup stripped, and how the nothing-lost check treats it."""

    def __init__(self, path, text, block=None, caps=False, marker=None):
        self.path = path
        self.text = text
        self.block = block  # "paragraph", "subhead", "quote", "item" for body blocks, else None
        self.caps = caps  # the layout may set it in capitals
        self.marker = marker  # a list item's: "\u2022" or "3."

    def preview(self):
        t = " ".join(self.text.split())
        return t[:60] + ("..." if len(t) > 60 else "")

    def __repr__(self):
        return f"Field({self.path!r}, {self.preview()!r})"


def text_of(value):
    """The text of a JSON value meant as text; None when it isn't a non-empty string."""
    if isinstance(value, str) and value.strip():
        return value
    return None


def language_fields(d, prefix):
    """Fields of one language: the article object D itself (PREFIX "") or a translation
    (PREFIX "translations.ko."). Markup is parsed in the deck, captions, body blocks, quote
    attributions and notes (as render/model/article.c loads them); other fields are plain."""
    fields = []

    def add(path, value, markup=False, **kw):
        t = text_of(value)
        if t is not None:
            fields.append(Field(prefix + path, strip_markup(t, markup), **kw))

    for key in ("section", "kicker", "headline"):
        add(key, d.get(key), caps=key in CAPS_FIELDS)
    add("deck", d.get("deck"), markup=True)
    byline = d.get("byline")
    if isinstance(byline, dict):
        add("byline.name", byline.get("name"))
    else:
        add("byline", byline)
    add("dateline", d.get("dateline"), caps=True)
    for i, photo in enumerate(d.get("photos") or []):
        if isinstance(photo, dict):
            add(f"photos[{i}].caption", photo.get("caption"), markup=True)
            add(f"photos[{i}].credit", photo.get("credit"), caps=True)
    for i, block in enumerate(d.get("body") or []):
        if isinstance(block, str):
            add(f"body[{i}]", block, markup=True, block="paragraph")
        elif isinstance(block, dict):
            kind = block.get("type") or "paragraph"
            if kind == "list":  # each item a paragraph of its own, after its marker
                start = block.get("start", 1) if block.get("ordered") else None
                for k, item in enumerate(block.get("items") or []):
                    marker = "\u2022" if start is None else f"{start + k}."
                    add(f"body[{i}].items[{k}]", item, markup=True, block="item", marker=marker)
                continue
            add(f"body[{i}]", block.get("text"), markup=True, block=kind)
            add(f"body[{i}].attribution", block.get("attribution"), markup=True)
    for i, rel in enumerate(d.get("related") or []):
        if isinstance(rel, dict):
            add(f"related[{i}].headline", rel.get("headline"))
        else:
            add(f"related[{i}]", rel)
    for i, note in enumerate(d.get("notes") or []):
        add(f"notes[{i}]", note, markup=True)
    return fields


def article_fields(article):
    """Every text field of ARTICLE (parsed JSON) and of each of its translations, in order."""
    fields = language_fields(article, "")
    for lang, tr in (article.get("translations") or {}).items():
        if isinstance(tr, dict):
            fields += language_fields(tr, f"translations.{lang}.")
    return fields


def body_fields(fields):
    return [f for f in fields if f.block is not None]


# ---------------------------------------------------------------------------------------------
# Check 1: nothing lost (pdftotext)


def count_overlapping(hay, needle):
    n, i = 0, hay.find(needle)
    while i >= 0:
        n += 1
        i = hay.find(needle, i + 1)
    return n


# Normalised characters of page furniture (a folio, a running head) that may sit between the
# two parts of a text broken across a page break, at the end of one page and the start of
# the next. pdftotext -raw gives text in drawing order, and a page's folio is drawn with it.
FURNITURE = 300


class PdfText:
    """The normalised text of a PDF, page by page (pdftotext separates pages with a form feed),
    and where a field's text occurs in it."""

    def __init__(self, text):
        self.pages = [normalize(p) for p in text.split("\f")]
        self.pages_ci = [p.casefold() for p in self.pages]

    def occurrences(self, needle, caps=False):
        """Sorted (start, end) spans of NEEDLE in the text of all pages joined (overlaps
        counted), including a NEEDLE broken across a page break with up to FURNITURE
        characters of other text on either side of the break. CAPS: ignore case."""
        pages = self.pages_ci if caps else self.pages
        if caps:
            needle = needle.casefold()
        joined = "".join(pages)
        spans = set()
        i = joined.find(needle)
        while i >= 0:
            spans.add((i, i + len(needle)))
            i = joined.find(needle, i + 1)
        start = 0
        for k in range(len(pages) - 1):
            m = split_match(pages[k], pages[k + 1], needle)
            if m:
                spans.add((start + m[0], start + len(pages[k]) + m[1]))
            start += len(pages[k])
        return sorted(spans)


def split_match(page, following, needle):
    """(start in PAGE, end in FOLLOWING) of NEEDLE broken in two: a first part ending at most
    FURNITURE characters before the end of PAGE and not followed there by the needle's next
    character, and the rest starting at most FURNITURE characters into FOLLOWING and not
    preceded there by the needle's character before it (so a needle whole on one page is not
    also counted as broken). The longest first part wins; None when there is no break."""
    tail_from = max(0, len(page) - len(needle) - FURNITURE)
    tail = page[tail_from:]
    head = following[: len(needle) + FURNITURE]
    for s in range(len(needle) - 1, 0, -1):
        first, rest = needle[:s], needle[s:]
        b = head.find(rest)
        while 0 <= b <= FURNITURE and b > 0 and head[b - 1] == needle[s - 1]:
            b = head.find(rest, b + 1)
        if not 0 <= b <= FURNITURE:
            continue
        a = tail.rfind(first)
        while a >= 0:
            end = a + s
            if len(tail) - end > FURNITURE:
                break
            if end == len(tail) or tail[end] != needle[s]:
                return tail_from + a, b + len(rest)
            a = tail.rfind(first, 0, end - 1)
    return None


def check_text_complete(fields, pdf_text):
    """Every field's text is in PDF_TEXT (normalised; a text broken across a page break may
    have a folio between its parts). Body blocks occur exactly as often as in the article
    itself (once, unless the article repeats the text), and the paragraphs and subheads of
    each language occur in order. Section, kicker, dateline and credits compare
    case-insensitively. Returns the problems, missing fields first, in field order."""
    text = PdfText(pdf_text)
    source = "\0".join(normalize(f.text) for f in fields)
    missing, counts, order = [], [], []
    pos = {}  # language prefix -> end of the previous paragraph found
    for f in fields:
        needle = normalize(f.text)
        if not needle:
            continue
        spans = text.occurrences(needle, caps=f.caps)
        if not spans:
            missing.append(f"missing {f.path}: {f.preview()!r}")
            continue
        if f.block is None:
            continue
        expected = count_overlapping(source, needle)
        if len(spans) != expected:
            counts.append(f"{f.path} occurs {len(spans)} times, expected {expected}: "
                          f"{f.preview()!r}")
        if f.block in ("paragraph", "subhead", "item"):
            lang = f.path[: f.path.index("body[")]
            after = [e for s, e in spans if s >= pos.get(lang, 0)]
            if not after:
                order.append(f"{f.path} is not after the paragraph before it: {f.preview()!r}")
            pos[lang] = after[0] if after else spans[0][1]
    return missing + counts + order


def check_list_markers(fields, pdf_text):
    """Each list item's text opens a line of PDF_TEXT (pdftotext -raw's lines) that starts
    with its marker ("\u2022", "9."), in the items' order: a list prints as a list."""
    lines = [normalize(l) for l in pdf_text.splitlines()]
    problems, at = [], 0
    for f in fields:
        if f.marker is None:
            continue
        m = normalize(f.marker)
        head = m + normalize(f.text)
        found = next((i for i in range(at, len(lines)) if len(lines[i]) > len(m)
                      and lines[i].startswith(m)
                      and (head.startswith(lines[i]) or lines[i].startswith(head))), None)
        if found is None:
            problems.append(f"{f.path}: not printed after its marker {f.marker!r}, in order: "
                            f"{f.preview()!r}")
        else:
            at = found + 1
    return problems


def check_quotes_typographic(fields, pdf_text):
    """The PDF prints a typewriter quote (' or ") only where the article keeps one straight
    with a backslash: as many as the fields' texts hold, the rest typographic."""
    want = sum(f.text.count("'") + f.text.count('"') for f in fields)
    have = [m.start() for m in re.finditer("['\"]", pdf_text)]
    if len(have) == want:
        return []
    where = "; ".join(repr(pdf_text[max(0, i - 20) : i + 20]) for i in have[:3])
    return [f"{len(have)} typewriter quotes in the PDF, the article keeps {want} straight"
            + (f": {where}" if have else "")]


def pdf_text(pdf):
    proc = run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"])
    if proc.returncode != 0:
        raise RuntimeError(f"pdftotext {pdf}: {describe_failure(proc)}")
    return decode(proc.stdout)


# ---------------------------------------------------------------------------------------------
# Check 2: geometry from --boxes


def rect(d):
    return (float(d["x"]), float(d["y"]), float(d["width"]), float(d["height"]))


def fmt_rect(r):
    return f"({r[0]:.2f},{r[1]:.2f} {r[2]:.2f}x{r[3]:.2f})"


def fmt_box(b):
    return (
        f"{b.get('element')}/{b.get('role')} page {b.get('page')} "
        f"{fmt_rect(rect(b))}"
    )


def inside(inner, outer, tol=TOL):
    ix, iy, iw, ih = inner
    ox, oy, ow, oh = outer
    return (
        ix >= ox - tol
        and iy >= oy - tol
        and ix + iw <= ox + ow + tol
        and iy + ih <= oy + oh + tol
    )


def overlap_area(a, b):
    """Area of the intersection of A and B after shrinking both by TOL on every edge."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) - 2 * TOL
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) - 2 * TOL
    return w * h if w > 0 and h > 0 else 0.0


def check_boxes_schema(doc):
    """The boxes JSON has pages and boxes with the fields docs/boxes.md lists."""
    problems = []
    pages = doc.get("pages")
    boxes = doc.get("boxes")
    if not isinstance(pages, list) or not pages:
        problems.append("no pages")
        pages = []
    if not isinstance(boxes, list) or not boxes:
        problems.append("no boxes")
        boxes = []
    numbers = set()
    for i, p in enumerate(pages):
        try:
            rect(dict(x=0, y=0, width=p["width"], height=p["height"]))
            float(p["grid"]["origin"])
            if not float(p["grid"]["pitch"]) > 0:
                problems.append(f"pages[{i}]: grid pitch is not positive")
            numbers.add(p["page"])
        except (KeyError, TypeError, ValueError) as e:
            problems.append(f"pages[{i}]: bad or missing {e}")
    for i, b in enumerate(boxes):
        try:
            for r in (rect(b), rect(b["frame"])):
                if r[2] < 0 or r[3] < 0:
                    problems.append(f"boxes[{i}] ({b['element']}): negative width or height")
            for key in ("kind", "role", "element"):
                if not isinstance(b[key], str):
                    problems.append(f"boxes[{i}]: {key} is not a string")
            if b["page"] not in numbers:
                problems.append(f"boxes[{i}]: page {b['page']} is not in pages")
            if b["kind"] not in ("line", "image", "rule"):
                problems.append(f"boxes[{i}]: unknown kind {b['kind']!r}")
            if b["kind"] == "line":
                float(b["baseline"])
                if not isinstance(b["text"], str):
                    problems.append(f"boxes[{i}]: text is not a string")
        except (KeyError, TypeError, ValueError) as e:
            problems.append(f"boxes[{i}] ({b.get('element') if isinstance(b, dict) else b}): "
                            f"bad or missing {e}")
    return problems


def boxes_by_page(doc):
    pages = {}
    for b in doc["boxes"]:
        pages.setdefault(b["page"], []).append(b)
    return pages


def check_no_overlap(doc):
    """No two boxes on a page intersect by more than AREA_TOL (edges may touch within TOL)."""
    problems = []
    for page, boxes in sorted(boxes_by_page(doc).items()):
        items = sorted(((rect(b), b) for b in boxes), key=lambda rb: rb[0][1])
        for i, (ra, a) in enumerate(items):
            bottom = ra[1] + ra[3]
            for rb, b in items[i + 1 :]:
                if rb[1] >= bottom:
                    break
                area = overlap_area(ra, rb)
                if area > AREA_TOL:
                    problems.append(
                        f"{fmt_box(a)} overlaps {fmt_box(b)} by {area:.2f} pt²"
                    )
    return problems


def check_in_frames(doc):
    """Every box lies inside its frame and every frame inside its page."""
    problems = []
    pages = {p["page"]: p for p in doc["pages"]}
    for b in doc["boxes"]:
        frame = rect(b["frame"])
        if not inside(rect(b), frame):
            problems.append(f"{fmt_box(b)} is outside its frame {fmt_rect(frame)}")
        p = pages[b["page"]]
        page = (0.0, 0.0, float(p["width"]), float(p["height"]))
        if not inside(frame, page):
            problems.append(
                f"frame {fmt_rect(frame)} of {fmt_box(b)} is outside the page "
                f"{p['width']}x{p['height']}"
            )
    return problems


def check_baseline_grid(doc):
    """Every body line's baseline is a whole number of grid pitches from the grid origin,
    except a Korean paragraph's lines after the first in a column: those follow it at the
    layout's korean_leading, off the grid (tests/makeup.py checks their spacing)."""
    problems = []
    pages = {p["page"]: p for p in doc["pages"]}
    n, prev = 0, None
    for b in doc["boxes"]:
        if b["kind"] != "line" or b["role"] != "body":
            continue
        n += 1
        follows = (prev is not None and str(b.get("lang", "")).startswith("ko") and
                   prev["page"] == b["page"] and prev["element"] == b["element"] and
                   prev.get("frame") == b.get("frame"))
        prev = b
        if follows:
            continue
        grid = pages[b["page"]]["grid"]
        steps = (float(b["baseline"]) - float(grid["origin"])) / float(grid["pitch"])
        if abs(steps - round(steps)) > GRID_TOL:
            problems.append(
                f"{fmt_box(b)}: baseline {b['baseline']} is {steps:.4f} grid steps from "
                f"origin {grid['origin']} (pitch {grid['pitch']})"
            )
    if n == 0:
        problems.append("no line boxes with role body")
    return problems


def check_line_widths(doc):
    """No line box is wider than its frame."""
    problems = []
    for b in doc["boxes"]:
        if b["kind"] == "line" and float(b["width"]) > float(b["frame"]["width"]) + TOL:
            problems.append(f"{fmt_box(b)} is wider than its frame ({b['frame']['width']} pt)")
    return problems


FURNITURE_DASH = " \u2014 "
QUOTE_MARKS = ("\u201c", "\u201d")
# the European language modules' (docs/article.md): the dateline's spaced en dash, and pull
# quote marks „…“ (de), « … » with narrow no-break spaces (fr), «…» (es, it, nb, nn), ”…” (sv)
EUROPEAN_DASH = " \u2013 "
EUROPEAN_MARKS = (("\u201e", "\u201c"), ("\u00ab\u202f", "\u202f\u00bb"), ("\u00ab", "\u00bb"),
                  ("\u201d", "\u201d"))
RELATED_MARKER = "\u2022 "


def furniture_forms(f, by_path):
    """The texts the lines of field F may set: its own, and the forms Galley's furniture
    gives it (docs/article.md): the first paragraph with its dateline run in ("SEOUL — "),
    a pull quote in quotation marks, a related headline after its marker."""
    forms = [f.text]
    prefix = f.path[: -len("body[0]")] if f.path.endswith("body[0]") else None
    dateline = by_path.get(f"{prefix}dateline") if prefix is not None else None
    if dateline is not None and f.block == "paragraph":
        for dash in (FURNITURE_DASH, EUROPEAN_DASH):
            forms += [dateline.text.upper() + dash + f.text, dateline.text + dash + f.text]
    if f.block == "quote":
        for marks in (QUOTE_MARKS,) + EUROPEAN_MARKS:
            forms.append(marks[0] + f.text + marks[1])
    if "related[" in f.path:
        forms.append(RELATED_MARKER + f.text)
    return forms


def check_boxes_text(doc, fields):
    """The text of the line boxes of each body block, concatenated in order, equals the
    block's text (normalised); every body block of the article has lines, and no lines name
    a body block the article lacks. Lines of a quote's attribution may carry the block's
    element (then they follow its text) or "body[N].attribution"."""
    got = {}
    for b in doc["boxes"]:
        if b["kind"] != "line":
            continue
        el = b["element"]
        if BODY_ELEMENT.match(el) or (
            el.endswith(".attribution") and BODY_ELEMENT.match(el[: -len(".attribution")])
        ):
            got.setdefault(el, []).append(b.get("text") or "")
    by_path = {f.path: f for f in fields}
    problems = []
    for f in fields:
        if f.block is None and not f.path.endswith(".attribution"):
            continue
        wants = [normalize(t) for t in furniture_forms(f, by_path)]
        want = wants[-1] if len(wants) > 1 and f.block == "paragraph" else wants[0]
        if f.path.endswith(".attribution") and f.path not in got:
            continue  # set in the block's own lines, checked with them
        if f.path not in got:
            problems.append(f"no line boxes for {f.path}: {f.preview()!r}")
            continue
        have = normalize("".join(got[f.path]))
        attribution = by_path.get(f.path + ".attribution")
        ok = have in wants
        if not ok and attribution is not None and f.path + ".attribution" not in got:
            ok = any(have == w + normalize(attribution.text) for w in wants)
        if not ok:
            problems.append(f"{f.path}: line texts differ from the article: "
                            f"{first_diff(have, want)}")
    for el in got:
        if el not in by_path:
            problems.append(f"line boxes for {el}, which the article does not have")
    return problems


def first_diff(have, want):
    i = 0
    while i < min(len(have), len(want)) and have[i] == want[i]:
        i += 1
    return (
        f"at character {i}: lines have {have[max(0, i - 10):i + 30]!r}, "
        f"article has {want[max(0, i - 10):i + 30]!r}"
    )


GEOMETRY_CHECKS = (
    ("boxes well formed", check_boxes_schema),
    ("no boxes overlap", check_no_overlap),
    ("boxes inside frames inside pages", check_in_frames),
    ("body baselines on the grid", check_baseline_grid),
    ("no line wider than its frame", check_line_widths),
)


# ---------------------------------------------------------------------------------------------
# Check 2, typography: hyphenation, column ends, Korean line breaking, widows and orphans


MAX_HYPHEN_RUN = 2
MAX_CUT_RUN = 2  # max_cuts: no shipped layout changes the default
# Korean line-breaking rules (KLREQ-like): no line starts with a closing mark or a period, and
# no line ends with an opening one.
KO_NO_LINE_START = ".,!?)]}」』〉》’”、。・:;%"
KO_NO_LINE_END = "([{「『〈《‘“"


def is_hangul_syllable(c):
    return "\uac00" <= c <= "\ud7a3"


def lines_by_element(doc, role=None):
    """{element: [line box]} in box order (of ROLE only, when given)."""
    out = {}
    for b in doc["boxes"]:
        if b["kind"] == "line" and (role is None or b["role"] == role):
            out.setdefault(b["element"], []).append(b)
    return out


def frame_key(b):
    """A box's frame: the same rectangle on the same page."""
    f = b["frame"]
    return (b["page"],) + tuple(round(float(f[k]), 2) for k in ("x", "y", "width", "height"))


def frame_ends(doc):
    """({frame: its first line box}, {frame: its last line box}), by baseline (box order
    between equal baselines), over the line boxes of every role."""
    first, last = {}, {}
    for b in doc["boxes"]:
        if b["kind"] != "line":
            continue
        k, y = frame_key(b), float(b["baseline"])
        if k not in first or y < float(first[k]["baseline"]):
            first[k] = b
        if k not in last or y >= float(last[k]["baseline"]):
            last[k] = b
    return first, last


def fmt_line(b):
    t = b.get("text") or ""
    return f"{b['element']} page {b['page']} {t[:40]!r}"


def line_runs(doc, flag, limit, what):
    """Problems where more than LIMIT consecutive lines of one element (its line boxes in box
    order, any role, across columns and pages) have FLAG set in their box."""
    problems = []
    for el, lines in lines_by_element(doc).items():
        run = []
        for b in lines + [None]:
            if b is not None and b.get(flag):
                run.append(b)
                continue
            if len(run) > limit:
                problems.append(f"{len(run)} consecutive {what} (at most {limit}) "
                                f"from {fmt_line(run[0])}")
            run = []
    return problems


def check_hyphen_runs(doc, limit=MAX_HYPHEN_RUN):
    """No more than LIMIT consecutive lines of one element end in an inserted hyphen."""
    return line_runs(doc, "hyphenated", limit, "hyphenated lines")


def check_cut_runs(doc, limit=MAX_CUT_RUN):
    """No more than LIMIT consecutive lines of one element end in a Korean word cut between
    syllables (the layouts' max_cuts)."""
    return line_runs(doc, "cut", limit, "lines ending in a cut word")


def check_no_hyphen_at_column_end(doc):
    """No hyphenated body line, nor one ending in a cut Korean word, is the last line box of
    its frame (the reader would turn to the next column in mid-word)."""
    _, last = frame_ends(doc)
    return [f"{'hyphenated' if b.get('hyphenated') else 'cut'} line at the end of its frame "
            f"{fmt_rect(rect(b['frame']))}: {fmt_line(b)}"
            for b in last.values()
            if b["role"] == "body" and (b.get("hyphenated") or b.get("cut"))]


def check_korean_line_starts(doc):
    """No Korean line (lang "ko...") starts with closing punctuation or a period
    (KO_NO_LINE_START) or ends with an opening bracket or quote (KO_NO_LINE_END)."""
    problems = []
    for b in doc["boxes"]:
        if b["kind"] != "line" or not str(b.get("lang", "")).startswith("ko"):
            continue
        t = (b.get("text") or "").strip()
        if t and t[0] in KO_NO_LINE_START:
            problems.append(f"line starts with {t[0]!r}: {fmt_line(b)}")
        if t and t[-1] in KO_NO_LINE_END:
            problems.append(f"line ends with {t[-1]!r}: {fmt_line(b)}")
    return problems


def break_spaces(texts, sources):
    """Whether the article text has white space at each break between the lines TEXTS (line
    box texts drop the white space at a break): a list of len(TEXTS) - 1 booleans, from the
    first of SOURCES the lines' characters match (white space, soft hyphens and case aside);
    None when none matches."""
    def chars(s):
        return [c for c in unicodedata.normalize("NFC", s).casefold()
                if not c.isspace() and c != "\u00ad"]

    for source in sources:
        src, spaced, space = [], [], False
        for c in unicodedata.normalize("NFC", source).casefold():
            if c.isspace():
                space = True
            elif c != "\u00ad":
                src.append(c)
                spaced.append(space)
                space = False
        out, pos, ok = [], 0, True
        for k, t in enumerate(texts):
            cs = chars(t)
            if k > 0:
                out.append(pos < len(src) and spaced[pos])
            if src[pos : pos + len(cs)] != cs:
                ok = False
                break
            pos += len(cs)
        if ok and pos == len(src):
            return out
    return None


def element_sources(fields):
    """{element: [article texts its lines may set]}: a field's own path, "related[N]" for a
    related headline, and a quote with its attribution (set in the quote's own lines)."""
    by_path = {f.path: f for f in fields}
    out = {}
    for f in fields:
        forms = furniture_forms(f, by_path)
        out.setdefault(f.path, []).extend(forms)
        if f.path.endswith(".headline") and "related[" in f.path:
            out.setdefault(f.path[: -len(".headline")], []).extend(forms)
        attribution = by_path.get(f.path + ".attribution")
        if attribution is not None:
            out[f.path].extend(t + " " + attribution.text for t in forms)
    return out


def korean_cut_roles(doc):
    """The box roles whose lines may cut a Korean word between syllables: the styles of the
    doc's layout (layouts/NAME.json, NAME from the boxes JSON) that are justified and whose
    "linebreak" (or, without one, the body's) has "korean_syllables": 1. Headlines and decks
    never cut (they take balanced, ragged lines). A layout not in layouts/ allows none."""
    try:
        with open(os.path.join(ROOT, "layouts", f"{doc.get('layout')}.json"),
                  encoding="utf-8") as f:
            styles = json.load(f).get("styles", {})
    except (OSError, ValueError):
        return set()
    body = styles.get("body", {})
    return {name for name, st in styles.items()
            if name not in ("headline", "deck") and st.get("align", body.get("align")) == "justify"
            and st.get("linebreak", body.get("linebreak", {})).get("korean_syllables")}


def check_korean_words_whole(doc, fields, roles=None):
    """A Korean line (lang "ko...") that is not its element's last does not end inside a word
    between two Hangul syllables (U+AC00-D7A3): where the article text has no white space at
    the break, the line's last character and the next line's first must not both be
    syllables, unless the line holds a single word (no space in its text: a word wider than
    the column must break somewhere), or the layout lets the line's role cut Korean words
    (ROLES, by default korean_cut_roles(doc)) and the line box says so ("cut": true). Elements
    whose text is not an article field (folio, byline) are skipped; an element whose lines do
    not match its text is a failure."""
    roles = korean_cut_roles(doc) if roles is None else roles
    sources = element_sources(fields)
    problems = []
    for el, lines in lines_by_element(doc).items():
        if len(lines) < 2 or el not in sources:
            continue
        if not any(str(b.get("lang", "")).startswith("ko") for b in lines):
            continue
        texts = [(b.get("text") or "").strip() for b in lines]
        spaced = break_spaces(texts, sources[el])
        if spaced is None:
            problems.append(f"{el}: the line texts do not match the article text, cannot find "
                            f"the breaks")
            continue
        for k, has_space in enumerate(spaced):
            a, b = lines[k], lines[k + 1]
            if has_space or not str(a.get("lang", "")).startswith("ko"):
                continue
            if not texts[k] or not texts[k + 1] or " " not in texts[k]:
                continue
            if is_hangul_syllable(texts[k][-1]) and is_hangul_syllable(texts[k + 1][0]):
                if a.get("cut") and a.get("role") in roles:
                    continue
                word = texts[k].split()[-1] + texts[k + 1].split()[0]
                why = ("its box does not say cut" if a.get("role") in roles
                       else f"the layout keeps {a.get('role')} words whole")
                problems.append(f"word {word!r} broken after {texts[k].split()[-1]!r} "
                                f"({why}): {fmt_line(a)}")
    return problems


def check_widows_orphans(doc):
    """A body paragraph (role body) of 3 or more lines leaves neither its first line alone at
    the bottom of a frame (the frame's last line box, the second line in another frame) nor
    its last line alone at the top of one (the frame's first line box, the line before in
    another frame)."""
    first, last = frame_ends(doc)
    problems = []
    for el, lines in lines_by_element(doc, role="body").items():
        if len(lines) < 3:
            continue
        a, b = lines[0], lines[1]
        if last[frame_key(a)] is a and frame_key(b) != frame_key(a):
            problems.append(f"orphan: first line alone at the foot of its frame: {fmt_line(a)}")
        y, z = lines[-2], lines[-1]
        if first[frame_key(z)] is z and frame_key(y) != frame_key(z):
            problems.append(f"widow: last line alone at the head of its frame: {fmt_line(z)}")
    return problems


def check_quotes_whole(doc):
    """A pull quote (role quote) stands in one frame together with its attribution (the
    byline-role lines of the same element): never split over two columns or pages."""
    problems = []
    every = lines_by_element(doc)
    for el, lines in lines_by_element(doc, role="quote").items():
        frames = {frame_key(b) for b in every[el] if b["role"] in ("quote", "byline")}
        if len(frames) > 1:
            problems.append(f"{el}: the quote is split over {len(frames)} frames: "
                            f"{fmt_line(lines[0])}")
    return problems


# (what, checker, needs the article's fields, on). A check that is off ("staged") runs only
# with --staged: it is written and self-tested (the self-test always runs it), but the renders
# do not pass it yet. Switch it on here once they do.
TYPOGRAPHY_CHECKS = (
    ("hyphen runs", check_hyphen_runs, False, True),
    ("cut runs", check_cut_runs, False, True),
    ("no hyphen at a column end", check_no_hyphen_at_column_end, False, True),
    ("Korean line starts", check_korean_line_starts, False, True),
    ("Korean words whole", check_korean_words_whole, True, True),
    ("widows and orphans", check_widows_orphans, False, True),
    ("quotes whole", check_quotes_whole, False, True),
)


# ---------------------------------------------------------------------------------------------
# Check 3: fonts and PDF structure


FONT_ROW = re.compile(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+(\d+)\s+(\d+)\s*$")


def check_fonts_embedded(pdffonts_output):
    """Every font row of `pdffonts` output says emb = yes, and there is at least one font.
    Rows are read from the right ("emb sub uni num gen"): a long font name shifts the rest."""
    lines = pdffonts_output.splitlines()
    dash = next((i for i, l in enumerate(lines) if l.startswith("---")), None)
    if dash is None or dash == 0 or lines[dash - 1].split()[3:4] != ["emb"]:
        return ["cannot read the pdffonts output: no header with an emb column"]
    problems, rows = [], 0
    for line in lines[dash + 1 :]:
        if not line.strip():
            continue
        rows += 1
        m = FONT_ROW.search(line)
        if not m:
            problems.append(f"cannot read the pdffonts row {line.strip()!r}")
        elif m.group(1) != "yes":
            problems.append(f"font not embedded: {line.strip()}")
    if rows == 0:
        problems.append("the PDF has no fonts")
    return problems


def pdffonts(pdf):
    proc = run(["pdffonts", pdf])
    if proc.returncode != 0:
        raise RuntimeError(f"pdffonts {pdf}: {describe_failure(proc)}")
    return decode(proc.stdout)


def check_qpdf(pdf):
    """`qpdf --check PDF` exits 0 (warnings exit 3 and fail too)."""
    proc = run(["qpdf", "--check", pdf])
    if proc.returncode != 0:
        out = (decode(proc.stderr) + decode(proc.stdout)).strip().splitlines()
        return [f"qpdf --check exits {proc.returncode}"] + out[:4]
    return []


def pdf_page_count(pdf):
    proc = run(["pdfinfo", pdf])
    m = re.search(r"^Pages:\s+(\d+)", decode(proc.stdout), re.M)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"pdfinfo {pdf}: {describe_failure(proc)}")
    return int(m.group(1))


def check_page_counts(pdf, doc, pngs):
    """The PDF, the boxes JSON and the PNG render have the same number of pages."""
    n_pdf = pdf_page_count(pdf)
    n_boxes = len(doc["pages"])
    if n_pdf == n_boxes == len(pngs) and n_pdf > 0:
        return []
    return [f"PDF has {n_pdf} pages, boxes JSON {n_boxes}, PNG render {len(pngs)}"]


# ---------------------------------------------------------------------------------------------
# Check 4: reference PNGs


def numbered_pngs(folder, stem):
    """{N: path} of FOLDER/STEM-N.png."""
    pat = re.compile(re.escape(stem) + r"-(\d+)\.png$")
    found = {}
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            m = pat.match(name)
            if m:
                found[int(m.group(1))] = os.path.join(folder, name)
    return found


def check_png_numbering(pngs, folder, stem):
    """A PNG render wrote STEM-1.png ... STEM-N.png, no gaps, and no unnumbered STEM.png."""
    problems = []
    if not pngs:
        problems.append(f"no {stem}-N.png written")
    elif sorted(pngs) != list(range(1, len(pngs) + 1)):
        problems.append(f"pages are numbered {sorted(pngs)}")
    if os.path.exists(os.path.join(folder, stem + ".png")):
        problems.append(f"{stem}.png written besides the numbered pages")
    return problems


def check_against_refs(pngs, ref_dir, stem, pngdiff):
    """Each page PNG matches REF_DIR/STEM-N.png according to PNGDIFF; the page counts agree."""
    refs = numbered_pngs(ref_dir, stem)
    if not refs:
        return [f"no references {ref_dir}/{stem}-N.png: run `make update-refs`"]
    problems = []
    if sorted(refs) != sorted(pngs):
        problems.append(f"rendered {len(pngs)} page(s), the references have {len(refs)}")
    for n in sorted(set(refs) & set(pngs)):
        proc = run([pngdiff, pngs[n], refs[n]])
        if proc.returncode != 0:
            msg = (decode(proc.stderr) or decode(proc.stdout)).strip().splitlines()
            why = msg[-1] if msg else f"pngdiff exits {proc.returncode}"
            problems.append(f"page {n}: {why}")
    return problems


def update_refs(pngs, ref_dir, stem):
    """Replaces REF_DIR/STEM-N.png with PNGS, removing stale pages."""
    os.makedirs(ref_dir, exist_ok=True)
    for path in numbered_pngs(ref_dir, stem).values():
        os.remove(path)
    for n, path in pngs.items():
        shutil.copyfile(path, os.path.join(ref_dir, f"{stem}-{n}.png"))
    return [] if pngs else ["no pages to copy"]


# ---------------------------------------------------------------------------------------------
# Check 5: bad input


KNOWN = b"known content: galley must not touch this file\n"
FILE_LINE_COL = r"{}:(\d+):(\d+)"


def galley_version():
    with open(os.path.join(ROOT, "render", "include", "galley.h"), encoding="utf-8") as f:
        m = re.search(r'#define\s+GALLEY_VERSION\s+"([^"]+)"', f.read())
    return m.group(1) if m else None


def outputs_of(out):
    """The files a render to OUT would write: OUT itself, or OUT-N.png for a .png."""
    stem, ext = os.path.splitext(out)
    paths = [out]
    if ext == ".png":
        paths += [p for p in glob.glob(glob.escape(stem) + "-*.png")]
    return paths


def expect_failure(galley, args, code, out, boxes=None):
    """Runs GALLEY ARGS and returns (problems, stderr): it must exit CODE and write neither
    OUT (nor OUT-N.png) nor BOXES."""
    for p in outputs_of(out) + ([boxes] if boxes else []):
        if os.path.exists(p):
            os.remove(p)
    proc = run([galley] + args)
    err = decode(proc.stderr) + decode(proc.stdout)
    problems = []
    if proc.returncode != code:
        problems.append(f"exits {proc.returncode}, expected {code}: {err.strip()[:200]!r}")
    for p in outputs_of(out) + ([boxes] if boxes else []):
        if os.path.exists(p):
            problems.append(f"{p} was written")
    return problems, err


def check_missing_article(galley, work):
    """A missing article file: exit 3 and a message naming it."""
    article = os.path.join(work, "no-such-article.json")
    out = os.path.join(work, "missing.pdf")
    problems, err = expect_failure(galley, ["render", article, "-o", out], 3, out)
    if article not in err:
        problems.append(f"the message does not name {article}: {err.strip()[:200]!r}")
    return problems


def check_invalid_article(galley, path, line, out, field=None, boxes=None):
    """An invalid article at PATH: exit 3, a message with PATH:LINE:COL (LINE when given),
    naming FIELD when given, and nothing written. Run again over existing output files
    (OUT, or OUT-1.png for a PNG, and BOXES) holding known content: they keep it."""
    args = ["render", path, "-o", out]
    if boxes:
        args += ["--boxes", boxes]
    problems, err = expect_failure(galley, args, 3, out, boxes)
    stem, ext = os.path.splitext(out)
    existing = [stem + "-1.png" if ext == ".png" else out] + ([boxes] if boxes else [])
    for p in existing:
        with open(p, "wb") as f:
            f.write(KNOWN)
    proc = run([galley] + args)
    if proc.returncode != 3:
        problems.append(f"with {', '.join(existing)} present: exits {proc.returncode}, expected 3")
    for p in existing:
        with open(p, "rb") as f:
            if f.read() != KNOWN:
                problems.append(f"the existing {p} was changed")
    for p in outputs_of(out):
        if p not in existing and os.path.exists(p):
            problems.append(f"{p} was written")
    m = re.search(FILE_LINE_COL.format(re.escape(path)), err)
    if not m:
        problems.append(f"no {path}:LINE:COL in the message: {err.strip()[:200]!r}")
    elif line is not None and int(m.group(1)) != line:
        problems.append(f"the message gives line {m.group(1)}, the error is on line {line}")
    if field and field not in err.replace(path, ""):
        problems.append(f"the message does not name {field}: {err.strip()[:200]!r}")
    return problems


def write_bad_articles(work, sample_article):
    """Writes the invalid articles into WORK; returns [(what, path, error line, field)]."""
    os.makedirs(work, exist_ok=True)
    malformed = os.path.join(work, "malformed.json")
    with open(malformed, "w", encoding="utf-8") as f:
        f.write('{\n  "headline": "A headline",\n  "deck": ,\n  "body": ["Text."]\n}\n')
    trailing = os.path.join(work, "unterminated.json")
    with open(trailing, "w", encoding="utf-8") as f:
        f.write('{\n  "headline": "A headline",\n  "body": ["Text.",\n')
    article = {"headline": "A headline", "body": ["A paragraph."]}
    if sample_article:
        with open(sample_article, encoding="utf-8") as f:
            article = json.load(f)
    article = dict(article)
    article.pop("headline", None)
    # Photos are resolved against the article's folder: drop them, they are not the point.
    article.pop("photos", None)
    for tr in (article.get("translations") or {}).values():
        if isinstance(tr, dict):
            tr.pop("photos", None)
    no_headline = os.path.join(work, "no-headline.json")
    with open(no_headline, "w", encoding="utf-8") as f:
        json.dump(article, f, ensure_ascii=False, indent=2)
    return [
        ("malformed JSON", malformed, 3, None),
        ("unterminated JSON", trailing, None, None),
        ("missing headline", no_headline, None, "headline"),
    ]


def check_unknown_layout(galley, work, article):
    """An unknown layout name: exit 3, a message naming it, nothing written."""
    out = os.path.join(work, "layout.pdf")
    problems, err = expect_failure(
        galley, ["render", article, "-o", out, "--layout", "no-such-layout"], 3, out
    )
    if "no-such-layout" not in err:
        problems.append(f"the message does not name the layout: {err.strip()[:200]!r}")
    return problems


def check_missing_folder(galley, work, article):
    """An output path in a missing folder: exit 4, and the folder is not made."""
    folder = os.path.join(work, "no-such-folder")
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    out = os.path.join(folder, "out.pdf")
    problems, _ = expect_failure(galley, ["render", article, "-o", out], 4, out)
    if os.path.exists(folder):
        problems.append(f"{folder} was created")
    return problems


def check_help(galley):
    """`galley --help` exits 0 and prints something."""
    proc = run([galley, "--help"])
    problems = []
    if proc.returncode != 0:
        problems.append(f"exits {proc.returncode}")
    if not (proc.stdout.strip() or proc.stderr.strip()):
        problems.append("prints nothing")
    return problems


def check_version(galley, version):
    """`galley --version` exits 0 and prints GALLEY_VERSION from render/include/galley.h."""
    proc = run([galley, "--version"])
    problems = []
    if proc.returncode != 0:
        problems.append(f"exits {proc.returncode}")
    if not version or version not in decode(proc.stdout):
        problems.append(f"prints {decode(proc.stdout).strip()!r}, not the version {version}")
    return problems


def check_usage_error(galley, args):
    """ARGS are a usage error: exit 2."""
    proc = run([galley] + args)
    if proc.returncode != 2:
        return [f"`galley {' '.join(args)}` exits {proc.returncode}, expected 2"]
    return []


def bad_input_checks(report, galley, work, article, label="bad input"):
    """Runs every check of bad input against GALLEY; ARTICLE is a valid article (or None).
    Returns the number of failed checks."""
    before = report.failed
    os.makedirs(work, exist_ok=True)
    report.check(f"{label}: missing article exits 3, names it", check_missing_article, galley, work)
    for what, path, line, field in write_bad_articles(work, article):
        report.check(
            f"{label}: {what} exits 3 with file:line:col, writes nothing",
            check_invalid_article, galley, path, line, os.path.join(work, "invalid.pdf"), field,
            os.path.join(work, "invalid.boxes.json"),
        )
    report.check(
        f"{label}: invalid article to PNG writes no page",
        check_invalid_article, galley, os.path.join(work, "malformed.json"), 3,
        os.path.join(work, "invalid.png"),
    )
    if article:
        report.check(f"{label}: unknown layout exits 3", check_unknown_layout, galley, work,
                     article)
        report.check(
            f"{label}: output in a missing folder exits 4", check_missing_folder, galley, work,
            article,
        )
    else:
        report.result(f"{label}: unknown layout, missing folder", ["no sample article to use"])
    report.check(f"{label}: --help exits 0", check_help, galley)
    report.check(f"{label}: --version prints the version", check_version, galley, galley_version())
    report.check(f"{label}: unknown option exits 2", check_usage_error, galley,
                 ["--no-such-option"])
    if article:
        out = os.path.join(work, "option.pdf")
        report.check(f"{label}: unknown render option exits 2, writes nothing",
                     lambda: expect_failure(galley, ["render", article, "-o", out,
                                                     "--no-such-option"], 2, out)[0])
    report.check(f"{label}: render without arguments exits 2", check_usage_error, galley,
                 ["render"])
    return report.failed - before


def check_long_quote(galley, work):
    """A quote longer than a column (its style keeps its lines together) breaks like any long
    paragraph: the keep that cannot be kept is dropped, not turned into one line a column (a
    600-word quote once took 25 pages). Words of a 2,000-word quote fill few pages, and every
    column the quote crosses but the last holds more than a handful of its lines."""
    words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
             "incididunt ut labore et dolore magna aliqua").split()
    quote = " ".join(words[i % len(words)] for i in range(2000))
    article = os.path.join(work, "long-quote.json")
    with open(article, "w", encoding="utf-8") as f:
        json.dump({"headline": "A long quote", "body": [
            "Before the quote.", {"type": "quote", "text": quote, "attribution": "Someone"},
            "After the quote."]}, f)
    out, boxes = os.path.join(work, "long-quote.pdf"), os.path.join(work, "long-quote.json.boxes")
    proc = run([galley, "render", article, "-o", out, "--boxes", boxes])
    if proc.returncode != 0:
        return [f"exits {proc.returncode}: {describe_failure(proc)}"]
    with open(boxes, encoding="utf-8") as f:
        doc = json.load(f)
    problems = []
    if len(doc["pages"]) > 3:
        problems.append(f"the 2,000-word quote takes {len(doc['pages'])} pages (3 at most)")
    per_frame = {}
    for b in doc["boxes"]:
        if b.get("role") == "quote":
            per_frame.setdefault(frame_key(b), []).append(b)
    counts = [len(v) for k, v in sorted(per_frame.items(), key=lambda kv: min(
        (b["page"], b["frame"]["x"], b["y"]) for b in kv[1]))]
    if len(counts) < 2:
        problems.append(f"the quote stands in {len(counts)} frame: it should cross columns")
    thin = [n for n in counts[:-1] if n <= 5]
    if thin:
        problems.append(f"{len(thin)} of the {len(counts)} columns the quote crosses hold "
                        f"5 of its lines or fewer (lines a column: {counts[:12]}...)")
    return problems


# ---------------------------------------------------------------------------------------------
# Rendering the samples


def clean(paths):
    for p in paths:
        if os.path.exists(p):
            os.remove(p)


def render_sample(report, name, article_path, layout, update, staged=False):
    """Renders one sample with one layout and runs checks 1-4 on it (STAGED: the typography
    checks that are off too)."""
    short = os.path.splitext(os.path.basename(layout))[0]  # a layout file: its name
    label = f"{name}/{short}"
    stem = f"{name}-{short}"
    pdf = os.path.join(OUT_DIR, stem + ".pdf")
    boxes = os.path.join(OUT_DIR, stem + ".boxes.json")
    png = os.path.join(OUT_DIR, stem + ".png")
    clean([pdf, boxes] + outputs_of(png))
    try:
        with open(article_path, encoding="utf-8") as f:
            fields = article_fields(json.load(f))
    except (OSError, ValueError) as e:
        report.result(f"{label}: article readable", [f"{article_path}: {e}"])
        return

    pdf_ok = report.result(f"{label}: renders the PDF and boxes", render(
        ["render", article_path, "-o", pdf, "--layout", layout, "--boxes", boxes]))
    png_ok = report.result(f"{label}: renders the PNG pages", render(
        ["render", article_path, "-o", png, "--layout", layout, "--dpi", str(PNG_DPI)]))
    pngs = numbered_pngs(OUT_DIR, stem)

    doc = None
    if pdf_ok:
        text = pdf_text(pdf)
        report.check(f"{label}: text complete", lambda: check_text_complete(fields, text))
        report.check(f"{label}: quotes typographic", check_quotes_typographic, fields, text)
        report.check(f"{label}: list items after their markers", check_list_markers, fields,
                     text)
        try:
            with open(boxes, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            report.result(f"{label}: boxes JSON", [f"cannot read {boxes}: {e}"])
        if doc is not None:
            schema_ok = report.check(f"{label}: boxes well formed", check_boxes_schema, doc)
            if schema_ok:
                for what, fn in GEOMETRY_CHECKS[1:]:
                    report.check(f"{label}: {what}", fn, doc)
                report.check(f"{label}: body lines' text complete", check_boxes_text, doc, fields)
                for what, fn, needs_fields, on in TYPOGRAPHY_CHECKS:
                    if on or staged:
                        report.check(f"{label}: {what}", fn, doc, *([fields] if needs_fields
                                                                    else []))
        report.check(f"{label}: fonts embedded", lambda: check_fonts_embedded(pdffonts(pdf)))
        report.check(f"{label}: qpdf --check", check_qpdf, pdf)
    if png_ok:
        report.check(f"{label}: PNG pages numbered", check_png_numbering, pngs, OUT_DIR, stem)
        if pdf_ok and doc is not None:
            report.check(f"{label}: page counts agree", check_page_counts, pdf, doc, pngs)
        if update:
            report.check(f"{label}: references updated", update_refs, pngs, REF_DIR, stem)
        else:
            report.check(f"{label}: pages match the references", check_against_refs, pngs,
                         REF_DIR, stem, pngdiff_path())


# ---------------------------------------------------------------------------------------------
# Self-test: every checker must fail on bad input and pass on good input


def expect(report, what, problems, should_fail, must_mention=None):
    """Records whether a checker behaved: failed (with MUST_MENTION in its report) or passed."""
    if should_fail:
        if not problems:
            return report.result(f"self-test: {what}", ["the checker passed bad input"])
        if must_mention and not any(must_mention in p for p in problems):
            return report.result(
                f"self-test: {what}",
                [f"the report does not mention {must_mention!r}: {problems[0]}"],
            )
        return report.result(f"self-test: {what}", [])
    return report.result(
        f"self-test: {what}", [f"the checker failed good input: {p}" for p in problems]
    )


def synthetic_article():
    return {
        "section": "National",
        "kicker": "North Korea",
        "headline": "Russia's headline about sanctions, 5 * 3 [sic]",
        "deck": "A deck with **strong** words, [a link](https://example.com/a_(b)) and \\* 5 * 3.",
        "byline": {"name": "Lee Hay-june", "title": "Staff reporter"},
        "dateline": "Seoul",
        "photos": [{"src": "photo.jpg", "caption": "A *caption*.", "credit": "News1"}],
        "body": [
            "The first paragraph, with an \"international\" re-examination, \\'as is\\'.",
            {"type": "subhead", "text": "A subhead"},
            "The second paragraph links [to a page](https://example.com) and says \\[sic\\].",
            {"type": "quote", "text": "A quotation worth repeating.", "attribution": "A Person"},
            "The third paragraph.",
        ],
        "related": [{"headline": "Related story", "url": "https://example.com"}],
        "notes": ["A note."],
        "translations": {
            "ko": {
                "headline": "러시아 안보 수장",
                "photos": [{"caption": "사진 설명", "credit": "뉴스1"}],
                "body": ["첫 번째 문단입니다.", "두 번째 문단입니다."],
            }
        },
    }


def synthetic_pdf_text(fields, drop=None, dup=None, swap=None, raw=None):
    """Text as pdftotext might give it for FIELDS: short fields in capitals, lines broken and
    hyphenated. DROP/DUP are paths to leave out or print twice, SWAP a pair of paths,
    RAW {path: text} replaces a field's text."""
    order = [f.path for f in fields]
    if swap:
        i, j = order.index(swap[0]), order.index(swap[1])
        order[i], order[j] = order[j], order[i]
    by_path = {f.path: f for f in fields}
    parts = []
    for path in order:
        f = by_path[path]
        if path == drop:
            continue
        t = (raw or {}).get(path, f.text)
        if f.caps:
            t = t.upper()
        # Break long texts into lines, hyphenating one word at its middle.
        words = t.split()
        if len(words) > 3:
            w = words[2]
            words[2] = w[: len(w) // 2] + "-\n" + w[len(w) // 2 :]
        parts.append(" ".join(words[:4]) + "\n" + " ".join(words[4:]))
        if path == dup:
            parts.append(t)
    return "\f".join(["\n".join(parts[: len(parts) // 2]), "\n".join(parts[len(parts) // 2 :])])


def synthetic_boxes(fields):
    """A boxes JSON that passes every geometry check: body blocks set line by line in one
    column on a 12 pt grid, lines touching, with a photo and a rule beside them."""
    col = {"x": 36.0, "y": 100.0, "width": 150.0, "height": 2000.0}
    boxes = [
        {"page": 1, "kind": "image", "role": "photo", "element": "photos[0]",
         "x": 200.0, "y": 100.0, "width": 300.0, "height": 200.0,
         "frame": {"x": 200.0, "y": 100.0, "width": 300.0, "height": 200.0}},
        {"page": 1, "kind": "rule", "role": "rule", "element": "related",
         "x": 200.0, "y": 310.0, "width": 300.0, "height": 0.5,
         "frame": {"x": 200.0, "y": 310.0, "width": 300.0, "height": 10.0}},
    ]
    baseline = 100.0 + 9.0  # grid origin 1.0, pitch 12: (109 - 1) / 12 = 9
    for f in fields:
        if f.block is None:
            continue
        words = f.text.split()
        role = "body" if f.block in ("paragraph", "item") else f.block
        for k in range(0, len(words), 3):
            boxes.append({
                "page": 1, "kind": "line", "role": role, "element": f.path,
                "x": 36.0, "y": baseline - 9.0, "width": 150.0, "height": 12.0,
                "baseline": baseline, "frame": dict(col), "hyphenated": False,
                "lang": "ko" if f.path.startswith("translations.ko.") else "en",
                "text": " ".join(words[k : k + 3]),
            })
            baseline += 12.0
        attribution = next((g for g in fields if g.path == f.path + ".attribution"), None)
        if attribution:
            boxes.append({
                "page": 1, "kind": "line", "role": "quote", "element": f.path + ".attribution",
                "x": 36.0, "y": baseline - 9.0, "width": 100.0, "height": 12.0,
                "baseline": baseline, "frame": dict(col), "hyphenated": False, "lang": "en",
                "text": attribution.text,
            })
            baseline += 12.0
    return {
        "galley": "0.1.0",
        "pages": [{"page": 1, "width": 800.0, "height": 2200.0,
                   "grid": {"origin": 1.0, "pitch": 12.0},
                   "columns": [{"x": 36.0, "width": 150.0}]}],
        "boxes": boxes,
    }


def doctored(doc, fn):
    d = json.loads(json.dumps(doc))
    fn(d)
    return d


def first_line(d, role="body"):
    return next(b for b in d["boxes"] if b["kind"] == "line" and b["role"] == role)


def body_line(d, k):
    """The Kth body line box of D."""
    return [b for b in d["boxes"] if b["kind"] == "line" and b["role"] == "body"][k]


def png_bytes(width, height, pixels):
    """A minimal RGB PNG; PIXELS(x, y) gives (r, g, b)."""
    raw = b"".join(
        b"\0" + b"".join(bytes(pixels(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def minimal_pdf(text=None):
    """A one-page PDF; with TEXT it shows it in the non-embedded base font Helvetica."""
    content = (
        f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b"0 0 m 10 10 l S"
    )
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        + (b" /Resources << /Font << /F1 5 0 R >> >>" if text else b"")
        + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    if text:
        objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


FAKE_GALLEY = r'''#!/usr/bin/env python3
# A stand-in for galley's handling of bad input (self-test only). It does what the spec
# says, except for the one defect named by $FAKE_DEFECT.
import json, os, sys
DEFECT = os.environ.get("FAKE_DEFECT", "")
VERSION = os.environ.get("FAKE_VERSION", "0")


def fail(code, msg):
    print(msg, file=sys.stderr)
    sys.exit(1 if DEFECT == "codes" else code)


a = sys.argv[1:]
if a == ["--help"]:
    print("" if DEFECT == "helpless" else "usage: galley render ARTICLE -o OUT")
    sys.exit(1 if DEFECT == "help" else 0)
if a == ["--version"]:
    print("galley" if DEFECT == "version" else "galley " + VERSION)
    sys.exit(0)
if not a or a[0] != "render":
    if DEFECT == "options" and a:
        sys.exit(0)
    fail(2, "usage: galley render ARTICLE -o OUT")
a, opts, pos = a[1:], {}, []
while a:
    x = a.pop(0)
    if x in ("-o", "--layout", "--dpi", "--boxes"):
        if not a:
            fail(2, "galley: " + x + " needs a value")
        opts[x] = a.pop(0)
    elif x.startswith("-") and DEFECT != "options":
        fail(2, "galley: unknown option " + x)
    elif not x.startswith("-"):
        pos.append(x)
if len(pos) != 1 or "-o" not in opts:
    fail(2, "usage: galley render ARTICLE -o OUT")
out = opts["-o"]
stem, ext = os.path.splitext(out)
outs = [stem + "-1.png" if ext == ".png" else out] + ([opts["--boxes"]] if "--boxes" in opts else [])
name = "the article" if DEFECT == "anonymous" else pos[0]


def invalid(line, col, msg):
    exists = os.path.exists(outs[0])
    if DEFECT == "clobber" or (DEFECT == "overwrite" and exists) or (DEFECT == "new" and not exists):
        open(outs[0], "w").write("partial")
    fail(3, f"{name}:{line + (DEFECT == 'line')}:{col}: error: {msg}")


try:
    with open(pos[0]) as f:
        text = f.read()
except OSError as e:
    fail(3, f"galley: {name}: {e.strerror}")
try:
    art = json.loads(text)
except ValueError as e:
    invalid(e.lineno, e.colno, e.msg)
if "headline" not in art:
    invalid(1, 1, "headline: missing" if DEFECT != "field" else "a field is missing")
layout = opts.get("--layout", "tabloid")
if layout not in ("tabloid", "a4") and DEFECT != "layout":
    fail(3, "galley: unknown layout" + ("" if DEFECT == "layoutname" else " " + layout))
folder = os.path.dirname(out) or "."
if not os.path.isdir(folder):
    if DEFECT == "mkdir":
        os.makedirs(folder)
    fail(4, f"galley: {out}: no such folder")
for p in outs:
    open(p, "w").write("output")
'''

# Each defect of FAKE_GALLEY and the bad-input checks that must catch it.
FAKE_DEFECTS = {
    "codes": ["missing article", "malformed JSON", "missing headline", "unknown layout",
              "missing folder", "unknown option", "render option", "without arguments"],
    "clobber": ["malformed JSON", "unterminated JSON", "missing headline", "to PNG"],
    "overwrite": ["malformed JSON", "unterminated JSON", "missing headline", "to PNG"],
    "new": ["malformed JSON", "unterminated JSON", "missing headline", "to PNG"],
    "anonymous": ["missing article", "malformed JSON", "unterminated JSON", "missing headline"],
    "line": ["malformed JSON"],
    "field": ["missing headline"],
    "layout": ["unknown layout"],
    "layoutname": ["unknown layout"],
    "mkdir": ["missing folder"],
    "help": ["--help"],
    "helpless": ["--help"],
    "version": ["--version"],
    "options": ["unknown option", "render option"],
}


def write_script(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o755)


def self_test(report, need_pngdiff=True):
    """Feeds every checker bad input (it must fail) and good input (it must pass)."""
    work = os.path.join(OUT_DIR, "self-test")
    os.makedirs(work, exist_ok=True)

    # Markup stripping and normalising.
    cases = [
        ("a *b* **c** [d](http://x.org/(y)) \\* \\[e\\] \\\\ \\q", "a b c d * [e] \\ \\q"),
        ("[**bold link**](u) & <tag>", "bold link & <tag>"),
        ("no markup, 1 ] 2 ( 3 ) [NEWS1] [a [b](u)", "no markup, 1 ] 2 ( 3 ) [NEWS1] [a b"),
        ("5 * 3 ** 2 *", "5 * 3 ** 2 *"),
        ("***both*** *a **b** c*", "both a b c"),
        ("[x\\]y](u\\)v)", "x]y"),
        ("don't \\'say\\' \"*so*\"", "don\u2019t 'say' \u201dso\u201d"),
    ]
    report.result("self-test: markup stripping", [
        f"strip_markup({src!r}) = {strip_markup(src)!r}, expected {want!r}"
        for src, want in cases if strip_markup(src) != want
    ])
    report.result("self-test: normalising", [] if normalize(
        "inter-\nna\u00adtion\u2010al  e\u0301") == "international\u00e9" else ["wrong"])

    # Check 1: nothing lost.
    art = synthetic_article()
    fields = article_fields(art)
    paths = [f.path for f in fields]
    want_paths = {"section", "kicker", "headline", "deck", "byline.name", "dateline",
                  "photos[0].caption", "photos[0].credit", "body[0]", "body[1]", "body[2]",
                  "body[3]", "body[3].attribution", "body[4]", "related[0].headline", "notes[0]",
                  "translations.ko.headline", "translations.ko.photos[0].caption",
                  "translations.ko.photos[0].credit", "translations.ko.body[1]"}
    report.result("self-test: article fields extracted",
                  [f"{p} not extracted" for p in sorted(want_paths - set(paths))])
    good = synthetic_pdf_text(fields)
    expect(report, "text check passes a complete text", check_text_complete(fields, good), False)
    expect(report, "quote check passes typographic quotes and an escaped straight one",
           check_quotes_typographic(fields, good), False)
    expect(report, "quote check catches a typewriter apostrophe",
           check_quotes_typographic(fields, good.replace("Russia\u2019s", "Russia's")), True,
           "Russia's")
    expect(report, "quote check catches an escaped quote made typographic",
           check_quotes_typographic(fields, good.replace("'as is'", "\u2019as is\u2019")), True,
           "typewriter")
    items = language_fields({"body": [{"type": "list", "items": ["First point made", "Second"]},
                                      {"type": "list", "ordered": True, "start": 9,
                                       "items": ["Ninth in line", "Tenth in line"]}]}, "")
    good_list = "Text\n\u2022 First point\nmade\n\u2022 Second\n9. Ninth in line\n10. Tenth in\n"
    expect(report, "list check passes items after their markers",
           check_list_markers(items, good_list), False)
    expect(report, "list check catches an item without its marker",
           check_list_markers(items, good_list.replace("\u2022 Second", "Second")), True,
           "items[1]")
    expect(report, "list check catches a wrong number",
           check_list_markers(items, good_list.replace("10.", "2.")), True, "items[1]")
    expect(report, "text check catches a lost paragraph",
           check_text_complete(fields, synthetic_pdf_text(fields, drop="body[2]")), True, "body[2]")
    expect(report, "text check catches a lost translated paragraph",
           check_text_complete(fields, synthetic_pdf_text(fields, drop="translations.ko.body[1]")),
           True, "translations.ko.body[1]")
    expect(report, "text check catches a paragraph set twice",
           check_text_complete(fields, synthetic_pdf_text(fields, dup="body[4]")), True, "body[4]")
    expect(report, "text check catches paragraphs out of order",
           check_text_complete(fields, synthetic_pdf_text(fields, swap=("body[0]", "body[2]"))),
           True, "not after")
    body4 = next(f for f in fields if f.path == "body[4]").text
    folio = "\n2 | Wednesday, June 11, 2025 | National\n\f"
    broken = good.replace(body4, body4[:9] + folio + body4[9:])
    expect(report, "text check passes a paragraph broken by a page's folio",
           check_text_complete(fields, broken), False)
    expect(report, "text check catches a paragraph broken by other text",
           check_text_complete(fields, good.replace(body4, body4[:9] + " x " + body4[9:])),
           True, "body[4]")
    expect(report, "text check catches a paragraph broken by a long text at a page break",
           check_text_complete(fields, good.replace(
               body4, body4[:9] + "\n" + "long text " * 40 + "\f" + body4[9:])), True, "body[4]")
    expect(report, "text check catches a lost kicker",
           check_text_complete(fields, synthetic_pdf_text(fields, drop="kicker")), True, "kicker")
    expect(report, "text check catches a lost credit",
           check_text_complete(fields, synthetic_pdf_text(fields, drop="photos[0].credit")),
           True, "credit")
    expect(report, "text check catches markup printed as text",
           check_text_complete(fields, synthetic_pdf_text(
               fields, raw={"body[2]": art["body"][2]})), True, "body[2]")
    expect(report, "text check catches a link's url printed, its text lost",
           check_text_complete(fields, synthetic_pdf_text(
               fields, raw={"deck": "A deck with strong words, https://example.com/a_(b) and "
                                    "* 5 * 3."})), True, "deck")
    expect(report, "text check catches a headline in the wrong case",
           check_text_complete(fields, synthetic_pdf_text(
               fields, raw={"headline": "A HEADLINE ABOUT SANCTIONS"})), True, "headline")
    expect(report, "text check catches a changed letter",
           check_text_complete(fields, good.replace("third", "thirb")), True, "body[4]")

    # Check 2: geometry.
    doc = synthetic_boxes(fields)
    for what, fn in GEOMETRY_CHECKS:
        expect(report, f"{what}: passes good boxes", fn(doc), False)
    expect(report, "body lines' text: passes good boxes", check_boxes_text(doc, fields), False)
    expect(report, "boxes well formed: catches a box without frame",
           check_boxes_schema(doctored(doc, lambda d: d["boxes"][3].pop("frame"))), True, "frame")
    expect(report, "boxes well formed: catches a box on a missing page",
           check_boxes_schema(doctored(doc, lambda d: d["boxes"][3].update(page=2))), True, "page")
    expect(report, "overlap check catches two identical boxes",
           check_no_overlap(doctored(doc, lambda d: d["boxes"].append(dict(first_line(d))))),
           True, "overlaps")
    expect(report, "overlap check catches a box 0.5 pt into the next",
           check_no_overlap(doctored(doc, lambda d: first_line(d).update(height=12.5))),
           True, "overlaps")
    expect(report, "overlap check catches a photo over the text",
           check_no_overlap(doctored(doc, lambda d: d["boxes"][0].update(x=150.0))), True,
           "photos[0]")
    expect(report, "overlap check allows edges 0.005 pt into each other",
           check_no_overlap(doctored(doc, lambda d: first_line(d).update(height=12.005))), False)
    expect(report, "frame check catches a box outside its frame",
           check_in_frames(doctored(doc, lambda d: first_line(d).update(x=35.9))), True, "frame")
    expect(report, "frame check catches a frame outside the page",
           check_in_frames(doctored(doc, lambda d: d["boxes"][0].update(
               x=600.0, frame={"x": 600.0, "y": 100.0, "width": 300.0, "height": 200.0}))),
           True, "outside the page")
    expect(report, "grid check catches a baseline off the grid",
           check_baseline_grid(doctored(doc, lambda d: first_line(d).update(baseline=109.02))),
           True, "grid steps")
    def korean(d, move=0, line=1):
        body = [b for b in d["boxes"] if b["kind"] == "line" and b["role"] == "body"]
        for b in body:
            b["lang"] = "ko"
        body[line]["baseline"] += move

    expect(report, "grid check allows a Korean paragraph's next line off the grid",
           check_baseline_grid(doctored(doc, lambda d: korean(d, 3.83))), False)
    expect(report, "grid check catches a Korean paragraph's first line off the grid",
           check_baseline_grid(doctored(doc, lambda d: korean(d, 3.83, 0))), True, "grid steps")
    expect(report, "grid check catches an English paragraph's next line off the grid",
           check_baseline_grid(doctored(doc, lambda d: body_line(d, 1).update(baseline=121.02))),
           True, "grid steps")
    expect(report, "grid check catches a missing body",
           check_baseline_grid(doctored(doc, lambda d: d.update(boxes=d["boxes"][:2]))), True)
    expect(report, "width check catches a line wider than its frame",
           check_line_widths(doctored(doc, lambda d: first_line(d).update(width=150.5))),
           True, "wider")
    expect(report, "line text check catches a lost word",
           check_boxes_text(doctored(doc, lambda d: first_line(d).update(text="The first")),
                            fields), True, "body[0]")
    expect(report, "line text check catches a lost line",
           check_boxes_text(doctored(doc, lambda d: d["boxes"].remove(first_line(d))),
                            fields), True, "body[0]")
    expect(report, "line text check catches a lost block",
           check_boxes_text(doctored(doc, lambda d: d.update(boxes=[
               b for b in d["boxes"] if b["element"] != "translations.ko.body[0]"])),
               fields), True, "translations.ko.body[0]")
    expect(report, "line text check catches an unknown block",
           check_boxes_text(doctored(doc, lambda d: d["boxes"].append(
               dict(first_line(d), element="body[9]"))), fields), True, "body[9]")
    # Check 2, typography.
    self_test_typography(report, fields, doc)

    sub = Report()
    with_output_silenced(lambda: sub.check("crash", lambda: [][1]))
    report.result("self-test: a checker that crashes counts as failed",
                  [] if sub.failed == 1 else ["a crash passed"])

    # Check 3: fonts and qpdf, on PDFs written here.
    nofont = os.path.join(work, "no-font.pdf")
    helvetica = os.path.join(work, "helvetica.pdf")
    broken = os.path.join(work, "broken.pdf")
    with open(nofont, "wb") as f:
        f.write(minimal_pdf())
    with open(helvetica, "wb") as f:
        f.write(minimal_pdf("Hello"))
    with open(broken, "wb") as f:
        f.write(minimal_pdf("Hello")[:-60])
    expect(report, "qpdf check passes a good PDF", check_qpdf(helvetica), False)
    expect(report, "qpdf check catches a damaged PDF", check_qpdf(broken), True, "qpdf")
    expect(report, "font check catches a non-embedded font",
           check_fonts_embedded(pdffonts(helvetica)), True, "Helvetica")
    expect(report, "font check catches a PDF without fonts",
           check_fonts_embedded(pdffonts(nofont)), True, "no fonts")
    long_name = "\n".join([
        "name                                 type              encoding         emb sub uni "
        "object ID",
        "------------------------------------ ----------------- ---------------- --- --- --- "
        "---------",
        "ABCDEF+NotoSerifCJKkr-Regular        CID Type 0C       Identity-H       yes yes yes "
        "     6  0",
        "ABCDEF+AVeryLongFontNameThatOverflowsTheColumn-BoldItalic CID TrueType Identity-H no  "
        "yes yes     12  0",
    ])
    expect(report, "font check reads rows with long names",
           check_fonts_embedded(long_name), True, "AVeryLong")
    one = {"pages": [{"page": 1}]}
    expect(report, "page count check passes equal counts",
           check_page_counts(helvetica, one, {1: "x-1.png"}), False)
    expect(report, "page count check catches a missing PNG page",
           check_page_counts(helvetica, one, {}), True, "PNG render 0")
    expect(report, "page count check catches an extra boxes page",
           check_page_counts(helvetica, {"pages": [{"page": 1}, {"page": 2}]}, {1: "x-1.png"}),
           True, "boxes JSON 2")
    expect(report, "text extraction reads a PDF", [] if "Hello" in pdf_text(helvetica)
           else ["pdftotext found no Hello"], False)
    if shutil.which("pango-view"):
        embedded = os.path.join(work, "embedded.pdf")
        proc = run(["pango-view", "-q", "--font=Noto Serif 9.5", "--text=Hello",
                    f"--output={embedded}"])
        if proc.returncode == 0:
            expect(report, "font check passes embedded fonts",
                   check_fonts_embedded(pdffonts(embedded)), False)

    # Check 4: pngdiff, the references and the numbering of PNG pages.
    pages_dir = os.path.join(work, "pages")
    shutil.rmtree(pages_dir, ignore_errors=True)
    os.makedirs(pages_dir)

    def numbering(*names):
        for name in os.listdir(pages_dir):
            os.remove(os.path.join(pages_dir, name))
        for name in names:
            open(os.path.join(pages_dir, name), "wb").close()
        return check_png_numbering(numbered_pngs(pages_dir, "s-l"), pages_dir, "s-l")

    expect(report, "PNG numbering passes s-l-1.png, s-l-2.png",
           numbering("s-l-1.png", "s-l-2.png", "s-l-a4-1.png"), False)
    expect(report, "PNG numbering catches a gap", numbering("s-l-1.png", "s-l-3.png"), True,
           "numbered")
    expect(report, "PNG numbering catches an unnumbered page",
           numbering("s-l-1.png", "s-l.png"), True, "s-l.png")
    expect(report, "PNG numbering catches no pages", numbering("s-l.pdf"), True, "no s-l")

    if os.path.exists(pngdiff_path()):
        self_test_pngdiff(report, work)
    elif need_pngdiff:
        report.result("self-test: pngdiff", [f"{pngdiff_path()} not built (make {pngdiff_path()})"])

    # Check 5: bad input, against a stand-in for galley, right and with one defect at a time.
    fake = os.path.join(work, "galley-fake")
    write_script(fake, FAKE_GALLEY)
    os.environ["FAKE_VERSION"] = galley_version() or "?"
    article = os.path.join(work, "valid.json")
    with open(article, "w", encoding="utf-8") as f:
        json.dump(art, f)
    for defect in [""] + list(FAKE_DEFECTS):
        os.environ["FAKE_DEFECT"] = defect
        sub = Report()
        with_output_silenced(lambda: bad_input_checks(sub, fake, os.path.join(work, "bad"),
                                                      article))
        if not defect:
            report.result("self-test: bad-input checks pass a galley that gets it right",
                          [f"failed: {w}" for w in sub.failures])
            continue
        passed = [w for w in FAKE_DEFECTS[defect] if not any(w in f for f in sub.failures)]
        report.result(f"self-test: bad-input checks catch a galley with defect '{defect}'",
                      [f"passed: {w}" for w in passed])
    os.environ.pop("FAKE_DEFECT")


def self_test_typography(report, fields, doc):
    """Every typography checker passes the good synthetic boxes and fails a bad case of its
    own; the staged ones (off in the main run) too."""
    def hyphenate(*indexes):
        return lambda d: [d["boxes"][i].update(hyphenated=True) for i in indexes]

    def new_frame(start, then=None):
        """Moves the line boxes from index START on into a second column's frame."""
        def fn(d):
            for b in d["boxes"][start:]:
                if b["kind"] == "line":
                    b.update(x=200.0, frame={"x": 200.0, "y": 100.0, "width": 150.0,
                                             "height": 2000.0})
            if then:
                then(d)
        return fn

    def lines(element, texts):
        """Sets ELEMENT (one line box) in the lines TEXTS, the boxes after it moved down."""
        def fn(d):
            i = next(k for k, b in enumerate(d["boxes"]) if b.get("element") == element)
            boxes = d["boxes"]
            new = [dict(boxes[i], text=t) for t in texts]
            d["boxes"] = boxes[:i] + new + boxes[i + 1 :]
            step = 0.0
            for b in d["boxes"][i:]:
                if b["kind"] == "line":
                    b.update(y=float(boxes[i]["y"]) + step,
                             baseline=float(boxes[i]["baseline"]) + step)
                    step += 12.0
        return fn

    def text(i, t):
        return lambda d: d["boxes"][i].update(text=t)

    for what, fn, needs_fields, _ in TYPOGRAPHY_CHECKS:
        expect(report, f"{what}: passes good boxes",
               fn(doc, fields) if needs_fields else fn(doc), False)

    # Boxes 6-9 are body[2]'s four lines, 14 and 15 the two Korean paragraphs (one line each).
    expect(report, "hyphen runs: catches 3 hyphenated lines in a row",
           check_hyphen_runs(doctored(doc, hyphenate(6, 7, 8))), True, "body[2]")
    expect(report, "hyphen runs: passes 2 in a row",
           check_hyphen_runs(doctored(doc, hyphenate(6, 7))), False)
    expect(report, "hyphen runs: passes 2 in a row before another element's",
           check_hyphen_runs(doctored(doc, hyphenate(8, 9, 10))), False)
    expect(report, "hyphen runs: counts a run across frames",
           check_hyphen_runs(doctored(doc, new_frame(8, hyphenate(6, 7, 8)))), True, "body[2]")

    def cut(*indexes):
        return lambda d: [d["boxes"][i].update(cut=True) for i in indexes]

    expect(report, "cut runs: catches 3 lines in a row ending in a cut word",
           check_cut_runs(doctored(doc, cut(6, 7, 8))), True, "body[2]")
    expect(report, "cut runs: passes 2 in a row",
           check_cut_runs(doctored(doc, cut(6, 7))), False)
    expect(report, "cut runs: hyphenated lines are not cut lines",
           check_cut_runs(doctored(doc, hyphenate(6, 7, 8))), False)

    expect(report, "column end: catches a hyphen on the last line of the frame",
           check_no_hyphen_at_column_end(doctored(doc, hyphenate(15))), True,
           "translations.ko.body[1]")
    expect(report, "column end: catches a hyphen before the next column",
           check_no_hyphen_at_column_end(doctored(doc, new_frame(8, hyphenate(7)))), True,
           "body[2]")
    expect(report, "column end: catches a cut Korean word on the last line of the frame",
           check_no_hyphen_at_column_end(doctored(doc, lambda d: d["boxes"][15].update(cut=True))),
           True, "cut line")
    expect(report, "column end: passes a hyphen inside the column",
           check_no_hyphen_at_column_end(doctored(doc, new_frame(8, hyphenate(6)))), False)

    for c in (")", "%", "”", "。", "."):
        expect(report, f"Korean line starts: catches a line starting with {c!r}",
               check_korean_line_starts(doctored(doc, text(14, c + "첫 번째"))), True,
               repr(c))
    for c in ("(", "“", "「"):
        expect(report, f"Korean line starts: catches a line ending with {c!r}",
               check_korean_line_starts(doctored(doc, text(15, "두 번째 " + c))), True,
               repr(c))
    expect(report, "Korean line starts: passes brackets inside a line",
           check_korean_line_starts(doctored(doc, text(14, "첫 (번째) “문단”입니다."))), False)
    expect(report, "Korean line starts: passes an English line starting with '.'",
           check_korean_line_starts(doctored(doc, text(2, ".The first"))), False)

    ko0 = "translations.ko.body[0]"
    expect(report, "Korean words whole: catches a word broken between syllables",
           check_korean_words_whole(doctored(doc, lines(ko0, ["첫 번째 문단", "입니다."])),
                                    fields), True, ko0)
    cut = lambda d: next(b for b in d["boxes"] if b.get("element") == ko0).update(cut=True)
    both = lambda f, g: lambda d: (f(d), g(d))
    expect(report, "Korean words whole: passes a cut the layout allows, marked cut",
           check_korean_words_whole(doctored(doc, both(lines(ko0, ["첫 번째 문단", "입니다."]), cut)),
                                    fields, {"body"}), False)
    expect(report, "Korean words whole: catches a cut the layout allows but not marked",
           check_korean_words_whole(doctored(doc, lines(ko0, ["첫 번째 문단", "입니다."])),
                                    fields, {"body"}), True, "does not say cut")
    expect(report, "Korean words whole: catches a marked cut the layout does not allow",
           check_korean_words_whole(doctored(doc, both(lines(ko0, ["첫 번째 문단", "입니다."]), cut)),
                                    fields, {"caption"}), True, "keeps body words whole")
    expect(report, "Korean words whole: tabloid-ko lets body cut, not headlines",
           [r for r in ("body", "headline")
            if (r in korean_cut_roles({"layout": "tabloid-ko"})) != (r == "body")], False)
    expect(report, "Korean words whole: passes a break at a space",
           check_korean_words_whole(doctored(doc, lines(ko0, ["첫 번째", "문단입니다."])),
                                    fields), False)
    expect(report, "Korean words whole: passes a one-word line broken",
           check_korean_words_whole(doctored(doc, lines(ko0, ["첫 번째", "문단", "입니다."])),
                                    fields), False)
    dot = [Field(f.path, "첫 번째 원·달러 문단입니다.", f.block) if f.path == ko0 else f
           for f in fields]
    expect(report, "Korean words whole: passes a break after a middle dot",
           check_korean_words_whole(doctored(doc, lines(ko0, ["첫 번째 원·", "달러 문단입니다."])),
                                    dot), False)
    expect(report, "Korean words whole: catches lines that do not match the article",
           check_korean_words_whole(doctored(doc, lines(ko0, ["첫 번째", "문장입니다."])),
                                    fields), True, "do not match")

    expect(report, "widows and orphans: catches a first line alone at a frame's foot",
           check_widows_orphans(doctored(doc, new_frame(7))), True, "orphan")
    expect(report, "widows and orphans: catches a last line alone at a frame's head",
           check_widows_orphans(doctored(doc, new_frame(9))), True, "widow")
    expect(report, "widows and orphans: passes a paragraph split 2 and 2",
           check_widows_orphans(doctored(doc, new_frame(8))), False)
    expect(report, "widows and orphans: passes a quote split 1 and 1",
           check_widows_orphans(doctored(doc, new_frame(11))), False)
    expect(report, "quotes whole: catches a quote split over two frames",
           check_quotes_whole(doctored(doc, new_frame(11))), True, "split")
    expect(report, "quotes whole: passes a quote in one frame",
           check_quotes_whole(doc), False)


def with_output_silenced(fn):
    saved = sys.stdout
    try:
        with open(os.devnull, "w") as sys.stdout:
            return fn()
    finally:
        sys.stdout = saved


def self_test_pngdiff(report, work):
    """pngdiff passes equal images and small differences, fails everything else; the
    reference comparison fails on a missing reference and on a page count change."""
    def write(name, w, h, px):
        p = os.path.join(work, name)
        with open(p, "wb") as f:
            f.write(png_bytes(w, h, px))
        return p

    white = lambda x, y: (255, 255, 255)
    a = write("a.png", 20, 50, white)  # 1000 pixels
    same = write("same.png", 20, 50, white)
    faint = write("faint.png", 20, 50, lambda x, y: (230, 255, 255))  # 25 < 48 on every pixel
    one = write("one.png", 20, 50, lambda x, y: (0, 0, 0) if (x, y) == (3, 4) else (255,) * 3)
    five = write("five.png", 20, 50, lambda x, y: (0, 0, 0) if y == 4 and x < 5 else (255,) * 3)
    small = write("small.png", 20, 49, white)
    large = write("large.png", 25, 60, white)
    bad = os.path.join(work, "bad.png")
    with open(bad, "wb") as f:
        f.write(b"not a png")

    def rc(*args):
        return run([pngdiff_path(), *args]).returncode

    results = {
        "equal images pass": rc(a, same) == 0,
        "a faint difference passes": rc(a, faint) == 0,
        "0.1% of pixels passes": rc(a, one) == 0,
        "0.5% of pixels fails": rc(a, five) == 1,
        "0.5% passes with --max-fraction 0.01": rc(a, five, "--max-fraction", "0.01") == 0,
        "a faint difference fails with --threshold 10": rc(a, faint, "--threshold", "10") == 1,
        "a smaller image fails": rc(a, small) == 1,
        "a larger image fails": rc(a, large) == 1,
        "an unreadable file fails": rc(a, bad) == 1,
        "a missing file fails": rc(a, os.path.join(work, "none.png")) == 1,
    }
    out = decode(run([pngdiff_path(), a, five]).stdout)
    results["prints N of M pixels differ"] = f"{a}: 5 of 1000 pixels differ (0.50%)" in out
    report.result("self-test: pngdiff", [k for k, ok in results.items() if not ok])

    refs = os.path.join(work, "ref")
    shutil.rmtree(refs, ignore_errors=True)
    pages = {1: a, 2: same}
    expect(report, "reference check catches missing references",
           check_against_refs(pages, refs, "s-l", pngdiff_path()), True, "make update-refs")
    update_refs({1: a, 2: a, 3: a}, refs, "s-l")
    update_refs(pages, refs, "s-l")
    expect(report, "reference update removes stale pages",
           [] if sorted(numbered_pngs(refs, "s-l")) == [1, 2] else ["page 3 left"], False)
    expect(report, "reference check passes matching pages",
           check_against_refs(pages, refs, "s-l", pngdiff_path()), False)
    expect(report, "reference check catches a changed page",
           check_against_refs({1: a, 2: five}, refs, "s-l", pngdiff_path()), True, "page 2")
    expect(report, "reference check catches a page count change",
           check_against_refs({1: a}, refs, "s-l", pngdiff_path()), True, "page(s)")


# ---------------------------------------------------------------------------------------------


def sample_layouts(article):
    """The layouts a sample is checked with: the one its article names, else both of
    LAYOUTS."""
    with open(article, encoding="utf-8") as f:
        own = json.load(f).get("layout")
    if own and ("/" in own or own.endswith(".json")):  # a layout file beside the article
        own = os.path.join(os.path.dirname(article), own)
    return (own,) if own else LAYOUTS


def main():
    ap = argparse.ArgumentParser(description="Galley's integration test.")
    ap.add_argument("--update-refs", action="store_true",
                    help="write tests/ref/*.png from this render instead of comparing")
    ap.add_argument("--self-test", action="store_true", help="run only the self-test")
    ap.add_argument("--staged", action="store_true",
                    help="also run the typography checks that are off (TYPOGRAPHY_CHECKS)")
    opts = ap.parse_args()
    os.chdir(ROOT)
    os.makedirs(OUT_DIR, exist_ok=True)

    report = Report()
    report.check("self-test ran to the end",
                 lambda: self_test(report, need_pngdiff=not opts.update_refs) or [])
    if opts.self_test:
        report.summary()
        return 1 if report.failed else 0

    samples = sorted(glob.glob(os.path.join("samples", "*", "article.json")))
    report.result("samples found", [] if samples else ["no samples/*/article.json"])
    if not os.access(galley_path(), os.X_OK):
        report.result("galley built", [f"{galley_path()} not found (make {galley_path()})"])
    else:
        for article in samples:
            name = os.path.basename(os.path.dirname(article))
            for layout in sample_layouts(article):
                render_sample(report, name, article, layout, opts.update_refs, opts.staged)
        bad_input_checks(report, galley_path(), os.path.join(OUT_DIR, "bad"),
                         samples[0] if samples else None)
        report.check("a quote longer than a column breaks like a paragraph", check_long_quote,
                     galley_path(), os.path.join(OUT_DIR, "bad"))
    report.summary()
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
