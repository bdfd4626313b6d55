#!/usr/bin/env python3
"""Galley's print-PDF checks: what a printer needs from the file.

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/print.py

Checks, on the samples and on files made in tests/out/print/:
1. page geometry (`pdfinfo -box`): the TrimBox is the layout's page size, the BleedBox the
   trim plus the bleed on every side, the MediaBox the bleed box; with --marks the media box
   grows by the slug and keeps trim and bleed in place;
2. photos (`pdfimages -list`, `-j`): a JPEG photo is in the PDF byte for byte as its file;
   an 8-bit RGB PNG's image stream (`qpdf --json`, raw) is the file's IDAT data, Flate with
   PNG predictors, and no stand-in for it is left;
3. reproducible: two renders of the same input are the same bytes; SOURCE_DATE_EPOCH sets
   the dates, never the clock;
4. tagged (`pdfinfo`: Tagged: yes), the figure carries its alt text, the outline holds the
   headline, links are there for URLs and e-mail addresses;
5. a text-only page in English and Korean stays under 150 KB for screens, and under 150 KB
   and its output profile as a press file;
6. EXIF orientation: a photo saved with orientation 5, 6 or 8 comes out on the page as its
   upright version (orientation 0) does;
7. low-resolution photos get a warning naming their resolution;
8. a render that fails after half its pages are written leaves every old file as it was and
   no new or temporary file;
9. fonts are embedded without hinting (the copies in fonts/print/, made by `make`): no
   font program in the PDF has fpgm, prep or cvt tables or glyph instructions;
10. the copies set every sample exactly as the system's fonts do: the same boxes (--boxes
   JSON) with fonts.conf and system.conf in a folder without print/, as with the copies;
11. a print/ folder without its mark of completion (make cut short) is not used.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed. Python 3 standard library only.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
PNGDIFF = os.path.join(BUILD, "pngdiff")
OUT = os.path.join("tests", "out", "print")
MM = 72 / 25.4
TOL = 0.02  # pt


def run(args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(args, capture_output=True, text=True, timeout=600, env=e)


def render(article, out, *extra, env=None):
    """Renders ARTICLE to OUT; returns the finished process."""
    return run([GALLEY, "render", article, "-o", out, "-q", *extra], env=env)


def boxes(pdf):
    """pdfinfo -box of page 1: {name: (x0, y0, x1, y1)}."""
    text = run(["pdfinfo", "-box", pdf]).stdout
    out = {}
    for name in ("MediaBox", "BleedBox", "TrimBox"):
        m = re.search(name + r":\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", text)
        out[name] = tuple(float(v) for v in m.groups()) if m else None
    return out


def grown(box, d):
    return (box[0] - d, box[1] - d, box[2] + d, box[3] + d)


def same_box(a, b):
    return a and b and all(abs(x - y) <= TOL for x, y in zip(a, b))


def check_geometry(pdf, layout, marks):
    """Trim is the page, bleed the trim plus the bleed, media the bleed (+ slug)."""
    b = boxes(pdf)
    if not all(b.values()):
        return f"pdfinfo -box lacks a box: {b}"
    trim = b["TrimBox"]
    w, h = trim[2] - trim[0], trim[3] - trim[1]
    want_w, want_h = layout["page"]["width"] * MM, layout["page"]["height"] * MM
    if abs(w - want_w) > TOL or abs(h - want_h) > TOL:
        return f"TrimBox is {w:.2f} x {h:.2f} pt, the layout's page {want_w:.2f} x {want_h:.2f}"
    bleed = layout.get("bleed", 3) * MM
    if not same_box(b["BleedBox"], grown(trim, bleed)):
        return f"BleedBox {b['BleedBox']} is not the trim {trim} plus {bleed:.2f} pt"
    slug = layout.get("slug", 12) * MM if marks else 0
    if not same_box(b["MediaBox"], grown(trim, bleed + slug)):
        return f"MediaBox {b['MediaBox']} is not the bleed box plus {slug:.2f} pt"
    return None


def check_jpeg_unchanged(pdf, photo):
    """The JPEG that pdfimages -j extracts is the photo file, byte for byte."""
    listing = run(["pdfimages", "-list", pdf]).stdout
    if " jpeg " not in listing:
        return f"no JPEG image in the PDF:\n{listing}"
    prefix = os.path.join(OUT, "img")
    for f in os.listdir(OUT):
        if f.startswith("img-"):
            os.remove(os.path.join(OUT, f))
    run(["pdfimages", "-j", pdf, prefix])
    jpgs = sorted(f for f in os.listdir(OUT) if f.startswith("img-") and f.endswith(".jpg"))
    want = open(photo, "rb").read()
    if not any(open(os.path.join(OUT, f), "rb").read() == want for f in jpgs):
        return f"no extracted JPEG equals {photo} ({len(jpgs)} extracted)"
    return None


def png_idat(path):
    """The concatenated IDAT data of the PNG file at PATH, and its width."""
    d = open(path, "rb").read()
    at, idat, width = 8, b"", 0
    while at + 8 <= len(d):
        n = int.from_bytes(d[at:at + 4], "big")
        kind = d[at + 4:at + 8]
        if kind == b"IHDR":
            width = int.from_bytes(d[at + 8:at + 12], "big")
        elif kind == b"IDAT":
            idat += d[at + 8:at + 8 + n]
        at += 12 + n
    return idat, width


def check_png_unchanged(pdf, photo):
    """The PNG's image stream in the PDF is its IDAT data with PNG predictors, once."""
    import base64
    out = os.path.join(OUT, "png.json")
    run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
         "--decode-level=none", pdf, out])
    objects = json.load(open(out, encoding="utf-8"))["qpdf"][1]
    images = [v["stream"] for v in objects.values()
              if isinstance(v, dict) and "stream" in v
              and v["stream"]["dict"].get("/Subtype") == "/Image"]
    idat, width = png_idat(photo)
    same = [i for i in images if base64.b64decode(i.get("data", "")) == idat]
    if len(same) != 1:
        return f"{len(same)} image streams hold {photo}'s IDAT data ({len(images)} images)"
    d = same[0]["dict"]
    parms = d.get("/DecodeParms", {})
    if d.get("/Filter") != "/FlateDecode" or parms.get("/Predictor") != 15 or \
            parms.get("/Columns") != width or parms.get("/Colors") != 3:
        return f"the PNG's stream is not Flate with PNG predictors: {d}"
    left = [i["dict"] for i in images if i["dict"].get("/Filter") == "/DCTDecode"
            and b"galley-png:" in base64.b64decode(i.get("data", ""))]
    return f"a PNG stand-in is left in the PDF: {left}" if left else None


