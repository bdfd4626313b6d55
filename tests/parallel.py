#!/usr/bin/env python3
"""Galley's checks of bilingual and Korean pages (the parallel layout and the -ko layouts).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/parallel.py

1. `samples/shoigu-sanctions-bilingual/` with the `bilingual` layout: both languages come
   out of pdftotext whole; from --boxes, each paragraph pair (body[i] and
   translations.ko.body[i]) starts on the same page at the same y, on the grid; no boxes
   overlap; every box lies in its frame; no Korean word is broken between syllables; no
   Korean line starts with closing punctuation;
2. the same article with one Korean paragraph fewer is an error naming both counts, and
   writes nothing; an article with no Korean translation is an error too;
3. the Korean sample with `tabloid-ko` and `a4-ko`: its text comes out whole, its Korean
   lines keep the Korean rules, the folio writes the date the Korean way.

The text and geometry checkers are the ones of tests/integration.py. Prints "ok   WHAT" or
"FAIL WHAT: reason" per check, then "N passed, M failed" alone on a line; exits 1 if
anything failed.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402
import integration as it  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
OUT = os.path.join("tests", "out", "parallel")
BILINGUAL = "samples/shoigu-sanctions-bilingual/article.json"
KOREAN = "samples/korean-market/article.json"


def render(article, stem, *extra):
    pdf, boxes = os.path.join(OUT, stem + ".pdf"), os.path.join(OUT, stem + ".json")
    p = subprocess.run([GALLEY, "render", article, "-o", pdf, "--boxes", boxes, "-q", *extra],
                       capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise RuntimeError(f"render of {article} failed: {p.stderr.strip()}")
    return pdf, json.load(open(boxes))


def first_boxes(doc):
    """The first line box of every element: {element: box}."""
    out = {}
    for b in doc["boxes"]:
        if b["kind"] == "line" and b.get("element") not in out:
            out[b["element"]] = b
    return out


def check_pairs_aligned(doc, article):
    """body[i] and translations.ko.body[i] start on one page at one y."""
    first = first_boxes(doc)
    problems = []
    for i in range(len(article["body"])):
        a, b = first.get(f"body[{i}]"), first.get(f"translations.ko.body[{i}]")
        if not a or not b:
            problems.append(f"pair {i}: no lines for {'body' if not a else 'translation'}")
        elif a["page"] != b["page"] or abs(a["y"] - b["y"]) > 0.01:
            problems.append(f"pair {i} starts at page {a['page']} y {a['y']} and "
                            f"page {b['page']} y {b['y']}")
    return problems


def check_groups(doc, split_x):
    """English body lines left of the split, Korean ones right of it."""
    problems = []
    for b in doc["boxes"]:
        if b["kind"] != "line" or not b["element"].startswith(("body[", "translations.ko.body[")):
            continue
        korean = b["element"].startswith("translations.")
        if korean != (b["x"] >= split_x):
            problems.append(f"{b['element']} at x {b['x']} is in the wrong group")
    return problems


def check_mismatch():
    article = json.load(open(BILINGUAL, encoding="utf-8"))
    article["translations"]["ko"]["body"].pop()
    path = os.path.join(OUT, "mismatch.json")
    src_dir = os.path.dirname(os.path.abspath(BILINGUAL))
    article["photos"][0]["src"] = os.path.join(src_dir, article["photos"][0]["src"])
    json.dump(article, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    out = os.path.join(OUT, "mismatch.pdf")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([GALLEY, "render", path, "-o", out, "--layout", "bilingual"],
                       capture_output=True, text=True, timeout=600)
    n = len(article["body"])
    want = f"body has {n} paragraphs but translations.ko.body has {n - 1}"
    if p.returncode != 3:
        return f"exit {p.returncode}, not 3: {p.stderr.strip()}"
    if want not in p.stderr:
        return f"the message does not say {want!r}: {p.stderr.strip()}"
    if os.path.exists(out):
        return "an output file was written"
    return None


def check_no_translation():
    p = subprocess.run([GALLEY, "render", "samples/deep-field/article.json", "-o",
                        os.path.join(OUT, "none.pdf"), "--layout", "bilingual"],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 3 or "has none" not in p.stderr:
        return f"exit {p.returncode}: {p.stderr.strip()}"
    return None


INTERLINEAR = ("deck", "translations.ko.deck", "photos[0].caption",
               "translations.ko.photos[0].caption")


def check_interlinear(doc, fields, pdf):
    """Interlinear texts (decks, captions) alternate their lines, so pdftotext cannot give
    them whole: each one's line boxes, joined, are its text, and every line is in the PDF."""
    text = it.normalize(it.pdf_text(pdf))
    problems = []
    for f in fields:
        if f.path not in INTERLINEAR:
            continue
        lines = [b["text"] for b in doc["boxes"] if b["kind"] == "line" and b["element"] == f.path]
        if it.normalize("".join(lines)) != it.normalize(f.text):
            problems.append(f"{f.path}: its lines do not join to its text")
        problems += [f"{f.path}: line {ln[:30]!r} is not in the PDF" for ln in lines
                     if it.normalize(ln) not in text]
    return problems


