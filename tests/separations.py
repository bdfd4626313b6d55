#!/usr/bin/env python3
"""The press colour pass, checked on the plates a RIP makes (issue 19).

Run from the repository root after `make unit` built the harness:

    BUILD=build python3 tests/separations.py

Ghostscript separates each PDF as a RIP does (`gs -sDEVICE=tiffsep -r150`: one 8-bit
grey TIFF a process ink, read here with the standard library), and on the plates:
1. the test page (tests/unit/test_pdf_colour.c --write: text in #1a1a1a, a red rule
   #a4121b, a grey rule #6b6b6b, an RGB image, cairo's RGB PDF and the pass's CMYK one):
   under the black text and the grey rule the C, M and Y plates are empty and K carries
   ink, the grey rule's K is its tint; the red rule's four plates are the CMYK the pass
   computed (regions.json) within 2%; the total ink is under the limit everywhere outside
   the photo (the photo is tagged ICCBased sRGB and separated by the RIP with its own
   output profile; its ink is the profile's business, and printed, not checked);
2. the sample article as its layout makes it (a PDF/X-4 press file): every body line's box
   has no C, M or Y ink and has K, and the ink outside the photo is under the limit;
3. the converted PDFs (and check 4's) render with no error or warning in pdftoppm, mutool draw (-N: no
   ICC workflow, which Debian's mupdf lacks and warns of at every ICCBased space) and
   Ghostscript's nullpage device (exit 0, nothing on stderr).
4. a press file with --marks: outside the bleed (the crop and registration marks and the
   slug) every pixel with K ink has as much C, M and Y ink;
5. and its marks are in the registration colour space, [/Separation /All ...], read with
   qpdf's JSON: the page's resources name such a space, its content strokes and fills in
   that name, and no mark is left as 1 1 1 1 in DeviceCMYK (which a spot plate misses).
Self-tests: the same plate checks on cairo's RGB PDFs (the pass not run) must fail:
Ghostscript separates #1a1a1a into C, M and Y as well as K; the marks checks fail on a
file for screens (black marks), and check 5 on the press file with its /All doctored to
/Black (qpdf --qdf, fix-qdf).

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed"; exits 1 if
anything failed. Python 3 standard library, gs, pdftoppm and mutool.
"""

import base64
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
HARNESS = os.path.join(BUILD, "tests", "test_pdf_colour")
OUT = os.path.join("tests", "out", "separations")
DPI = 150
INKS = ("Cyan", "Magenta", "Yellow", "Black")
PLATE_TOL = 0.02 * 255  # the red rule's plates against its CMYK
INK_SLACK = 4  # of 4 x 255: the rounding of four 8-bit plates


def run(args):
    return subprocess.run(args, capture_output=True, text=True)


def read_tiff(path):
    """An uncompressed 8-bit one-channel TIFF as (width, height, bytes), values as ink
    (0 none, 255 solid) whatever its photometric interpretation."""
    with open(path, "rb") as f:
        d = f.read()
    end = {b"II": "<", b"MM": ">"}[d[:2]]
    (ifd,) = struct.unpack(end + "I", d[4:8])
    (n,) = struct.unpack(end + "H", d[ifd:ifd + 2])
    tags = {}
    for i in range(n):
        tag, typ, count, value = struct.unpack(end + "HHII", d[ifd + 2 + 12 * i:ifd + 14 + 12 * i])
        if typ == 3 and count == 1:  # a SHORT sits in the value's first two bytes
            value = struct.unpack(end + "H", d[ifd + 10 + 12 * i:ifd + 12 + 12 * i])[0]
        if count > 1:  # offsets to arrays of LONG (or SHORT)
            size = 2 if typ == 3 else 4
            fmt = end + ("H" if typ == 3 else "I") * count
            value = struct.unpack(fmt, d[value:value + size * count])
        tags[tag] = (value,) if count == 1 else value
    width, height = tags[256][0], tags[257][0]
    if tags.get(259, (1,))[0] != 1 or tags.get(258, (8,))[0] != 8 or tags.get(277, (1,))[0] != 1:
        raise ValueError("%s: not an uncompressed 8-bit grey TIFF" % path)
    data = b"".join(d[o:o + c] for o, c in zip(tags[273], tags[279]))[:width * height]
    if tags[262][0] == 1:  # BlackIsZero: ink is 255 - value
        data = bytes(255 - b for b in data)
    return width, height, data


