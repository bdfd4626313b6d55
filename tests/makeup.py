#!/usr/bin/env python3
"""Galley's make-up checks: what a desk editor checks on a proof (issue 16).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/makeup.py [--self-test]

Every photo is printed (issue 16, "a second photo disappears"): for every sample article
(samples/*/article.json), every edition article (samples/edition/articles/) and every test
article (tests/data/articles/) that renders, in every shipped layout (layouts/*.json),
rendered with --placeholder, and for the test editions in tests/data/makeup/:

1. the PDF holds one image per photo that has a file: `pdfimages -list` rows that are not
   soft masks (smask), counted, equal the article's photos whose file exists, less those
   Galley names in a warning as drawn as a placeholder (a damaged file; the warning is the
   message a photo may not go without);
2. each photo's caption and credit, in the article's language and in each translation,
   is in `pdftotext -raw`'s text, compared as tests/integration.py compares text (its
   helpers: markup stripped, white space and hyphens removed, credits case-insensitive);
3. each photo after the lead sits where docs/article.md says (from --boxes, in placing
   order): after the last line of the body block it follows (its "anchor", else
   body[floor(k * n_body / n_photos)]) and before the first line of the next, its credit
   and caption lines in its frame;
4. nothing is reported as overset silently: a render that prints fewer images than that
   names each missing photos[N] in a warning saying "overset".

Furniture (issue 16, "Furniture"), from the same renders' --boxes and the sample edition's:

5. each page's folio line stands on the outside corner: flush left on an even page, flush
   right on an odd one (its box's left or right edge on its frame's);
6. each text's byline (the element `byline`, or `translations.LANG.byline`, in the byline
   style) is one line;
7. each pull quote (lines in the quote style) lies between two rules of its own element,
   when the layout draws them (its quote style's "rule", default 0.75 pt), its first line
   opening with a quotation mark (“, ", ‘, «, 「) when the style sets marks;
8. a single article's last page is at least half full (the depth its text columns reach,
   measured as docs/layout.md says) unless it cannot be: it has no lead photo to size, or
   its lead photo already stands at a limit (it prints at or under min_ppi, or is as tall
   as photo.max_height lets it be); and a page after the first never holds fewer than
   MIN_LINES lines of the flow.

A check in PENDING cannot pass yet (another part's work): it runs and prints "pending" with
its reason and first problem, and does not count. A render that fails (an article the layout refuses, a test article that is bad on
purpose) is counted and skipped: tests/bad/run.py checks those messages.

Before all that it runs its self-test (alone with `--self-test`): each checker is fed a
doctored input and must report it, and the good input and must pass; among them the
sample two-photos article with one photo more than its PDF holds.

Prints one line per check, "ok   WHAT" or "FAIL WHAT: reason", then "N passed, M failed"
alone on a line; exits 1 if anything failed. Python 3 standard library only.
"""

import argparse
import copy
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import integration as it  # noqa: E402  (its text helpers: normalize, PdfText, fields)

BUILD = os.environ.get("BUILD", "build")
OUT = os.path.join("tests", "out", "makeup")
TIMEOUT = 600  # seconds for one command (sanitizer builds are slow)
CAPTION_FIELD = re.compile(r"^(translations\.[^.\[\]]+\.)?photos\[(\d+)\]\.(caption|credit)$")
PHOTO_NAME = re.compile(r"\bphotos\[(\d+)\]")
# Checks that cannot pass yet (another part's work): run and reported, not counted.
PENDING = {}
MIN_LINES = 5  # the fewest flow lines a page after the first may hold (check 8)
QUOTE_MARKS = ("\u201c", '"', "\u2018", "'", "\u00ab", "\u300c", "\u300e", "\u201e")


def galley():
    return os.path.join(BUILD, "galley")


def run(args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, timeout=TIMEOUT)


def text(b):
    return b.decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------
