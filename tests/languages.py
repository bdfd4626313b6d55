#!/usr/bin/env python3
"""Galley's European languages, measured in the output (issue 20).

Run from the repository root, under /usr/bin/python3 (PyMuPDF, python3-fitz):

    BUILD=build /usr/bin/python3 tests/languages.py [--self-test]

A German and a French test article (tests/data/articles/german-tram.json,
french-market.json), and a Dutch and a Polish one (dutch-tram.json, polish-tram.json: languages
Galley has no module for, hyphenated by the Debian dictionary their tag finds, the Polish one
in ISO8859-2) are rendered in the narrow layout (five 33 mm columns) with --boxes;
then, from the output alone:

1. words (PyMuPDF's text, which keeps a narrow no-break space): the byline prints "Von NAME" / "Par NAME", the date its papers'
   way ("Mittwoch, 11. Juni 2025", "dimanche 1er juin 2025"), the related label in the
   language ("MEHR ZUM THEMA", "À LIRE AUSSI"), and none of Galley's English words ("By",
   "Related", "Continued", English month and weekday names);
2. hyphens (--boxes): at least 10 body lines end in an inserted hyphen, and every one
   splits its word (the line's last letters and the next line's first) at a point that
   libhyphen, called here through ctypes with the word lowercased and written in the
   dictionary's own encoding (its first line: ISO8859-1 for German, UTF-8 for French),
   gives at the layout's minimums: Galley's encoding and mapping of the points back to
   UTF-8 are what this checks, independently of its code;
3. texture (bench/texture.py, PyMuPDF's glyphs): with hyphenation off (the layout doctored
   with "hyphenate": false in the body) more of the German article's justified body lines
   are letter-spaced than with it; issue 18's targets (tests/texture.py: at most 5% of
   lines over 0.01 em, p95 at most 0.01 em) are not met yet: KNOWN_SPACED bounds it.

Before that its self-test (alone with --self-test): the German boxes with one hyphen moved
a letter must fail check 2, the German article doctored to "lang": "en" must fail check 1,
and the undoctored renders must pass both.

Prints one line per check, "ok   WHAT" or "FAIL WHAT: reason", then "N passed, M failed";
exits 1 if anything failed.
"""

import copy
import ctypes
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.append(os.path.join(ROOT, "tests"))
import texture  # noqa: E402  (bench's; re-runs this script under /usr/bin/python3 for PyMuPDF)
from integration import Report  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
OUT = os.path.join(ROOT, "tests", "out", "languages")
LAYOUT = os.path.join(ROOT, "tests", "data", "layouts", "narrow.json")
LEFT, RIGHT = 2, 3  # the body style's hyphen_left and hyphen_right (defaults)
MIN_HYPHENS = 10
MAX_SPACED, MAX_P95 = 0.05, 0.01  # tests/texture.py's targets
# The German article does not meet them yet, in any layout (narrow 31.8% of its lines
# letter-spaced, tabloid 11.5%, a4 9.0%: long compounds, and at most two hyphenated lines
# in a row): hyphenated, it may reach this share ("pending"); over it is a regression.
KNOWN_SPACED = 0.35
ENGLISH = re.compile(r"\b(By|Related|RELATED|Continued|Wednesday|Sunday|June)\b")

CASES = [
    {"name": "german", "article": "tests/data/articles/german-tram.json",
     "dict": "/usr/share/hyphen/hyph_de_DE.dic",
     "want": ["Von Katharina Oberländer", "Mittwoch, 11. Juni 2025", "MEHR ZUM THEMA",
              "NORDHEIM – Die"]},
    {"name": "french", "article": "tests/data/articles/french-market.json",
     "dict": "/usr/share/hyphen/hyph_fr.dic",
     "want": ["Par Héloïse Marchetti", "dimanche 1er juin 2025", "À LIRE AUSSI",
              "MONTBRISON – Les", "«\u202fNous voulions"]},
    # languages without a module of their own: hyphenated by Debian's dictionary for them
    # (found by the tag, hyphen_dicts.c), Galley's words in English (not checked)
    {"name": "dutch", "article": "tests/data/articles/dutch-tram.json",
     "dict": "/usr/share/hyphen/hyph_nl_NL.dic", "want": None},
    {"name": "polish", "article": "tests/data/articles/polish-tram.json",
     "dict": "/usr/share/hyphen/hyph_pl_PL.dic", "want": None},
]


