#!/usr/bin/env python3
"""Galley's preview checks: `galley contact` and `galley watch` (docs/preview.md).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/preview.py

1. contact: a sheet of the samples holds every page: its size is the grid docs/preview.md
   gives for that many thumbnails (pages counted by rendering each sample), every cell has
   a drawn page with a border and a label, the rest of the last row is blank; --columns
   changes the grid; an article that fails to load gets a red error cell, its error is
   printed and the exit code is 3, the sheet still written; usage errors and a sheet over
   the pixel limits write nothing;
2. watch, on copies in tests/out/preview/watch/: it renders once, does not re-render for
   its own output, re-renders after a change to the article, the layout file and the
   photo, renders a burst of writes once, keeps the output byte for byte when the article
   or the layout is broken and renders again when it is fixed or when a missing photo
   appears; --once-after N stops it, SIGINT and SIGTERM stop it with exit 0 (and a clean
   sanitizer report), an output it cannot write stops it at once with exit 4; when the
   article shrinks to one page the old out-2.png goes (render and watch; files that only
   look like pages stay); when the article's folder is deleted it says so on a line and
   renders again once the folder is back.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed. Python 3 standard library only; every wait has a timeout
and every galley started is killed at the end.
"""

import glob
import json
import math
import os
import queue
import re
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngread import read_png  # noqa: E402
import threading
import time

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
OUT = os.path.join("tests", "out", "preview")
SAMPLES = sorted(glob.glob("samples/*/article.json"))
BROKEN = "tests/data/articles/missing-headline.json"
DPI = 6  # thumbnails: small, so the sheets are quick to draw and to read
# The sheet geometry of render/cli/contact.c, in pixels (docs/preview.md).
MARGIN, GAP, LABEL = 12, 12, 20
TIMEOUT = 300  # seconds for one command (sanitizer builds are slow)
LINE_WAIT = 20  # seconds for watch to print its next line
QUIET_WAIT = 0.4  # seconds in which watch must print nothing


# ---------------------------------------------------------------------------------------------
# Reporting and helpers


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def result(self, what, problem):
        """Prints "ok   WHAT" when PROBLEM is empty, else "FAIL WHAT: PROBLEM"."""
        if problem:
            self.failed += 1
            print(f"FAIL {what}: {' '.join(str(problem).split())}", flush=True)
        else:
            self.passed += 1
            print(f"ok   {what}", flush=True)
        return not problem

    def check(self, what, fn, *args):
        """Runs FN(*ARGS), which returns a problem or None; a crash is a failure."""
        try:
            problem = fn(*args)
        except Exception as e:
            problem = f"checker crashed: {type(e).__name__}: {e}"
        return self.result(what, problem)


def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


def sanitizer_report(stderr):
    """The first line of a sanitizer's report in STDERR and its first frames in Galley's
    code (where to look), or None."""
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if "Sanitizer" in line or "runtime error:" in line:
            frames = [l.strip() for l in lines[i:] if "render/" in l or "tests/" in l][:4]
            return " | ".join([line.strip()] + frames)
    return None


# ---------------------------------------------------------------------------------------------
# contact


def page_px(layout, dpi=DPI):
    """A LAYOUT page's thumbnail size in pixels, computed as contact.c does."""
    page = json.load(open(os.path.join("layouts", layout + ".json")))["page"]
    k = dpi / 72.0
    return (math.ceil(page["width"] * (72.0 / 25.4) * k),
            math.ceil(page["height"] * (72.0 / 25.4) * k))


def page_count(article, layout="tabloid"):
    """Pages of ARTICLE in LAYOUT, by rendering it to PNG at a tiny resolution."""
    folder = os.path.join(OUT, "count")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    p = run([GALLEY, "render", article, "-o", os.path.join(folder, "p.png"), "-q", "--dpi", "5",
             "--layout", layout])
    if p.returncode:
        raise RuntimeError(f"render {article}: exit {p.returncode}: {p.stderr.strip()}")
    return len(glob.glob(os.path.join(folder, "p-*.png")))


def sheet_size(n, cols, cell):
    rows = (n + cols - 1) // cols
    return (2 * MARGIN + cols * cell[0] + (cols - 1) * GAP,
            2 * MARGIN + rows * (cell[1] + LABEL) + (rows - 1) * GAP)


