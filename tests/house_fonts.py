#!/usr/bin/env python3
"""Galley's house font checks: a paper's own typeface, from a layout's "fonts" or
--font-dir, is the one the PDF prints, and only in the render that asks for it.

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build /usr/bin/python3 tests/house_fonts.py [--self-test]

The house font is tests/data/fonts/house/DejaVuSerif-Bold.ttf (tests/data/SOURCES.md),
a family Galley's own fonts do not have.

1. The layout's "fonts": tests/data/layouts/house-fonts.json names the folder
   ../fonts/house/ and sets its headline in "DejaVu Serif". The sample renders (exit 0);
   `pdffonts` lists DejaVuSerif-Bold embedded, and every other font embedded is one of
   Galley's own (Noto, Nanum, Un); PyMuPDF finds the headline's words (from --boxes) set
   in DejaVuSerif-Bold and the body's in Noto Serif.
2. --font-dir: tests/data/layouts/house-font-dir.json names the family and has no "fonts";
   with --font-dir tests/data/fonts/house the same as 1.
3. Without --font-dir that layout is an error naming the style's field and the family
   (exit 3) and writes nothing.
4. A missing folder in "fonts" (a layout written here, the folder second in the array) is
   an error at that item's line:column, "fonts[1]", exit 3, nothing written.
5. No house font leaks into the next render: `galley contact` composes articles one after
   another in one context, each with the layout its own "layout" names. An article on
   house-fonts.json and then one on house-font-dir.json: the second is refused naming
   the family (exit 3), in both orders, while the first renders.

Before all that it runs its self-test (alone with `--self-test`): each checker must fail on
a doctored input: a pdffonts listing without the house font, or with a font that is not
embedded, or with a foreign font; headline spans in Noto; an error message at another
line:column; a contact run whose second article was not refused. The undoctored inputs
must pass.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed"; exits 1
if anything failed. Python 3, pdffonts (poppler-utils) and PyMuPDF (python3-fitz).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "tests"))
from integration import Report  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(ROOT, BUILD, "galley")
SAMPLE = "samples/shoigu-sanctions/article.json"
HOUSE_LAYOUT = "tests/data/layouts/house-fonts.json"
DIR_LAYOUT = "tests/data/layouts/house-font-dir.json"
HOUSE_DIR = "tests/data/fonts/house"
HOUSE_FONT = "DejaVuSerif-Bold"
OWN_FONTS = ("Noto", "Nanum", "Un")  # Galley's own families' PostScript names start so


def galley(*args):
    """Runs the galley command from the repository root."""
    return subprocess.run([GALLEY, *args], cwd=ROOT, capture_output=True, text=True)


def pdffonts(pdf):
    """The pdffonts listing of PDF."""
    return subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout


def check_fonts_listing(listing):
    """The house font is embedded, and every other font is an embedded one of Galley's."""
    problems, seen = [], False
    for line in listing.splitlines()[2:]:
        cols = line.split()
        if len(cols) < 6:
            continue
        name = cols[0].split("+")[-1]
        emb = cols[-5]
        if emb != "yes":
            problems.append(f"{name} not embedded")
        if name == HOUSE_FONT:
            seen = True
        elif not name.startswith(OWN_FONTS):
            problems.append(f"{name} is neither the house font nor one of Galley's")
    if not seen:
        problems.append(f"{HOUSE_FONT} is not in the PDF")
    return problems


def headline_words(boxes_path):
    """The headline's words, from --boxes."""
    with open(boxes_path) as f:
        boxes = json.load(f)
    words = set()
    for b in boxes["boxes"]:
        if b.get("page") == 1 and b.get("role") == "headline" and b.get("text"):
            words.update(re.findall(r"[A-Za-z]{4,}", b["text"]))
    return words


def pdf_spans(pdf):
    """(text, font) of every text span of the PDF's first page (PyMuPDF)."""
    import fitz  # python3-fitz: /usr/bin/python3

    doc = fitz.open(pdf)
    spans = []
    for block in doc[0].get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                # NFKC: the house font's ligatures ("ﬃ") read as their letters
                spans.append((unicodedata.normalize("NFKC", span["text"]), span["font"]))
    return spans


def check_headline_font(spans, words):
    """Every headline word is printed in the house font; body text in Noto Serif."""
    problems = []
    if not words:
        return ["no headline words in the boxes"]
    found = set()
    for text, font in spans:
        for w in re.findall(r"[A-Za-z]{4,}", text):
            if w in words and HOUSE_FONT in font:
                found.add(w)
    missing = sorted(words - found)
    if missing:
        problems.append(f"headline words not in {HOUSE_FONT}: {missing[:5]}")
    if not any("NotoSerif" in font for _, font in spans):
        problems.append("no text in Noto Serif (the body)")
    return problems


def check_error(stderr, where, needles):
    """STDERR holds an error at WHERE ("FILE:LINE:COL") with every one of NEEDLES."""
    for line in stderr.splitlines():
        if f"{where}: error:" in line and all(n in line for n in needles):
            return []
    return [f"no error at {where} with {needles}: {stderr.strip()[:300]}"]