def render(article, layout, name):
    """Renders ARTICLE (a path) in LAYOUT into OUT/NAME.pdf with its boxes; their paths."""
    os.makedirs(OUT, exist_ok=True)
    pdf, boxes = os.path.join(OUT, name + ".pdf"), os.path.join(OUT, name + ".json")
    subprocess.run([os.path.join(ROOT, BUILD, "galley"), "render", article, "-o", pdf,
                    "--layout", layout, "--boxes", boxes, "-q"], check=True, cwd=ROOT,
                   timeout=600)
    return pdf, boxes


def doctored(obj, name):
    """Writes OBJ as OUT/NAME.json; its path."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)
    return path


def check_words(pdf, want):
    """Check 1: problems with the words the PDF prints."""
    text = "".join(page.get_text() for page in texture.fitz.open(pdf))
    flat = re.sub(r"[ \t\r\n]+", " ", text)  # a narrow no-break space stays itself
    problems = [f"'{w}' not printed" for w in want if w not in flat]
    problems += [f"English word '{m.group(0)}' printed" for m in ENGLISH.finditer(flat)]
    return problems


class Dictionary:
    """A libhyphen dictionary, used through ctypes: the reference for check 2."""

    lib = None

    def __init__(self, path):
        if Dictionary.lib is None:
            Dictionary.lib = ctypes.CDLL("libhyphen.so.0")
            Dictionary.lib.hnj_hyphen_load.restype = ctypes.c_void_p
        with open(path, "rb") as f:
            cset = f.readline().strip().decode("ascii")
        self.encoding = {"ISO8859-1": "latin-1", "ISO8859-2": "iso8859-2", "UTF-8": "utf-8"}[cset]
        self.dict = ctypes.c_void_p(Dictionary.lib.hnj_hyphen_load(path.encode()))

    def points(self, word):
        """The character positions after which WORD may break."""
        w = word.lower().encode(self.encoding)
        hy = ctypes.create_string_buffer(len(w) + 5)
        rep, pos, cut = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
        Dictionary.lib.hnj_hyphen_hyphenate3(self.dict, w, len(w), hy, None, ctypes.byref(rep),
                                            ctypes.byref(pos), ctypes.byref(cut),
                                            LEFT, RIGHT, LEFT, RIGHT)
        return {i + 1 for i in range(len(word) - 1) if hy.raw[i] & 1}


def hyphenated_breaks(doc):
    """[(word, at, box)] of every line box ending in an inserted hyphen: the word it splits
    and how many letters stay on the line."""
    out = []
    boxes = [b for b in doc["boxes"] if b.get("kind") == "line"]
    for i, b in enumerate(boxes):
        if not b.get("hyphenated"):
            continue
        nxt = next((n for n in boxes[i + 1:] if n["element"] == b["element"]), None)
        head = re.search(r"(\w+)$", b["text"])
        tail = re.match(r"(\w+)", nxt["text"].lstrip()) if nxt else None
        if not head or not tail:
            out.append((b["text"], -1, b))
            continue
        out.append((head.group(1) + tail.group(1), len(head.group(1)), b))
    return out


def check_hyphens(boxes_path, dictionary):
    """Check 2: problems with the inserted hyphens."""
    with open(boxes_path, encoding="utf-8") as f:
        doc = json.load(f)
    breaks = hyphenated_breaks(doc)
    problems = []
    if len(breaks) < MIN_HYPHENS:
        problems.append(f"{len(breaks)} hyphenated lines, fewer than {MIN_HYPHENS}")
    for word, at, b in breaks:
        if at < 0 or at not in dictionary.points(word):
            shown = "".join(c + ("-" if i + 1 in dictionary.points(word) else "")
                            for i, c in enumerate(word))
            problems.append(f"p{b['page']} {b['element']} '{word[:at]}-{word[at:]}' "
                            f"(the dictionary: {shown})")
    return problems


def row(pdf, boxes):
    """bench/texture.py's letter-spacing row of one render."""
    return texture.measure(pdf, boxes, texture.Fonts())["row"]


