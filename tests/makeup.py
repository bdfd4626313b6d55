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

Every head over its own text (issue 16, "stranded heads"): in the --boxes of every render
above, of the test editions and of the sample edition (samples/edition/edition.json), every
head line (kicker, section, headline, deck, byline; the article's and each translation's)
lies above the first line of its own text placed after it, on the same page: in a frame
spanning that line's frame (a band), or in the same column with at least 3 lines of its
text under it (check_heads).

The headline hierarchy (issue 16, "no hierarchy"), for the sample editions and the test
editions and, 5-7, for every sample in every layout:

5. on every edition page the new articles' headlines, ranked as the layout ladder ranks
   them (the higher slot first, then the larger, then the one further left), never grow
   down the ranks and the top story's is the largest: each head's size, measured in the PDF (`pdftotext -bbox`: the tallest
   word of its first line, over the height the page's body words give one point of the
   body size), is at most the size of the head ranked above it (heads in another script
   than the one above are compared by their --boxes line heights);
6. no headline line ends inside a quotation it closes later (straight or curly quotes,
   Korean corner brackets; unless the quotation is longer than the head's longest line)
   or between a number and its unit, measured on the --boxes lines of every headline;
7. the sample brief (samples/brief-long-head) rendered alone gets a head in its layout's
   brief band (the ladder's min to brief size, from the PDF as in 5) and at most 6 lines.

Furniture (issue 16, "Furniture"), 8-11, from the same renders' --boxes and the sample edition's:

8. each page's folio line stands on the outside corner: flush left on an even page, flush
   right on an odd one (its box's left or right edge on its frame's);
9. each text's byline (the element `byline`, or `translations.LANG.byline`, in the byline
   style) is one line;
10. each pull quote (lines in the quote style) lies between two rules of its own element,
   when the layout draws them (its quote style's "rule", default 0.75 pt), its first line
   opening with a quotation mark (“, ", ‘, «, 「) when the style sets marks;
11. a single article's last page is at least half full (the depth its text columns reach,
   measured as docs/layout.md says) unless it cannot be: it has no lead photo to size, or
   its lead photo already stands at a limit (it prints at or under min_ppi, or is as tall
   as photo.max_height lets it be), or the grid lines it may still grow (to
   photo.max_height, and no taller than prints at min_ppi) times its columns are fewer
   than the lines the page lacks to be half full; and a page after the first never holds fewer than
   MIN_LINES lines of the flow.
15. under the lead photo of a single article that ends on page one and has no translation,
   the legs of text (the lines, of any
   role but the photo's own caption and credit and their translations', in the frames that start just under the
   photo block, in the columns it spans) are level: every column under it holds a leg or
   none does, and none holds fewer than the layout's photo.min_leg lines (4 by default)
   (check_legs).

Slots filled to their foot (issue 16, "underset"), for the sample edition and the test
editions:

12. in every slot where an edition's story ends, measured on the PDF's words (`pdftotext
   -bbox`, in the columns --boxes gives the slot's frames; a pull quote's closing rule from
   --boxes), every column but the last ends within 1 grid line of the lowest, the last
   within balancing's reach (as many lines as the story has columns there); the lowest word
   stands within 2 grid lines of the slot's foot unless the report names the article
   underset, and then with the report's count to a line; the body lines (the words of the
   slot's most common height, Korean words aside: their paragraphs' later lines stand at
   the Korean leading, check 14) stand on one phase of the grid (check_slot_fill);
13. the sample edition's report names no underset and no overset slot (KNOWN_UNDERSET
   names any slot left underset for a stated reason; none is).

Korean text at Korean leading (issue 16, "Korean text in any layout at Korean leading and
on the grid"), 14: in every render above and the sample edition's whose layout's body gives a
korean_leading and that has Korean body lines, consecutive lines of a Korean paragraph in one
column lie the korean_leading apart (+-0.2 pt, and at least 155% of the body size) and each
paragraph's first line in a column is on the grid, measured on the all-Hangul words of
`pdftotext -bbox` (check_korean_leading).

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
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

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
# Known faults of one render, with their reason: the check runs and each problem that names
# FAULT is printed "pending" and not counted; any other problem fails. Each entry is a defect
# the closing note of issue 16 names as left undone.
KNOWN = {
    ("tests/data/articles/text-only-bilingual.json", "a4"):
        ("ends 3 grid lines", "Korean leading (16.67 on a 12.5 grid): the translation's "
         "body[1] needs 3 Korean lines at column 1's foot (its first line kept from being an "
         "orphan, its second ending in a cut word) and column 1 has room for 2; vertical "
         "justification finds no paragraph to add a grid line above in that column (body[0] "
         "is kept with the byline above it)"),
}
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


def parallel_layout(boxes):
    """True when the --boxes document BOXES was rendered in a layout that sets an article
    and its translation side by side ("parallel" in layouts/NAME.json): each side is then
    a story of its own, its columns ending where its pairs end."""
    path = os.path.join(ROOT, "layouts", f"{boxes.get('layout')}.json")
    try:
        with open(path, encoding="utf-8") as f:
            return "parallel" in json.load(f)
    except (OSError, ValueError):
        return False


TEXT_OF = re.compile(r"^(translations\.[^.\[\]]+\.)?")


def story_columns(boxes):
    """The story columns of the --boxes document BOXES: {(page, story, x, foot): bottom},
    a column being the boxes that share a frame holding body lines (one story's column of
    text in its slot or page, x its left edge, foot the frame's foot), bottom the lowest box
    edge in it; and the column of each story's last body line (its end). A story is an
    article's text (the boxes' "article", one in a single render; its original or one of
    its translations, by the element's "translations.LANG." prefix: a translation starts
    under its own head, its original balanced above it or ending on the page before), or
    in a parallel layout one language side of it."""
    by_lang = parallel_layout(boxes)
    frames, cols, last = {}, {}, {}

    def key(b):
        f = b["frame"]
        text = TEXT_OF.match(b.get("element") or "").group(1)
        story = (b.get("article"), b.get("lang") if by_lang else text or None)
        return (b["page"], story, round(f["x"], 1), round(f["y"] + f["height"], 1))

    for b in boxes["boxes"]:
        frames.setdefault(key(b), []).append(b)
    for k, bs in frames.items():
        if any(b["role"] == "body" for b in bs):
            cols[k] = max(b["y"] + b["height"] for b in bs)
    for b in boxes["boxes"]:
        if key(b) in cols and b["role"] == "body":
            last[key(b)[1]] = key(b)
    return cols, last


def check_holes(boxes, label, overset=()):
    """No story column ends more than 1 grid line above its foot unless it is the story's
    last column (issue 16, "holes inside stories"). The foot is the frame's foot (the
    page's or slot's column foot) where the story goes on to a later page, else (the page
    where it ends, its columns balanced) the lowest column end of the story on that page.
    A column ends short when 2 or more grid lines (the page's pitch) would fit under it.
    Articles in OVERSET (their files, as the edition report names them) are skipped: their
    slot's shortfall is reported as overset lines, a louder message."""
    skip = {os.path.normpath(a) for a in overset}
    cols, last = story_columns(boxes)
    pitch = {p["page"]: p["grid"]["pitch"] for p in boxes["pages"]}
    later = {}
    for (page, art, _, _) in cols:
        later[art] = max(later.get(art, 0), page)
    lowest = {}
    for (page, art, _, _), bottom in cols.items():
        lowest[page, art] = max(lowest.get((page, art), 0), bottom)
    problems = []
    for key, bottom in sorted(cols.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])):
        page, art, x, foot = key
        if art[0] and os.path.normpath(art[0]) in skip:
            continue
        goes_on = later[art] > page
        if key == last.get(art) and not goes_on:
            continue
        ref = foot if goes_on else lowest[page, art]
        where = "foot" if goes_on else "story's lowest column"
        short = int((ref - bottom) / pitch[page] + 1e-3)
        if short >= 2:
            who = f"{os.path.basename(art[0])} " if art[0] else ""
            who += f"({art[1]}) " if art[1] else ""
            problems.append(f"{label}: page {page}: {who}column at x {x:g} ends {short} grid "
                            f"lines above its {where}"
                            f" (y {bottom:.1f}, {ref:.1f})")
    return problems


HEADS = ("kicker", "section", "headline", "deck", "byline")
TEXT_PREFIX = re.compile(r"^((?:translations\.[^.\[\]]+\.)?)(kicker|section|headline|deck|"
                         r"byline|body\[\d+\])$")


def spans(outer, inner):
    """True when frame OUTER covers frame INNER from side to side."""
    return (outer["x"] <= inner["x"] + 0.5 and
            outer["x"] + outer["width"] >= inner["x"] + inner["width"] - 0.5)


def in_band(h, t, rules):
    """True when head box H stands in an article's head band over its text's first line T:
    above one of RULES (the band's closing rule, element "headline"), on T's page, the rule
    spanning T's frame and H's, with T under it. A parallel page's decks may sit beside its
    lead photo in that band (compose_parallel.c): the band as a whole is over both texts."""
    for r in rules:
        if (r["page"] == h["page"] == t["page"] and h["y"] + h["height"] <= r["y"] + 0.5 and
                t["y"] >= r["y"] and spans(r, t["frame"]) and spans(r, h["frame"])):
            return True
    return False