# Checkers: each takes what the tools printed and returns a list of problems


def image_rows(listing):
    """The rows of `pdfimages -list` output LISTING that are images drawn on a page (type
    "image"), not the soft masks (type "smask") that carry an image's transparency."""
    rows = []
    for line in listing.splitlines():
        cols = line.split()
        if len(cols) >= 3 and cols[0].isdigit() and cols[1].isdigit():
            if cols[2] == "image":
                rows.append(cols)
            elif cols[2] not in ("smask", "mask", "stencil"):
                raise ValueError(f"pdfimages row of unknown type {cols[2]!r}: {line!r}")
    return rows


def check_image_count(listing, expected, label):
    """The PDF (its `pdfimages -list` LISTING) holds EXPECTED images (a list of photo
    names)."""
    n = len(image_rows(listing))
    if n == len(expected):
        return []
    return [f"{label}: the PDF holds {n} image{'s' if n != 1 else ''}, the article has "
            f"{len(expected)} photo{'s' if len(expected) != 1 else ''} with a file "
            f"({', '.join(expected) or 'none'})"]


def caption_fields(article):
    """The caption and credit fields of ARTICLE (parsed JSON) and of its translations, as
    tests/integration.py reads them (markup stripped where the format has markup)."""
    return [f for f in it.article_fields(article) if CAPTION_FIELD.match(f.path)]


def check_captions(article, pdf_text, label, skip=()):
    """Every caption and credit of ARTICLE is in PDF_TEXT (pdftotext -raw), normalised as
    tests/integration.py does. Fields of photos named in SKIP (overset by name) may be
    missing."""
    pages = it.PdfText(pdf_text)
    problems = []
    for f in caption_fields(article):
        if f"photos[{CAPTION_FIELD.match(f.path).group(2)}]" in skip:
            continue
        needle = it.normalize(f.text)
        if needle and not pages.occurrences(needle, caps=f.caps):
            problems.append(f"{label}: {f.path} is not in the PDF's text: {f.preview()!r}")
    return problems


def about(line, path):
    """True when Galley's message LINE ("galley: FILE:LINE:COL: warning: ...") is about the
    file PATH (None: any), the paths compared normalised (an edition names its articles
    through its own folder: "tests/data/makeup/../../../samples/...")."""
    if path is None:
        return True
    m = re.match(r"^galley: ([^:]+):", line)
    return bool(m) and os.path.normpath(m.group(1)) == os.path.normpath(path)


def named_photos(messages, word, path=None):
    """The photos named in Galley's MESSAGES (stderr) by a message about PATH saying WORD."""
    return {f"photos[{m.group(1)}]" for line in messages.splitlines()
            if word in line and about(line, path) for m in [PHOTO_NAME.search(line)] if m}


def placeholder_photos(messages, path=None):
    """The photos Galley's MESSAGES say are drawn as a placeholder box."""
    return named_photos(messages, "placeholder", path)


def overset_photos(messages, path=None):
    """The photos Galley's MESSAGES name as overset (not printed); with PATH, only those of
    messages about that article file (an edition's messages name several)."""
    return named_photos(messages, "overset", path)


def photos_with_file(article, path, messages):
    """Names of ARTICLE's photos whose file exists next to it (PATH: the article file), less
    those MESSAGES say are drawn as placeholders (the file is damaged)."""
    drawn = []
    folder = os.path.dirname(os.path.join(ROOT, path))
    placeholders = placeholder_photos(messages, path)
    for i, p in enumerate(article.get("photos") or []):
        src = p.get("src") if isinstance(p, dict) else None
        name = f"photos[{i}]"
        if src and os.path.isfile(os.path.join(folder, src)) and name not in placeholders:
            drawn.append(name)
    return drawn