def check_reproducible(article):
    a, b = os.path.join(OUT, "same-a.pdf"), os.path.join(OUT, "same-b.pdf")
    for out in (a, b):
        p = render(article, out)
        if p.returncode:
            return f"render failed: {p.stderr.strip()}"
    if open(a, "rb").read() != open(b, "rb").read():
        return "two renders of the same input differ"
    c = os.path.join(OUT, "same-epoch.pdf")
    render(article, c, env={"SOURCE_DATE_EPOCH": "86400"})
    info = run(["pdfinfo", "-isodates", c]).stdout
    if "1970-01-02T00:00:00" not in info:
        return f"SOURCE_DATE_EPOCH=86400 does not set CreationDate:\n{info}"
    return None


def qdf(pdf):
    """The PDF with its objects uncompressed, as text."""
    out = pdf + ".qdf"
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, out])
    return open(out, "rb").read().decode("latin-1")


def check_tagged(pdf, alt, headline, urls):
    info = run(["pdfinfo", pdf]).stdout
    if not re.search(r"Tagged:\s+yes", info):
        return "pdfinfo does not say Tagged: yes"
    text = qdf(pdf)
    for tag in ("/S /H1", "/S /P", "/S /Figure"):
        if tag not in text:
            return f"no {tag} structure element"
    if alt and "/Alt" not in text:
        return "the figure has no /Alt"
    if "/Outlines" not in text or "/Type /OutputIntent" not in text:
        return "no outline or no OutputIntent"
    if "/Lang (en)" not in text:
        return "the catalog has no /Lang (en)"
    for url in urls:
        if f"/URI ({url})" not in text:
            return f"no link to {url}"
    return None


def sfnt_tables(font):
    """{tag: bytes} of the TrueType font program FONT."""
    n = int.from_bytes(font[4:6], "big")
    out = {}
    for i in range(n):
        rec = font[12 + 16 * i:28 + 16 * i]
        off, length = int.from_bytes(rec[8:12], "big"), int.from_bytes(rec[12:16], "big")
        out[rec[:4].decode("latin-1")] = font[off:off + length]
    return out


