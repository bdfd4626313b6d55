#!/usr/bin/env python3
"""Galley's edition checks (`galley edition`).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/edition.py

For every edition file in samples/*/edition.json and tests/data/editions/*.json:
1. it renders (exit 0: warnings alone exit 0; 1 only under --strict), with the report;
2. every article's text comes out of the PDF (pdftotext) whole and in order, unless the
   report names it overset;
3. jump lines name the right pages: "Continued on page N" on the page the article starts,
   "Continued from page M" on page N, as the report says; the report lists the article on
   page N too (`continued_from`), and every page whose PDF says "Continued from page M"
   lists that continuation (a self-test takes them out of a report);
4. the report matches the PDF: its page count, and each article's headline on its page;
5. from --boxes: no two boxes overlap, every box lies in its frame and the page, body
   baselines sit on the grid;
6. `-j 2` gives the same bytes as `-j 1`, and its report says it ran in 2 threads (1 for
   `-j 1`);
7. red overset marks (the boxes' role "overset", and red bars found by colour in the PDF)
   stand exactly on the slots the report counts overset lines in, and a --final render of
   an edition with nothing overset has none (a self-test doctors boxes, report and PDF);
8. photos (pdfimages: pixels, ppi; the boxes: frames): none printing under min_ppi is
   enlarged past its share of its slot, one at min_ppi or finer grows to fill it (taller,
   and one column wider when it still prints at min_ppi there), and every crop keeps 60%
   of its photo.
And: --final with an overset article exits 6, writes no pages but the --report naming it;
the sample edition exits 0 with warnings and 1 with --strict; bad edition files (slots
that overlap, a jump to a page with no continuation) exit 3 naming the field; SIGTERM while
PNG pages are being written leaves no temporary file (and the process dies of it).

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed.
"""

import copy
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402
import integration as it  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
OUT = os.path.join("tests", "out", "edition")


MM = 72 / 25.4  # points per millimetre

def galley(*args):
    return subprocess.run([GALLEY, *args], capture_output=True, text=True, timeout=900)


def started(page):
    """The report's entries for the articles that start on PAGE: not the continuations
    (`continued_from`), whose lines, overset and underset their first entry carries."""
    return [a for a in page["articles"] if "continued_from" not in a]


def page_text(pdf, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-raw", "-enc",
                           "UTF-8", pdf, "-"], capture_output=True, text=True).stdout


def check_texts(report, doc):
    """Every article not overset comes out whole: its body blocks' and photo captions' (in
    every language) line boxes (the boxes
    name their article), joined in order over its slots and pages, are its text. pdftotext
    cannot say it for an article that jumps: other slots' text stands between the parts."""
    problems = []
    for page in report["pages"]:
        for a in started(page):
            if "overset" in a:
                continue
            fields = it.article_fields(json.load(open(a["article"], encoding="utf-8")))
            by_path = {f.path: f for f in fields}
            for f in fields:
                caption = f.path.endswith(".caption")
                if f.block is None and not caption:
                    continue
                roles = ("caption",) if caption else ("body", "subhead", "quote")
                lines = [b["text"] for b in doc["boxes"] if b["kind"] == "line"
                         and b.get("article") == a["article"] and b["element"] == f.path
                         and b["role"] in roles]
                # in the furniture's forms: the dateline run in, a pull quote's marks
                if it.normalize("".join(lines)) not in [it.normalize(t) for t in
                                                        it.furniture_forms(f, by_path)]:
                    problems.append(f"{a['field']}: {f.path} is not whole: {f.preview()}")
    return problems


def check_pdf_text(report, pdf):
    """What the boxes say is in the PDF too: every line of every article."""
    text = it.normalize(it.pdf_text(pdf))
    missing = []
    for page in report["pages"]:
        for a in started(page):
            if a["lines"] == 0:  # nothing of it fitted: all reported overset
                continue
            head = json.load(open(a["article"], encoding="utf-8"))["headline"]
            if it.normalize(head) not in text:
                missing.append(f"{a['field']}: headline not in the PDF")
    return missing


JUMP_WORDS = {  # the jump lines' words by the article's language (docs/edition.md)
    "en": ("Continued on page {}", "Continued from page {}"),
    "de": ("Fortsetzung auf Seite {}", "Fortsetzung von Seite {}"),
    "fr": ("Suite en page {}", "Suite de la page {}"),
}


def article_lang(path):
    """The language of the article file PATH ("en" when it says none)."""
    try:
        with open(path, encoding="utf-8") as f:
            return (json.load(f).get("lang") or "en").split("-")[0]
    except (OSError, ValueError):
        return "en"


def check_jumps(report, pdf):
    """Each jump says its pages in the jumping article's own language, and the page it jumps
    to lists it as a continuation (`continued_from` the page it starts on); every
    continuation listed is one of those jumps."""
    problems = []
    pages = {p["page"]: p for p in report["pages"]}
    for page in report["pages"]:
        for a in page["articles"]:
            if "continued_from" in a:
                m = a["continued_from"]
                if not any(b.get("jump_page") == page["page"] and b["article"] == a["article"]
                           for b in started(pages.get(m, {"articles": []}))):
                    problems.append(f"{a['field']}: continued from page {m}, which has no jump "
                                    f"of {a['article']} to page {page['page']}")
                continue
            n = a.get("jump_page")
            if not n:
                continue
            on, came = JUMP_WORDS[article_lang(a["article"])]
            if on.format(n) not in page_text(pdf, a["page"]):
                problems.append(f"{a['field']}: no {on.format(n)!r} on page {a['page']}")
            if came.format(a["page"]) not in page_text(pdf, n):
                problems.append(f"{a['field']}: no {came.format(a['page'])!r} on page {n}")
            if not any(c.get("continued_from") == a["page"] and c["article"] == a["article"]
                       for c in pages.get(n, {"articles": []})["articles"]):
                problems.append(f"{a['field']}: jumps to page {n}, which does not list it "
                                f"continued from page {a['page']}")
    return problems