def separate(pdf, name):
    """The four process plates of PDF's first page: {ink: (w, h, bytes)}."""
    out = os.path.join(OUT, name + ".tif")
    for f in glob.glob(os.path.join(OUT, name + "*.tif")):
        os.remove(f)
    r = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", "-r%d" % DPI,
             "-sCompression=none", "-dFirstPage=1", "-dLastPage=1", "-sOutputFile=" + out, pdf])
    if r.returncode:
        raise RuntimeError("gs tiffsep %s: %s" % (pdf, r.stderr.strip()[:300]))
    return {ink: read_tiff(os.path.join(OUT, "%s(%s).tif" % (name, ink))) for ink in INKS}


def region(plates, box, offset=0.0, inset=0):
    """The pixels of BOX (x, y, w, h in points from the top left of the trim, OFFSET the
    bleed before it), INSET pixels in from each side: {ink: list of values}."""
    w, h, _ = plates["Black"]
    s = DPI / 72.0
    x0, y0 = int((box[0] + offset) * s) + inset, int((box[1] + offset) * s) + inset
    x1 = min(w, int((box[0] + offset + box[2]) * s + 0.999) - inset)
    y1 = min(h, int((box[1] + offset + box[3]) * s + 0.999) - inset)
    out = {}
    for ink, (_, _, data) in plates.items():
        out[ink] = [b for y in range(max(0, y0), y1) for b in data[y * w + max(0, x0):y * w + x1]]
    return out


def k_only(plates, boxes, offset, what):
    """Problems unless each box of BOXES has no C, M or Y ink and has K."""
    problems = []
    for i, box in enumerate(boxes):
        r = region(plates, box, offset)
        cmy = max(max(r[ink], default=0) for ink in INKS[:3])
        if cmy:
            problems.append("%s %d: C, M or Y ink under it (%d/255)" % (what, i, cmy))
        if max(r["Black"], default=0) < 128:
            problems.append("%s %d: no solid K under it" % (what, i))
    return problems


def ink_limit(plates, limit, excluded, offset):
    """Problems unless C + M + Y + K is under LIMIT percent at every pixel outside the
    boxes EXCLUDED."""
    w, h, _ = plates["Black"]
    planes = [plates[ink][2] for ink in INKS]
    bound = limit / 100.0 * 255 + INK_SLACK
    s = DPI / 72.0
    masks = [(int((b[0] + offset) * s) - 1, int((b[1] + offset) * s) - 1,
              int((b[0] + offset + b[2]) * s) + 2, int((b[1] + offset + b[3]) * s) + 2)
             for b in excluded]
    worst, at = 0, None
    for i, t in enumerate(map(sum, zip(*planes))):
        if t > bound:
            x, y = i % w, i // w
            if not any(x0 <= x < x1 and y0 <= y < y1 for x0, y0, x1, y1 in masks) and t > worst:
                worst, at = t, (x, y)
    if at:
        return "total ink %.0f%% at pixel %s, over %g%%" % (worst * 100 / 255, at, limit)
    return None