def glyph_instruction_bytes(tables):
    """The bytes of TrueType instructions in the simple glyphs of TABLES' glyf."""
    glyf, loca = tables.get("glyf", b""), tables.get("loca", b"")
    long_offsets = int.from_bytes(tables["head"][50:52], "big", signed=True) == 1
    if long_offsets:
        offs = [int.from_bytes(loca[i:i + 4], "big") for i in range(0, len(loca), 4)]
    else:
        offs = [2 * int.from_bytes(loca[i:i + 2], "big") for i in range(0, len(loca), 2)]
    total = 0
    for a, b in zip(offs, offs[1:]):
        contours = int.from_bytes(glyf[a:a + 2], "big", signed=True) if b > a else -1
        if contours >= 0:
            at = a + 10 + 2 * contours
            total += int.from_bytes(glyf[at:at + 2], "big")
    return total


def check_fonts_unhinted(pdf):
    """Every embedded TrueType program lacks fpgm, prep, cvt and glyph instructions."""
    text = qdf(pdf).encode("latin-1")
    fonts = [m for m in re.finditer(rb"/Length1 \d+.*?stream\n", text, re.S)]
    if not fonts:
        return "no embedded TrueType font program found"
    for m in fonts:
        end = text.index(b"endstream", m.end())
        tables = sfnt_tables(text[m.end():end])
        hinting = sorted(t for t in ("fpgm", "prep", "cvt ") if t in tables)
        if hinting:
            return f"a font program has hinting tables {hinting} (run make: fonts/print/)"
        n = glyph_instruction_bytes(tables)
        if n:
            return f"a font program's glyphs carry {n} bytes of instructions"
    return None


def check_print_copies_same_boxes(article, name):
    """The boxes with the system's fonts equal the boxes with the print copies."""
    plain_dir = os.path.join(OUT, "system-fonts")  # no print/ there: the system's files
    os.makedirs(plain_dir, exist_ok=True)
    shutil.copy("fonts/fonts.conf", plain_dir)
    shutil.copy("fonts/system.conf", plain_dir)
    outs = {}
    for kind, env in (("copies", None),
                      ("system", {"GALLEY_FONTS_CONF": os.path.abspath(
                          os.path.join(plain_dir, "fonts.conf"))})):
        pdf = os.path.join(OUT, f"fonts-{name}-{kind}.pdf")
        p = render(article, pdf, "--boxes", pdf + ".json", env=env)
        if p.returncode:
            return f"render with the {kind} fonts failed: {p.stderr.strip()}"
        outs[kind] = (open(pdf + ".json", "rb").read(), os.path.getsize(pdf))
    if outs["copies"][0] != outs["system"][0]:
        return "the boxes differ between the system's fonts and the print copies"
    if outs["copies"][1] >= outs["system"][1]:
        return (f"the PDF with the print copies ({outs['copies'][1]} bytes) is not smaller than "
                f"with the system's fonts ({outs['system'][1]})")
    return None


def check_half_made_fonts_folder(article):
    """A print/ folder without its mark of completion (a make cut short) is not used: the
    boxes are those of the system's files, not of the one font the folder holds."""
    base = os.path.join(OUT, "half-made")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(os.path.join(base, "print"))
    for conf in ("fonts.conf", "system.conf"):
        shutil.copy(os.path.join("fonts", conf), base)
    shutil.copy("fonts/print/NotoSerif-Regular.ttf", os.path.join(base, "print"))
    outs = {}
    for kind, conf in (("half", base), ("system", os.path.join(OUT, "system-fonts"))):
        pdf = os.path.join(OUT, f"half-made-{kind}.pdf")
        p = render(article, pdf, "--boxes", pdf + ".json",
                   env={"GALLEY_FONTS_CONF": os.path.abspath(os.path.join(conf, "fonts.conf"))})
        if p.returncode:
            return f"render with the {kind} fonts failed: {p.stderr.strip()}"
        outs[kind] = open(pdf + ".json", "rb").read()
    return None if outs["half"] == outs["system"] else "the half-made folder's fonts were used"


def check_size(pdf, limit):
    size = os.path.getsize(pdf)
    return None if size < limit else f"{size} bytes, over {limit}"