def check_side_by_side(doc):
    first = first_boxes(doc)
    a, b = first.get("headline"), first.get("translations.ko.headline")
    if not a or not b:
        return "a headline is missing"
    if abs(a["y"] - b["y"]) > 0.01 and abs(a["y"] - b["y"]) > 20:
        return f"the headlines start at y {a['y']} and {b['y']}"
    return None if b["x"] > a["x"] + a["width"] - 0.01 else "the Korean headline is not beside"


def check_korean_date(pdf):
    text = it.pdf_text(pdf)
    return None if "2025년 3월 18일" in text else "the folio has no Korean date 2025년 3월 18일"


def main():
    os.makedirs(OUT, exist_ok=True)
    r = Results()
    article = json.load(open(BILINGUAL, encoding="utf-8"))
    fields = it.article_fields(article)
    try:
        pdf, doc = render(BILINGUAL, "bilingual", "--layout", "bilingual")
    except Exception as e:
        print(f"FAIL bilingual: {e}")
        print(f"{r.passed} passed, {r.failed + 1} failed")
        return 1
    whole = [f for f in fields if f.path not in INTERLINEAR]
    r.check("bilingual: both languages come out of pdftotext whole", it.check_text_complete,
            fields, it.pdf_text(pdf))
    try:
        ipdf, idoc = render(BILINGUAL, "interlinear", "--layout",
                            "tests/data/layouts/interlinear.json")
        r.check("interlinear: decks and captions are whole, line by line", check_interlinear,
                idoc, fields, ipdf)
        r.check("interlinear: the rest comes out of pdftotext whole", it.check_text_complete,
                whole, it.pdf_text(ipdf))
        r.check("interlinear: side-by-side headlines stand beside each other", check_side_by_side,
                idoc)
        r.check("interlinear: each paragraph pair starts at the same y", check_pairs_aligned,
                idoc, article)
    except Exception as e:
        r.check("interlinear: renders", lambda e=e: str(e))
    r.check("bilingual: each paragraph pair starts at the same y", check_pairs_aligned, doc,
            article)
    page = doc["pages"][0]
    split = page["columns"][len(page["columns"]) // 2]["x"] - 0.01
    r.check("bilingual: English left, Korean right", check_groups, doc, split)
    r.check("bilingual: no boxes overlap", it.check_no_overlap, doc)
    r.check("bilingual: boxes inside frames inside pages", it.check_in_frames, doc)
    r.check("bilingual: body baselines on the grid", it.check_baseline_grid, doc)
    r.check("bilingual: Korean words whole", it.check_korean_words_whole, doc, fields)
    r.check("bilingual: Korean line starts", it.check_korean_line_starts, doc)
    r.check("bilingual: mismatched paragraph counts are an error naming both",
            check_mismatch)
    r.check("bilingual: an article without the translation is an error", check_no_translation)
    korean = json.load(open(KOREAN, encoding="utf-8"))
    kfields = it.article_fields(korean)
    # The shipped Korean layouts cut words between syllables where keeping them whole would
    # leave a loose line; keep-all (the engine's default) is checked with tabloid-ko turned
    # back to it.
    # (the layout file is named .layout.json: the render's --boxes writes NAME.json, and an
    # output that is an input is refused)
    keepall = os.path.join(OUT, "tabloid-ko-keepall.layout.json")
    with open("layouts/tabloid-ko.json", encoding="utf-8") as f:
        lay = json.load(f)
    lay["name"] = "tabloid-ko-keepall"
    lay["styles"]["body"]["linebreak"]["korean_syllables"] = 0
    with open(keepall, "w", encoding="utf-8") as f:
        json.dump(lay, f)
    for layout in ("tabloid-ko", "a4-ko", keepall):
        name = os.path.basename(layout).removesuffix(".json").removesuffix(".layout")
        try:
            kpdf, kdoc = render(KOREAN, name, "--layout", layout)
        except Exception as e:
            r.check(f"{name}: renders", lambda e=e: str(e))
            continue
        r.check(f"{name}: the text comes out whole", it.check_text_complete, kfields,
                it.pdf_text(kpdf))
        r.check(f"{name}: Korean words whole", it.check_korean_words_whole, kdoc, kfields)
        r.check(f"{name}: Korean line starts", it.check_korean_line_starts, kdoc)
        r.check(f"{name}: no boxes overlap", it.check_no_overlap, kdoc)
        r.check(f"{name}: body baselines on the grid", it.check_baseline_grid, kdoc)
        r.check(f"{name}: the folio dates the Korean way", check_korean_date, kpdf)
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