def check_heads(boxes, label):
    """Every head box (a kicker, section, headline, deck or byline line, the article's and
    each translation's) in the --boxes document BOXES lies above the first line of its own
    text (the first body line of the same article and text placed after it): on the same
    page, with its bottom at or above that line's top, either in a frame that spans the
    text's frame from side to side (a band) or in the same frame with at least 3 lines of
    its text (all of it, if it has fewer) under it in that frame. A head whose text is
    never placed after it (overset, reported as such) is not checked."""
    lines = [b for b in boxes["boxes"] if b["kind"] == "line"]
    rules = [b for b in boxes["boxes"] if b["kind"] == "rule" and b["element"] == "headline"]
    keyed = []  # (article, prefix, what, box), in placing order
    for b in lines:
        m = TEXT_PREFIX.match(b["element"])
        if m:
            what = "body" if m.group(2).startswith("body") else "head"
            keyed.append((b.get("article"), m.group(1), what, b))
    problems = []
    for i, (art, pre, what, h) in enumerate(keyed):
        if what != "head":
            continue
        text = [b for (a, p, w, b) in keyed[i + 1:] if (a, p, w) == (art, pre, "body")]
        if not text:
            continue
        t = text[0]
        where = (f"{label}: {h['element']} {h['text'][:24]!r} (page {h['page']} y "
                 f"{h['y']:.0f}, x {h['frame']['x']:.0f})")
        first = (f"its text's first line {t['element']} (page {t['page']} y {t['y']:.0f}, x "
                 f"{t['frame']['x']:.0f})")
        if t["page"] != h["page"] or h["y"] + h["height"] > t["y"] + 0.5:
            problems.append(f"{where} is not above {first}")
            continue
        same = (abs(h["frame"]["x"] - t["frame"]["x"]) < 0.5 and
                abs(h["frame"]["width"] - t["frame"]["width"]) < 0.5)
        if not same and not spans(h["frame"], t["frame"]) and not in_band(h, t, rules):
            problems.append(f"{where} is neither in nor across the frame of {first}")
            continue
        if same:  # in one column (its own band or its text's frame): 3 lines under it
            under = [b for b in text if b["page"] == h["page"] and b["y"] >= h["y"] and
                     abs(b["frame"]["x"] - h["frame"]["x"]) < 0.5 and
                     abs(b["frame"]["width"] - h["frame"]["width"]) < 0.5]
            if len(under) < min(3, len(text)):
                problems.append(f"{where} has {len(under)} line(s) of its text under it in its "
                                f"column; {first}")
    return problems


# ---------------------------------------------------------------------------------------------
# Furniture (checks 8 to 11)


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


BREAK_SPACE = 3  # pt: a word space of a byline, at most


def check_bylines(boxes, label):
    """Each text's byline (role byline, element byline or translations.X.byline) is one line."""
    lines = {}
    for b in boxes["boxes"]:
        if b["kind"] == "line" and b["role"] == "byline" and b["element"].endswith("byline"):
            lines.setdefault((b.get("article"), b["element"]), []).append(b)
    # A byline longer than its column even a tenth under its size may wrap (at its own
    # size): its lines together, with the space at each break (BREAK_SPACE pt), are then
    # wider than the column at 90%.
    return [f"{label}: {os.path.basename(art or '')}{' ' if art else ''}{el} is set in "
            f"{len(ls)} lines, not one" for (art, el), ls in lines.items()
            if len(ls) > 1 and 0.9 * (sum(b["width"] for b in ls) + BREAK_SPACE * (len(ls) - 1))
            <= ls[0]["frame"]["width"]]


def check_pull_quotes(boxes, label, rules=True, marks=True):
    """Each pull quote between two rules of its element, its first line opening with a mark."""
    problems, quotes = [], {}
    for i, b in enumerate(boxes["boxes"]):
        if b["kind"] == "line" and b["role"] == "quote":
            quotes.setdefault((b.get("article"), b["element"]), []).append(i)
    for (art, el), idx in quotes.items():
        first, last = boxes["boxes"][idx[0]], boxes["boxes"][idx[-1]]
        if marks and not first.get("text", "").lstrip().startswith(QUOTE_MARKS):
            problems.append(f"{label}: {el}: the pull quote opens without a quotation mark "
                            f"({first.get('text', '')[:20]!r})")
        if not rules:
            continue
        mine = [b for b in boxes["boxes"] if b["kind"] == "rule" and b["element"] == el and
                b.get("article") == art]
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


def photo_growth_lines(boxes, layout, listing):
    """The most flow lines growing the lead photo could push on: the grid lines it may
    still grow taller (to photo.max_height of the depth under it, and no further than
    prints at min_ppi: it covers its frame, so a taller frame scales its pixels up; its
    pixel size from pdfimages), times the columns it spans."""
    lead = [b for b in boxes["boxes"] if b["kind"] == "image" and b["element"] == "photos[0]"]
    rows = [r for r in image_rows(listing) if r[0] == "1"]
    if not lead or not rows or not rows[0][4].isdigit():
        return math.inf
    b, grid = lead[0], boxes["pages"][0]["grid"]["pitch"]
    tallest = 72.0 * int(rows[0][4]) / layout.get("min_ppi", 200)
    foot = max((c["frame"]["y"] + c["frame"]["height"] for c in boxes["boxes"]
                if c["page"] == 1 and c["role"] == "body"), default=b["y"] + b["height"])
    tallest = min(tallest, (layout.get("photo") or {}).get("max_height", 0.4) * (foot - b["y"]))
    cols = [c for c in boxes["pages"][0]["columns"]
            if c["x"] >= b["x"] - 0.5 and c["x"] + c["width"] <= b["x"] + b["width"] + 0.5]
    return max(0, math.floor((tallest - b["height"]) / grid)) * max(1, len(cols))


def lines_short(boxes, page, fill):
    """The flow lines PAGE (at FILL) lacks to be half full: its columns' grid lines times
    the fill it lacks."""
    cols = boxes["pages"][page - 1]["columns"]
    grid = boxes["pages"][page - 1]["grid"]["pitch"]
    depth = max((b["frame"]["height"] for b in boxes["boxes"] if b["page"] == page and
                 b["role"] == "body"), default=0)
    return math.ceil((0.5 - fill) * len(cols) * depth / grid)


def check_fill(boxes, layout, listing, label):
    """The last page at least half full unless the photo is at a limit or could not grow by
    enough lines to fill it; no page after the first with fewer than MIN_LINES lines."""
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
    if fill < 0.5 and not short and not photo_at_limit(boxes, layout, listing) and \
            photo_growth_lines(boxes, layout, listing) >= lines_short(boxes, n, fill):
        problems.append(f"{label}: the last page (page {n}) is {fill:.0%} full, and the lead "
                        f"photo could still grow")
    return problems


def check_legs(boxes, layout, label):
    """Check 15: the legs under page one's lead photo in every column it spans or none, each
    of photo.min_leg lines or more."""
    least = (layout.get("photo") or {}).get("min_leg", 4)
    if len(boxes["pages"]) > 1 or any(b["element"].startswith("translations.")
                                      for b in boxes["boxes"]):
        return []  # legs of full columns; a translation's head and text are their own module
    block = [b for b in boxes["boxes"] if b["page"] == 1 and
             re.match(r"(translations\.[^.]+\.)?photos\[0\](\.|$)", b["element"])]
    lead = [b for b in block if b["kind"] == "image"]
    if not lead:
        return []
    img = lead[0]
    bottom = max(b["y"] + b["height"] for b in block)
    pitch = boxes["pages"][0]["grid"]["pitch"]
    cols = [c for c in boxes["pages"][0]["columns"]
            if c["x"] >= img["x"] - 1 and c["x"] + c["width"] <= img["x"] + img["width"] + 1]
    counts = [sum(1 for b in boxes["boxes"] if b["page"] == 1 and b["kind"] == "line" and
                  b not in block and abs(b["frame"]["x"] - c["x"]) < 1 and
                  bottom - 1 <= b["frame"]["y"] < bottom + 2 * pitch) for c in cols]
    used = [n for n in counts if n]
    if used and (len(used) < len(counts) or min(used) < least):
        return [f"{label}: the legs under the lead photo hold {counts} lines, column by "
                f"column: {'some columns none' if len(used) < len(counts) else ''}"
                f"{' and ' if len(used) < len(counts) and min(used) < least else ''}"
                f"{f'a leg under {least} lines' if min(used) < least else ''}"]
    return []


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
            known = KNOWN.get((path, layout))

            def check(pdf=pdf, messages=messages, label=label):
                listing, pdf_text = pdf_tools(pdf)
                return (check_render([(article, path)], listing, pdf_text, messages, label) +
                        check_placement(article, load(boxes_of(pdf)), label))

            report.check(f"every photo printed with its caption, in place: {label} ({n} photo"
                         f"{'s' if n != 1 else ''})", check)
            report.check(f"no hole in a story's columns: {label}",
                         lambda pdf=pdf, label=label, known=known: unless_known(
                             check_holes(load(boxes_of(pdf)), label), known))
            report.check(f"the legs under the lead photo level: {label}",
                         lambda pdf=pdf, label=label, layout=layout: check_legs(
                             load(boxes_of(pdf)), load_layout(layout), label))
            report.check(f"every head over its own text: {label}",
                         lambda pdf=pdf, label=label: check_heads(load(boxes_of(pdf)), label))
            report.check(f"furniture: folios outside, one-line bylines, ruled and marked pull "
                         f"quotes, the last page filled: {label}",
                         lambda pdf=pdf, label=label, layout=layout, known=known: unless_known(
                             check_furniture(load(boxes_of(pdf)), load_layout(layout), pdf,
                                             label), known))
    report.result(f"renders refused, skipped: {skipped} (bad input on purpose)", [])