def article_with_photo(src_article, photo, name):
    """A copy of SRC_ARTICLE in OUT whose photo is PHOTO."""
    a = json.load(open(src_article, encoding="utf-8"))
    dst = os.path.join(OUT, name)
    shutil.copy(photo, dst + os.path.splitext(photo)[1])
    a["photos"][0]["src"] = os.path.basename(dst + os.path.splitext(photo)[1])
    a["photos"][0].pop("focus", None)
    path = dst + ".json"
    json.dump(a, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    return path


def check_orientation(upright_png, rotated_article):
    stem = os.path.splitext(rotated_article)[0]
    p = render(rotated_article, stem + ".png", "--dpi", "40")
    if p.returncode:
        return f"render failed: {p.stderr.strip()}"
    d = run([PNGDIFF, upright_png, stem + "-1.png", "--max-fraction", "0.01"])
    return None if d.returncode == 0 else (d.stdout + d.stderr).strip()


def pixel_gray(pdf, x_pt, y_pt):
    """The grey level (0-255) of the media box at (X_PT, Y_PT) from its top-left."""
    p = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-x", str(int(x_pt)), "-y",
                        str(int(y_pt)), "-W", "1", "-H", "1", "-f", "1", "-l", "1", pdf],
                       capture_output=True, timeout=600)
    data = p.stdout
    # A binary PGM: "P5\n1 1\n255\n" then one byte.
    return data[-1]


def check_full_bleed(pdf, boxes_json):
    """A photo touching the trim runs into the bleed: the bleed beside it is not white,
    while the bleed beside the text is."""
    b = boxes(pdf)
    media, trim = b["MediaBox"], b["TrimBox"]
    if not media or not trim:
        return "no boxes"
    bleed = trim[0] - media[0]
    photo = [x for x in json.load(open(boxes_json))["boxes"] if x["kind"] == "image"][0]
    page_w = trim[2] - trim[0]
    if abs(photo["x"] + photo["width"] - page_w) > TOL:
        return f"the photo does not touch the right trim edge: {photo}"
    beside = pixel_gray(pdf, media[2] - bleed / 2, bleed + photo["y"] + photo["height"] / 2)
    below = pixel_gray(pdf, media[2] - bleed / 2, media[3] - bleed / 2)
    if beside > 240:
        return f"the bleed beside the photo is white ({beside})"
    if below < 250:
        return f"the bleed away from the photo is not white ({below})"
    return None


def check_half_way_failure():
    """A render that fails after its first page is written leaves no new file and every old
    one as it was: page 2's name is a folder, so its rename fails after page 1's."""
    folder = os.path.join(OUT, "halfway")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "out-2.png"))
    old = b"an older page one"
    with open(os.path.join(folder, "out-1.png"), "wb") as f:
        f.write(old)
    p = run([GALLEY, "render", "samples/deep-field/article.json", "-o",
             os.path.join(folder, "out.png"), "--dpi", "20", "-q"])
    if p.returncode != 4:
        return f"exit {p.returncode}, not 4: {p.stderr.strip()}"
    if open(os.path.join(folder, "out-1.png"), "rb").read() != old:
        return "page 1 was replaced by a render that failed"
    left = sorted(set(os.listdir(folder)) - {"out-1.png", "out-2.png"})
    return f"files left behind: {left}" if left else None


def check_low_resolution_warning(article):
    p = run([GALLEY, "render", article, "-o", os.path.join(OUT, "lowres.pdf")])
    if p.returncode:
        return f"render failed: {p.stderr.strip()}"
    if not re.search(r"photos\[0\]: the photo prints at \d+ ppi", p.stderr):
        return f"no low-resolution warning: {p.stderr.strip()!r}"
    return None