def check_render(articles, listing, pdf_text, messages, label):
    """The checks of one render: ARTICLES, a list of (parsed JSON, its file), all in the
    PDF whose `pdfimages -list` is LISTING and whose text is PDF_TEXT; MESSAGES: Galley's
    stderr. A photo that is named as overset in MESSAGES may be missing from the PDF."""
    expected, problems = [], []
    for k, (article, path) in enumerate(articles):
        overset = overset_photos(messages, path)
        prefix = f"{k}:" if len(articles) > 1 else ""
        expected += [prefix + n for n in photos_with_file(article, path, messages)
                     if n not in overset]
        problems += check_captions(article, pdf_text, label, skip=overset)
    return check_image_count(listing, expected, label) + problems


def photo_after(article, k):
    """The body block photo K (1 or more) follows, as docs/article.md says: its "anchor",
    else floor(K * n_body / n_photos)."""
    photos, n_body = article["photos"], len(article["body"])
    anchor = photos[k].get("anchor")
    return anchor if isinstance(anchor, int) else k * n_body // len(photos)


def check_placement(article, boxes, label):
    """In the --boxes document BOXES (boxes in the order they were placed, page by page),
    each photo after the lead that is printed comes after the last line of the body block
    it follows and before the first line of the next, and its credit and caption lines
    share its frame (the block is kept together in one column)."""
    order = [b for b in boxes["boxes"]]
    problems = []
    for k in range(1, len(article.get("photos") or [])):
        name = f"photos[{k}]"
        at = [i for i, b in enumerate(order) if b["kind"] == "image" and b["element"] == name]
        if len(at) != 1:
            if at:
                problems.append(f"{label}: {name} has {len(at)} image boxes")
            continue  # not printed: the image count and the overset message say so
        i, a = at[0], photo_after(article, k)
        before = [j for j, b in enumerate(order) if b["element"] == f"body[{a}]"]
        after = [j for j, b in enumerate(order) if b["element"] == f"body[{a + 1}]"]
        if not before or max(before) > i:
            problems.append(f"{label}: {name} is not after the last line of body[{a}]")
        if after and min(after) < i:
            problems.append(f"{label}: {name} is not before the first line of body[{a + 1}]")
        frame = order[i]["frame"]
        for b in order:
            if b["element"] in (f"{name}.caption", f"{name}.credit") and b["frame"] != frame:
                problems.append(f"{label}: {b['element']} is not in its photo's frame "
                                f"(page {b['page']} y {b['y']:.1f}; the photo: page "
                                f"{order[i]['page']} y {order[i]['y']:.1f})")
                break
    return problems


# ---------------------------------------------------------------------------------------------
# Rendering


# ---------------------------------------------------------------------------------------------
# Furniture (checks 5 to 8)


def check_folios(boxes, label):
    """Every folio line on its page's outside corner: left on even pages, right on odd."""
    problems = []
    for b in boxes["boxes"]:
        if b["role"] != "folio" or b["kind"] != "line" or b["element"] != "folio":
            continue
        f, odd = b["frame"], b["page"] % 2 == 1
        left, right = b["x"] - f["x"], f["x"] + f["width"] - (b["x"] + b["width"])
        if (right if odd else left) > 1.0:
            problems.append(f"{label}: page {b['page']}: the folio sits {left:.0f} pt from the "
                            f"left and {right:.0f} pt from the right of its frame, not on the "
                            f"{'right' if odd else 'left'} (outside) corner")
    return problems


def check_bylines(boxes, label):
    """Each text's byline (role byline, element byline or translations.X.byline) is one line."""
    lines = {}
    for b in boxes["boxes"]:
        if b["kind"] == "line" and b["role"] == "byline" and b["element"].endswith("byline"):
            lines.setdefault(b["element"], []).append(b)
    # A byline longer than its column (at up to a quarter under its size) may wrap: every
    # line but its last then fills most of the column.
    return [f"{label}: {el} is set in {len(ls)} lines, not one" for el, ls in lines.items()
            if len(ls) > 1 and not all(b["width"] > 0.8 * b["frame"]["width"] for b in ls[:-1])]