def unless_known(problems, known):
    """PROBLEMS less those a KNOWN entry (fault, reason) names, each printed "pending". An
    entry covers every check of its render, so one check passing says nothing of the entry;
    an entry no check prints "pending" for is stale and is dropped by hand."""
    if not known:
        return problems
    fault, reason = known
    hits = [p for p in problems if fault in p]
    for p in hits:
        print(f"pending {p}: {reason}", flush=True)
    return [p for p in problems if p not in hits]


def report_of(pdf):
    return pdf[:-4] + ".report.json"


def overset_articles(edition_report):
    """The article files an edition's --report names as overset."""
    return [a["article"] for p in edition_report.get("pages", []) for a in p.get("articles", [])
            if "overset" in a]


def edition_holes(pdf, label):
    """check_holes on an edition's --boxes, its overset articles (from --report) skipped."""
    return check_holes(load(boxes_of(pdf)), label, overset_articles(load(report_of(pdf))))


def load_layout(name):
    return load(os.path.join("layouts", name + ".json"))


def check_furniture(boxes, layout, pdf, label):
    """Checks 5 to 8 on one render; the fill check only where the single-article composer
    sizes the photo (not the parallel layout, which pairs paragraphs)."""
    quote = (layout.get("styles") or {}).get("quote") or {}
    problems = (check_folios(boxes, label) + check_bylines(boxes, label) +
                check_pull_quotes(boxes, label, quote.get("rule", 0.75) > 0, quote.get("marks", True)))
    if not layout.get("parallel"):
        problems += check_fill(boxes, layout, tool(["pdfimages", "-list", pdf]), label)
    return problems


def check_editions(report):
    """The test editions in tests/data/makeup/: their articles' photos and captions; and
    theirs and the sample edition's heads."""
    for path in ["samples/edition/edition.json"] + sorted(glob.glob("tests/data/makeup/*.json",
                                                                   root_dir=ROOT)):
        edition = load(path)
        pdf = os.path.join(OUT, "edition-" + os.path.basename(path)[:-5] + ".pdf")
        proc = run([galley(), "edition", path, "-o", pdf, "--placeholder", "--boxes",
                    boxes_of(pdf), "--report", report_of(pdf)])
        messages = text(proc.stderr)
        if proc.returncode != 0 or not os.path.exists(os.path.join(ROOT, pdf)):
            report.result(f"edition renders: {path}", [messages.strip()])
            continue
        report.check(f"every head over its own text: edition {path}",
                     lambda pdf=pdf, path=path: check_heads(load(boxes_of(pdf)), path))
        report.check(f"no hole in a story's columns: edition {path}",
                     lambda pdf=pdf, path=path: edition_holes(pdf, path))
        report.check(f"every slot filled to its foot, on the grid: edition {path}",
                     lambda pdf=pdf, path=path: edition_slot_fill(pdf, path, path))
        report.check(f"furniture: folios outside, one-line bylines: edition {path}",
                     lambda pdf=pdf, path=path: check_folios(load(boxes_of(pdf)), path) +
                     check_bylines(load(boxes_of(pdf)), path))
        if path == "samples/edition/edition.json":
            report.check(f"no underset and no overset slot: edition {path}",
                         lambda pdf=pdf, path=path: sample_slots(pdf, path))
        if path.startswith("samples/"):
            continue  # its photos: tests/edition.py
        arts = []
        for page in edition["pages"]:
            for slot in page.get("articles", []):
                if "article" in slot:
                    a = os.path.normpath(os.path.join(os.path.dirname(path), slot["article"]))
                    arts.append((load(a), a))

        def check(pdf=pdf, messages=messages, arts=arts, path=path):
            listing, pdf_text = pdf_tools(pdf)
            return check_render(arts, listing, pdf_text, messages, path)

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
# Slots filled to their foot (issue 16, "underset")

UNDERSET_LINES = 3  # render/compose/edition_slot.h GALLEY_UNDERSET_LINES
PDF_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
# Slots whose last column stands further above the others than balancing leaves, with their
# reason: the check runs and prints "pending" for them (each a defect named as left undone).
KNOWN_SLOTS = {
    "edition-photos.json":
        ("edition-photos.json: article.json: page 1: its last column",
         "the two-photo sample alone in a whole-page slot: its lead photo takes the layout's "
         "share of that slot (4 columns, 110 mm tall, at 80 ppi), and the columns under it "
         "hold a pull quote and a photo block kept whole; filled to the foot, or balanced, "
         "the last column is left about 20 lines short (the texture merge's line breaks "
         "brought this out; neither fill mode nor balancing weighs the last column's "
         "shortfall, and an edition slot does not shrink a photo that prints under min_ppi)"),
    "translation-prize.json":
        ("translation-prize.json: page 6: its last column",
         "the Korean translation under its one-column head (head_band.c IN_COLUMN) is "
         "balanced over three columns, its pull quote moved whole atop the last; the deepest "
         "balance leaves that column 4 lines short where the check allows 3"),
}


def pdf_lines(pdf):
    """Per page (1-based), the lines of `pdftotext -bbox` in the trimmed page's points (the
    PDF's media box has the bleed around it): each word's box (x0, y0, x1, y1), the words
    being what the PDF holds for certain (its line grouping runs across narrow gutters),
    and its text."""
    xml, boxes = tool(["pdftotext", "-bbox", pdf, "-"]), load(boxes_of(pdf))
    trims = {p["page"]: (p["width"], p["height"]) for p in boxes["pages"]}
    pages = {}
    for n, chunk in enumerate(re.split(r"(?=<page )", xml)[1:], start=1):
        w, h = (float(v) for v in PDF_PAGE.search(chunk).groups())
        tw, th = trims.get(n, (w, h))
        dx, dy = (w - tw) / 2, (h - th) / 2
        pages[n] = [(float(x0) - dx, float(y0) - dy, float(x1) - dx, float(y1) - dy,
                     html_unescape(t)) for x0, y0, x1, y1, t in WORD.findall(chunk)]
    return pages


def ending_slots(boxes, edition_report, edition):
    """The slots where an edition's articles end (their continuation's when they jump), on
    pages of slots (not filled down): [(entry, page, columns, foot)], COLUMNS being the
    frames of the story's last text there (its original, or the translation whose text comes
    last), one a page column, each (x0, x1, top, foot, rule): RULE the bottom of the lowest
    rule in it (a pull quote's closing rule: no word of the PDF shows where it ends; 0 when
    none); FOOT the slot's foot (its frames' lowest edge)."""
    slots = []
    pages = {p["page"]: p for p in boxes["pages"]}
    for page in edition_report.get("pages", []):
        for a in page["articles"]:
            if "continued_from" in a:  # its first entry stands for it (jump_page)
                continue
            end = a.get("jump_page") or a["page"]
            if edition["pages"][end - 1].get("fill") or "overset" in a:
                continue
            width = pages[end]["columns"][0]["width"]
            mine = [b for b in boxes["boxes"] if b["page"] == end and
                    b.get("article") == a["article"]]
            body = [b for b in mine if b["role"] == "body" and
                    abs(b["frame"]["width"] - width) < 0.5]
            if not body:
                continue
            text = TEXT_OF.match(body[-1]["element"]).group(1)
            cols = {}
            for b in mine:
                f = b["frame"]
                # A photo's captions in every language stand in the flow of the text the
                # photo is in: the original's.
                el = b.get("element") or ""
                own = None if CAPTION_FIELD.match(el) else TEXT_OF.match(el).group(1)
                if abs(f["width"] - width) < 0.5 and own == text:
                    x0, x1, top, foot, rule = cols.get(round(f["x"], 1),
                                                       (f["x"], f["x"] + f["width"], f["y"], 0, 0))
                    if b["kind"] == "rule":
                        rule = max(rule, b["y"] + b["height"])
                    cols[round(f["x"], 1)] = (x0, x1, min(top, f["y"]),
                                              max(foot, f["y"] + f["height"]), rule)
            foot = max(b["frame"]["y"] + b["frame"]["height"] for b in mine)
            slots.append((a, end, [cols[x] for x in sorted(cols)], foot))
    return slots


