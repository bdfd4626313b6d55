#!/usr/bin/env python3
"""Galley's batch and scale checks (`galley batch`, `galley edition --pages`).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/batch.py

The samples are copied into tests/out/batch/src (so a photo can be touched), and a manifest
names every sample article (samples/*/article.json, article.ninjs.json, article.xml), the
deep-field sample twice (tabloid and a4: two articles using one photo). Checked from
outside, by the output bytes, pdfinfo, pdftotext and pixels:
1. the whole manifest renders (exit 0), one result a line, each saying "rendered" with the
   output's real SHA-256 and page count (a self-test doctors a result line: it fails);
2. the same manifest run as `--shard 0/2` and `--shard 1/2` through GNU parallel gives the
   same set of outputs, byte for byte, each line rendered by exactly one shard;
3. a second run skips every line ("skipped") and changes no output's modification time;
4. touching one photo (os.utime) re-renders exactly the lines whose article names it;
   touching one of the house-font sample's fonts, then adding a font to its layout's fonts
   folder, re-renders exactly that sample's line each time;
   on a terminal (script(1)), every result printed there stands on a line of its own, the
   progress bar redrawn under it (a self-test: a transcript with a result after the bar);
5. a manifest with a broken article and a line that is not JSON exits 7, reports those
   two as "failed" with their errors, and renders the others; two lines naming the output
   of lines 1 and 2 (spelled "./dup//x.pdf" and as an absolute path) fail naming them, in
   one run and in each shard, and lines 1 and 2 keep outputs that are their own articles;
   a manifest line of 40 MB fails with the line limit's message while the others render,
   and the batch's peak RSS (os.wait4) stays within 20 MB of the other lines' alone; a line
   of exactly 65,536 bytes renders; a manifest of 10,000,001 lines is refused, exit 3; a
   pipe, /dev/zero or a folder as the manifest is refused at once, exit 3; a line with a
   NUL byte fails alone; --results naming the manifest (through a link) exits 2 and leaves
   the manifest as it was;
6. tests/data/editions/sixteen.json drawn as `--pages 1-8` and `--pages 9-16` (the second
   with -j 2, the drawing pipeline) and joined with qpdf (`qpdf a.pdf --pages a.pdf b.pdf
   -- joined.pdf`: the first part's catalog, its output intent, kept) is the single run
   page by page:
   pdftotext of each page, and each page's pixels at 50 dpi (pdftoppm, tests/pngread.py);
   a self-test changes one block of pixels of a page: it fails.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngread import read_png  # noqa: E402
from results import Results  # noqa: E402
from sample_manifest import SAMPLES as SAMPLES_DIR, sample_articles as samples_all  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.abspath(os.path.join(BUILD, "galley"))
OUT = os.path.join("tests", "out", "batch")
SRC = os.path.join(OUT, "src")
PHOTO = os.path.join(SRC, "deep-field", "photo.jpg")  # used by two lines
HOUSE_FONT = os.path.join(SRC, "house-font", "fonts", "DejaVuSerifCondensed-Bold.ttf")


def galley(*args, cwd=None):
    return subprocess.run([GALLEY, *args], capture_output=True, text=True, timeout=1800,
                          cwd=cwd)


def sample_articles():
    """The sample articles, as paths relative to OUT (in the copy under src/)."""
    return [os.path.join("src", os.path.relpath(f, SAMPLES_DIR)) for f in samples_all()]


def manifest(name, folder, extra=()):
    """Writes OUT/NAME: a line for each sample article (the deep-field one also with the a4
    layout), outputs in FOLDER, then the lines EXTRA as they are. Returns the line objects
    (None for an EXTRA line)."""
    lines = []
    for art in sample_articles():
        stem = art.split(os.sep)[1] + "-" + os.path.basename(art).split(".")[1]
        lines.append({"article": art, "output": f"{folder}/{stem}.pdf"})
        if art.endswith(os.path.join("deep-field", "article.json")):
            lines.append({"article": art, "output": f"{folder}/{stem}-a4.pdf", "layout": "a4"})
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
        for e in extra:
            f.write(e + "\n")
    return lines + [None] * len(extra)


def results_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return -1


def check_results(results, lines, status):
    """Every line of LINES has one result, in STATUS (a status, or {line: status}), naming
    its article and output, with the output file's real SHA-256 and pages."""
    problems, seen = [], set()
    for r in results:
        n = r.get("line")
        if n in seen:
            problems.append(f"line {n} reported twice")
        seen.add(n)
        if not isinstance(n, int) or not 1 <= n <= len(lines):
            problems.append(f"no line {n}")
            continue
        want = status.get(n) if isinstance(status, dict) else status
        if r.get("status") != want:
            problems.append(f"line {n}: {r.get('status')}, not {want}: {r.get('errors')}")
        line = lines[n - 1]
        if line is None or want == "failed":
            continue
        if r.get("article") != line["article"] or r.get("output") != line["output"]:
            problems.append(f"line {n}: names {r.get('article')} -> {r.get('output')}")
        out = os.path.join(OUT, line["output"])
        if not os.path.exists(out):
            problems.append(f"line {n}: no {out}")
            continue
        if r.get("sha256") != sha256(out):
            problems.append(f"line {n}: sha256 {r.get('sha256')} is not the file's")
        if r.get("pages") != pdf_pages(out):
            problems.append(f"line {n}: pages {r.get('pages')}, the PDF has {pdf_pages(out)}")
        for key in ("warnings", "errors", "ms"):
            if key not in r:
                problems.append(f"line {n}: no {key}")
    missing = set(range(1, len(lines) + 1)) - seen
    if missing:
        problems.append(f"no result for lines {sorted(missing)}")
    return problems