CONTINUED_FROM = re.compile("|".join(re.escape(came).replace(r"\{\}", r"(\d+)")
                                     for _, came in JUMP_WORDS.values()))


def check_continuations_listed(report, pdf):
    """Every page whose PDF text says "Continued from page M" (in any of the jump lines'
    languages) lists as many continuations from page M, and none more: a page that holds
    only a continuation lists its article too."""
    problems = []
    for page in report["pages"]:
        seen = sorted(int(next(g for g in m.groups() if g))
                      for m in CONTINUED_FROM.finditer(page_text(pdf, page["page"])))
        listed = sorted(a["continued_from"] for a in page["articles"] if "continued_from" in a)
        if seen != listed:
            problems.append(f"page {page['page']}: the PDF continues articles from pages "
                            f"{seen}, the report lists continuations from {listed}")
    return problems


def self_test_continuations(seen):
    """A report with its continuation entries taken out fails the continuation checks."""
    doctored = 0
    for report, _doc, pdf, *_ in seen:
        if not any("continued_from" in a for p in report["pages"] for a in p["articles"]):
            continue
        bad = copy.deepcopy(report)
        for page in bad["pages"]:
            page["articles"] = started(page)
        if not check_continuations_listed(bad, pdf) or not check_jumps(bad, pdf):
            return f"{report['edition']}: a report without its continuations passes"
        if check_continuations_listed(report, pdf):
            return f"{report['edition']}: the undoctored report fails"
        doctored += 1
    return None if doctored else "no edition with a continuation to doctor"


def check_no_heading_at_foot(doc):
    """No label or subhead ends a column: it keeps with what it heads."""
    last = {}
    for b in doc["boxes"]:
        if b["kind"] == "line":
            f = b["frame"]
            last[(b["page"], f["x"], f["y"], f["width"], f["height"])] = b
    return [f"page {b['page']}: {b['element']} ({b['role']}) '{b['text'][:30]}' ends a column"
            for b in last.values() if b["role"] in ("kicker", "subhead")
            and b["frame"]["height"] > 200]  # not the one-line bands over a slot


def check_report(report, pdf):
    problems = []
    if it.pdf_page_count(pdf) != report["pages_total"]:
        problems.append(f"the PDF has {it.pdf_page_count(pdf)} pages, the report "
                        f"{report['pages_total']}")
    for page in report["pages"]:
        text = it.normalize(page_text(pdf, page["page"]))
        for a in started(page):
            if a["lines"] == 0 and "overset" not in a:
                problems.append(f"{a['field']}: no lines set, and not reported overset")
            if a["lines"] == 0:
                continue
            head = json.load(open(a["article"], encoding="utf-8"))["headline"]
            if it.normalize(head) not in text:
                problems.append(f"{a['field']}: its headline is not on page {page['page']}")
    return problems


UNDERSET_LINES = 3  # as render/compose/page.c: a slot may leave 2 grid lines empty at its foot


def check_underset(report, doc, edition):
    """An article that leaves UNDERSET_LINES or more grid lines of its last slot empty (on a
    page of slots, not a filled one) is reported underset with that count and page, and no
    other is: measured from the boxes, the slot's foot being its frames' lowest edge."""
    grid = 11.5  # the sample layouts' grid
    pages = json.load(open(edition, encoding="utf-8"))["pages"]
    problems = []
    for page in report["pages"]:
        for a in started(page):
            end = a.get("jump_page") or a["page"]
            boxes = [b for b in doc["boxes"] if b.get("article") == a["article"]
                     and b["page"] == end]
            if pages[end - 1].get("fill") or not boxes or "overset" in a:
                continue
            foot = max(b["frame"]["y"] + b["frame"]["height"] for b in boxes)
            used = max(b["y"] + b["height"] for b in boxes)
            empty = int((foot - used) / grid + 1e-9)
            want = {"lines": empty, "page": end} if empty >= UNDERSET_LINES else None
            if a.get("underset") != want:
                problems.append(f"{a['field']}: {empty} grid lines of its slot on page {end} "
                                f"are empty, but the report says {a.get('underset')}")
    return problems


def image_size(path):
    """(width, height) in pixels of a PNG or JPEG file, from its header."""
    data = open(path, "rb").read()
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    i = 2
    while i + 9 < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return (int.from_bytes(data[i + 7 : i + 9], "big"),
                    int.from_bytes(data[i + 5 : i + 7], "big"))
        i += 2 + length
    raise ValueError(f"{path}: no image size found")


def check_photos_fill(report, doc, images, layout):
    """An article left underset in a slot that holds its photo runs the photo as tall as the
    photo's own proportions allow (either way round: EXIF may turn it): Galley grows the photo
    of an article that ends short, until the text would no longer fit or the photo would crop;
    unless the photo prints under the layout's min_ppi (pdfimages), which never grows."""
    problems = []
    coarse = {id(b) for b, img in photos_printed(doc, images)
              if img and img[2] < layout.get("min_ppi", 200)}
    for page in report["pages"]:
        for a in started(page):
            photo = next((b for b in doc["boxes"] if b.get("article") == a["article"]
                          and b["kind"] == "image" and b["page"] == a["page"]), None)
            if not a.get("underset") or photo is None or a.get("jump_page"):
                continue
            if id(photo) in coarse:
                continue
            with open(a["article"], encoding="utf-8") as f:
                src = json.load(f)["photos"][0]["src"]
            w, h = image_size(os.path.join(os.path.dirname(a["article"]), src))
            natural = [photo["width"] * h / w, photo["width"] * w / h]
            if min(abs(photo["height"] - n) for n in natural) > 0.5:
                problems.append(f"{a['field']}: underset by {a['underset']['lines']} lines, but its "
                                f"photo is {photo['height']:.1f} pt tall of "
                                f"{natural[0]:.1f} pt in its proportions")
    return problems