def check_slot_fill(words, boxes, edition_report, edition, label):
    """In every slot where an edition's story ends (ending_slots), measured on the PDF's
    words (WORDS, pdf_lines) that fall in its columns: every column but the last (the
    rightmost that holds any; a pull quote's closing rule, from --boxes, counts) ends
    within 1 grid line of the lowest, the last within balancing's reach (as many grid lines
    above it as the story has columns there: fewer with lines alone, one more where a kept
    block or a display item's space moves on whole); the
    lowest word stands within UNDERSET_LINES - 1 grid lines of the slot's foot unless the
    report names the article underset, and when it does, with the lines the report gives
    (report and PDF agree, to a line: the report measures box edges, the PDF the glyphs'
    bottoms); and the body lines (the words of the slot's most common height) all stand on
    the same phase of the grid: no baseline off the grid."""
    pitch = {p["page"]: p["grid"]["pitch"] for p in boxes["pages"]}
    problems = []
    for a, page, cols, foot in ending_slots(boxes, edition_report, edition):
        g = pitch[page]
        who = f"{label}: {os.path.basename(a['article'])}: page {page}"
        ends, mine = [], []
        for x0, x1, top, cfoot, rule in cols:
            col = [w for w in words.get(page, []) if x0 - 1 <= (w[0] + w[2]) / 2 <= x1 + 1
                   and w[1] >= top - 2 and w[3] <= cfoot + 4]
            if col:
                ends.append((max([w[3] for w in col] + [rule]), x0))
                mine += col
        if not ends:
            problems.append(f"{who}: no word of the PDF in its columns")
            continue
        lowest = max(e for e, _ in ends)
        for i, (end, x0) in enumerate(ends):
            last = i == len(ends) - 1
            short = int((lowest - end) / g + 0.05)
            allowed = len(ends) if last else 1
            if short > allowed:
                what = "its last column" if last else "column"
                problems.append(f"{who}: {what} at x {x0:.0f} ends {short} grid lines above "
                                f"the lowest (at most {allowed})")
        empty = int((foot - lowest) / g + 0.05)
        under = (a.get("underset") or {}).get("lines")
        if under is None and empty >= UNDERSET_LINES:
            problems.append(f"{who}: its lowest line stands {empty} grid lines above the "
                            f"slot's foot, but the report does not name it underset")
        elif under is not None and abs(under - empty) > 1:
            problems.append(f"{who}: the report says {under} lines underset, the PDF {empty}")
        heights = {}
        for w in mine:
            heights[round(w[3] - w[1], 1)] = heights.get(round(w[3] - w[1], 1), 0) + 1
        common = max(heights, key=heights.get)
        # Korean lines aside: a Korean paragraph's lines after its first stand at the Korean
        # leading, off the grid (check_korean_leading measures those). A word is on a Korean
        # line when it has Hangul, or lies on a line box of language "ko" (its figures, set in
        # the Korean face, are as tall as its Hangul: "500", "64.2%").
        ko = [b for b in boxes["boxes"] if b.get("kind") == "line" and b.get("lang") == "ko"
              and b["page"] == page]

        def on_korean_line(w):
            mid_x = (w[0] + w[2]) / 2
            return any(b["x"] - 2 <= mid_x <= b["x"] + b["width"] + 2
                       and w[1] < b["baseline"] < w[3] for b in ko)

        phases = [(w[3] % g) / g for w in mine if round(w[3] - w[1], 1) == common and
                  not (len(w) > 4 and hangul(w[4])) and not on_korean_line(w)]
        worst = max((min((p - q) % 1, (q - p) % 1) for p in phases for q in phases[:1]),
                    default=0)
        if worst > 0.02:
            problems.append(f"{who}: body lines off the grid (a line's bottom {worst:.2f} of a "
                            f"grid line off the first's)")
    return problems


# Slots of the sample edition left underset, with their reason (printed "pending").
KNOWN_UNDERSET = {}


def check_sample_slots(edition_report, label):
    """The sample edition prints no underset slot and no overset one (issue 16: the slots'
    copyfit fills them, and where it cannot, the desk's copy and geometry do)."""
    problems = []
    for page in edition_report.get("pages", []):
        for a in page["articles"]:
            name = os.path.basename(a["article"])
            if "underset" in a:
                problems.append(f"{label}: {name} is underset by {a['underset']['lines']} lines "
                                f"on page {a['underset']['page']}")
            if "overset" in a:
                problems.append(f"{label}: {name} is overset by {a['overset']['lines']} lines")
    return problems


def sample_slots(pdf, label):
    """check_sample_slots on the sample edition's --report, KNOWN_UNDERSET pending."""
    problems = check_sample_slots(load(report_of(pdf)), label)
    for known in KNOWN_UNDERSET.values():
        problems = unless_known(problems, known)
    return problems


def edition_slot_fill(pdf, edition_path, label):
    """check_slot_fill on an edition's PDF, --boxes and --report."""
    problems = check_slot_fill(pdf_lines(pdf), load(boxes_of(pdf)), load(report_of(pdf)),
                               load(edition_path), label)
    for known in KNOWN_SLOTS.values():
        problems = unless_known(problems, known)
    return problems


def self_test_slot_fill(report):
    """check_slot_fill on the sample edition and on doctored copies of its PDF's lines and
    its report."""
    path = "samples/edition/edition.json"
    pdf = os.path.join(OUT, "self-test-slots.pdf")
    proc = run([galley(), "edition", path, "-o", pdf, "--boxes", boxes_of(pdf), "--report",
                report_of(pdf)])
    if proc.returncode != 0:
        report.result("self-test: the sample edition renders", [text(proc.stderr)])
        return
    lines, boxes, rep, edition = (pdf_lines(pdf), load(boxes_of(pdf)), load(report_of(pdf)),
                                  load(path))
    good = check_slot_fill(lines, boxes, rep, edition, path)
    for known in KNOWN_SLOTS.values():
        good = [p for p in good if known[0] not in p]
    expect(report, "the sample edition's slots are filled to their feet", good, False)
    slots = [s for s in ending_slots(boxes, rep, edition) if len(s[2]) >= 3 and
             not any(k in s[0]["article"] for k in KNOWN_SLOTS)]
    if not slots:
        report.result("self-test: the sample edition has a slot of 3 columns", ["none"])
        return
    a, page, cols, foot = slots[0]

    def in_col(ln, col):
        return col[0] - 1 <= (ln[0] + ln[2]) / 2 <= col[1] + 1 and col[2] - 2 <= ln[1] and \
            ln[3] <= col[3] + 4

    def doctored(fn):
        d = copy.deepcopy(lines)
        d[page] = fn(d[page])
        return check_slot_fill(d, boxes, rep, edition, path)

    first = cols[0]
    mine = sorted((ln for ln in lines[page] if in_col(ln, first)), key=lambda ln: ln[3])
    cut = set(mine[-3:])
    expect(report, f"{os.path.basename(a['article'])}'s first column 3 lines short fails",
           doctored(lambda ls: [ln for ln in ls if ln not in cut]), True)
    shift = mine[len(mine) // 2]
    expect(report, "a body line 3 pt off the grid fails",
           doctored(lambda ls: [(ln[0], ln[1] + 3, ln[2], ln[3] + 3) + ln[4:] if ln == shift else ln
                                for ln in ls]), True)
    g = next(p["grid"]["pitch"] for p in boxes["pages"] if p["page"] == page)
    up = 4 * g  # every line of the slot 4 grid lines higher: a hole at its foot
    span = (cols[0][0], cols[-1][1], min(c[2] for c in cols), foot)
    expect(report, "a slot 4 lines short of its foot that the report does not name fails",
           doctored(lambda ls: [(ln[0], ln[1] - up, ln[2], ln[3] - up)
                                if span[0] - 1 <= (ln[0] + ln[2]) / 2 <= span[1] + 1 and
                                span[2] + up <= ln[1] and ln[3] <= span[3] + 4 else ln
                                for ln in ls]), True)
    named = copy.deepcopy(rep)
    for p in named["pages"]:
        for e in p["articles"]:
            if e["field"] == a["field"]:
                e["underset"] = {"lines": 6, "page": page}
    expect(report, "a report naming a full slot underset fails",
           check_slot_fill(lines, boxes, named, edition, path), True)
    def unknown(problems):
        return [p for p in problems if not any(k[0] in p for k in KNOWN_UNDERSET.values())]

    expect(report, "the sample edition has no underset or overset slot but the known ones",
           unknown(check_sample_slots(rep, path)), False)
    expect(report, "... and a report naming one more fails",
           unknown(check_sample_slots(named, path)), True)


# ---------------------------------------------------------------------------------------------
# The headline hierarchy

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r'([^<]*)</word>')
PAGE = re.compile(r"<page ")
UNIT_START = re.compile(r"(am|pm|a\.m\.|p\.m\.|km|kg|cm|mm|m|%|percent|million|billion|"
                        r"trillion|won|원|달러|명|개|년|조|억|만)(\W|$)")
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "«": "»"}