def main():
    os.makedirs(OUT, exist_ok=True)
    r = Results()
    layouts = {n: json.load(open(f"layouts/{n}.json")) for n in ("tabloid", "a4")}
    sample = "samples/shoigu-sanctions/article.json"
    art = json.load(open(sample, encoding="utf-8"))
    for name, layout in layouts.items():
        for marks in (False, True):
            pdf = os.path.join(OUT, f"geometry-{name}{'-marks' if marks else ''}.pdf")
            extra = ["--layout", name] + (["--marks"] if marks else [])
            p = render(sample, pdf, *extra)
            what = f"{name}{' --marks' if marks else ''}: trim, bleed and media boxes"
            r.check(what, lambda p=p, pdf=pdf, l=layout, m=marks: (
                f"render failed: {p.stderr.strip()}" if p.returncode else check_geometry(pdf, l, m)))
    pdf = os.path.join(OUT, "geometry-tabloid.pdf")
    r.check("the JPEG photo is embedded unchanged", check_jpeg_unchanged, pdf,
            "samples/shoigu-sanctions/photo.jpg")
    korean = "samples/korean-market/article.json"
    korean_pdf = os.path.join(OUT, "korean-market.pdf")
    p = render(korean, korean_pdf)
    r.check("the PNG photo's own image data is embedded", lambda: (
        f"render failed: {p.stderr.strip()}" if p.returncode
        else check_png_unchanged(korean_pdf, "samples/korean-market/photo.png")))
    r.check("the same input gives the same bytes; SOURCE_DATE_EPOCH sets the dates",
            check_reproducible, sample)
    r.check("tagged PDF: structure, figure alt text, outline, OutputIntent", check_tagged, pdf,
            art["photos"][0].get("alt"), art["headline"], [])
    deep = "samples/deep-field/article.json"
    deep_pdf = os.path.join(OUT, "deep-field.pdf")
    render(deep, deep_pdf, "--pdf-standard", "none")  # links are for screens
    urls = [x["url"] for x in json.load(open(deep, encoding="utf-8")).get("related", [])]
    r.check("links for the URLs of related articles and the text", check_tagged, deep_pdf,
            None, None, urls)
    text_only = os.path.join(OUT, "text-only.pdf")
    p = render("tests/data/articles/text-only-bilingual.json", text_only)
    # A press file also carries its output profile (Ghostscript's default CMYK, 187 KB,
    # deflated): the budget is the page's 150 KB and that stream.
    with open("/usr/share/color/icc/ghostscript/default_cmyk.icc", "rb") as f:
        profile = len(zlib.compress(f.read(), 1))
    r.check(f"a text-only English and Korean press page is under 150 KB and its profile "
            f"({profile // 1024} KB)", lambda: (
                f"render failed: {p.stderr.strip()}" if p.returncode
                else check_size(text_only, 150_000 + profile)))
    screen = os.path.join(OUT, "text-only-screen.pdf")
    p2 = render("tests/data/articles/text-only-bilingual.json", screen, "--pdf-standard", "none")
    r.check("the same page for screens is under 150 KB", lambda: (
        f"render failed: {p2.stderr.strip()}" if p2.returncode else check_size(screen, 150_000)))
    upright = article_with_photo(sample, "tests/data/images/Landscape_0.jpg", "orient-0")
    render(upright, os.path.splitext(upright)[0] + ".png", "--dpi", "40")
    for n in (5, 6, 8):
        rotated = article_with_photo(sample, f"tests/data/images/Landscape_{n}.jpg",
                                     f"orient-{n}")
        r.check(f"EXIF orientation {n} comes out upright", check_orientation,
                os.path.splitext(upright)[0] + "-1.png", rotated)
    r.check("a low-resolution photo gets a warning", check_low_resolution_warning, sample)
    r.check("a failure after half the pages leaves the old files and no new ones",
            check_half_way_failure)
    bleed_pdf = os.path.join(OUT, "full-bleed.pdf")
    bleed_boxes = os.path.join(OUT, "full-bleed.json")
    p = render(sample, bleed_pdf, "--layout", "tests/data/layouts/full-bleed.json", "--boxes",
               bleed_boxes)
    r.check("a photo touching the trim runs into the bleed", lambda: (
        f"render failed: {p.stderr.strip()}" if p.returncode
        else check_full_bleed(bleed_pdf, bleed_boxes)))
    for pdf_path in (pdf, korean_pdf):
        r.check(f"{os.path.basename(pdf_path)}: fonts embedded without hinting",
                check_fonts_unhinted, pdf_path)
    for article in sorted(glob.glob("samples/*/article.json")):
        name = os.path.basename(os.path.dirname(article))
        r.check(f"{name}: the print copies set the same boxes as the system's fonts",
                check_print_copies_same_boxes, article, name)
    r.check("a fonts folder make did not finish is not used", check_half_made_fonts_folder,
            "samples/shoigu-sanctions/article.json")
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