def check_photo_warnings(report, doc):
    """Each low-resolution warning is given once and names a size a photo prints at (a photo
    box of the PDF, to the millimetre): never the size of a setting Galley tried and
    replaced (a photo grown to fill an underset slot is set twice)."""
    problems, seen = [], set()
    printed = {(round(b["width"] / MM), round(b["height"] / MM))
               for b in doc["boxes"] if b["kind"] == "image"}
    for w in report["warnings"]:
        m = re.search(r"across (\d+) x (\d+) mm", w)
        if not m:
            continue
        if w in seen:
            problems.append(f"given twice: {w}")
        seen.add(w)
        if (int(m.group(1)), int(m.group(2))) not in printed:
            problems.append(f"no photo prints at {m.group(1)} x {m.group(2)} mm: {w}")
    return problems


def edition_layout(edition):
    """The layout file an edition names ("layout": a name in layouts/ or a file beside it;
    tabloid by default), as JSON."""
    name = json.load(open(edition, encoding="utf-8")).get("layout", "tabloid")
    path = (os.path.join(os.path.dirname(edition), name) if name.endswith(".json")
            else os.path.join("layouts", name + ".json"))
    return json.load(open(path, encoding="utf-8"))


def pdf_images(pdf):
    """Each image of PDF as `pdfimages -list` gives it, in page order: (page, pixel width,
    pixel height, x-ppi, y-ppi) — the resolution it prints at, worked out by poppler from
    the placed image, not by Galley."""
    out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        f = line.split()
        if len(f) > 13 and f[2] == "image":
            rows.append((int(f[0]), int(f[3]), int(f[4]), int(f[12]), int(f[13])))
    return rows


def photos_printed(doc, images):
    """Each photo box of DOC paired with its image of the PDF (IMAGES, from pdf_images: the
    n-th image of a page is the n-th image box there), as (box, (w, h, ppi)); the ppi is
    the lower of pdfimages' two."""
    pairs, by_page = [], {}
    for page, w, h, xppi, yppi in images:
        by_page.setdefault(page, []).append((w, h, min(xppi, yppi)))
    for b in doc["boxes"]:
        if b["kind"] == "image":
            pairs.append((b, by_page.get(b["page"], []).pop(0) if by_page.get(b["page"])
                          else None))
    return pairs


def check_no_coarse_growth(doc, images, layout):
    """No photo that prints under the layout's min_ppi (pdfimages says so) was enlarged to
    fill its slot: its frame is no taller than its share, the height it gets at its slot's
    width before any growth — its own proportions at that width, at most photo.max_height
    of 90% of the slot below the photo's top, but at least 60% of its proportions (a crop
    keeps 60% of the photo: check_crops_keep; docs/edition.md). The slot's foot is the
    lowest frame of its article's lines on that page. A photo at min_ppi or finer may
    grow (check_photos_fill)."""
    min_ppi = layout.get("min_ppi", 200)
    share = layout.get("photo", {}).get("max_height", 0.45)
    problems = []
    for b, img in photos_printed(doc, images):
        if img is None:
            problems.append(f"page {b['page']}: a photo box with no image in the PDF")
            continue
        w, h, ppi = img
        if ppi >= min_ppi:
            continue
        frames = [o["frame"] for o in doc["boxes"] if o["page"] == b["page"]
                  and o.get("article") == b.get("article") and o["kind"] == "line"]
        if not frames:
            continue
        foot = max(f["y"] + f["height"] for f in frames)
        natural = b["width"] * h / w
        allowed = max(min(natural, share * 0.9 * (foot - b["y"])), 0.6 * natural)
        if b["height"] > allowed + 0.5:
            problems.append(f"page {b['page']}: {b.get('article')} {b['element']} prints at "
                            f"{ppi} ppi (under {min_ppi}) but was grown to "
                            f"{b['height'] / MM:.0f} mm tall, past its share of "
                            f"{allowed / MM:.0f} mm")
    return problems


def self_test_coarse_growth(seen):
    """check_no_coarse_growth fails on doctored boxes: a photo under min_ppi grown to its
    full proportions (the 202 x 202 mm astronaut of issue 16), and passes a fine photo
    grown the same way."""
    import copy
    for report, doc, pdf, red, images, layout in seen:
        pairs = photos_printed(doc, images)
        coarse = [i for i, (b, img) in enumerate(pairs)
                  if img and img[2] < layout.get("min_ppi", 200)]
        if not coarse:
            continue
        bad = copy.deepcopy(doc)
        k = [i for i, b in enumerate(bad["boxes"]) if b["kind"] == "image"][coarse[0]]
        w, h, ppi = pairs[coarse[0]][1]
        bad["boxes"][k]["height"] = bad["boxes"][k]["width"] * h / w + 20
        if not check_no_coarse_growth(bad, images, layout):
            return "a coarse photo grown to its proportions: not caught"
        fine = [(p, w, h, 9999, 9999) for p, w, h, x, y in images]
        if check_no_coarse_growth(bad, fine, layout):
            return "a photo at min_ppi or finer, grown: wrongly caught"
        return None
    return "no edition has a photo under min_ppi to doctor"