def pdf_words(pdf):
    """Per page (0-based), the words of `pdftotext -bbox`: (x0, y0, x1, y1, text)."""
    pages = []
    for chunk in PAGE.split(tool(["pdftotext", "-bbox", pdf, "-"]))[1:]:
        pages.append([(float(a), float(b), float(c), float(d), html_unescape(t))
                      for a, b, c, d, t in WORD.findall(chunk)])
    return pages


def html_unescape(t):
    import html
    return html.unescape(t)


def hangul(t):
    return any("\uac00" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f" for ch in t)


def points_per_height(words, boxes, page, body_size):
    """The PDF word height of one point of type on PAGE: the median height of the Latin
    body words (on the --boxes body lines) over the layout's body size; on a page with no
    Latin body, the Korean words' (a scale good for comparing Korean heads only)."""
    tops = [b["y"] for b in boxes if b["page"] == page + 1 and b["kind"] == "line"
            and b.get("role") == "body"]
    body = [w for w in words[page] if any(abs(w[1] - t) < 30 for t in tops)]
    for korean in (False, True):
        hs = sorted(w[3] - w[1] for w in body if hangul(w[4]) == korean
                    and (korean or w[4].isalpha()))
        if hs:
            return hs[len(hs) // 2] / body_size
    return None


def head_lines(boxes):
    """The headline lines of --boxes, by (page, article): [(box), ...] in order."""
    heads = {}
    for b in boxes:
        if b["kind"] == "line" and b["element"] == "headline" and b.get("role") == "headline":
            heads.setdefault((b["page"], b.get("article", "")), []).append(b)
    return heads


def head_size(words, line, per_pt):
    """A head's size in points from the PDF: its first line's tallest word, found within
    the line's box, over PER_PT."""
    x0, y0 = line["x"] - 1, line["y"] - 2
    x1, y1 = line["x"] + line["width"] + 1, line["y"] + line["height"] * 1.6
    hs = [w[3] - w[1] for w in words if w[0] >= x0 and w[2] <= x1 and w[1] >= y0 and w[1] <= y1
          and w[4] and w[4].split()[0] in line["text"]]
    return max(hs) / per_pt if hs and per_pt else None


def ranked(page):
    """The new articles of an edition page in the ladder's rank order (docs/layout.md)."""
    arts = [(i, s) for i, s in enumerate(page.get("articles", [])) if "article" in s]
    if page.get("fill"):
        return [s for _, s in arts]
    return [s for _, s in sorted(arts, key=lambda a: (a[1].get("row", 0),
                                                      -a[1].get("span", 1) * a[1].get("rows", 1),
                                                      a[1].get("column", 0), a[0]))]


def check_ranks(heads, label):
    """HEADS: per page, [(article, size from the PDF, line height, Hangul?)] in rank order;
    the top story's larger than any other, each other no larger than the one above (same
    script: PDF size; else line height)."""
    problems = []
    for page, ranks in heads.items():
        for k, (above, below) in enumerate(zip(ranks, ranks[1:])):
            if above[1] is None or below[1] is None:
                problems.append(f"{label} p{page}: a head not found in the PDF: "
                                f"{above[0] if above[1] is None else below[0]}")
                continue
            same = above[3] == below[3]
            a, b = (above[1], below[1]) if same else (above[2], below[2])
            if b > a + 0.6 or (k == 0 and b > a - 0.6):
                problems.append(f"{label} p{page}: {below[0]} ({below[1]:.1f} pt) outweighs "
                                f"{above[0]} ranked above it ({above[1]:.1f} pt)")
    return problems


def edition_heads(edition_path, edition, pdf, boxes):
    """Per page, the ranked heads of EDITION as check_ranks takes them."""
    words = pdf_words(pdf)
    lay = load(os.path.join("layouts", edition.get("layout", "tabloid") + ".json"))
    body = lay["styles"]["body"]["size"]
    lines = head_lines(boxes)
    out = {}
    for n, page in enumerate(edition["pages"]):
        per_pt = points_per_height(words, boxes, n, body) if n < len(words) else None
        ranks = []
        for slot in ranked(page):
            a = os.path.normpath(os.path.join(os.path.dirname(edition_path), slot["article"]))
            first = lines.get((n + 1, a))
            if not first:
                continue  # nothing of it on the page (overset: named by the other checks)
            ranks.append((os.path.basename(a), head_size(words[n], first[0], per_pt),
                          first[0]["height"], hangul(first[0]["text"])))
        out[n + 1] = ranks
    return out


def check_head_quotes(lines, label):
    """No headline line ends inside a quotation that a later line of it closes, unless the
    quotation has more characters than the head's longest line (it cannot fit one), or
    parts a number from its unit ("2 / am")."""
    problems = []
    for (page, art), ls in lines.items():
        texts = [b["text"] for b in ls]
        longest = max(len(t) for t in texts)
        for k in range(len(texts) - 1):
            before, after = "".join(texts[:k + 1]), "".join(texts[k + 1:])
            marks = [('"', '"')] if before.count('"') % 2 == 1 else []
            marks += [(o, c) for o, c in OPENERS.items() if before.count(o) > before.count(c)]
            open_ = False
            for o, c in marks:
                if c in after:
                    quote = before[before.rindex(o):] + after[:after.index(c) + 1]
                    open_ = open_ or len(quote) <= longest
            if open_:
                problems.append(f"{label} p{page} {art}: headline line {k + 1} ends inside a "
                                f"quotation: {texts[k]!r} / {texts[k + 1]!r}")
            if texts[k].rstrip()[-1:].isdigit() and UNIT_START.match(texts[k + 1].lstrip()):
                problems.append(f"{label} p{page} {art}: headline line {k + 1} parts a number "
                                f"from its unit: {texts[k]!r} / {texts[k + 1]!r}")
    return problems


def check_brief(size, n_lines, ladder, label):
    """The brief's head is in the ladder's brief band and 6 lines or fewer."""
    if size is None:
        return [f"{label}: the brief's headline is not found in the PDF"]
    if not ladder["min"] - 0.6 <= size <= ladder["brief"] + 0.6 or n_lines > 6:
        return [f"{label}: the brief's head is {size:.1f} pt in {n_lines} lines, not "
                f"{ladder['min']}-{ladder['brief']} pt in 6 lines or fewer"]
    return []


BRIEF = "samples/brief-long-head/article.json"


def brief_head(layout):
    """(size from the PDF, lines) of the sample brief rendered alone in LAYOUT."""
    pdf, messages = render_article(BRIEF, layout)
    if pdf is None:
        raise RuntimeError(messages)
    boxes = load(boxes_of(pdf))["boxes"]
    words = pdf_words(pdf)
    lay = load(os.path.join("layouts", layout + ".json"))
    per_pt = points_per_height(words, boxes, 0, lay["styles"]["body"]["size"])
    lines = [b for ls in head_lines(boxes).values() for b in ls]
    return head_size(words[0], lines[0], per_pt), len(lines), lay.get("headline_ladder")


def pdf_runs(pdf, trim_width):
    """The text runs of PDF as poppler's pdftohtml -xml gives them (at 1 pt a unit), in the
    trimmed page's coordinates (--boxes'; the PDF's page is wider by its bleed on each side,
    the page TRIM_WIDTH wide): a list of (page, top, left, width, height, font family
    without its subset prefix, text); a run ends where the font changes."""
    out = tool(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", pdf])
    return xml_runs(out, trim_width)


def xml_runs(out, trim_width):
    """pdf_runs from pdftohtml's XML text OUT."""
    runs, fonts = [], {}  # a fontspec is given once, on the first page that uses it
    for page in ET.fromstring(out).iter("page"):
        fonts.update({f.get("id"): f.get("family", "").split("+")[-1]
                      for f in page.iter("fontspec")})
        bleed = (float(page.get("width")) - trim_width) / 2
        for t in page.iter("text"):
            runs.append((int(page.get("number")), float(t.get("top")) - bleed,
                         float(t.get("left")) - bleed,
                         float(t.get("width")), float(t.get("height")), fonts.get(t.get("font")) or "",
                         "".join(t.itertext())))
    return runs


def check_korean_heads(runs, boxes, label):
    """A Korean headline (a headline or translation_headline line of a Korean text) in a
    layout whose headline style names a Korean face is drawn in that one heavy face, its
    Latin and figures too (issue 16: Nanum Hangul beside Noto Serif figures): every
    pdftohtml run inside the line's box is in one font family, an ExtraBold."""
    problems = []
    for b in boxes:
        if (b["kind"] != "line" or b["role"] not in ("headline", "translation_headline") or
                not str(b.get("lang", "")).startswith("ko") or not b.get("text", "").strip()):
            continue
        mid = [r for r in runs if r[0] == b["page"] and
               b["y"] - 1 <= r[1] + r[4] / 2 <= b["y"] + b["height"] + 1 and
               r[2] < b["x"] + b["width"] and r[2] + r[3] > b["x"] and r[6].strip()]
        families = sorted({r[5] for r in mid})
        if not mid:
            problems.append(f"{label}: page {b['page']}: no text found for the Korean head line "
                            f"{b['text'][:20]!r}")
        elif len(families) != 1 or "ExtraBold" not in families[0]:
            problems.append(f"{label}: page {b['page']}: the Korean head line {b['text'][:20]!r} "
                            f"is drawn in {', '.join(families)}, not one ExtraBold face")
    return problems


# ---------------------------------------------------------------------------------------------
# Korean text at Korean leading, on the grid

PAGE_SIZE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")
KO_LEADING_TOL = 0.2  # pt
KO_LEADING_MIN = 1.55  # the least Korean leading, times the body size


def pdf_words_trimmed(pdf, doc):
    """Per page (0-based), the words of `pdftotext -bbox` as pdf_words gives them, in the
    trimmed page's coordinates (--boxes'): the PDF's page is larger by its bleed each side."""
    out = tool(["pdftotext", "-bbox", pdf, "-"])
    pages = []
    for k, chunk in enumerate(PAGE.split(out)[1:]):
        size = PAGE_SIZE.search("<page " + chunk)
        bleed = (float(size.group(1)) - doc["pages"][k]["width"]) / 2 if size else 0.0
        pages.append([(float(a) - bleed, float(b) - bleed, float(c) - bleed, float(d) - bleed,
                       html_unescape(t)) for a, b, c, d, t in WORD.findall(chunk)])
    return pages


def korean_line_words(words, box, size):
    """Indices into WORDS (one page's) of the all-Hangul words drawn on the --boxes line BOX
    (their middle inside its width, and between a size above and a third of a size under
    its baseline): the words that place the line, in one face and size."""
    return [i for i, w in enumerate(words) if HANGUL_WORD.match(w[4]) and
            box["x"] <= (w[0] + w[2]) / 2 <= box["x"] + box["width"] and
            box["baseline"] - size <= (w[1] + w[3]) / 2 <= box["baseline"] + size / 3]


def korean_paragraphs(boxes):
    """The Korean body lines of --boxes, by paragraph and column: lists of consecutive line
    boxes of one element in one frame on one page, in order."""
    groups, key = [], None
    for b in boxes:
        if b["kind"] != "line" or b.get("role") != "body":
            continue
        k = (b["page"], b["element"], json.dumps(b.get("frame"), sort_keys=True))
        if not str(b.get("lang", "")).startswith("ko"):
            key = None
            continue
        if k != key:
            groups.append([])
            key = k
        groups[-1].append(b)
    return groups


def check_korean_leading(words, doc, layout, label):
    """In a layout whose body gives a korean_leading, every Korean body paragraph's lines
    follow each other at that leading (+-0.2 pt, and at least 155% of the body size) and
    its first line in each column is on the page's grid, measured in the PDF: a line's place
    is the median foot (yMax) of its all-Hangul words in `pdftotext -bbox` (one face and
    size, so one offset from the baseline); a first line is on the grid when that foot lies
    at one phase of the grid pitch with every other first line's of the render (the --boxes
    only say which words make up which line)."""
    body = (layout.get("styles") or {}).get("body") or {}
    lead, size = body.get("korean_leading"), body.get("size", 9.5)
    if not lead:
        return []
    problems, phases = [], []
    pages = {p["page"]: p for p in doc["pages"]}
    for group in korean_paragraphs(doc["boxes"]):
        feet = []
        for b in group:
            ws = [words[b["page"] - 1][i] for i in
                  korean_line_words(words[b["page"] - 1], b, size)]
            ys = sorted(w[3] for w in ws)
            feet.append((b, ys[len(ys) // 2] if ys else None))
        b0, y0 = feet[0]
        grid = pages[b0["page"]]["grid"]
        if y0 is not None:
            phase = (y0 - grid["origin"]) % grid["pitch"]
            phases.append((phase, b0, grid["pitch"]))
        for (a, ya), (b, yb) in zip(feet, feet[1:]):
            if ya is None or yb is None:
                continue
            d = yb - ya
            if abs(d - lead) > KO_LEADING_TOL or d < KO_LEADING_MIN * size - KO_LEADING_TOL:
                problems.append(f"{label}: page {b['page']}: {b['element']}: the Korean line "
                                f"{b['text'][:16]!r} is {d:.2f} pt under the line before, "
                                f"not the layout's korean_leading {lead} pt")
    if phases:
        ref, _, pitch = phases[0]
        for phase, b, pitch in phases[1:]:
            off = min(abs(phase - ref), pitch - abs(phase - ref))
            if off > KO_LEADING_TOL:
                problems.append(f"{label}: page {b['page']}: {b['element']}: the first line "
                                f"{b['text'][:16]!r} is {off:.2f} pt off the grid the other "
                                f"Korean paragraphs' first lines sit on")
    if not phases and korean_paragraphs(doc["boxes"]):
        problems.append(f"{label}: no all-Hangul word found on its Korean body lines")
    return problems


def has_korean_body(doc):
    return bool(korean_paragraphs(doc["boxes"]))


def check_korean(report):
    """Korean leading in every render with Korean body text in a layout with a
    korean_leading: the samples and edition articles in every layout, the sample edition."""
    for path in articles():
        for layout in layouts():
            lay = load_layout(layout)
            if not lay["styles"].get("body", {}).get("korean_leading"):
                continue
            pdf = os.path.join(OUT, path.replace("/", "_")[:-5] + "." + layout + ".pdf")
            if not os.path.exists(os.path.join(ROOT, boxes_of(pdf))):
                continue  # refused: check_articles counted it
            doc = load(boxes_of(pdf))
            if has_korean_body(doc):
                report.check(f"Korean text at Korean leading, on the grid: {path} {layout}",
                             lambda d=doc, p=pdf, lay=lay, label=f"{path} {layout}":
                             check_korean_leading(pdf_words_trimmed(p, d), d, lay, label))
    pdf = os.path.join(OUT, "edition-edition.pdf")
    if os.path.exists(os.path.join(ROOT, boxes_of(pdf))):
        doc = load(boxes_of(pdf))
        report.check("Korean text at Korean leading, on the grid: samples/edition/edition.json",
                     lambda: check_korean_leading(pdf_words_trimmed(pdf, doc), doc,
                                                  load_layout(doc["layout"]),
                                                  "samples/edition/edition.json"))


def self_test_korean_leading(report):
    """check_korean_leading on the bilingual sample in tabloid, and on its words doctored: a
    Korean paragraph's second line 2 pt lower fails (its leading), a whole paragraph 3 pt
    lower fails (its first line off the grid), and the same PDF fails against the layout
    with its korean_leading set to the Latin leading (as a render that ignored it would)."""
    path = "samples/shoigu-sanctions-bilingual/article.json"
    pdf = os.path.join(OUT, "self-korean-leading.pdf")
    proc = run([galley(), "render", path, "--layout", "tabloid", "-o", pdf, "--boxes",
                boxes_of(pdf)])
    if proc.returncode != 0:
        expect(report, "the bilingual sample renders", [text(proc.stderr).strip()], False)
        return
    doc, lay = load(boxes_of(pdf)), load_layout("tabloid")
    words = pdf_words_trimmed(pdf, doc)
    expect(report, "the bilingual sample in tabloid keeps Korean leading on the grid",
           check_korean_leading(words, doc, lay, path), False)
    groups = [g for g in korean_paragraphs(doc["boxes"]) if len(g) >= 3]
    if not groups:
        expect(report, "the bilingual sample has a Korean paragraph of 3 lines", ["none"], False)
        return
    size = lay["styles"]["body"]["size"]

    def moved(lines, dy):
        out = [list(p) for p in words]
        for b in lines:
            for i in korean_line_words(words[b["page"] - 1], b, size):
                w = out[b["page"] - 1][i]
                out[b["page"] - 1][i] = (w[0], w[1] + dy, w[2], w[3] + dy, w[4])
        return out

    expect(report, "a Korean line 2 pt lower than the Korean leading puts it fails",
           check_korean_leading(moved(groups[0][1:2], 2.0), doc, lay, path), True)
    expect(report, "a Korean paragraph 3 pt off the grid fails",
           check_korean_leading(moved(groups[-1], 3.0), doc, lay, path), True)
    latin = copy.deepcopy(lay)
    latin["styles"]["body"]["korean_leading"] = lay["styles"]["body"]["leading"]
    expect(report, "Korean text at the Latin leading fails against a layout asking for it",
           check_korean_leading(words, doc, latin, path), True)


def check_hierarchy(report):
    """5-7: ranks on every page of the editions, quotes in heads, the brief's head."""
    editions = ["samples/edition/edition.json"] + sorted(
        glob.glob("tests/data/makeup/*.json", root_dir=ROOT))
    for path in editions:
        pdf = os.path.join(OUT, "rank-" + os.path.basename(path)[:-5] + ".pdf")
        proc = run([galley(), "edition", path, "-o", pdf, "--placeholder",
                    "--boxes", boxes_of(pdf)])
        if proc.returncode != 0 or not os.path.exists(os.path.join(ROOT, pdf)):
            report.result(f"edition renders: {path}", [text(proc.stderr).strip()])
            continue
        boxes = load(boxes_of(pdf))["boxes"]
        report.check(f"Korean heads in one heavy face: {path}",
                     lambda p=path, d=pdf, b=boxes: check_korean_heads(
                         pdf_runs(d, load(boxes_of(d))["pages"][0]["width"]), b, p))
        report.check(f"headlines descend with their rank on every page: {path}",
                     lambda p=path, d=pdf, b=boxes: check_ranks(edition_heads(p, load(p), d, b),
                                                                 p))
        report.check(f"no headline line ends inside a quotation: {path}",
                     lambda p=path, b=boxes: check_head_quotes(head_lines(b), p))
    for path in glob.glob("samples/*/article.json", root_dir=ROOT):
        for layout in layouts():
            pdf, _ = render_article(path, layout)
            if pdf:
                report.check(f"no headline line ends inside a quotation: {path} {layout}",
                             lambda d=pdf, p=path: check_head_quotes(
                                 head_lines(load(boxes_of(d))["boxes"]), p))
    for layout in ("tabloid", "a4"):
        def brief(layout=layout):
            size, n, ladder = brief_head(layout)
            return check_brief(size, n, ladder, f"{BRIEF} {layout}")
        report.check(f"the brief's head is in the brief band: {BRIEF} {layout}", brief)


def self_test_korean_heads(report):
    """check_korean_heads on the sample edition's page 3 and on its runs doctored: a head's
    figures in Noto Serif Bold fail, as does a head in NanumMyeongjoBold."""
    path = "samples/edition/edition.json"
    pdf = os.path.join(OUT, "self-korean-heads.pdf")
    proc = run([galley(), "edition", path, "-o", pdf, "--boxes", boxes_of(pdf)])
    if proc.returncode != 0:
        expect(report, "the sample edition renders", [text(proc.stderr).strip()], False)
        return
    doc = load(boxes_of(pdf))
    runs, boxes = pdf_runs(pdf, doc["pages"][0]["width"]), doc["boxes"]
    heads = [b for b in boxes if b["role"] == "headline" and b.get("lang") == "ko"]
    expect(report, "the sample edition has Korean heads", [] if heads else ["none"], False)
    expect(report, "the sample edition's Korean heads are in one heavy face",
           check_korean_heads(runs, boxes, path), False)
    h = heads[0] if heads else {"page": 0, "y": 0, "height": 0}
    mixed = [r if not (r[0] == h["page"] and h["y"] - 1 <= r[1] + r[4] / 2 <= h["y"] +
                       h["height"] + 1 and any(ch.isdigit() for ch in r[6]))
             else r[:5] + ("NotoSerif-Bold",) + r[6:] for r in runs]
    expect(report, "a Korean head with its figures in Noto Serif Bold fails",
           check_korean_heads(mixed, boxes, path), True)
    light = [r[:5] + (r[5].replace("ExtraBold", "Bold"),) + r[6:] for r in runs]
    expect(report, "a Korean head in NanumMyeongjoBold fails",
           check_korean_heads(light, boxes, path), True)


def self_test_hierarchy(report):
    """The hierarchy checkers on the sample edition's PDF and on doctored inputs."""
    path = "samples/edition/edition.json"
    pdf = os.path.join(OUT, "self-rank.pdf")
    proc = run([galley(), "edition", path, "-o", pdf, "--boxes", boxes_of(pdf)])
    if proc.returncode != 0:
        report.result("self-test: the sample edition renders", [text(proc.stderr)])
        return
    boxes = load(boxes_of(pdf))["boxes"]
    heads = edition_heads(path, load(path), pdf, boxes)
    lead = heads[1][0][1] if heads.get(1) else None
    expect(report, "the front page's lead head measures 44 pt in the PDF",
           [] if lead and abs(lead - 44) < 1 else [f"measured {lead}"], False)
    expect(report, "the sample edition's heads descend with rank", check_ranks(heads, path),
           False)
    swapped = {1: [heads[1][1], heads[1][0]] + heads[1][2:]}
    expect(report, "a page whose second head outweighs its first fails",
           check_ranks(swapped, path), True)
    level = {4: [heads[4][0], (heads[4][1][0], heads[4][0][1]) + heads[4][1][2:]]}
    expect(report, "a page whose lower story's head is as large as the top story's fails",
           check_ranks(level, path), True)
    lines = head_lines(boxes)
    expect(report, "the sample edition's heads break outside quotations",
           check_head_quotes(lines, path), False)
    key = next(iter(lines))
    doctored = {key: [dict(lines[key][0], text='Ward keeps its "late-'),
                      dict(lines[key][0], text='night library" open')]}
    expect(report, 'a head line ending inside "..." fails', check_head_quotes(doctored, path), True)
    korean = {key: [dict(lines[key][0], text="수출 ‘사상"), dict(lines[key][0], text="최대’ 기록")]}
    expect(report, "a head line ending inside ‘...’ fails", check_head_quotes(korean, path), True)
    apostrophe = {key: [dict(lines[key][0], text="Seoul's night"),
                        dict(lines[key][0], text="trains run late")]}
    expect(report, "an apostrophe is no quotation", check_head_quotes(apostrophe, path), False)
    unit = {key: [dict(lines[key][0], text="Library open until 2"),
                  dict(lines[key][0], text="am in exam season")]}
    expect(report, 'a head line parting "2 / am" fails', check_head_quotes(unit, path), True)
    number = {key: [dict(lines[key][0], text="Line 2"),
                    dict(lines[key][0], text="and line 5 run all night")]}
    expect(report, "a number before a word that is no unit may end a line",
           check_head_quotes(number, path), False)
    size, n, ladder = brief_head("tabloid")
    expect(report, "the sample brief's head is in the brief band",
           check_brief(size, n, ladder, BRIEF), False)
    expect(report, "a 44 pt brief head in 6 lines fails", check_brief(44, 6, ladder, BRIEF),
           True)
    expect(report, "an 18 pt brief head in 7 lines fails", check_brief(18, 7, ladder, BRIEF),
           True)


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


def synthetic_boxes(columns, layout="tabloid"):
    """A --boxes document of body lines, 10 pt a line on a 10 pt grid, one frame a column
    from y 0 to 100: COLUMNS is a list of (page, article, lang, x, lines)."""
    boxes = []
    for page, art, lang, x, lines in columns:
        frame = {"x": x, "y": 0, "width": 50, "height": 100}
        boxes += [{"page": page, "kind": "line", "role": "body", "element": "body[0]",
                   "article": art, "lang": lang, "x": x, "y": 10 * i, "width": 50, "height": 10,
                   "frame": frame} for i in range(lines)]
    pages = sorted({c[0] for c in columns})
    return {"layout": layout, "boxes": boxes,
            "pages": [{"page": p, "grid": {"origin": 0, "pitch": 10}} for p in pages]}


def legs_self_test(report):
    """check_legs on the ninjs sample (its legs under the photo level) and doctored: one leg
    taken away, one cut to 2 lines."""
    path = "samples/ninjs-launch/article.ninjs.json"
    pdf, messages = render_article(path, "tabloid")
    if pdf is None:
        report.result("self-test: the ninjs sample renders", [messages])
        return
    boxes, layout = load(boxes_of(pdf)), load_layout("tabloid")
    expect(report, "the ninjs sample's legs under its photo are level",
           check_legs(boxes, layout, path), False)
    legs = sorted({b["frame"]["x"] for b in boxes["boxes"] if b["page"] == 1 and
                   b["kind"] == "line" and b["role"] == "body" and b["frame"]["y"] > 300})
    if len(legs) < 2:
        report.result("self-test: the ninjs sample has legs under its photo", [f"{legs}"])
        return

    def doctored(x, keep):
        """BOXES with the leg at X cut to its first KEEP lines."""
        d = copy.deepcopy(boxes)
        leg = [b for b in d["boxes"] if b["kind"] == "line" and b["frame"]["x"] == x and
               b["frame"]["y"] > 300]
        d["boxes"] = [b for b in d["boxes"] if b not in leg[keep:]]
        return d

    expect(report, "a column under the photo with no leg beside legs fails",
           check_legs(doctored(legs[-1], 0), layout, path), True)
    expect(report, "a leg of 2 lines fails", check_legs(doctored(legs[-1], 2), layout, path),
           True)
    expect(report, "... which photo.min_leg 2 allows",
           check_legs(doctored(legs[-1], 2), layout | {"photo": {"min_leg": 2}}, path), False)


def holes_self_test(report, boxes, path):
    """check_holes on the two-photo sample's BOXES (PATH) and on doctored and made-up
    --boxes documents."""
    expect(report, "the two-photo sample's columns end level", check_holes(boxes, path), False)
    body = [i for i, b in enumerate(boxes["boxes"]) if b["role"] == "body"]
    first, last = boxes["boxes"][body[0]]["frame"], boxes["boxes"][body[-1]]["frame"]
    if first == last:
        report.result("self-test: the two-photo sample's body has two columns", ["one column"])
        return

    def cut(frame):
        """BOXES less the last 3 body lines of FRAME's column."""
        doctored = copy.deepcopy(boxes)
        drop = [i for i in body if boxes["boxes"][i]["frame"] == frame][-3:]
        doctored["boxes"] = [b for i, b in enumerate(boxes["boxes"]) if i not in drop]
        return doctored

    expect(report, "a first column 3 lines short fails", check_holes(cut(first), path), True)
    expect(report, "the story's last column 3 lines short (balancing) passes",
           check_holes(cut(last), path), False)
    level = [(1, "a.json", "en", 0, 10), (1, "a.json", "en", 60, 10)]
    short = [(1, "a.json", "en", 0, 10), (1, "a.json", "en", 60, 7)]
    expect(report, "made up: two level columns pass", check_holes(synthetic_boxes(level), "t"),
           False)
    expect(report, "made up: a story's last column short where it ends passes",
           check_holes(synthetic_boxes(short), "t"), False)
    expect(report, "made up: ... and fails where the story jumps to a later page",
           check_holes(synthetic_boxes(short + [(3, "a.json", "en", 0, 4)]), "t"), True)
    expect(report, "made up: a column short of its level neighbours fails",
           check_holes(synthetic_boxes([short[1], level[0], (1, "a.json", "en", 120, 3)]), "t"),
           True)
    expect(report, "made up: one line short passes",
           check_holes(synthetic_boxes([(1, "a.json", "en", 0, 9), level[1],
                                        (1, "a.json", "en", 120, 2)]), "t"), False)
    expect(report, "made up: another article's columns are another story",
           check_holes(synthetic_boxes(level + [(1, "b.json", "en", 120, 3),
                                                (1, "b.json", "en", 180, 2)]), "t"), False)
    jump = synthetic_boxes(short + [(3, "a.json", "en", 0, 4)])
    expect(report, "made up: an article reported overset is skipped",
           check_holes(jump, "t", overset=["./a.json"]), False)
    sides = [(1, None, "en", 0, 10), (1, None, "en", 60, 3), (1, None, "ko", 120, 10),
             (1, None, "ko", 180, 4)]
    expect(report, "made up: in a parallel layout each language side is a story",
           check_holes(synthetic_boxes(sides, "bilingual"), "t"), False)
    expect(report, "made up: ... in another layout one story, its short column fails",
           check_holes(synthetic_boxes(sides, "tabloid"), "t"), True)


def self_test(report):
    """Each checker on doctored input must fail and on good input pass."""
    known = ("page 2 holds", "a reason")
    expect(report, "a known fault alone is pending, not failed",
           unless_known(["t: page 2 holds 1 line of the flow, under 5"], known), False)
    expect(report, "a known fault's render still fails on another problem",
           unless_known(["t: page 2 holds 1 line", "t: page 1: column at x 1 ends 3 grid lines"],
                        known), True)
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
    holes_self_test(report, boxes, path)
    legs_self_test(report)
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
    self_test_heads(report)
    furniture_self_test(report, pdf, boxes)
    no_caption = copy.deepcopy(article)
    no_caption["photos"][1]["caption"] = "A caption the page does not hold."
    expect(report, "the sample with a caption its PDF lacks fails",
           check_render([(no_caption, path)], listing, pdf_text, messages, path), True)
    self_test_hierarchy(report)
    self_test_korean_heads(report)
    self_test_korean_leading(report)
    self_test_slot_fill(report)


def head_box(element, text, page, frame, y, height=12.0, article=None):
    """A line box of the --boxes format, for the heads' self-test."""
    b = {"page": page, "kind": "line", "element": element, "text": text, "y": y,
         "height": height, "frame": frame}
    return b | ({"article": article} if article else {})


def self_test_heads(report):
    """check_heads on the shoigu sample in tabloid-ko (a translation under a band) and on
    doctored boxes: the translation's head at the foot of another column than its text
    (the stranded head of issue 16), a head over one line of its text, a band beside its
    text instead of over it, a head on the page before its text."""
    path = "samples/shoigu-sanctions/article.json"
    pdf, messages = render_article(path, "tabloid-ko")
    if pdf is None:
        report.result("self-test: the shoigu sample renders in tabloid-ko", [messages])
        return
    boxes = load(boxes_of(pdf))
    expect(report, "the shoigu sample's heads in tabloid-ko are over their text",
           check_heads(boxes, path), False)
    stranded = copy.deepcopy(boxes)
    text = [b for b in stranded["boxes"] if b["element"].startswith("translations.ko.body[")]
    heads = [b for b in stranded["boxes"] if b["kind"] == "line" and b["element"] in
             ("translations.ko.kicker", "translations.ko.headline", "translations.ko.deck")]
    cols = stranded["pages"][0]["columns"]
    other = next((c for c in cols if abs(c["x"] - text[0]["frame"]["x"]) > 1), None)
    if not text or not heads or other is None:
        report.result("self-test: the shoigu sample has a translation head and text",
                      ["no translations.ko head or body boxes"])
        return
    foot = text[0]["frame"]["y"] + text[0]["frame"]["height"] - 40
    for i, h in enumerate(heads):  # at the foot of another column, its text atop the next
        h["frame"] = {"x": other["x"], "y": foot, "width": other["width"], "height": 40}
        h["y"] = foot + 12 * i
    problems = check_heads(stranded, path)
    expect(report, "a translation's head at the foot of another column than its text fails",
           problems, True)
    expect(report, "... naming each of its head lines",
           [] if len(problems) == len(heads) else [f"got {problems}"], False)
    col = {"x": 10, "y": 10, "width": 100, "height": 500}
    band = {"x": 10, "y": 10, "width": 320, "height": 50}
    body = [head_box("body[0]", "text", 1, col, 80 + 12 * i) for i in range(5)]
    expect(report, "a band across the text's column passes",
           check_heads({"boxes": [head_box("headline", "H", 1, band, 10)] + body}, "t"), False)
    expect(report, "a head in its text's column with 3 lines under it passes",
           check_heads({"boxes": [head_box("byline", "By", 1, col, 60)] + body[:3]}, "t"),
           False)
    expect(report, "a head in its text's column with 1 line under it fails",
           check_heads({"boxes": [head_box("byline", "By", 1, col, 60)] + body[:1] +
                        [head_box("body[0]", "t", 1, dict(col, x=200), 10 + 12 * i)
                         for i in range(4)]}, "t"), True)
    beside = dict(band, x=200)
    expect(report, "a band beside its text's column fails",
           check_heads({"boxes": [head_box("headline", "H", 1, beside, 10)] + body}, "t"), True)
    rule = {"page": 1, "kind": "rule", "element": "headline", "x": 10, "y": 70, "width": 520,
            "height": 0.75}
    expect(report, "a deck beside the lead photo, above the head band's rule, passes",
           check_heads({"boxes": [rule, head_box("deck", "D", 1, beside, 10)] + body}, "t"),
           False)
    expect(report, "... but not under the rule",
           check_heads({"boxes": [dict(rule, y=5), head_box("deck", "D", 1, beside, 10)] +
                        body}, "t"), True)
    expect(report, "... nor over a rule that does not span its text",
           check_heads({"boxes": [dict(rule, x=150, width=300),
                                  head_box("deck", "D", 1, beside, 10)] + body}, "t"), True)
    expect(report, "a head on the page before its text fails",
           check_heads({"boxes": [head_box("translations.ko.headline", "H", 1, band, 900)] +
                        [dict(b, page=2, element="translations.ko.body[0]") for b in body]},
                       "t"), True)
    expect(report, "another article's text is not a head's own",
           check_heads({"boxes": [head_box("headline", "H", 1, band, 10, article="a.json")] +
                        [dict(b, article="b.json") for b in body] +
                        [head_box("body[0]", "t", 2, col, 10, article="a.json")]}, "t"), True)


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
    by["width"] = by["frame"]["width"] * 0.4  # two lines that one would hold
    two["boxes"].append(dict(by, y=by["y"] + by["height"], text="Science Reporter"))
    expect(report, "a byline in two short lines fails", check_bylines(two, "t"), True)
    bare = copy.deepcopy(boxes)
    bare["boxes"] = [b for b in bare["boxes"] if not (b["kind"] == "rule" and
                                                      b["element"].startswith("body["))]
    expect(report, "a pull quote without its rules fails", check_pull_quotes(bare, "t"), True)
    unmarked = copy.deepcopy(boxes)
    q = next(b for b in unmarked["boxes"] if b["role"] == "quote")
    q["text"] = q["text"].lstrip("\u201c\"")
    expect(report, "a pull quote without its opening mark fails", check_pull_quotes(unmarked, "t"),
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
    # The photo may grow, but by too little to fill half the page: 2 grid lines under
    # photo.max_height (min_ppi out of the way) cannot fill what the page lacks.
    lead = next(b for b in boxes["boxes"] if b["element"] == "photos[0]" and
                b["kind"] == "image")
    grid = boxes["pages"][0]["grid"]["pitch"]
    foot = max(c["frame"]["y"] + c["frame"]["height"] for c in boxes["boxes"]
               if c["page"] == 1 and c["role"] == "body")
    near = (lead["height"] + 2 * grid + 1) / (foot - lead["y"])
    expect(report, "... and when it could grow by fewer lines than the page lacks",
           check_fill(boxes, dict(layout, min_ppi=1, photo={"max_height": near}), listing, "t"),
           False)


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
            check_korean(report)
            check_hierarchy(report)
    report.summary()
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