def render_check(report, name, layout, extra):
    """Renders the sample with LAYOUT (and EXTRA args) and checks fonts and headline."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf, boxes = os.path.join(tmp, "out.pdf"), os.path.join(tmp, "boxes.json")
        p = galley("render", SAMPLE, "--layout", layout, "-o", pdf, "--boxes", boxes, "-q",
                   *extra)
        if report.result(f"{name}: renders", [] if p.returncode == 0 else
                         [f"exit {p.returncode}: {p.stderr.strip()[:300]}"]):
            report.check(f"{name}: pdffonts", check_fonts_listing, pdffonts(pdf))
            report.check(f"{name}: headline in {HOUSE_FONT}", check_headline_font,
                         pdf_spans(pdf), headline_words(boxes))


def check_refused(p, out, where, needles):
    """P exited 3 with the error and wrote nothing at OUT."""
    problems = [] if p.returncode == 3 else [f"exit {p.returncode}, not 3"]
    problems += check_error(p.stderr, where, needles)
    if os.path.exists(out):
        problems.append(f"{out} written")
    return problems


def no_font_dir(report):
    """3: the family without its fonts is an error naming the field and the family."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.pdf")
        p = galley("render", SAMPLE, "--layout", DIR_LAYOUT, "-o", out)
        report.check("no --font-dir: refused naming the family", check_refused, p, out,
                     f"{DIR_LAYOUT}:5:37",
                     ["styles.headline.family", "'DejaVu Serif' is not available"])


def missing_folder(report):
    """4: a missing folder in "fonts" is an error at its item."""
    with tempfile.TemporaryDirectory() as tmp:
        layout = os.path.join(tmp, "layout.json")
        os.symlink(os.path.join(ROOT, HOUSE_DIR), os.path.join(tmp, "house"))
        text = ('{\n  "page": {"width": 210, "height": 297},\n'
                '  "fonts": ["house/",\n            "missing/"]\n}\n')
        with open(layout, "w") as f:
            f.write(text)
        out = os.path.join(tmp, "out.pdf")
        p = galley("render", SAMPLE, "--layout", layout, "-o", out)
        report.check("missing folder: refused at fonts[1]", check_refused, p, out,
                     f"{layout}:4:13", ["fonts[1]", "no font file or folder"])


def no_leak(report):
    """5: two articles in one context, the first with house fonts, the second without."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(ROOT, SAMPLE)) as f:
            article = json.load(f)
        article.pop("photos", None)  # the photos' paths are the sample's
        for t in article.get("translations", {}).values():
            t.pop("photos", None)
        paths = {}
        for name, layout in (("house", HOUSE_LAYOUT), ("plain", DIR_LAYOUT)):
            article["layout"] = os.path.join(ROOT, layout)
            paths[name] = os.path.join(tmp, name + ".json")
            with open(paths[name], "w") as f:
                json.dump(article, f)
        for order in (("house", "plain"), ("plain", "house")):
            sheet = os.path.join(tmp, "sheet.png")
            p = galley("contact", paths[order[0]], paths[order[1]], "-o", sheet)
            report.check(f"one context, {order[0]} then {order[1]}: no house font leaks",
                         check_leak, p, paths)


def check_leak(p, paths):
    """The contact run refused the plain article only, naming the family."""
    problems = [] if p.returncode == 3 else [f"exit {p.returncode}, not 3"]
    if "'DejaVu Serif' is not available" not in p.stderr:
        problems.append("the article without house fonts was not refused")
    if paths["house"] in p.stderr:
        problems.append(f"the house article failed: {p.stderr.strip()[:300]}")
    return problems


def self_test(report):
    """Each checker fails on a doctored input and passes the undoctored one."""
    listing = ("name type encoding emb sub uni object ID\n----\n"
               "AAAAAA+NotoSans-Bold TrueType WinAnsi yes yes yes 59 0\n"
               "BBBBBB+DejaVuSerif-Bold TrueType WinAnsi yes yes yes 60 0\n")
    report.result("self-test: a good pdffonts listing passes", check_fonts_listing(listing))
    report.result("self-test: a listing without the house font fails",
                  ["passed"] if not check_fonts_listing(listing.replace("DejaVuSerif", "NotoSerif"))
                  else [])
    report.result("self-test: a font not embedded fails",
                  ["passed"] if not check_fonts_listing(listing.replace("yes yes yes 60",
                                                                        "no no yes 60")) else [])
    report.result("self-test: a foreign font fails",
                  ["passed"] if not check_fonts_listing(listing + "CCCCCC+Arial TrueType "
                                                        "WinAnsi yes yes yes 61 0\n") else [])
    spans = [("Shoigu sanctions", "DejaVuSerif-Bold"), ("Body text", "NotoSerif-Regular")]
    words = {"Shoigu", "sanctions"}
    report.result("self-test: headline spans in the house font pass",
                  check_headline_font(spans, words))
    report.result("self-test: headline spans in Noto fail",
                  ["passed"] if not check_headline_font(
                      [("Shoigu sanctions", "NotoSerif-Bold")] + spans[1:], words) else [])
    err = "galley: lay.json:4:13: error: fonts[1]: no font file or folder x"
    report.result("self-test: an error at its place passes",
                  check_error(err, "lay.json:4:13", ["fonts[1]"]))
    report.result("self-test: an error at another column fails",
                  ["passed"] if not check_error(err.replace(":13:", ":14:"), "lay.json:4:13",
                                                ["fonts[1]"]) else [])

    class Run:
        returncode, stderr = 3, "galley: x.json:1:1: error: 'DejaVu Serif' is not available"

    paths = {"house": "/h.json"}
    report.result("self-test: a refused plain article passes", check_leak(Run, paths))
    Run.returncode, Run.stderr = 0, ""
    report.result("self-test: a plain article not refused fails",
                  ["passed"] if not check_leak(Run, paths) else [])


def main(argv):
    report = Report()
    self_test(report)
    if "--self-test" not in argv:
        render_check(report, "layout \"fonts\"", HOUSE_LAYOUT, [])
        render_check(report, "--font-dir", DIR_LAYOUT, ["--font-dir", HOUSE_DIR])
        no_font_dir(report)
        missing_folder(report)
        no_leak(report)
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