def render_made_up(folder, slots):
    """Renders a made-up one-page edition of SLOTS (a 10-row grid) in FOLDER: its (report,
    boxes, layout, pdfimages rows), or the failure as a string."""
    edition = os.path.join(folder, "edition.json")
    json.dump({"paper": "P", "date": "2025-06-11", "rows": 10,
               "pages": [{"section": "S", "articles": slots}]}, open(edition, "w"))
    pdf, rep, boxes = (os.path.join(folder, n) for n in ("e.pdf", "e.report.json", "e.boxes.json"))
    p = galley("edition", edition, "-o", pdf, "--report", rep, "--boxes", boxes, "-q")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[-300:]}"
    return json.load(open(rep)), json.load(open(boxes)), edition_layout(edition), pdf_images(pdf)


def check_growth_by_ppi():
    """Growth both ways, on a made-up page of two short stories in 2-column slots a page
    tall: the one whose photo prints at min_ppi or finer (the 1000-pixel deep field across
    99 mm: 256 ppi, by pdfimages) grows its photo past its share to its own proportions;
    the one whose photo is coarser (the 512-pixel astronaut: 131 ppi) keeps its share,
    leaves the rest of its slot to its text and, too short to fill it, is reported
    underset."""
    folder = os.path.join(OUT, "grow")
    os.makedirs(folder, exist_ok=True)
    photos = os.path.abspath("samples/edition/photos")
    body = ["Short text that ends well above the foot of its slot, so that the slot would "
            "have a hole in it unless its photo grows to fill it. " * 2] * 2
    slots = []
    for i, src in enumerate(("hubble_deep_field.jpg", "astronaut.png")):
        art = os.path.join(folder, f"story{i}.json")
        json.dump({"headline": f"Story {i} with a photo", "byline": "Kim Min-ji",
                   "body": body, "photos": [{"src": os.path.join(photos, src),
                                             "caption": "A caption.", "credit": "NASA"}]},
                  open(art, "w"))
        slots.append({"article": os.path.abspath(art), "column": 2 * i, "span": 2, "row": 0, "rows": 5})
    made = render_made_up(folder, slots)
    if isinstance(made, str):
        return made
    report, doc, layout, images = made
    problems = check_no_coarse_growth(doc, images, layout) + \
        check_photos_fill(report, doc, images, layout)
    pairs = photos_printed(doc, images)
    if [img[2] >= 200 for b, img in pairs] != [True, False]:
        return f"the photos print at {[img for b, img in pairs]}, not fine then coarse"
    (fine, (w, h, _)), (coarse, _) = pairs
    if abs(fine["height"] - fine["width"] * h / w) > 0.5:
        problems.append(f"the fine photo did not grow to its proportions: {fine['height']:.1f} "
                        f"of {fine['width'] * h / w:.1f} pt")
    if coarse["height"] >= fine["height"] - 1:
        problems.append(f"the coarse photo grew as tall as the fine one ({coarse['height']:.1f} "
                        "pt)")
    under = [a.get("underset") for a in report["pages"][0]["articles"]]
    if not under[1]:
        problems.append("the story beside the coarse photo is short but not reported underset")
    return problems


def photo_columns(doc, b):
    """The page columns (their x, in order) photo box B spans, and the gutter between two."""
    cols = next(p["columns"] for p in doc["pages"] if p["page"] == b["page"])
    inside = [c for c in cols if c["x"] >= b["x"] - 0.5 and
              c["x"] + c["width"] <= b["x"] + b["width"] + 0.5]
    gutter = cols[1]["x"] - cols[0]["x"] - cols[0]["width"] if len(cols) > 1 else 0
    return inside, cols[0]["width"], gutter


def check_photos_widen(report, doc, images, layout):
    """An article left underset whose lead photo is narrower than one column more than the
    60% crop rule gives it (docs/edition.md: the widest of the slot's photo columns, all but
    the first of a slot of 3 or more, at which the layout's share shows 60% of the photo),
    and would print at min_ppi or finer one column wider (its pixels, from pdfimages, over
    that width), took that column: a wider photo is taller in its proportions and leaves
    the text less of the slot (Galley widens a photo by one column when growing it taller
    still leaves the slot underset)."""
    min_ppi = layout.get("min_ppi", 200)
    printed = {id(b): img for b, img in photos_printed(doc, images)}
    problems = []
    for page in report["pages"]:
        for a in started(page):
            photo = next((b for b in doc["boxes"] if b.get("article") == a["article"]
                          and b["kind"] == "image" and b["page"] == a["page"]), None)
            if not a.get("underset") or photo is None or a.get("jump_page") or \
                    not printed.get(id(photo)):
                continue
            span = a["slot"]["span"]
            inside, colw, gutter = photo_columns(doc, photo)
            w, h, _ = printed[id(photo)]
            frames = [o["frame"] for o in doc["boxes"] if o["page"] == photo["page"]
                      and o.get("article") == a["article"] and o["kind"] == "line"]
            area = 0.9 * (max(f["y"] + f["height"] for f in frames) - photo["y"])
            most = span - 1 if span >= 3 else span
            fit = most  # the 60% crop rule's columns (docs/edition.md)
            while fit > 2:
                natural = (fit * colw + (fit - 1) * gutter) * h / w
                if min(natural, layout.get("photo", {}).get("max_height", 0.45) * area) >= \
                        0.6 * natural - 1e-6:
                    break
                fit -= 1
            if len(inside) >= min(most, fit + 1):
                continue
            wider = photo["width"] + colw + gutter
            ppi = w / (wider / 72)
            if ppi >= min_ppi:
                problems.append(f"{a['field']}: underset by {a['underset']['lines']} lines, but "
                                f"its photo across {len(inside)} of the slot's columns would "
                                f"print at {ppi:.0f} ppi across one more")
    return problems