def check_quotes(boxes, label, rules=True, marks=True):
    """Each pull quote between two rules of its element, its first line opening with a mark."""
    problems, quotes = [], {}
    for i, b in enumerate(boxes["boxes"]):
        if b["kind"] == "line" and b["role"] == "quote":
            quotes.setdefault(b["element"], []).append(i)
    for el, idx in quotes.items():
        first, last = boxes["boxes"][idx[0]], boxes["boxes"][idx[-1]]
        if marks and not first.get("text", "").lstrip().startswith(QUOTE_MARKS):
            problems.append(f"{label}: {el}: the pull quote opens without a quotation mark "
                            f"({first.get('text', '')[:20]!r})")
        if not rules:
            continue
        mine = [b for b in boxes["boxes"] if b["kind"] == "rule" and b["element"] == el]
        above = [r for r in mine if r["page"] == first["page"] and r["y"] <= first["y"] + 0.5
                 and abs(r["frame"]["x"] - first["frame"]["x"]) < 0.5]
        below = [r for r in mine if r["page"] == last["page"] and r["y"] >= last["y"] +
                 last["height"] - 0.5 and abs(r["frame"]["x"] - last["frame"]["x"]) < 0.5]
        if not above or not below:
            problems.append(f"{label}: {el}: the pull quote has no rule "
                            f"{'above' if not above else 'below'} it")
    return problems


def page_fill(boxes, page):
    """How full PAGE's text columns are (0 to 1) and the flow's lines on it: per column,
    the depth from its frame's top to the lowest box of the flow (boxes whose frame is
    that column reaching the type area's foot), summed, over the frames' depth summed; a
    column the flow left empty counts as deep as the deepest. Galley's own measure
    (compose/article_fit.c) is the same."""
    cols = boxes["pages"][page - 1]["columns"]
    feet = {}
    for b in boxes["boxes"]:
        if b["page"] == page and b["role"] != "folio" and b["element"] != "folio":
            f = b["frame"]
            feet.setdefault(round(f["x"], 1), []).append(b)
    used = total = deepest = 0.0
    empty = lines = 0
    foot = max((b["frame"]["y"] + b["frame"]["height"] for bs in feet.values() for b in bs
                if b["kind"] == "line"), default=0)
    for c in cols:
        mine = [b for b in feet.get(round(c["x"], 1), []) if abs(b["frame"]["width"] -
                c["width"]) < 0.5 and abs(b["frame"]["y"] + b["frame"]["height"] - foot) < 0.5]
        if not mine:
            empty += 1
            continue
        top = min(b["frame"]["y"] for b in mine)
        used += max(b["y"] + b["height"] for b in mine) - top
        total += foot - top
        deepest = max(deepest, foot - top)
        lines += sum(1 for b in mine if b["kind"] == "line")
    total += empty * deepest
    return (used / total if total else 0.0), lines


def photo_at_limit(boxes, layout, listing):
    """True when the lead photo cannot grow: it prints at or under the layout's min_ppi
    (pdfimages' x-ppi of page 1's first image, 3% slack), or is as tall as
    photo.max_height of the depth under it lets it be."""
    lead = [b for b in boxes["boxes"] if b["kind"] == "image" and b["element"] == "photos[0]"]
    if not lead:
        return True  # nothing to size
    b = lead[0]
    rows = [r for r in image_rows(listing) if r[0] == "1"]
    min_ppi = layout.get("min_ppi", 200)
    if rows and len(rows[0]) > 13 and rows[0][12].isdigit() and \
            int(rows[0][12]) <= min_ppi * 1.03:
        return True
    foot = max(c["frame"]["y"] + c["frame"]["height"] for c in boxes["boxes"]
               if c["page"] == 1 and c["role"] == "body") if any(
        c["page"] == 1 and c["role"] == "body" for c in boxes["boxes"]) else b["y"] + b["height"]
    most = (layout.get("photo") or {}).get("max_height", 0.4) * (foot - b["y"])
    return b["height"] >= most - 1.0