def check_whole(state):
    lines = manifest("whole.jsonl", "whole")
    r = galley("batch", os.path.join(OUT, "whole.jsonl"), "-j", "2", "--results",
               os.path.join(OUT, "whole-1.jsonl"))
    if r.returncode != 0:
        return f"exit {r.returncode}: {r.stderr[-300:]}"
    state["lines"] = lines
    state["results"] = results_of(os.path.join(OUT, "whole-1.jsonl"))
    return check_results(state["results"], lines, "rendered")


def self_test_results(state):
    """A result whose hash or page count is doctored fails check_results."""
    problems = []
    for key, value in (("sha256", "0" * 64), ("pages", 99)):
        doctored = [dict(r) for r in state["results"]]
        doctored[0][key] = value
        if not check_results(doctored, state["lines"], "rendered"):
            problems.append(f"a result with a doctored {key} passes")
    return problems


def check_shards(state):
    lines = manifest("shard.jsonl", "shard")
    r = subprocess.run(["parallel", GALLEY, "batch", os.path.join(OUT, "shard.jsonl"),
                        "--shard", "{}/2", "-q", "--results",
                        os.path.join(OUT, "shard-{}.jsonl"), ":::", "0", "1"],
                       capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        return f"parallel: exit {r.returncode}: {r.stderr[-300:]}"
    problems = []
    for i in (0, 1):
        for res in results_of(os.path.join(OUT, f"shard-{i}.jsonl")):
            if (res["line"] - 1) % 2 != i:
                problems.append(f"shard {i} rendered line {res['line']}")
    both = results_of(os.path.join(OUT, "shard-0.jsonl")) + \
        results_of(os.path.join(OUT, "shard-1.jsonl"))
    problems += check_results(both, lines, "rendered")
    whole = sorted(os.listdir(os.path.join(OUT, "whole")))
    shard = sorted(os.listdir(os.path.join(OUT, "shard")))
    pdfs = [n for n in whole if n.endswith(".pdf")]
    if [n for n in shard if n.endswith(".pdf")] != pdfs:
        problems.append(f"outputs differ: {sorted(set(whole) ^ set(shard))}")
    for n in pdfs:
        if os.path.exists(os.path.join(OUT, "shard", n)) and \
                sha256(os.path.join(OUT, "whole", n)) != sha256(os.path.join(OUT, "shard", n)):
            problems.append(f"{n}: the shard's bytes differ from the whole run's")
    return problems


def mtimes(folder):
    d = os.path.join(OUT, folder)
    return {n: os.stat(os.path.join(d, n)).st_mtime_ns for n in os.listdir(d)
            if n.endswith(".pdf")}


def check_rerun(state):
    before = mtimes("whole")
    r = galley("batch", os.path.join(OUT, "whole.jsonl"), "-q", "--results",
               os.path.join(OUT, "whole-2.jsonl"))
    if r.returncode != 0:
        return f"exit {r.returncode}: {r.stderr[-300:]}"
    problems = check_results(results_of(os.path.join(OUT, "whole-2.jsonl")), state["lines"],
                             "skipped")
    after = mtimes("whole")
    changed = [n for n in before if before[n] != after.get(n)]
    return problems + [f"{n} was written again" for n in changed]


def check_output_changed(state):
    """An output only touched (same bytes, a later time) is skipped after its bytes are
    hashed again; an output whose bytes changed is rendered again, back to its old bytes."""
    lines = state["lines"]
    touched, changed = (os.path.join(OUT, lines[i]["output"]) for i in (0, 1))
    st = os.stat(touched)
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    good = sha256(changed)
    with open(changed, "ab") as f:
        f.write(b"%% a byte the key did not see\n")
    r = galley("batch", os.path.join(OUT, "whole.jsonl"), "-q", "--results",
               os.path.join(OUT, "whole-out.jsonl"))
    if r.returncode != 0:
        return f"exit {r.returncode}: {r.stderr[-300:]}"
    want = {i + 1: "rendered" if i == 1 else "skipped" for i in range(len(lines))}
    problems = check_results(results_of(os.path.join(OUT, "whole-out.jsonl")), lines, want)
    if sha256(changed) != good:
        problems.append(f"{changed}: not rendered back to its bytes")
    return problems


def uses_photo(article, photo):
    """Whether the article file (relative to OUT) names PHOTO's file, read as text."""
    path = os.path.join(OUT, article)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return os.path.dirname(path) == os.path.dirname(photo) and os.path.basename(photo) in text


def touch(path):
    """Moves PATH's modification time 5 s on (its bytes unchanged)."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def rerun_renders(state, uses, count, results_name):
    """Runs the whole manifest again: exactly the COUNT lines whose article USES(article)
    says are rendered (their outputs written), the others skipped (not written)."""
    before = mtimes("whole")
    r = galley("batch", os.path.join(OUT, "whole.jsonl"), "-j", "2", "-q", "--results",
               os.path.join(OUT, results_name))
    if r.returncode != 0:
        return [f"exit {r.returncode}: {r.stderr[-300:]}"]
    lines = state["lines"]
    want = {i + 1: "rendered" if uses(line["article"]) else "skipped"
            for i, line in enumerate(lines)}
    if list(want.values()).count("rendered") != count:
        return [f"{count} lines should use it, not {list(want.values()).count('rendered')}"]
    problems = check_results(results_of(os.path.join(OUT, results_name)), lines, want)
    after = mtimes("whole")
    for i, line in enumerate(lines):
        name = os.path.basename(line["output"])
        if (before[name] != after[name]) != (want[i + 1] == "rendered"):
            problems.append(f"{name}: written {before[name] != after[name]}, "
                            f"expected {want[i + 1]}")
    return problems


def check_touch(state):
    touch(PHOTO)
    return rerun_renders(state, lambda article: uses_photo(article, PHOTO), 2, "whole-3.jsonl")


def check_house_font(state):
    """A house font file touched, then a font file added to the house fonts' folder: each
    time exactly the line whose layout names that folder is rendered again."""
    uses = lambda article: article.split(os.sep)[1] == "house-font"  # noqa: E731
    touch(HOUSE_FONT)
    problems = rerun_renders(state, uses, 1, "whole-font-1.jsonl")
    if problems:
        return problems
    shutil.copy(HOUSE_FONT, os.path.join(os.path.dirname(HOUSE_FONT), "Added-Bold.ttf"))
    return [f"a font added to the folder: {p}"
            for p in rerun_renders(state, uses, 1, "whole-font-2.jsonl")]


def bar_and_results(transcript):
    """Problems with a terminal's transcript of a batch: each result line must stand on a
    line of its own (what is left of it once the bar's carriage returns and erases have
    done their work starts with the result), and the bar must end at its last state."""
    problems, results = [], 0
    for raw in transcript.split("\n"):
        shown = raw.split("\r")[-1].replace("\x1b[K", "")  # what the terminal leaves
        if '{"line"' in raw:
            results += 1
            if not shown.startswith('{"line"'):
                problems.append(f"a result shares its line: {shown[:80]!r}")
    if not results:
        problems.append("no result lines")
    if not re.search(r"\] (\d+) of \1 lines", transcript):
        problems.append("no finished progress bar")
    return problems


def check_terminal(state):
    """On a terminal (script(1) gives the batch one), the results printed to it and the
    progress bar drawn on it do not run into each other."""
    p = subprocess.run(["script", "-q", "-e", "-c", f"{GALLEY} batch "
                        f"{os.path.join(OUT, 'whole.jsonl')} -j 2 --force", "/dev/null"],
                       capture_output=True, text=True, timeout=1800)
    if p.returncode != 0:
        return [f"exit {p.returncode}: {p.stderr[-300:]}"]
    return bar_and_results(p.stdout)


def self_test_terminal(state):
    """A transcript where the bar runs into a result fails."""
    bad = '\r[##  ] 1 of 2 lines, 0 skipped, 0 failed{"line":1}\n\r[####] 2 of 2 lines\n'
    return [] if bar_and_results(bad) else ["a result after the bar on one line passes"]


def check_bad_lines(state):
    broken = os.path.join(OUT, "src", "broken.json")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('{"headline": "A broken article", "body": [')
    extra = ['{"article": "src/broken.json", "output": "bad/broken.pdf"}', "this is not JSON"]
    lines = manifest("bad.jsonl", "bad", extra)
    r = galley("batch", os.path.join(OUT, "bad.jsonl"), "-j", "2", "-q", "--results",
               os.path.join(OUT, "bad.jsonl.results"))
    if r.returncode != 7:
        return f"exit {r.returncode}, not 7: {r.stderr[-300:]}"
    n = len(lines)
    want = {i: "rendered" for i in range(1, n - 1)}
    want.update({n - 1: "failed", n: "failed"})
    results = results_of(os.path.join(OUT, "bad.jsonl.results"))
    problems = check_results(results, lines, want)
    for res in results:
        if res["status"] == "failed" and not res["errors"]:
            problems.append(f"line {res['line']} failed without an error")
    if os.path.exists(os.path.join(OUT, "bad", "broken.pdf")):
        problems.append("the broken article wrote an output")
    return problems


def check_same_output(state):
    """Two lines naming one output, spelled another way ("./dup//x.pdf", an absolute path):
    the later line fails naming the earlier, which renders its own article into it; each
    shard fails the same line (the whole manifest is scanned, not the shard's lines)."""
    first = manifest("dup.jsonl", "dup")
    a, b = first[0]["output"], first[1]["output"]
    extra = [json.dumps({"article": first[1]["article"], "output": "./" + a.replace("/", "//")}),
             json.dumps({"article": first[0]["article"],
                         "output": os.path.abspath(os.path.join(OUT, b))})]
    lines = manifest("dup.jsonl", "dup", extra)
    n = len(lines)
    r = galley("batch", os.path.join(OUT, "dup.jsonl"), "-j", "2", "-q", "--results",
               os.path.join(OUT, "dup.results"))
    if r.returncode != 7:
        return [f"exit {r.returncode}, not 7: {r.stderr[-300:]}"]
    want = {i: "rendered" for i in range(1, n - 1)}
    want.update({n - 1: "failed", n: "failed"})
    results = results_of(os.path.join(OUT, "dup.results"))
    problems = check_results(results, lines, want)
    for res in results:
        if res["line"] in (n - 1, n):
            earlier = 1 if res["line"] == n - 1 else 2
            if not any(f"line {earlier}'s output too" in e for e in res["errors"]):
                problems.append(f"line {res['line']}: no error naming line {earlier}: "
                                f"{res['errors']}")
    for i in (0, 1):
        r = galley("batch", os.path.join(OUT, "dup.jsonl"), "--shard", f"{i}/2", "-q",
                   "--force", "--results", os.path.join(OUT, f"dup-{i}.results"))
        for res in results_of(os.path.join(OUT, f"dup-{i}.results")):
            if (res["status"] == "failed") != (res["line"] in (n - 1, n)):
                problems.append(f"shard {i}: line {res['line']} {res['status']}")
    return problems


def peak_rss_kb(args):
    """Runs galley with ARGS; returns (exit code, its peak resident size in KB, as the
    kernel counts it for that one process: os.wait4's rusage)."""
    p = subprocess.Popen([GALLEY, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, usage.ru_maxrss


def check_long_line(state):
    """A manifest line of 40 MB fails with the limit's message, the lines around it render,
    and the batch's peak memory is within 20 MB of a batch of the normal lines alone (the
    line is read no further than 64 KB); a line of just under 64 KB renders."""
    art = sample_articles()[0]
    normal = {"article": art, "output": "long/normal.pdf"}
    near = {"article": art, "output": "long/near.pdf", "pad": ""}
    near["pad"] = "x" * (65536 - len(json.dumps(near)))
    base = os.path.join(OUT, "long-base.jsonl")
    with open(base, "w", encoding="utf-8") as f:
        f.write(json.dumps(normal) + "\n" + json.dumps(near) + "\n")
    long = os.path.join(OUT, "long.jsonl")
    with open(long, "w", encoding="utf-8") as f:
        f.write(json.dumps({"article": art, "output": "long/huge.pdf", "pad": "x" * 40_000_000})
                + "\n" + json.dumps(normal) + "\n" + json.dumps(near) + "\n")
    rc0, base_kb = peak_rss_kb(["batch", base, "-q", "--force"])
    results = os.path.join(OUT, "long.results")
    rc, long_kb = peak_rss_kb(["batch", long, "-q", "--force", "--results", results])
    os.remove(long)
    problems = [] if rc0 == 0 else [f"the normal lines alone: exit {rc0}"]
    if rc != 7:
        problems.append(f"exit {rc}, not 7")
    got = {r["line"]: r for r in results_of(results)}
    if got.get(1, {}).get("status") != "failed" or \
            not any("longer than 65536 bytes" in e for e in got.get(1, {}).get("errors", [])):
        problems.append(f"line 1 is not refused for its length: {str(got.get(1))[:200]}")
    for n in (2, 3):
        if got.get(n, {}).get("status") != "rendered":
            problems.append(f"line {n}: {str(got.get(n))[:200]}")
    if long_kb - base_kb > 20 * 1024:
        problems.append(f"peak RSS {long_kb} KB, {long_kb - base_kb} KB over the normal lines'")
    return problems


def check_many_lines(state):
    """A manifest of more lines than the limit (blank lines count) is refused whole, exit 3,
    naming the limit, before anything is rendered."""
    path = os.path.join(OUT, "many.jsonl")
    with open(path, "wb") as f:
        f.write(b"\n" * 10_000_001)
    r = galley("batch", path, "-q")
    os.remove(path)
    if r.returncode != 3:
        return f"exit {r.returncode}, not 3: {r.stderr[-300:]}"
    return None if "more than 10000000 lines" in r.stderr else f"no limit named: {r.stderr!r}"


def check_not_a_file(state):
    """A manifest that is a pipe with no writer, a device that never ends (/dev/zero) or a
    folder is refused at once (exit 3) naming it; a line with a NUL byte fails as not JSON
    and the next line renders (the bytes after the NUL are not taken for a line)."""
    problems = []
    fifo = os.path.join(OUT, "fifo.jsonl")
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", OUT):
        r = galley("batch", path, "-q")  # the 1800 s bound catches a wait that never ends
        if r.returncode != 3 or "must be a file" not in r.stderr:
            problems.append(f"{path}: exit {r.returncode}: {r.stderr[-200:]!r}")
    os.remove(fifo)
    art = sample_articles()[0]
    path = os.path.join(OUT, "nul.jsonl")
    with open(path, "wb") as f:
        f.write(json.dumps({"article": art, "output": "nul/a.pdf"}).encode() + b"\0" +
                json.dumps({"article": art, "output": "nul/b.pdf"}).encode() + b"\n" +
                json.dumps({"article": art, "output": "nul/c.pdf"}).encode() + b"\n")
    r = galley("batch", path, "-q", "--results", path + ".results")
    got = {res["line"]: res for res in results_of(path + ".results")} if r.returncode == 7 else {}
    if sorted(got) != [1, 2] or got[1]["status"] != "failed" or got[2]["status"] != "rendered":
        problems.append(f"the NUL line: exit {r.returncode}, results {str(got)[:300]}")
    if os.path.exists(os.path.join(OUT, "nul", "b.pdf")):
        problems.append("the bytes after the NUL were rendered as a line")
    return problems


def check_results_manifest(state):
    """--results naming the manifest (through a link) is refused, exit 2, the manifest
    left byte for byte: opening it to write would have emptied it before its lines ran."""
    path = os.path.join(OUT, "self.jsonl")
    shutil.copy(os.path.join(OUT, "whole.jsonl"), path)
    link = os.path.join(OUT, "self-link.jsonl")
    os.symlink("self.jsonl", link)
    before = sha256(path)
    r = galley("batch", path, "-q", "--results", link)
    problems = [] if r.returncode == 2 and "would replace the manifest" in r.stderr else \
        [f"exit {r.returncode}: {r.stderr[-200:]!r}"]
    if sha256(path) != before:
        problems.append("the manifest changed")
    return problems


def page_images(pdf, prefix):
    """The pages of PDF at 50 dpi, as read_png's rows."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", pdf, prefix], check=True)
    files = sorted(glob.glob(prefix + "-*.png"))
    return [read_png(f)[2] for f in files]


def page_text(pdf, page):
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True).stdout


def compare_pages(single, joined, single_pixels, joined_pixels):
    """The pages of JOINED are SINGLE's: the same count, text and pixels."""
    problems = []
    n, m = pdf_pages(single), pdf_pages(joined)
    if n != m:
        return [f"{m} pages joined, {n} in the single run"]
    for p in range(1, n + 1):
        if page_text(single, p) != page_text(joined, p):
            problems.append(f"page {p}: the text differs")
    if len(single_pixels) != len(joined_pixels):
        problems.append(f"{len(joined_pixels)} page images, not {len(single_pixels)}")
    for p, (a, b) in enumerate(zip(single_pixels, joined_pixels), 1):
        if a != b:
            rows = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
            problems.append(f"page {p}: {rows} rows of pixels differ")
    return problems


def check_pages(state):
    edition = os.path.join("tests", "data", "editions", "sixteen.json")
    d = os.path.join(OUT, "pages")
    os.makedirs(d, exist_ok=True)
    single, a, b = (os.path.join(d, n) for n in ("single.pdf", "a.pdf", "b.pdf"))
    joined = os.path.join(d, "joined.pdf")
    for out, extra in ((single, []), (a, ["--pages", "1-8"]), (b, ["--pages", "9-16", "-j", "2"])):
        r = galley("edition", edition, "-o", out, "-q", *extra)
        if r.returncode != 0:
            return f"{' '.join(extra) or 'single'}: exit {r.returncode}: {r.stderr[-300:]}"
    if pdf_pages(single) != 16:
        return f"the edition has {pdf_pages(single)} pages, not 16"
    if (pdf_pages(a), pdf_pages(b)) != (8, 8):
        return f"the parts have {pdf_pages(a)} and {pdf_pages(b)} pages"
    # The first part as qpdf's primary input keeps its catalog: the output intent, which
    # poppler draws ICC-tagged photos through (`--empty` drops it: same text, other pixels).
    subprocess.run(["qpdf", a, "--pages", a, b, "--", joined], check=True)
    state["single_pixels"] = page_images(single, os.path.join(d, "single"))
    state["joined_pixels"] = page_images(joined, os.path.join(d, "joined"))
    state["pages_pdfs"] = (single, joined)
    return compare_pages(single, joined, state["single_pixels"], state["joined_pixels"])


def self_test_pages(state):
    """A joined page with one block of pixels changed fails the comparison."""
    if "single_pixels" not in state:
        return "the --pages check did not run"
    doctored = [list(rows) for rows in state["joined_pixels"]]
    page = doctored[11]
    for y in range(100, 108):
        row = list(page[y])
        for x in range(200, 208):
            row[x] = (255 - row[x][0], 0, row[x][2])
        page[y] = row
    single, joined = state["pages_pdfs"]
    if not compare_pages(single, joined, state["single_pixels"], doctored):
        return "a page with a changed block of pixels passes"
    return None


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    shutil.copytree("samples", SRC)
    results, state = Results(), {}
    results.check("batch: every sample rendered, results hash and count the outputs",
                  check_whole, state)
    results.check("self-test: a doctored result line fails", self_test_results, state)
    results.check("--shard 0/2 and 1/2 through GNU parallel: the same outputs, byte for byte",
                  check_shards, state)
    results.check("a second run skips every line and writes nothing", check_rerun, state)
    results.check("an output touched is skipped, one changed is rendered again",
                  check_output_changed, state)
    results.check("touching one photo re-renders exactly the lines that use it", check_touch,
                  state)
    results.check("touching a house font, or adding one to its folder, re-renders exactly "
                  "the line whose layout uses them", check_house_font, state)
    results.check("on a terminal, each result on its own line, the bar drawn under them",
                  check_terminal, state)
    results.check("self-test: a result run into the progress bar fails", self_test_terminal,
                  state)
    results.check("a broken article and a line not JSON fail (exit 7), the others render",
                  check_bad_lines, state)
    results.check("two lines naming one output (spelled two ways): the later fails naming the "
                  "earlier, in every shard", check_same_output, state)
    results.check("a 40 MB manifest line fails alone, its memory not taken; 64 KB renders",
                  check_long_line, state)
    results.check("a manifest of more than 10,000,000 lines is refused (exit 3)",
                  check_many_lines, state)
    results.check("a pipe, /dev/zero or a folder as the manifest: exit 3 at once; a NUL byte "
                  "fails its line alone", check_not_a_file, state)
    results.check("--results naming the manifest: exit 2, the manifest kept",
                  check_results_manifest, state)
    results.check("edition --pages 1-8 and 9-16 joined with qpdf: the single run's pages",
                  check_pages, state)
    results.check("self-test: a page with a changed pixel block fails", self_test_pages, state)
    return results.summary()


if __name__ == "__main__":
    sys.exit(main())