def check_widen_by_ppi():
    """Widening, on a made-up page: a short story in a 5-column slot 4 rows of 10 deep whose
    1800 x 1200 photo the 60% crop rule sets 2 columns wide; grown to its proportions, the
    slot is still underset, so it takes a third column (303 ppi by pdfimages, over the 200
    the layout asks) and no fourth (226 ppi, but one column more only); check_photos_widen
    passes it and fails the same page doctored to keep the photo 2 columns wide."""
    import copy
    folder = os.path.join(OUT, "widen")
    os.makedirs(folder, exist_ok=True)
    art = os.path.join(folder, "story.json")
    body = ["Short text that ends well above the foot of its slot, so that the slot would "
            "have a hole in it unless its photo grows to fill it. " * 2] * 2
    json.dump({"headline": "A story with a wide photo", "byline": "Kim Min-ji", "body": body,
               "photos": [{"src": os.path.abspath("tests/data/images/Landscape_5.jpg"),
                           "caption": "A caption.", "credit": "NASA"}]}, open(art, "w"))
    made = render_made_up(folder, [{"article": os.path.abspath(art), "column": 0, "span": 5,
                                    "row": 0, "rows": 4}])
    if isinstance(made, str):
        return made
    report, doc, layout, images = made
    pairs = photos_printed(doc, images)
    if len(pairs) != 1 or not pairs[0][1]:
        return f"{len(pairs)} photos printed, not 1"
    photo, (w, h, ppi) = pairs[0]
    inside, colw, gutter = photo_columns(doc, photo)
    problems = check_photos_widen(report, doc, images, layout)
    if len(inside) != 3 or ppi < layout.get("min_ppi", 200):
        problems.append(f"the photo spans {len(inside)} columns at {ppi} ppi, not 3 at "
                        f"{layout.get('min_ppi', 200)} or finer")
    narrow = copy.deepcopy(doc)
    box = next(b for b in narrow["boxes"] if b["kind"] == "image")
    box["x"] += colw + gutter
    box["width"] -= colw + gutter
    under = copy.deepcopy(report)
    under["pages"][0]["articles"][0].setdefault("underset", {"lines": 9, "page": 1})
    if not check_photos_widen(under, narrow, [(1, w, h, 9999, 9999)], layout):
        problems.append("the page doctored to keep the photo 2 columns wide passes")
    return problems


def check_crops_keep(doc, images, keep=0.6):
    """Every photo's frame shows at least KEEP of the photo: the frame's area (the boxes)
    over the area the whole image is placed at, which pdfimages gives as its pixels at its
    ppi (rounded to a whole ppi: 2% slack). A 5.6:1 strip of a 3:2 photo shows 27%."""
    problems = []
    for b, img in photos_printed(doc, images):
        if img is None:
            continue
        w, h, ppi = img
        placed = (w * 72 / ppi) * (h * 72 / ppi)
        shown = b["width"] * b["height"] / placed
        if shown < keep - 0.02:
            problems.append(f"page {b['page']}: {b.get('article')} {b['element']} shows "
                            f"{shown:.0%} of its photo ({b['width'] / MM:.0f} x "
                            f"{b['height'] / MM:.0f} mm of {w} x {h} pixels at {ppi} ppi)")
    return problems


def self_test_crops_keep(seen):
    """check_crops_keep fails on a photo box doctored into a 5.6:1 strip."""
    import copy
    for report, doc, pdf, red, images, layout in seen:
        if check_crops_keep(doc, images):
            return "fails an undoctored edition"
        bad = copy.deepcopy(doc)
        box = next((b for b in bad["boxes"] if b["kind"] == "image"), None)
        if box:
            box["height"] = box["width"] / 5.6
            return None if check_crops_keep(bad, images) else "a 5.6:1 strip: not caught"
    return "no edition with a photo"


def check_same_bytes(edition, pdf, report):
    """`-j 2` gives the same bytes as `-j 1` (REPORT is -j 1's) and really ran threaded: the
    report says 2 threads for -j 2 and 1 for -j 1, so a pipeline that silently falls back to
    one thread fails here."""
    if report["timings"]["threads"] != 1:
        return f"-j 1 reports {report['timings']['threads']} threads, not 1"
    other = pdf.replace(".pdf", "-j2.pdf")
    other_report = other.replace(".pdf", ".report.json")
    p = galley("edition", edition, "-o", other, "-j", "2", "-q", "--report", other_report)
    if p.returncode != 0:
        return f"-j 2 failed (exit {p.returncode}): {p.stderr.strip()}"
    threads = json.load(open(other_report))["timings"]["threads"]
    if threads != 2:
        return f"-j 2 ran in {threads} thread(s), not 2"
    return None if open(pdf, "rb").read() == open(other, "rb").read() else "-j 2 differs"