def check_fill(boxes, layout, listing, label):
    """The last page at least half full unless the photo is at a limit; no page after the
    first with fewer than MIN_LINES lines."""
    problems = []
    n = len(boxes["pages"])
    if not any(b["kind"] == "image" and b["element"] == "photos[0]" for b in boxes["boxes"]):
        return problems  # no lead photo to size: nothing Galley can choose (yet)
    for page in range(2, n + 1):
        _, lines = page_fill(boxes, page)
        if lines < MIN_LINES:
            problems.append(f"{label}: page {page} holds {lines} line{'s' if lines != 1 else ''}"
                            f" of the flow, under {MIN_LINES}")
    fill, _ = page_fill(boxes, n)
    # Too short to fill it: a one-page story of fewer lines than one column holds.
    flow = sum(page_fill(boxes, p)[1] for p in range(1, n + 1))
    grid = boxes["pages"][0]["grid"]["pitch"]
    short = n == 1 and flow * grid < max((b["frame"]["height"] for b in boxes["boxes"]
                                          if b["role"] == "body"), default=0)
    if fill < 0.5 and not short and not photo_at_limit(boxes, layout, listing):
        problems.append(f"{label}: the last page (page {n}) is {fill:.0%} full, and the lead "
                        f"photo could still grow")
    return problems