def test_page(pdf, name, regions):
    """The plate checks of the test page; a list of problems."""
    plates = separate(pdf, name)
    problems = k_only(plates, [regions["text"], regions["grey"]], 0, "black text or grey rule")
    grey = region(plates, regions["grey"], inset=2)["Black"]
    if grey and abs(sorted(grey)[len(grey) // 2] - regions["grey_k"] * 255) > PLATE_TOL:
        problems.append("the grey rule's K is %d/255, not its tint %.0f"
                        % (sorted(grey)[len(grey) // 2], regions["grey_k"] * 255))
    red = region(plates, regions["red"], inset=2)
    for ink, want in zip(INKS, regions["red_cmyk"]):
        got = sorted(red[ink])[len(red[ink]) // 2]
        if abs(got - want * 255) > PLATE_TOL:
            problems.append("the red rule's %s plate is %.1f%%, not %.1f%%"
                            % (ink, got * 100 / 255, want * 100))
    problem = ink_limit(plates, regions["ink_limit"], [regions["image"]], 0)
    return problems + ([problem] if problem else [])


def sample_boxes():
    """The sample article's RGB PDF (a file for screens, --pdf-standard none) and boxes,
    rendered by build/galley."""
    pdf, boxes = os.path.join(OUT, "sample-rgb.pdf"), os.path.join(OUT, "sample.json")
    r = run([GALLEY, "render", "samples/shoigu-sanctions/article.json", "-o", pdf,
             "--boxes", boxes, "-q", "--pdf-standard", "none"])
    if r.returncode != 0:
        raise RuntimeError("galley: " + r.stderr.strip()[:300])
    with open(boxes) as f:
        return pdf, json.load(f)


def test_sample(pdf, name, layout, limit):
    """The plate checks of the sample article's first page; a list of problems."""
    plates = separate(pdf, name)
    page = layout["pages"][0]
    offset = (plates["Black"][0] * 72.0 / DPI - page["width"]) / 2  # the bleed
    boxes = [b for b in layout["boxes"] if b["page"] == 1]
    lines = [(b["x"], b["y"], b["width"], b["height"]) for b in boxes
             if b["kind"] == "line" and b["role"] == "body"]
    photos = [(b["x"], b["y"], b["width"], b["height"]) for b in boxes if b["kind"] == "image"]
    problems = k_only(plates, lines, offset, "body line")
    problem = ink_limit(plates, limit, photos, offset)
    return problems[:3] + (["%d body lines in all" % len(problems)] if problems else []) + \
        ([problem] if problem else [])


def renders_clean(pdf):
    """Problems unless pdftoppm, mutool draw and gs nullpage read PDF silently."""
    problems = []
    tools = [["pdftoppm", "-r", "20", pdf, os.path.join(OUT, "ppm")],
             # -N: Debian's mupdf 1.21 is built without ICC support and warns "ICC support is
             # not available" at any ICCBased space (the photos'); -N reads them by their /N.
             ["mutool", "draw", "-N", "-q", "-o", "/dev/null", pdf],
             ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", pdf]]
    for args in tools:
        r = run(args)
        if r.returncode or r.stderr.strip():
            problems.append("%s: exit %d: %s" % (args[0], r.returncode, r.stderr.strip()[:200]))
    for f in glob.glob(os.path.join(OUT, "ppm*")):
        os.remove(f)
    return problems


def self_test(results, regions, sample_rgb, layout):
    """The plate checks must fail on cairo's RGB PDFs."""
    def must_fail(fn, *args):
        problems = fn(*args)
        return None if problems else "the check passed on the RGB PDF"

    results.check("self-test: the test page's plate checks fail on cairo's RGB PDF",
                  must_fail, test_page, os.path.join(OUT, "plain.pdf"), "plain", regions)
    results.check("self-test: the sample's plate checks fail on cairo's RGB PDF",
                  must_fail, test_sample, sample_rgb, "sample-rgb", layout, regions["ink_limit"])


def marks_on_every_plate(pdf):
    """Crop and registration marks print on every plate: outside the bleed (where only the
    marks and the slug are) every pixel with K ink has C, M and Y ink as much."""
    plates = separate(pdf, "marks")
    w, h, black = plates["Black"]
    # the trim box and bleed of a --marks page: the marks sit outside the bleed box
    info = run(["pdfinfo", "-box", "-f", "1", "-l", "1", pdf]).stdout
    media = [float(x) for x in re.search(r"MediaBox:\s+(.*)", info).group(1).split()]
    bleed = [float(x) for x in re.search(r"BleedBox:\s+(.*)", info).group(1).split()]
    s = DPI / 72.0
    bx0, by0 = int((bleed[0] - media[0]) * s) - 2, int((media[3] - bleed[3]) * s) - 2
    bx1, by1 = int((bleed[2] - media[0]) * s) + 2, int((media[3] - bleed[1]) * s) + 2
    marked, short = 0, 0
    for y in range(h):
        for x in range(w):
            if bx0 <= x < bx1 and by0 <= y < by1:
                continue
            k = black[y * w + x]
            if k < 128:
                continue
            marked += 1
            if min(plates[ink][2][y * w + x] for ink in INKS[:3]) < k - 8:
                short += 1
    if not marked:
        return ["no marks found outside the bleed"]
    return ["%d of %d mark pixels are not on every plate" % (short, marked)] if short else []


def registration_spaces(pdf):
    """The names page 1's resources give [/Separation /All ...] spaces, and page 1's
    decoded content, read from qpdf's JSON (version 2, stream data inline)."""
    r = run(["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf",
             "--decode-level=generalized", "--json-stream-data=inline", pdf])
    doc = json.loads(r.stdout)
    objects = doc["qpdf"][1]

    def value(v):
        while isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = objects["obj:" + v]
            v = o["value"] if "value" in o else o["stream"]
        return v

    page = value(doc["pages"][0]["object"])
    spaces = value(value(page.get("/Resources", {})).get("/ColorSpace", {}))
    names = [n for n, v in spaces.items()
             if isinstance(value(v), list) and value(v)[:2] == ["/Separation", "/All"]]
    content = b"".join(base64.b64decode(value(c)["data"]) for c in doc["pages"][0]["contents"])
    return names, content.decode("latin-1")


def marks_in_all(pdf):
    """The marks are set in a [/Separation /All] space (check 5)."""
    names, content = registration_spaces(pdf)
    if not names:
        return ["page 1's resources name no [/Separation /All] colour space"]
    problems = []
    for op in ("CS", "cs"):
        if not any(re.search(r"%s\s+%s\b" % (re.escape(n), op), content) for n in names):
            problems.append("no %s sets the /All space (%s)" % (op, " ".join(names)))
    if re.search(r"(^|\s)1\s+1\s+1\s+1\s+[kK]\b", content):
        problems.append("a colour is still 1 1 1 1 in DeviceCMYK")
    return problems


def doctor_all(pdf, out):
    """PDF with its /All separation renamed /Black (qpdf --qdf, then fix-qdf)."""
    qdf = out + ".qdf"
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    with open(qdf, "rb") as f:
        data = f.read().replace(b"/Separation\n  /All\n", b"/Separation\n  /Black\n")
    with open(qdf, "wb") as f:
        f.write(data)
    with open(out, "wb") as f:
        f.write(subprocess.run(["fix-qdf", qdf], capture_output=True).stdout)


def main():
    results = Results()
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    r = run([HARNESS, "--write", OUT])
    if r.returncode:
        print("FAIL the harness: %s" % r.stderr.strip())
        return 1
    with open(os.path.join(OUT, "regions.json")) as f:
        regions = json.load(f)
    sample_rgb, layout = sample_boxes()
    sample_cmyk = os.path.join(OUT, "sample-cmyk.pdf")  # the press file its layout makes
    r = run([GALLEY, "render", "samples/shoigu-sanctions/article.json", "-o", sample_cmyk, "-q"])
    if r.returncode != 0:
        print("FAIL rendering the sample's press file: %s" % r.stderr.strip())
        return 1
    self_test(results, regions, sample_rgb, layout)
    cmyk = os.path.join(OUT, "cmyk.pdf")
    results.check("the test page: black text and grey K only, red as computed, ink under the "
                  "limit", test_page, cmyk, "cmyk", regions)
    results.check("the sample: body lines K only, ink under the limit outside the photo",
                  test_sample, sample_cmyk, "sample-cmyk", layout, regions["ink_limit"])
    for pdf in (cmyk, sample_cmyk):
        results.check("%s renders silently in pdftoppm, mutool and gs" % pdf, renders_clean, pdf)
    marks = os.path.join(OUT, "marks.pdf")
    r = run([GALLEY, "render", "samples/brief-long-head/article.json", "-o", marks, "--marks",
             "-q"])
    results.check("crop and registration marks on every plate", lambda: (
        ["galley: " + r.stderr.strip()[:200]] if r.returncode != 0 else
        marks_on_every_plate(marks)))
    screen = os.path.join(OUT, "marks-screen.pdf")
    r2 = run([GALLEY, "render", "samples/brief-long-head/article.json", "-o", screen, "--marks",
              "-q", "--pdf-standard", "none"])
    results.check("self-test: black marks (a file for screens) fail the registration check",
                  lambda: (["galley: " + r2.stderr.strip()[:200]] if r2.returncode != 0 else
                           ([] if marks_on_every_plate(screen) else ["not caught"])))
    results.check("%s renders silently in pdftoppm, mutool and gs" % marks, renders_clean, marks)
    results.check("the marks in the registration colour, [/Separation /All]", lambda: (
        ["galley: " + r.stderr.strip()[:200]] if r.returncode != 0 else marks_in_all(marks)))
    results.check("self-test: black marks (a file for screens) fail the /All check",
                  lambda: [] if marks_in_all(screen) else ["not caught"])
    doctored = os.path.join(OUT, "marks-black.pdf")
    doctor_all(marks, doctored)
    results.check("self-test: the marks' space doctored to /Separation /Black fails",
                  lambda: [] if marks_in_all(doctored) else ["not caught"])
    return results.summary()


if __name__ == "__main__":
    sys.exit(main())