def check_threads_stress(runs=24):
    """RUNS renders of the sample edition with -j 2, two processes at a time so the machine
    is loaded: each exits 0, never on a signal. Composing sets text while the drawing
    thread writes pages; before the font lock (render/base/font_lock.c) cairo closed a
    FreeType face one thread was drawing with and about one run in ten crashed (SIGSEGV)."""
    edition = "samples/edition/edition.json"
    bad = []
    for i in range(0, runs, 2):
        procs = [subprocess.Popen([GALLEY, "edition", edition, "-j", "2", "-q", "-o",
                                   os.path.join(OUT, f"stress-{k}.pdf")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for k in (0, 1)]
        for p in procs:
            rc = p.wait(timeout=900)
            if rc != 0:
                bad.append(rc)
    return f"{len(bad)} of {runs} runs failed: exit codes {bad}" if bad else None


def check_final(edition):
    """--final with an overset article: exit 6, no pages, but the --report, naming every
    article the render without --final reports overset."""
    out, rep = os.path.join(OUT, "final.pdf"), os.path.join(OUT, "final.report.json")
    for f in (out, rep):
        if os.path.exists(f):
            os.remove(f)
    p = galley("edition", edition, "-o", out, "--final", "--report", rep)
    if p.returncode != 6:
        return f"exit {p.returncode}, not 6: {p.stderr.strip()[-200:]}"
    if "overset with --final" not in p.stderr:
        return f"no overset message: {p.stderr.strip()[-200:]}"
    if os.path.exists(out):
        return "an output was written"
    if not os.path.exists(rep):
        return "no report was written"
    report = json.load(open(rep, encoding="utf-8"))
    named = [a["article"] for page in report["pages"] for a in started(page) if "overset" in a]
    said = re.findall(r"error: (pages\[\d+\]\.articles\[\d+\]): overset with --final", p.stderr)
    fields = [a["field"] for page in report["pages"] for a in started(page) if "overset" in a]
    if not named or report["overset_articles"] != len(named):
        return f"the report names {named} overset, counts {report['overset_articles']}"
    return None if said and set(said) <= set(fields) else \
        f"stderr says {said} overset, the report {fields}"


def check_strict():
    """Warnings alone exit 0; with --strict the same render exits 1 when it printed a warning
    (and still writes the PDF)."""
    edition, out = "samples/edition/edition.json", os.path.join(OUT, "strict.pdf")
    plain = galley("edition", edition, "-o", out)
    if plain.returncode != 0:
        return f"exit {plain.returncode} without --strict: {plain.stderr.strip()[-200:]}"
    if os.path.exists(out):
        os.remove(out)
    strict = galley("edition", edition, "-o", out, "--strict")
    warned = ": warning: " in strict.stderr
    if not warned:
        return "the sample edition gives no warning: nothing to test --strict with"
    if strict.returncode != 1:
        return f"exit {strict.returncode} with --strict and a warning, not 1"
    return None if open(out, "rb").read(5) == b"%PDF-" else "--strict wrote no PDF"


def pdf_red_rects(pdf):
    """The red rectangles each page of PDF fills (overset marks are red bars), found by
    colour in the PDF itself, not in Galley's boxes: `qpdf --qdf` writes the content streams
    uncompressed; in each, "R G B rg" (a file for screens) or "C M Y K k" (a press file,
    PDF/X-4) sets the fill colour and "X Y W H re f" fills a rectangle. Red: R >= 0.7 and G,
    B <= 0.2, or M, Y >= 0.7 and C <= 0.15, K <= 0.1 (the kickers' dark red, RGB 0.64 or
    CMYK 0.23 0.99 0.99 0.2, is text and darker). Returns [(page, x, y, width, height)] in
    the content's units."""
    qdf = pdf + ".qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf],
                   capture_output=True)
    data = open(qdf, "rb").read().decode("latin-1")
    os.remove(qdf)
    num = r"(-?[\d.]+)"
    token = re.compile(rf"{num} {num} {num} rg\b|{num} {num} {num} {num} re\s+f\*?(?![A-Za-z])"
                       rf"|{num} {num} {num} {num} k\b")
    rects = []
    for m in re.finditer(r"%% Contents for page (\d+)\b", data):
        start = data.index("stream", m.end())
        stream = data[start:data.index("endstream", start)]
        red = False
        for t in token.finditer(stream):
            if t.group(1) is not None:
                r, g, b = (float(t.group(i)) for i in (1, 2, 3))
                red = r >= 0.7 and g <= 0.2 and b <= 0.2
            elif t.group(8) is not None:
                c, mg, y, k = (float(t.group(i)) for i in (8, 9, 10, 11))
                red = mg >= 0.7 and y >= 0.7 and c <= 0.15 and k <= 0.1
            elif red:
                rects.append((int(m.group(1)), *(float(t.group(i)) for i in (4, 5, 6, 7))))
    return rects


def check_overset_marks(report, doc, red):
    """Red overset marks stand exactly where the report counts overset lines: one mark for
    each article the report says is overset, on the page its overset names (the slot it
    ran out of), under that slot (across its boxes there, below them), and none anywhere
    else; and the PDF's red bars (RED, from pdf_red_rects) are those marks, no more."""
    want = {}
    for page in report["pages"]:
        for a in started(page):
            if a.get("overset", {}).get("lines", 0) > 0:
                want[(a["overset"].get("page", a["page"]), a["article"])] = a["field"]
    marks = [b for b in doc["boxes"] if b.get("role") == "overset"]
    problems = []
    for (page, article), field in want.items():
        n = sum(1 for b in marks if (b["page"], b.get("article")) == (page, article))
        if n != 1:
            problems.append(f"{field}: overset on page {page} by the report, but {n} red marks")
    for b in marks:
        key = (b["page"], b.get("article"))
        if key not in want:
            problems.append(f"a red overset mark on page {b['page']} ({b.get('article')}), "
                            "where the report has nothing overset")
            continue
        own = [o for o in doc["boxes"] if (o["page"], o.get("article")) == key and o is not b
               and o.get("role") not in ("rule", "overset")]
        if own and (min(o["x"] for o in own) < b["x"] - 0.5
                    or max(o["x"] + o["width"] for o in own) > b["x"] + b["width"] + 0.5
                    or max(o["y"] + o["height"] for o in own) > b["y"] + 0.5):
            problems.append(f"page {b['page']}: the red mark of {b.get('article')} is not under "
                            "its slot")
    in_boxes = sorted((b["page"], round(b["width"])) for b in marks)
    in_pdf = sorted((page, round(w)) for page, x, y, w, h in red)
    if in_boxes != in_pdf:
        problems.append(f"the PDF's red bars {in_pdf} are not the boxes' overset marks "
                        f"{in_boxes}")
    return problems


def check_final_no_marks(edition):
    """--final on an edition with nothing overset writes a PDF with no red mark in it (by
    colour, from the PDF) and no overset box."""
    out = os.path.join(OUT, "final-clean.pdf")
    boxes = out.replace(".pdf", ".boxes.json")
    p = galley("edition", edition, "-o", out, "--final", "--boxes", boxes, "-q")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[-200:]}"
    red = pdf_red_rects(out)
    doc = json.load(open(boxes))
    marks = [b["page"] for b in doc["boxes"] if b.get("role") == "overset"]
    if red or marks:
        return f"--final printed red marks: PDF pages {[r[0] for r in red]}, boxes {marks}"
    return None