def load(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return json.load(f)


def articles():
    paths = sorted(glob.glob("samples/*/article.json", root_dir=ROOT))
    paths += sorted(glob.glob("samples/edition/articles/*.json", root_dir=ROOT))
    paths += sorted(glob.glob("tests/data/articles/*.json", root_dir=ROOT))
    return paths


def layouts():
    return sorted(os.path.basename(p)[:-5] for p in glob.glob("layouts/*.json", root_dir=ROOT))


def tool(args):
    proc = run(args)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {text(proc.stderr).strip()}")
    return text(proc.stdout)


def pdf_tools(pdf):
    """`pdfimages -list` and `pdftotext -raw` of PDF."""
    return tool(["pdfimages", "-list", pdf]), it.pdf_text(os.path.join(ROOT, pdf))


def render_article(path, layout):
    """Renders PATH in LAYOUT with --boxes; returns (pdf, messages), pdf None when Galley
    refused it. The boxes are next to the PDF (boxes_of)."""
    stem = path.replace("/", "_")[:-5] + "." + layout
    pdf = os.path.join(OUT, stem + ".pdf")
    proc = run([galley(), "render", path, "--layout", layout, "--placeholder", "-o", pdf,
                "--boxes", boxes_of(pdf)])
    messages = text(proc.stderr)
    return (pdf if proc.returncode == 0 else None), messages


def boxes_of(pdf):
    return pdf[:-4] + ".boxes.json"


def check_articles(report):
    """Every article in every layout."""
    skipped = 0
    for path in articles():
        try:
            article = load(path)
        except (ValueError, UnicodeDecodeError):
            article = None
        if not isinstance(article, dict):
            skipped += 1  # not JSON, not an object: tests/bad/run.py's
            continue
        n = len(article.get("photos") or [])
        for layout in layouts():
            pdf, messages = render_article(path, layout)
            if pdf is None:
                skipped += 1
                continue
            label = f"{path} {layout}"

            def check(pdf=pdf, messages=messages, label=label):
                listing, pdf_text = pdf_tools(pdf)
                return (check_render([(article, path)], listing, pdf_text, messages, label) +
                        check_placement(article, load(boxes_of(pdf)), label))

            report.check(f"every photo printed with its caption, in place: {label} ({n} photo"
                         f"{'s' if n != 1 else ''})", check)
            report.check(f"furniture: folios outside, one-line bylines, ruled and marked pull "
                         f"quotes, the last page filled: {label}",
                         lambda pdf=pdf, label=label, layout=layout: check_furniture(
                             load(boxes_of(pdf)), load_layout(layout), pdf, label))
    report.result(f"renders refused, skipped: {skipped} (bad input on purpose)", [])


def load_layout(name):
    return load(os.path.join("layouts", name + ".json"))


def check_furniture(boxes, layout, pdf, label):
    """Checks 5 to 8 on one render; the fill check only where the single-article composer
    sizes the photo (not the parallel layout, which pairs paragraphs)."""
    quote = (layout.get("styles") or {}).get("quote") or {}
    problems = (check_folios(boxes, label) + check_bylines(boxes, label) +
                check_quotes(boxes, label, quote.get("rule", 0.75) > 0, quote.get("marks", True)))
    if not layout.get("parallel"):
        problems += check_fill(boxes, layout, tool(["pdfimages", "-list", pdf]), label)
        return problems
    # The parallel layout places each block as a pair from where the sides have got to,
    # and the first item of a column goes in whatever it keeps with: a quote's rule can
    # stand alone at a column's foot there (compose_parallel.c; flow placement's part).
    pending = [p for p in problems if "pull quote has no rule" in p]
    for p in pending:
        print(f"pending furniture: {p}", flush=True)
    return [p for p in problems if p not in pending]


def check_editions(report):
    """The test editions in tests/data/makeup/: their articles' photos and captions."""
    for path in sorted(glob.glob("tests/data/makeup/*.json", root_dir=ROOT)):
        edition = load(path)
        pdf = os.path.join(OUT, os.path.basename(path)[:-5] + ".pdf")
        proc = run([galley(), "edition", path, "-o", pdf, "--placeholder", "--boxes",
                    boxes_of(pdf)])
        messages = text(proc.stderr)
        if proc.returncode > 1 or not os.path.exists(os.path.join(ROOT, pdf)):
            report.result(f"edition renders: {path}", [messages.strip()])
            continue
        arts = []
        for page in edition["pages"]:
            for slot in page.get("articles", []):
                if "article" in slot:
                    a = os.path.normpath(os.path.join(os.path.dirname(path), slot["article"]))
                    arts.append((load(a), a))

        def check(pdf=pdf, messages=messages, arts=arts, path=path):
            listing, pdf_text = pdf_tools(pdf)
            return check_render(arts, listing, pdf_text, messages, path)

        report.check(f"furniture: folios outside, one-line bylines: edition {path}",
                     lambda pdf=pdf, path=path: check_folios(load(boxes_of(pdf)), path) +
                     check_bylines(load(boxes_of(pdf)), path))
        what = f"every photo printed with its caption: edition {path}"
        if path in PENDING:
            try:
                problems = check()
            except Exception as e:  # noqa: BLE001  (reported, like a failure)
                problems = [f"checker crashed: {e}"]
            print(f"pending {what}: {PENDING[path]}" + (f" ({problems[0]})" if problems else
                                                        " (passes now: drop it from PENDING)"),
                  flush=True)
            continue
        report.check(what, check)


# ---------------------------------------------------------------------------------------------
# Self-test


LISTING = """page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image     640   427  rgb     3   8  jpeg   yes       51  0   108   108  110K  14%
   1     1 smask     640   427  gray    1   8  image  no        52  0   108   108  10K   4%
   2     2 image     451   300  rgb     3   8  image  yes       53  0   241   241  229K  58%
"""

PHOTO = {"src": "x.png", "caption": "A *tabby* cat sleeps through the countdown.",
         "credit": "Stefan van der Walt"}


def expect(report, what, problems, should_fail):
    ok = bool(problems) == should_fail
    report.result(f"self-test: {what}", [] if ok else
                  [f"expected {'a failure' if should_fail else 'a pass'}, got "
                   f"{problems or 'no problems'}"])


def self_test(report):
    """Each checker on doctored input must fail and on good input pass."""
    expect(report, "two images, a soft mask not counted",
           check_image_count(LISTING, ["photos[0]", "photos[1]"], "t"), False)
    expect(report, "one photo more than the PDF holds is reported",
           check_image_count(LISTING, ["photos[0]", "photos[1]", "photos[2]"], "t"), True)
    expect(report, "one photo fewer than the PDF holds is reported",
           check_image_count(LISTING, ["photos[0]"], "t"), True)
    art = {"headline": "h", "body": ["b"], "photos": [PHOTO],
           "translations": {"ko": {"photos": [{"caption": "고양이가 잔다."}]}}}
    good = "Some text.\nA tabby cat sleeps through the count-\ndown.\nSTEFAN VAN DER WALT\n고양이가\n잔다.\n"
    expect(report, "caption hyphenated, credit in capitals, translation's caption",
           check_captions(art, good, "t"), False)
    expect(report, "a missing caption is reported",
           check_captions(art, good.replace("tabby", "grey"), "t"), True)
    expect(report, "a missing credit is reported",
           check_captions(art, good.replace("WALT", "WALL"), "t"), True)
    expect(report, "a missing translation's caption is reported",
           check_captions(art, good.replace("고양이가", ""), "t"), True)
    msgs = "galley: x/../a.json:3:5: warning: photos[1]: overset: the photo does not fit\n"
    expect(report, "a photo named as overset may be missing",
           check_captions({"photos": [PHOTO, PHOTO | {"caption": "Gone."}]}, good, "t",
                          skip=overset_photos(msgs)), False)
    expect(report, "a photo not named as overset may not",
           check_captions({"photos": [PHOTO, PHOTO | {"caption": "Gone."}]}, good, "t"), True)
    expect(report, "an overset photo of another article does not excuse this one's",
           [] if not overset_photos(msgs, "b.json") and overset_photos(msgs, "a.json") else
           ["the article file is not told apart"], False)
    expect(report, "placeholder warnings name their photo",
           [] if placeholder_photos("galley: a.json:2:3: warning: photos[3].src: damaged; a "
                                    "placeholder box is drawn instead", "a.json")
           == {"photos[3]"} else ["not found"], False)
    # End to end: the sample with two photos, its PDF, and the article doctored to have a
    # third photo (a file that exists, a caption the PDF does not hold).
    path = "samples/two-photos/article.json"
    pdf, messages = render_article(path, "tabloid")
    if pdf is None:
        report.result("self-test: the two-photo sample renders", [messages])
        return
    listing, pdf_text = pdf_tools(pdf)
    article = load(path)
    expect(report, "the two-photo sample passes",
           check_render([(article, path)], listing, pdf_text, messages, path), False)
    doctored = copy.deepcopy(article)
    doctored["photos"].append(dict(article["photos"][1], caption="A third photo, never drawn."))
    problems = check_render([(doctored, path)], listing, pdf_text, messages, path)
    expect(report, "the sample with one photo more than its PDF holds fails", problems, True)
    expect(report, "... naming the image count and the missing caption",
           [] if len(problems) == 2 and "3 photos" in problems[0] and "photos[2].caption"
           in problems[1] else [f"got {problems}"], False)
    boxes = load(boxes_of(pdf))
    expect(report, "the two-photo sample's second photo sits at its anchor",
           check_placement(article, boxes, path), False)
    moved = copy.deepcopy(article)
    moved["photos"][1]["anchor"] -= 1
    expect(report, "a photo after another paragraph than its anchor's fails",
           check_placement(moved, boxes, path), True)
    spread = copy.deepcopy(article)
    del spread["photos"][1]["anchor"]  # 2 photos, 12 blocks: after body[6], as anchored
    expect(report, "without an anchor the photo goes after body[k * n_body / n_photos]",
           check_placement(spread, boxes, path), False)
    parted = copy.deepcopy(boxes)
    cap = next((b for b in parted["boxes"] if b["element"] == "photos[1].caption"), None)
    if cap is None:
        report.result("self-test: the two-photo sample's boxes hold photos[1].caption",
                      ["no box of photos[1].caption"])
    else:
        cap["frame"] = dict(cap["frame"], x=cap["frame"]["x"] + 1)
        expect(report, "a caption in another frame than its photo fails",
               check_placement(article, parted, path), True)
    furniture_self_test(report, pdf, boxes)
    no_caption = copy.deepcopy(article)
    no_caption["photos"][1]["caption"] = "A caption the page does not hold."
    expect(report, "the sample with a caption its PDF lacks fails",
           check_render([(no_caption, path)], listing, pdf_text, messages, path), True)


def furniture_self_test(report, pdf, boxes):
    """Checks 5 to 8 on the two-photo sample's tabloid page and on doctored copies."""
    layout = load_layout("tabloid")
    listing = tool(["pdfimages", "-list", pdf])
    expect(report, "the two-photo sample's furniture passes",
           check_furniture(boxes, layout, pdf, "t"), False)
    moved = copy.deepcopy(boxes)
    for b in moved["boxes"]:
        if b["role"] == "folio" and b["kind"] == "line":
            b["x"] = b["frame"]["x"]  # page 1 is odd: its folio belongs on the right
    expect(report, "an odd page's folio on the left fails", check_folios(moved, "t"), True)
    two = copy.deepcopy(boxes)
    by = next(b for b in two["boxes"] if b["element"] == "byline" and b["role"] == "byline")
    two["boxes"].append(dict(by, y=by["y"] + by["height"], text="Science Reporter"))
    by["width"] = by["frame"]["width"] * 0.5
    expect(report, "a byline in two short lines fails", check_bylines(two, "t"), True)
    bare = copy.deepcopy(boxes)
    bare["boxes"] = [b for b in bare["boxes"] if not (b["kind"] == "rule" and
                                                      b["element"].startswith("body["))]
    expect(report, "a pull quote without its rules fails", check_quotes(bare, "t"), True)
    unmarked = copy.deepcopy(boxes)
    q = next(b for b in unmarked["boxes"] if b["role"] == "quote")
    q["text"] = q["text"].lstrip("\u201c\"")
    expect(report, "a pull quote without its opening mark fails", check_quotes(unmarked, "t"),
           True)
    spill = copy.deepcopy(boxes)
    spill["pages"].append(dict(spill["pages"][0], page=2))
    body = [b for b in spill["boxes"] if b["role"] == "body"]
    for b in body[-2:]:
        b["page"] = 2
    expect(report, "two lines alone on a second page fail", check_fill(spill, layout, listing,
                                                                     "t"), True)
    # The sample's page is under half full (its launch photo prints under min_ppi, so it
    # may not grow): with a layout that lets it grow, the same page fails.
    expect(report, "a last page under half full under a photo that could grow fails",
           check_fill(boxes, dict(layout, min_ppi=1, photo={"max_height": 1.0}), listing, "t"),
           True)
    expect(report, "... and passes when the photo is at its layout's limit",
           check_fill(boxes, dict(layout, min_ppi=1000), listing, "t"), False)


def main():
    ap = argparse.ArgumentParser(description="Galley's make-up checks.")
    ap.add_argument("--self-test", action="store_true", help="run only the self-test")
    opts = ap.parse_args()
    os.chdir(ROOT)
    os.makedirs(OUT, exist_ok=True)
    report = it.Report()
    if not os.access(galley(), os.X_OK):
        report.result("galley built", [f"{galley()} not found (make {galley()})"])
    else:
        report.check("self-test ran to the end", lambda: self_test(report) or [])
        if not opts.self_test:
            check_articles(report)
            check_editions(report)
    report.summary()
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