def region(rows, x0, y0, w, h):
    return [rows[y][x] for y in range(y0, y0 + h) for x in range(x0, x0 + w)]


def is_white(p):
    return min(p) >= 250


def is_red(p):
    return p[0] >= 180 and p[1] <= 80 and p[2] <= 80


def check_cell(rows, x, y, cell, kind):
    """Problems of the cell at (X, Y): KIND "page" (drawn, bordered), "error" (red) or
    "empty" (white, label band too)."""
    w, h = cell
    thumb = region(rows, x, y, w, h)
    label = region(rows, x, y + h, w, LABEL)
    ink = sum(not is_white(p) for p in thumb) / len(thumb)
    if kind == "empty":
        if ink or any(not is_white(p) for p in label):
            return "not blank"
        return None
    if not any(min(p) < 160 for p in label):
        return "no label under it"
    if kind == "error":
        red = sum(is_red(p) for p in thumb) / len(thumb)
        return None if red > 0.02 and ink > 0.5 else f"not a red error cell ({red:.1%} red)"
    if ink < 0.02:
        return f"blank ({ink:.2%} of its pixels drawn)"
    if is_white(rows[y + h // 2][x - 1]) or is_white(rows[y - 1][x + w // 2]):
        return "no border"
    if sum(is_red(p) for p in thumb) / len(thumb) > 0.3:
        return "red, like an error cell"
    return None


def check_sheet(path, kinds, cols, cell):
    """The sheet at PATH is the grid of len(KINDS) cells in COLS columns of CELL pixels, and
    each cell is of its kind ("page" or "error"); the rest of the last row is blank."""
    w, h, rows = read_png(path)
    want = sheet_size(len(kinds), cols, cell)
    if (w, h) != want:
        return (f"the sheet is {w}x{h} px, not the {want[0]}x{want[1]} px of {len(kinds)} "
                f"thumbnails of {cell[0]}x{cell[1]} px in {cols} columns")
    n_rows = (len(kinds) + cols - 1) // cols
    kinds = list(kinds) + ["empty"] * (n_rows * cols - len(kinds))
    for i, kind in enumerate(kinds):
        x = MARGIN + (i % cols) * (cell[0] + GAP)
        y = MARGIN + (i // cols) * (cell[1] + LABEL + GAP)
        problem = check_cell(rows, x, y, cell, kind)
        if problem:
            return f"cell {i + 1} ({kind}): {problem}"
    return None


def contact(out, *args):
    if os.path.exists(out):
        os.unlink(out)
    return run([GALLEY, "contact", *args, "-o", out, "--dpi", str(DPI)])


def check_contact_ok(p, path, kinds, cols, cell, want_rc=0):
    """The contact run P exited WANT_RC, cleanly, and wrote the sheet of KINDS in COLS
    columns at most (None: the default, 6)."""
    cols = min(cols or 6, len(kinds))
    if p.returncode != want_rc:
        return (f"exit {p.returncode}, not {want_rc}: "
                f"{sanitizer_report(p.stderr) or p.stderr.strip()[:300]}")
    if sanitizer_report(p.stderr):
        return sanitizer_report(p.stderr)
    if not os.path.exists(path):
        return "no sheet written"
    return check_sheet(path, kinds, cols, cell)


def check_broken_reported(p):
    if f"{BROKEN}:" not in p.stderr or "error" not in p.stderr:
        return f"the broken article's error is not printed: {p.stderr.strip()[:300]!r}"
    return None


def check_usage(args, want_rc, path, message=None):
    """`galley contact ARGS` exits WANT_RC, writes nothing at PATH and prints MESSAGE."""
    p = run([GALLEY, "contact", *args])
    if p.returncode != want_rc:
        return f"exit {p.returncode}, not {want_rc}: {p.stderr.strip()[:200]}"
    if message and message not in p.stderr:
        return f"no {message!r} in {p.stderr.strip()[:200]!r}"
    if path and glob.glob(path + "*"):
        return f"{path} written after a failure"
    return None


def contact_checks(report):
    folder = os.path.join(OUT, "contact")
    os.makedirs(folder, exist_ok=True)
    cell = page_px("tabloid")
    try:
        pages = [page_count(a) for a in SAMPLES]
    except Exception as e:
        report.result("counting the samples' pages", str(e))
        return
    kinds = ["page"] * sum(pages)
    sheet = os.path.join(folder, "samples.png")
    p = contact(sheet, *SAMPLES)
    report.check(f"contact: the samples' {len(kinds)} pages in {min(6, len(kinds))} columns",
                 check_contact_ok, p, sheet, kinds, None, cell)

    two = os.path.join(folder, "two.png")
    p = contact(two, *SAMPLES, "--columns", "2")
    report.check("contact --columns 2: the same pages in two columns",
                 check_contact_ok, p, two, kinds, 2, cell)

    wide = os.path.join(folder, "wide.png")
    p = contact(wide, *SAMPLES, "--columns", "10")
    report.check("contact --columns 10: no more columns than pages",
                 check_contact_ok, p, wide, kinds, 10, cell)

    a4 = os.path.join(folder, "a4.png")
    p = contact(a4, SAMPLES[0], "--layout", "a4")
    report.check("contact --layout a4: a4 thumbnails", lambda: check_contact_ok(
        p, a4, ["page"] * page_count(SAMPLES[0], "a4"), None, page_px("a4")))

    mixed = os.path.join(folder, "mixed.png")
    p = contact(mixed, SAMPLES[0], BROKEN, SAMPLES[-1])
    mixed_kinds = ["page"] * pages[0] + ["error"] + ["page"] * pages[-1]
    report.check("contact: a broken article is a red error cell, the sheet written, exit 3",
                 check_contact_ok, p, mixed, mixed_kinds, None, cell, 3)
    report.check("contact: the broken article's error is printed", check_broken_reported, p)

    broken = os.path.join(folder, "broken.png")
    p = contact(broken, BROKEN, BROKEN)
    report.check("contact: every article broken: error cells of the layout's page size, exit 3",
                 check_contact_ok, p, broken, ["error", "error"], 2, cell, 3)

    none = os.path.join(folder, "none.png")
    report.check("contact: no article is a usage error (2), nothing written",
                 check_usage, ["-o", none], 2, none)
    report.check("contact: no -o is a usage error (2)", check_usage, SAMPLES[:1], 2, None)
    report.check("contact: --columns 0 is a usage error (2)", check_usage,
                 [*SAMPLES[:1], "-o", none, "--columns", "0"], 2, none)
    huge_layout = os.path.join(folder, "huge.json")
    layout = json.load(open("layouts/a4.json"))
    layout["page"] = {"width": 2000, "height": 2000}
    write(huge_layout, json.dumps(layout))
    huge = os.path.join(folder, "huge.png")
    report.check("contact: a sheet over the pixel limits is an error (3), nothing written",
                 check_usage, [SAMPLES[0], "--layout", huge_layout, "-o", huge, "--dpi", "300"], 3,
                 huge, "lower --dpi")
    pdf = os.path.join(folder, "sheet.pdf")
    report.check("contact: a sheet not named .png is an output error (4), nothing written",
                 check_usage, [*SAMPLES[:1], "-o", pdf], 4, pdf)


# ---------------------------------------------------------------------------------------------
# watch

RENDERED = re.compile(r"^\d\d:\d\d:\d\d rendered (.+) in \d+ ms: (\d+) pages?, (\d+) warnings?$")
FAILED = re.compile(r"^\d\d:\d\d:\d\d failed in \d+ ms: (\d+) errors?, \d+ warnings?; "
                    r"(.+) left as it was$")


class Watch:
    """A running `galley watch`: its stdout lines in a queue, its stderr collected."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([GALLEY, "watch", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        self.lines = queue.Queue()
        self.err = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put),
                         daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.err.append),
                         daemon=True).start()

    @staticmethod
    def _pump(stream, put):
        for line in stream:
            put(line.rstrip("\n"))

    def line(self, timeout=LINE_WAIT):
        """The next line, or None after TIMEOUT seconds."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self, sig):
        """Sends SIG and returns the exit code (None when it did not exit in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def stderr(self):
        return "\n".join(self.err)

    def stderr_has(self, text, timeout=5):
        """True once TEXT is in the stderr read so far; stderr is read by another thread
        than stdout, so it may lag the line that follows it."""
        end = time.monotonic() + timeout
        while text not in self.stderr():
            if time.monotonic() > end:
                return False
            time.sleep(0.02)
        return True


def expect_rendered(w, pages=None):
    line = w.line()
    if line is None:
        return f"no line within {LINE_WAIT} s; stderr: {w.stderr()[-300:]!r}"
    m = RENDERED.match(line)
    if not m:
        return f"not a 'rendered' line: {line!r}; stderr: {w.stderr()[-300:]!r}"
    if pages is not None and int(m.group(2)) != pages:
        return f"{m.group(2)} pages, not {pages}: {line!r}"
    return None


def expect_failed(w):
    line = w.line()
    if line is None:
        return f"no line within {LINE_WAIT} s"
    return None if FAILED.match(line) else f"not a 'failed' line: {line!r}"


def expect_quiet(w):
    line = w.line(QUIET_WAIT)
    return f"an extra line: {line!r}" if line is not None else None


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "w" if isinstance(data, str) else "wb") as f:
        f.write(data)


class WatchSteps:
    """The edits of one watch session on copies of a sample."""

    def __init__(self, folder):
        self.folder = folder
        self.article = os.path.join(folder, "article.json")
        self.photo = os.path.join(folder, "photo.jpg")
        self.layout = os.path.join(folder, "layout.json")
        self.out = os.path.join(folder, "out.png")
        self.reset()

    def reset(self):
        """Fresh copies of the sample's article and photo and of the a4 layout."""
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        src = "samples/shoigu-sanctions"
        shutil.copy(os.path.join(src, "article.json"), self.article)
        shutil.copy(os.path.join(src, "photo.jpg"), self.photo)
        shutil.copy("layouts/a4.json", self.layout)
        self.article_json = json.load(open(self.article))
        self.layout_json = json.load(open(self.layout))
        self.edits = 0

    def pages(self):
        """The output pages' bytes, in order."""
        paths = sorted(glob.glob(os.path.join(self.folder, "out-*.png")))
        return [read(p) for p in paths]

    def stamps(self):
        """The output pages' names and modification times."""
        paths = sorted(glob.glob(os.path.join(self.folder, "out-*.png")))
        return [(p, os.stat(p).st_mtime_ns) for p in paths]

    def args(self, *extra):
        return [self.article, "-o", self.out, "--layout", self.layout, "--dpi", "10", "-q",
                *extra]

    def edit_article(self):
        self.edits += 1
        self.article_json["headline"] = f"Edit number {self.edits} of the headline"
        write(self.article, json.dumps(self.article_json, ensure_ascii=False))

    def changed(self, w, before, what):
        """Expects one render after a change and an output that differs from BEFORE."""
        problem = expect_rendered(w)
        if problem:
            return problem
        return f"the pages are the same after {what}" if self.pages() == before else None


def watch_edits(report, w, s):
    """The edit-and-render steps; stops at the first step that fails."""
    steps = []

    def step(what, fn):
        steps.append((what, fn))

    def article_edit():
        before = s.pages()
        s.edit_article()
        return s.changed(w, before, "an article edit")

    def layout_edit():
        before = s.pages()
        s.layout_json["margins"]["outside"] += 10
        write(s.layout, json.dumps(s.layout_json))
        return s.changed(w, before, "a layout edit")

    def photo_edit():
        before = s.pages()
        shutil.copyfile("samples/deep-field/photo.jpg", s.photo)
        return s.changed(w, before, "a new photo")

    def burst():
        before = s.pages()
        for _ in range(3):
            s.edit_article()
        return s.changed(w, before, "three writes") or expect_quiet(w)

    def broken(path, text, name):
        def fn():
            before = s.pages(), s.stamps()
            write(path, text)
            problem = expect_failed(w)
            if problem:
                return problem
            if (s.pages(), s.stamps()) != before:
                return "the output pages changed"
            if not w.stderr_has(f"{name}:"):
                return f"no error naming {name} on stderr: {w.stderr()[-300:]!r}"
            return None
        return fn

    def article_fixed():
        before = s.pages()
        s.edit_article()
        return s.changed(w, before, "fixing the article")

    def layout_fixed():
        before = s.pages()
        s.layout_json["margins"]["outside"] -= 10
        write(s.layout, json.dumps(s.layout_json))
        return s.changed(w, before, "fixing the layout")

    def photo_missing():
        before = s.pages(), s.stamps()
        s.article_json["photos"][0]["src"] = "new-photo.jpg"
        write(s.article, json.dumps(s.article_json, ensure_ascii=False))
        problem = expect_failed(w)
        if not problem and (s.pages(), s.stamps()) != before:
            problem = "the output pages changed"
        return problem

    def photo_appears():
        before = s.pages()
        new = os.path.join(s.folder, "new-photo.jpg")
        shutil.copyfile("tests/data/images/Landscape_0.jpg", new)
        return s.changed(w, before, "the missing photo appeared")

    step("watch: renders once at the start (2 pages)", lambda: expect_rendered(w, 2))
    step("watch: its own output does not make it render again", lambda: expect_quiet(w))
    step("watch: re-renders after an article edit", article_edit)
    step("watch: re-renders after a layout file edit", layout_edit)
    step("watch: re-renders after the photo changes", photo_edit)
    step("watch: a burst of writes renders once", burst)
    step("watch: a broken article fails and keeps the output byte for byte",
         broken(s.article, '{"headline": ', "article.json"))
    step("watch: re-renders when the article is fixed", article_fixed)
    step("watch: a broken layout fails and keeps the output byte for byte",
         broken(s.layout, '{"page": [', "layout.json"))
    step("watch: re-renders when the layout is fixed", layout_fixed)
    step("watch: an article naming a missing photo fails", photo_missing)
    step("watch: re-renders when the missing photo appears", photo_appears)
    for what, fn in steps:
        if not report.check(what, fn):
            return False
    return True


def check_stopped(w, rc):
    if rc is None:
        return "did not exit within 30 s"
    if rc != 0:
        return f"exit {rc}: {w.stderr()[-300:]}"
    return sanitizer_report(w.stderr())


def check_once_after(s):
    p = run([GALLEY, "watch", *s.args("--once-after", "1")])
    if p.returncode:
        return f"exit {p.returncode}: {p.stderr.strip()[:300]}"
    lines = p.stdout.splitlines()
    if len(lines) != 1 or not RENDERED.match(lines[0]):
        return f"not one 'rendered' line: {lines!r}"
    return sanitizer_report(p.stderr)


def check_unwritable(s):
    """An output that cannot be written stops watch at once with exit 4."""
    out = os.path.join(s.folder, "no-such-folder", "out.pdf")
    p = run([GALLEY, "watch", s.article, "-o", out, "-q"])
    if p.returncode != 4:
        return f"exit {p.returncode}, not 4: {p.stderr.strip()[:300]}"
    return None if "no-such-folder" in p.stderr else f"no error naming the output: {p.stderr!r}"


def shorten(s):
    """Makes the watched article one page long (one short paragraph)."""
    s.article_json["body"] = s.article_json["body"][:1]
    write(s.article, json.dumps(s.article_json, ensure_ascii=False))


def check_stale_pages(s):
    """A 2-page render then a 1-page one to the same out.png: out-2.png goes, files that only
    look like pages stay."""
    keep = [os.path.join(s.folder, n) for n in ("out-02.png", "out-2-notes.png", "out-x.png")]
    for k in keep:
        write(k, "not a page\n")
    p = run([GALLEY, "render", *s.args()])
    if p.returncode or not os.path.exists(os.path.join(s.folder, "out-2.png")):
        return f"the 2-page render: exit {p.returncode}: {p.stderr.strip()[:300]}"
    shorten(s)
    p = run([GALLEY, "render", *s.args()])
    if p.returncode:
        return f"the 1-page render: exit {p.returncode}: {p.stderr.strip()[:300]}"
    if os.path.exists(os.path.join(s.folder, "out-2.png")):
        return "out-2.png of the earlier render is still there"
    gone = [os.path.basename(k) for k in keep if not os.path.exists(k)]
    return f"removed files that are not pages: {gone}" if gone else None


def check_watch_stale_pages(s):
    """watch: the article shrinks from 2 pages to 1; out-2.png goes."""
    w = Watch(*s.args())
    try:
        problem = expect_rendered(w, 2)
        if problem:
            return problem
        shorten(s)
        problem = expect_rendered(w, 1)
        if problem:
            return problem
        return ("out-2.png of the earlier render is still there"
                if os.path.exists(os.path.join(s.folder, "out-2.png")) else None)
    finally:
        w.kill()


def check_watch_folder_gone(s):
    """watch: the article's folder is deleted (said on a line, the render fails), then made
    again with the files: watch renders again."""
    work = os.path.join(s.folder, "work")
    os.makedirs(work)
    article = os.path.join(work, "article.json")
    shutil.copy(s.article, article)
    shutil.copy(s.photo, os.path.join(work, "photo.jpg"))
    out = os.path.join(s.folder, "gone.pdf")
    w = Watch(article, "-o", out, "--layout", s.layout, "-q")
    try:
        problem = expect_rendered(w)
        if problem:
            return problem
        shutil.rmtree(work)
        line = w.line()
        if line is None or f"{article} is gone" not in line:
            return f"no line saying {article} is gone: {line!r}"
        while line is not None and not FAILED.match(line):
            line = w.line()
        if line is None:
            return "no 'failed' line after the folder went"
        os.makedirs(work)
        shutil.copy(s.photo, os.path.join(work, "photo.jpg"))
        shutil.copy(s.article, article)
        while True:  # a render may fail while the files come back; one must succeed
            line = w.line()
            if line is None:
                return f"no render after the folder came back; stderr: {w.stderr()[-300:]!r}"
            if RENDERED.match(line):
                return None
    finally:
        w.kill()


def check_watch_house_font(s):
    """watch: a layout's house font file replaced by another font: it renders again, and
    the PDF changes."""
    work = os.path.join(s.folder, "house")
    shutil.copytree("samples/house-font", work)
    out = os.path.join(s.folder, "house.pdf")
    font = os.path.join(work, "fonts", "DejaVuSerifCondensed-Bold.ttf")
    w = Watch(os.path.join(work, "article.json"), "-o", out, "-q")
    try:
        problem = expect_rendered(w)
        if problem:
            return problem
        before = read(out)
        shutil.copyfile(os.path.join(work, "fonts", "DejaVuSansCondensed-Bold.ttf"), font)
        problem = expect_rendered(w)
        if problem:
            return f"after the font changed: {problem}"
        return "the PDF is the same after the font changed" if read(out) == before else None
    finally:
        w.kill()


def watch_checks(report):
    s = WatchSteps(os.path.join(OUT, "watch"))
    w = Watch(*s.args())
    try:
        if watch_edits(report, w, s):
            report.check("watch: SIGINT stops it with exit 0", lambda: check_stopped(
                w, w.stop(signal.SIGINT)))
    finally:
        w.kill()
    s.reset()  # the edits may have stopped halfway, with a broken input
    report.check("watch --once-after 1: one render, then exit 0", check_once_after, s)
    report.check("watch: an output it cannot write stops it at once (exit 4)",
                 check_unwritable, s)
    w = Watch(*s.args())
    try:
        report.check("watch: SIGTERM stops it with exit 0", lambda: (
            expect_rendered(w) or check_stopped(w, w.stop(signal.SIGTERM))))
    finally:
        w.kill()
    s.reset()
    report.check("render: a 1-page render removes the 2-page render's out-2.png, nothing else",
                 check_stale_pages, s)
    s.reset()
    report.check("watch: a 1-page render removes the earlier out-2.png", check_watch_stale_pages,
                 s)
    s.reset()
    report.check("watch: the article's folder deleted is said; made again, it renders again",
                 check_watch_folder_gone, s)
    s.reset()
    report.check("watch: re-renders when a house font file of the layout changes",
                 check_watch_house_font, s)


def main():
    if not os.path.exists(GALLEY):
        print(f"FAIL {GALLEY} is not built")
        print("0 passed, 1 failed")
        return 1
    os.makedirs(OUT, exist_ok=True)
    report = Report()
    contact_checks(report)
    watch_checks(report)
    print(f"{report.passed} passed, {report.failed} failed", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