def check_texture(pdf, boxes, article):
    """Check 3: problems with the letter spacing, with and without hyphenation."""
    with open(LAYOUT, encoding="utf-8") as f:
        layout = json.load(f)
    layout.setdefault("styles", {}).setdefault("body", {})["hyphenate"] = False
    layout["name"] = "narrow-unhyphenated"
    off = render(article, doctored(layout, "narrow-unhyphenated-layout"), "german-unhyphenated")
    on_row, off_row = row(pdf, boxes), row(*off)
    print(f"     letter-spaced lines, hyphenated: {on_row['spaced']:.1%} (p95 "
          f"{on_row['p95']:.4f} em); unhyphenated: {off_row['spaced']:.1%} (p95 "
          f"{off_row['p95']:.4f} em)", flush=True)
    problems = []
    if on_row["spaced"] > KNOWN_SPACED:
        problems.append(f"hyphenated: {on_row['spaced']:.1%} letter-spaced, over the "
                        f"{KNOWN_SPACED:.0%} it reached (targets {MAX_SPACED:.0%}, {MAX_P95} em)")
    elif on_row["spaced"] > MAX_SPACED or on_row["p95"] > MAX_P95:
        print(f"     pending: hyphenated over the targets ({MAX_SPACED:.0%}, {MAX_P95} em)",
              flush=True)
    if off_row["spaced"] <= on_row["spaced"]:
        problems.append(f"unhyphenated is no worse: {off_row['spaced']:.1%} letter-spaced")
    return problems


def self_test(report):
    """The checkers fail on doctored input and pass the real renders."""
    de = CASES[0]
    pdf, boxes = render(de["article"], LAYOUT, "german")
    dic = Dictionary(de["dict"])
    report.result("self-test: german hyphens pass", check_hyphens(boxes, dic))
    report.result("self-test: german words pass", check_words(pdf, de["want"]))
    with open(boxes, encoding="utf-8") as f:
        doc = json.load(f)
    bad = copy.deepcopy(doc)
    lines = [b for b in bad["boxes"] if b.get("kind") == "line"]
    for i, b in enumerate(lines):  # move the first hyphen of a line with room one letter on
        nxt = next((n for n in lines[i + 1:] if n["element"] == b["element"]), None)
        if b.get("hyphenated") and nxt and len(nxt["text"]) > 4 and nxt["text"][0].isalpha():
            b["text"] += nxt["text"][0]
            nxt["text"] = nxt["text"][1:]
            break
    moved = doctored(bad, "german-moved-hyphen-boxes")
    report.result("self-test: a hyphen moved a letter fails",
                  [] if check_hyphens(moved, dic) else ["check 2 passed it"])
    with open(os.path.join(ROOT, de["article"]), encoding="utf-8") as f:
        art = json.load(f)
    art["lang"] = "en"
    en = doctored(art, "german-as-english-article")
    en_pdf, _ = render(en, LAYOUT, "german-as-english")
    report.result("self-test: the German article as English fails",
                  [] if check_words(en_pdf, de["want"]) else ["check 1 passed it"])


def main(argv):
    report = Report()
    self_test(report)
    if "--self-test" not in argv:
        for case in CASES:
            pdf, boxes = render(case["article"], LAYOUT, case["name"])
            if case["want"] is not None:
                report.check(f"{case['name']} words", check_words, pdf, case["want"])
            report.check(f"{case['name']} hyphens", check_hyphens, boxes,
                         Dictionary(case["dict"]))
            if case["name"] == "german":
                report.check("german texture", check_texture, pdf, boxes, case["article"])
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
