#!/usr/bin/env python3
"""Galley's link checks: the links of a PDF are where their text is, once each.

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/links.py

Renders articles made in tests/out/links/ and reads the PDFs with qpdf (--qdf: objects
uncompressed) and pdftotext -bbox (where each word is):
1. capitals keep their links (issue 15, item 17): a deck set in capitals
   ("ﬀ *ΐ* [ı](URL)": every letter's capital has another length) has the link, and its
   rectangle covers the "I" and no other word; so with --marks, whose page is offset;
2. a link wrapped over many lines is one annotation a page, its address written once a page
   (issue 15, item 6): each line's tag wrote the whole address again;
3. links that are not http, https, mailto or tel are not in the PDF; their text is.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed. Python 3 standard library only.
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", "build")
OUT = os.path.join("tests", "out", "links")
URL_I = "https://example.com/dotless-i"
URL_LONG = "https://example.com/" + "a" * 8000


def run(args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)


def write_json(name, value):
    path = os.path.join(OUT, name)
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
    return path


def render(article, pdf, *extra):
    out = os.path.join(OUT, pdf)
    # links are for screens: a press file (the shipped layouts' PDF/X-4) has none
    run([os.path.join(BUILD, "galley"), "render", article, "-o", out, "-q", "--pdf-standard",
         "none"] + list(extra))
    return out


def qdf(pdf):
    out = pdf + ".qdf"
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, out])
    with open(os.path.join(ROOT, out), "rb") as f:
        return f.read().decode("latin-1")


def link_quads(text, url):
    """The QuadPoints of every link annotation to URL, as [x0, y0, x1, y1] rectangles in PDF
    space (y up). qpdf --qdf writes each object whole between "obj" and "endobj"; cairo
    writes a link's action inside its annotation."""
    quads = []
    for obj in text.split("endobj"):
        if "/Subtype /Link" not in obj or f"/URI ({url})" not in obj:
            continue
        q = re.search(r"/QuadPoints \[([^\]]*)\]", obj)
        if not q:
            continue
        v = [float(x) for x in q.group(1).split()]
        for i in range(0, len(v), 8):
            xs, ys = v[i:i + 8:2], v[i + 1:i + 8:2]
            quads.append([min(xs), min(ys), max(xs), max(ys)])
    return quads


def words(pdf):
    """(word, xmin, ymin, xmax, ymax) of page 1, y down from the top of the media box, and
    the media box's height."""
    html = run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"]).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    found = [(m.group(5), float(m.group(1)), float(m.group(2)), float(m.group(3)),
              float(m.group(4)))
             for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                  r'yMax="([\d.]+)">([^<]*)</word>', html)]
    return found, height


def capitals_layout():
    with open(os.path.join(ROOT, "layouts", "tabloid.json"), encoding="utf-8") as f:
        layout = json.load(f)
    layout["styles"]["deck"]["uppercase"] = True
    return write_json("capitals-layout.json", layout)


def check_capitals_keep_link(marks):
    layout = capitals_layout()
    article = write_json("capitals.json", {
        "headline": "Capitals", "body": ["One."],
        "deck": f"\ufb00 *\u0390* [\u0131]({URL_I}) and *more* words"})
    extra = ["--layout", layout] + (["--marks"] if marks else [])
    pdf = render(article, "capitals-marks.pdf" if marks else "capitals.pdf", *extra)
    quads = link_quads(qdf(pdf), URL_I)
    if len(quads) != 1:
        return f"{len(quads)} link rectangles to {URL_I} (expected 1: the capitals lost the link)"
    found, height = words(pdf)
    deck = [w for w in found if w[0] in ("FF", "I", "AND")]
    i_words = [w for w in deck if w[0] == "I"]
    if len(i_words) != 1:
        return f"no single 'I' in the deck's words: {deck}"
    _, x0, y0, x1, y1 = i_words[0]
    qx0, qy0, qx1, qy1 = quads[0]
    top, bottom = height - y0, height - y1  # the word in PDF space
    if not (qx0 <= x0 + 0.5 and qx1 >= x1 - 0.5 and qy0 <= bottom + 1 and qy1 >= top - 1):
        return f"the link {quads[0]} does not cover the 'I' at {x0, bottom, x1, top}"
    for w in deck:
        if w[0] != "I" and w[1] < qx1 - 0.5 and w[3] > qx0 + 0.5:
            return f"the link {quads[0]} also covers {w}"
    return None


def check_wrapped_link_once():
    words_text = ("lorem ipsum dolor sit amet consectetur adipiscing elit " * 60).strip()
    article = write_json("wrapped.json", {
        "headline": "Wrapped", "body": [f"See [{words_text}]({URL_LONG}) here."]})
    pdf = render(article, "wrapped.pdf")
    text = qdf(pdf)
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
    copies = text.count(URL_LONG)
    annots = len(re.findall(r"/Subtype /Link", text))
    quads = link_quads(text, URL_LONG)
    if copies > pages or annots > pages:
        return (f"the address is written {copies} times in {annots} annotations over "
                f"{pages} pages (expected at most once a page)")
    if len(quads) < 20:
        return f"only {len(quads)} rectangles for a link over some 60 lines"
    size = os.path.getsize(os.path.join(ROOT, pdf))
    if size > 200_000:
        return f"the PDF is {size} bytes"
    return None


def check_refused_schemes():
    article = write_json("schemes.json", {
        "headline": "Schemes",
        "body": ["[Script](javascript:alert(1)) [Local](file:///etc/passwd) "
                 "[Inline](data:text/html,hi) [Good](https://example.com/good)"]})
    pdf = render(article, "schemes.pdf")
    text = qdf(pdf)
    uris = re.findall(r"/URI \(([^)]*)\)", text)
    if uris != ["https://example.com/good"]:
        return f"the PDF links to {uris}"
    shown = run(["pdftotext", pdf, "-"]).stdout
    if not all(w in shown for w in ("Script", "Local", "Inline", "Good")):
        return f"the link texts are not all printed: {shown[:200]!r}"
    return None


def main():
    os.makedirs(os.path.join(ROOT, OUT), exist_ok=True)
    checks = [
        ("capitals keep a link on exactly its letter", lambda: check_capitals_keep_link(False)),
        ("capitals keep their link with --marks", lambda: check_capitals_keep_link(True)),
        ("a wrapped link is written once a page", check_wrapped_link_once),
        ("javascript:, file: and data: links are not in the PDF", check_refused_schemes),
    ]
    passed = failed = 0
    for name, check in checks:
        try:
            problem = check()
        except (subprocess.CalledProcessError, OSError, ValueError, AttributeError) as e:
            detail = getattr(e, "stderr", "") or ""
            problem = f"{e} {detail.strip()[:300]}"
        if problem:
            failed += 1
            print(f"FAIL {name}: {problem}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