def self_test_marks(seen):
    """The mark checker fails on doctored inputs: a mark added where nothing is overset (the
    issue-16 bar under the lunar-lander jump), a report with its overset taken out, and a PDF
    with a red bar drawn in that the boxes do not have."""
    import copy
    problems = []
    clean = next((v for v in seen if not v[0]["overset_articles"]), None)
    over = next((v for v in seen if v[0]["overset_articles"]), None)
    if not clean or not over:
        return "needs an edition with and one without overset"
    report, doc, pdf, red = clean[:4]
    if check_overset_marks(report, doc, red):
        return "the checker fails the undoctored edition"
    bad = copy.deepcopy(doc)
    box = next(b for b in bad["boxes"] if b.get("article") and b["kind"] == "line")
    bad["boxes"].append(dict(box, kind="rule", role="overset", element="overset"))
    if not check_overset_marks(report, bad, red):
        problems.append("a mark added to the boxes, nothing overset: not caught")
    qdf, doctored = pdf + ".doctor.qdf", pdf.replace(".pdf", "-doctored.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=False)
    data = open(qdf, "rb").read()
    i = data.index(b"endstream", data.index(b"%% Contents for page 1"))
    data = data[:i] + b"\n0.85 0 0 rg 45 600 300 3 re f\n" + data[i:]
    open(qdf, "wb").write(data)
    subprocess.run(["fix-qdf", qdf], stdout=open(doctored, "wb"), check=False)
    os.remove(qdf)
    if len(pdf_red_rects(doctored)) != 1:
        problems.append("the red bar drawn into the PDF is not found in it")
    elif not check_overset_marks(report, doc, pdf_red_rects(doctored)):
        problems.append("a red bar in the PDF that the boxes lack: not caught")
    report, doc, pdf, red = over[:4]
    if check_overset_marks(report, doc, red):
        return "the checker fails the undoctored overset edition"
    bad = copy.deepcopy(report)
    for page in bad["pages"]:
        for a in page["articles"]:
            a.pop("overset", None)
    if not check_overset_marks(bad, doc, red):
        problems.append("the overset taken out of the report: not caught")
    if not check_overset_marks(report, doc, []):
        problems.append("a mark in the boxes but not in the PDF: not caught")
    return problems


def check_contact(edition, pages):
    """galley contact takes an edition file: one thumbnail a page."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from pngread import read_png
    sheet = os.path.join(OUT, "contact.png")
    p = galley("contact", edition, "-o", sheet, "--columns", str(pages), "-q")
    if p.returncode:
        return f"exit {p.returncode}: {p.stderr.strip()}"
    w, h, rows = read_png(sheet)
    # One row of PAGES thumbnails: the middle of every cell has ink on the page.
    y = h // 3
    cells = [x for x in range(w) if rows[y][x] != (255, 255, 255)]
    return None if cells and (cells[-1] - cells[0]) > w * (pages - 1) / pages * 0.8 else \
        f"the thumbnails do not span the sheet: {w}x{h}"


def check_bad(name, edition_json, want):
    path = os.path.join(OUT, name + ".json")
    json.dump(edition_json, open(path, "w"))
    p = galley("edition", path, "-o", os.path.join(OUT, name + ".pdf"))
    if p.returncode != 3:
        return f"exit {p.returncode}, not 3: {p.stderr.strip()}"
    return None if want in p.stderr else f"message lacks {want!r}: {p.stderr.strip()}"


def check_sigterm_temporaries():
    """SIGTERM in the middle of writing PNG pages: the temporaries go with the process. A
    filled edition of 60 pages at 100 dpi writes its pages one by one; the signal is sent
    once a temporary is there (no timing assumed: it waits for the file, with a generous
    bound), and then none may remain."""
    folder = os.path.join(OUT, "sigterm")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    article = os.path.abspath("samples/deep-field/article.json")
    edition = os.path.join(folder, "edition.json")
    with open(edition, "w") as f:
        json.dump({"paper": "P", "date": "2025-06-11",
                   "pages": [{"fill": True, "articles": [article]}] * 60}, f)
    proc = subprocess.Popen([GALLEY, "edition", edition, "-o", os.path.join(folder, "e.png"),
                             "--dpi", "100", "-q"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        end = time.monotonic() + 600
        while not glob.glob(os.path.join(folder, "*.tmp-*")):
            if proc.poll() is not None:
                return f"ended (exit {proc.returncode}) before a temporary was seen"
            if time.monotonic() > end:
                return "no temporary file within 600 s"
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = glob.glob(os.path.join(folder, "*.tmp-*"))
    if left:
        return f"temporaries left: {', '.join(os.path.basename(p) for p in left[:3])}"
    if rc != -signal.SIGTERM:
        return f"exit {rc}, not killed by SIGTERM: {proc.stderr.read()[-300:]}"
    return None


def main():
    os.makedirs(OUT, exist_ok=True)
    r = Results()
    seen = []  # (report, boxes, pdf, red rects) per edition, for the mark checker's self-test
    editions = sorted(glob.glob("samples/*/edition*.json") + glob.glob("tests/data/editions/*.json"))
    for edition in editions:
        name = os.path.splitext(os.path.basename(edition))[0]
        if "samples/" in edition:
            name = os.path.basename(os.path.dirname(edition)) + "-" + name
        pdf = os.path.join(OUT, name + ".pdf")
        rep_path, boxes = pdf.replace(".pdf", ".report.json"), pdf.replace(".pdf", ".boxes.json")
        p = galley("edition", edition, "-o", pdf, "--report", rep_path, "--boxes", boxes, "-q",
                   "-j", "1")
        if p.returncode != 0:  # warnings alone exit 0 (1 only under --strict)
            r.check(f"{name}: renders", lambda p=p: f"exit {p.returncode}: {p.stderr.strip()}")
            continue
        report, doc = json.load(open(rep_path)), json.load(open(boxes))
        red, images, layout = pdf_red_rects(pdf), pdf_images(pdf), edition_layout(edition)
        seen.append((report, doc, pdf, red, images, layout))
        r.check(f"{name}: every article whole unless reported overset", check_texts, report, doc)
        r.check(f"{name}: every headline in the PDF", check_pdf_text, report, pdf)
        r.check(f"{name}: jump lines name the right pages, in the article's language",
                check_jumps, report, pdf)
        r.check(f"{name}: the report matches the PDF", check_report, report, pdf)
        r.check(f"{name}: every page that continues an article lists it", 
                check_continuations_listed, report, pdf)
        r.check(f"{name}: underset slots reported, from the boxes", check_underset, report, doc,
                edition)
        r.check(f"{name}: underset slots run their photos full height (min_ppi allowing)",
                check_photos_fill, report, doc, images, layout)
        r.check(f"{name}: underset slots widen their photos a column (min_ppi allowing)",
                check_photos_widen, report, doc, images, layout)
        r.check(f"{name}: no photo under min_ppi enlarged to fill its slot (pdfimages)",
                check_no_coarse_growth, doc, images, layout)
        r.check(f"{name}: every photo's crop keeps 60% of it (boxes, pdfimages)",
                check_crops_keep, doc, images)
        r.check(f"{name}: photo warnings once each, at the size printed", check_photo_warnings,
                report, doc)
        r.check(f"{name}: red overset marks exactly where the report counts overset lines",
                check_overset_marks, report, doc, red)
        if not report["overset_articles"]:
            r.check(f"{name}: --final prints no red mark", check_final_no_marks, edition)
        r.check(f"{name}: no boxes overlap", it.check_no_overlap, doc)
        r.check(f"{name}: no label or subhead alone at a column's foot",
                check_no_heading_at_foot, doc)
        r.check(f"{name}: boxes inside frames inside pages", it.check_in_frames, doc)
        r.check(f"{name}: body baselines on the grid", it.check_baseline_grid, doc)
        r.check(f"{name}: -j 2 gives the same bytes as -j 1, in 2 threads", check_same_bytes,
                edition, pdf, report)
        if "samples/" in edition and not report["overset_articles"]:
            r.check(f"{name}: galley contact shows its pages", check_contact, edition,
                    report["pages_total"])
        if report["overset_articles"]:
            r.check(f"{name}: --final with an overset article exits 6, writes only its report",
                    check_final, edition)
    r.check("the overset-mark checker catches doctored boxes, reports and PDFs",
            self_test_marks, seen)
    r.check("the continuation checks catch a report without its continuations",
            self_test_continuations, seen)
    r.check("a sample edition with warnings exits 0, and 1 with --strict", check_strict)
    r.check("the coarse-growth checker catches a coarse photo grown", self_test_coarse_growth,
            seen)
    r.check("the crop checker catches a photo cut to a strip", self_test_crops_keep, seen)
    r.check("a photo at min_ppi grows to fill its slot, a coarser one never does",
            check_growth_by_ppi)
    r.check("a photo at min_ppi takes one more column of an underset slot, never two",
            check_widen_by_ppi)
    base = {"paper": "P", "date": "2025-06-11", "rows": 4, "pages": [
        {"articles": [{"article": os.path.abspath("tests/data/articles/minimal.json"),
                       "column": 0, "span": 3, "row": 0, "rows": 2, "jump": 2},
                      {"article": os.path.abspath("tests/data/articles/minimal.json"),
                       "column": 2, "span": 2, "row": 1, "rows": 2}]},
        {"articles": []}]}
    r.check("an edition with overlapping slots is an error naming the field", check_bad,
            "overlap", base, "pages[0].articles[1]: its slot overlaps the slot of "
            "pages[0].articles[0]")
    base["pages"][0]["articles"].pop()
    r.check("a jump to a page without its continuation is an error", check_bad, "nojump", base,
            "jumps to page 2, which has no {\"continue\"")
    r.check("SIGTERM while writing PNG pages leaves no temporary file",
            check_sigterm_temporaries)
    r.check("-j 2 never crashes, two editions at a time (the font lock)", check_threads_stress)
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
