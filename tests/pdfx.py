#!/usr/bin/env python3
"""Galley's press-file checks: PDF/X-4 keys, read by qpdf, and three independent readers.

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/pdfx.py [--self-test]

Every sample is rendered in its own layout and with --pdf-standard x4 in tabloid and a4, and
the sample edition as it is; each PDF that is a press file (the shipped print layouts are)
is read with `qpdf --json=2` (streams decoded, inline) and must have what PDF/X-4 (ISO
15930-7) asks for:

1. PDF 1.6 or later; no encryption;
2. in the catalogue one /OutputIntents entry of subtype /GTS_PDFX with a non-empty
   /OutputConditionIdentifier and /Info, and a /DestOutputProfile stream whose /N is 4 and
   whose data is an ICC profile of a CMYK output device (header: class 'prtr', colour space
   'CMYK');
3. in the Info dictionary /GTS_PDFXVersion (PDF/X-4) and /Trapped /False, dates written
   D:...;
4. a /Metadata XMP stream with pdfxid:GTS_PDFXVersion PDF/X-4, xmpMM:DocumentID and
   InstanceID, pdf:Trapped False and the Info dictionary's title;
5. on every page a /TrimBox inside a /BleedBox inside the /MediaBox, and no annotation
   (PDF/X allows none inside the bleed box; a press file has no links);
6. every font embedded (pdffonts);
7. no error or warning from three independent readers: poppler (`pdftoppm`), MuPDF (`mutool
   draw`) and Ghostscript (`gs -sDEVICE=nullpage`). MuPDF's "ICC support is not available"
   is a fact about Debian's mutool build (it says so for every PDF with an ICC profile) and
   is the one line not counted.

A render with --pdf-standard none must instead have the sRGB output intent (N 3) and no
GTS_PDFXVersion. A PNG with --proof must show the press's paper (its margin one colour, not
white) and duller ink than the plain PNG (its most saturated pixel, the red kicker, less
saturated); the plain PNG, taken for a proof, must fail that check.

Before all that it runs its self-test (alone with `--self-test`): a good press file's JSON
doctored to lose each required key in turn (or to carry a wrong value) must fail its check,
and the undoctored one must pass.

Prints one line per check, "ok   WHAT" or "FAIL WHAT: reason", then "N passed, M failed";
exits 1 if anything failed.
"""

import base64
import copy
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "tests"))
from integration import Report  # noqa: E402
from pngread import read_png  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
OUT = os.path.join(ROOT, "tests", "out", "pdfx")
TIMEOUT = 600  # seconds for one command (sanitizer builds are slow)
MUTOOL_BUILD_NOTE = "warning: ICC support is not available"


def run(args, **kw):
    return subprocess.run(args, cwd=ROOT, capture_output=True, timeout=TIMEOUT, **kw)


def render(args, out):
    """Renders galley ARGS into OUT (a PDF path); raises RuntimeError with its first message."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    p = run([os.path.join(ROOT, BUILD, "galley")] + args + ["-o", out, "-q"])
    if p.returncode != 0 or not os.path.exists(out):
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"galley {' '.join(args)}: exit {p.returncode}"
                           + (f": {err[0]}" if err else ""))
    return out


def qpdf_json(pdf):
    """The qpdf JSON (version 2) of PDF with every stream's data decoded, inline (base64)."""
    p = run(["qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized",
             pdf])
    if p.returncode not in (0, 3):
        raise RuntimeError(f"qpdf --json {pdf}: {p.stderr.decode('utf-8', 'replace')[:200]}")
    return json.loads(p.stdout)


class Doc:
    """The objects of a qpdf JSON, with references followed."""

    def __init__(self, j):
        self.j = j
        self.objects = j["qpdf"][1]

    def get(self, ref):
        """The value of REF ("3 0 R"), or REF itself when it is not a reference."""
        if isinstance(ref, str) and ref.endswith(" R"):
            o = self.objects.get("obj:" + ref, {})
            return o.get("value", o.get("stream", {}).get("dict"))
        return ref

    def stream(self, ref):
        """(dict, data bytes) of the stream REF."""
        s = self.objects.get("obj:" + ref, {}).get("stream", {})
        return s.get("dict", {}), base64.b64decode(s.get("data", ""))

    def trailer(self):
        return self.objects.get("trailer", {}).get("value", {})

    def catalog(self):
        return self.get(self.trailer().get("/Root")) or {}

    def pages(self):
        return [self.get(p["object"]) or {} for p in self.j.get("pages", [])]


def text(v):
    """A PDF string of qpdf's JSON ("u:..." or "b:hex") as text, else None."""
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return None


def box(v):
    return [float(x) for x in v] if isinstance(v, list) and len(v) == 4 else None


def inside(a, b, tol=0.01):
    return (a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol
            and a[3] <= b[3] + tol)


def check_version(doc):
    v = doc.j["qpdf"][0].get("pdfversion") or doc.j.get("version")
    problems = []
    try:
        if tuple(int(x) for x in str(v).split(".")[:2]) < (1, 6):
            problems.append(f"PDF {v}, PDF/X-4 needs 1.6 or later")
    except ValueError:
        problems.append(f"no PDF version ({v!r})")
    if "/Encrypt" in doc.trailer():
        problems.append("the file is encrypted")
    return problems


def check_intent(doc):
    intents = doc.get(doc.catalog().get("/OutputIntents"))
    if not isinstance(intents, list) or len(intents) != 1:
        return [f"/OutputIntents is {intents!r}, not one entry"]
    oi = doc.get(intents[0]) or {}
    problems = []
    if oi.get("/S") != "/GTS_PDFX":
        problems.append(f"output intent subtype {oi.get('/S')}, not /GTS_PDFX")
    for key in ("/OutputConditionIdentifier", "/Info"):
        if not text(oi.get(key)):
            problems.append(f"output intent has no {key}")
    ref = oi.get("/DestOutputProfile")
    if not isinstance(ref, str):
        return problems + ["output intent has no /DestOutputProfile stream"]
    d, data = doc.stream(ref)
    if d.get("/N") != 4:
        problems.append(f"the profile's /N is {d.get('/N')}, not 4 (CMYK)")
    if data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        problems.append(f"the profile is {data[12:16]!r} {data[16:20]!r}, not a CMYK output "
                        "(prtr) profile")
    return problems


def check_info(doc):
    info = doc.get(doc.trailer().get("/Info")) or {}
    problems = []
    if text(info.get("/GTS_PDFXVersion")) != "PDF/X-4":
        problems.append(f"Info /GTS_PDFXVersion is {info.get('/GTS_PDFXVersion')!r}")
    if info.get("/Trapped") != "/False":
        problems.append(f"Info /Trapped is {info.get('/Trapped')!r}, not /False")
    for key in ("/CreationDate", "/ModDate"):
        if not (text(info.get(key)) or "").startswith("D:"):
            problems.append(f"Info {key} is {info.get(key)!r}, not a PDF date D:...")
    return problems


def check_xmp(doc):
    ref = doc.catalog().get("/Metadata")
    if not isinstance(ref, str):
        return ["no /Metadata stream in the catalogue"]
    d, data = doc.stream(ref)
    xmp = data.decode("utf-8", "replace")
    problems = []
    if d.get("/Type") != "/Metadata" or d.get("/Subtype") != "/XML":
        problems.append(f"metadata stream is {d.get('/Type')} {d.get('/Subtype')}")
    if not re.search(r"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>", xmp):
        problems.append("XMP has no pdfxid:GTS_PDFXVersion PDF/X-4")
    for tag in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
        if not re.search(rf"<{tag}>uuid:[0-9a-f-]{{36}}</{tag}>", xmp):
            problems.append(f"XMP has no {tag}")
    if "<pdf:Trapped>False</pdf:Trapped>" not in xmp:
        problems.append("XMP has no pdf:Trapped False")
    info = doc.get(doc.trailer().get("/Info")) or {}
    title = text(info.get("/Title"))
    if title:
        m = re.search(r"<dc:title><rdf:Alt><rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
        got = m.group(1).replace("&amp;", "&").replace("&lt;", "<") if m else None
        if got != title:
            problems.append(f"XMP title {got!r} is not the Info title {title!r}")
    return problems


def check_pages(doc):
    problems = []
    for i, page in enumerate(doc.pages(), 1):
        media, bleed, trim = (box(doc.get(page.get(k))) for k in ("/MediaBox", "/BleedBox",
                                                                    "/TrimBox"))
        if not trim or not bleed:
            problems.append(f"page {i} has no {'/TrimBox' if not trim else '/BleedBox'}")
        elif not media or not inside(trim, bleed) or not inside(bleed, media):
            problems.append(f"page {i}: TrimBox {trim} not inside BleedBox {bleed} inside "
                            f"MediaBox {media}")
        if doc.get(page.get("/Annots")):
            problems.append(f"page {i} has annotations (links): none may be inside the bleed")
    return problems or []


def check_fonts(pdf):
    p = run(["pdffonts", pdf])
    lines = p.stdout.decode("utf-8", "replace").splitlines()[2:]
    bad = [l for l in lines if len(l.split()) >= 5 and l.split()[-5] != "yes"]
    return [f"font not embedded: {l.split()[0]}" for l in bad]


def check_readers(pdf):
    """No error or warning from poppler, MuPDF and Ghostscript reading every page."""
    problems = []
    tmp = os.path.join(OUT, "reader")
    for name, args in (("pdftoppm", ["pdftoppm", "-r", "10", pdf, tmp]),
                       ("mutool", ["mutool", "draw", "-r", "10", "-o", tmp + "-%d.png", pdf]),
                       ("gs", ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                               "-sDEVICE=nullpage", pdf])):
        p = run(args)
        err = [l for l in p.stderr.decode("utf-8", "replace").splitlines()
               if l.strip() and l.strip() != MUTOOL_BUILD_NOTE]
        if name == "mutool":  # mutool draw prints "page FILE N" on stderr as progress
            err = [l for l in err if not l.startswith("page ")]
        if p.returncode != 0 or err:
            problems.append(f"{name} exits {p.returncode}: {'; '.join(err[:3])}")
    return problems


KEY_CHECKS = (("PDF version, no encryption", check_version), ("output intent", check_intent),
              ("Info keys", check_info), ("XMP metadata", check_xmp),
              ("page boxes, no annotations", check_pages))


def check_press(pdf):
    """Every check of a press file, as (what, problems)."""
    doc = Doc(qpdf_json(pdf))
    out = [(what, fn(doc)) for what, fn in KEY_CHECKS]
    out.append(("fonts embedded", check_fonts(pdf)))
    out.append(("three readers", check_readers(pdf)))
    return out


def check_screen(pdf):
    """A file for screens: the sRGB intent, no PDF/X version."""
    doc = Doc(qpdf_json(pdf))
    intents = doc.get(doc.catalog().get("/OutputIntents")) or []
    problems = []
    oi = doc.get(intents[0]) if intents else {}
    d, _ = doc.stream(oi.get("/DestOutputProfile", "")) if oi else ({}, b"")
    if d.get("/N") != 3:
        problems.append(f"the screen file's output intent has /N {d.get('/N')}, not 3 (sRGB)")
    info = doc.get(doc.trailer().get("/Info")) or {}
    if "/GTS_PDFXVersion" in info:
        problems.append("a screen file claims PDF/X")
    return problems


def check_proof(plain_png, proof_png):
    """A press proof shows the press's paper: its margin is one colour, not the screen's
    white, and its most saturated colour (the red kicker) is duller than on screen."""
    w, h, plain = read_png(plain_png)
    _, _, proof = read_png(proof_png)
    problems = []
    corners = {proof[y][x] for y in (0, h - 1) for x in (0, w - 1)}
    if len(corners) != 1 or corners == {(255, 255, 255)}:
        problems.append(f"the proof's paper is {sorted(corners)}, not one colour off white")

    def saturation(px):
        return max(px) - min(px)
    red = max(((x, y) for y in range(h) for x in range(w)),
              key=lambda p: saturation(plain[p[1]][p[0]]))
    a, b = plain[red[1]][red[0]], proof[red[1]][red[0]]
    if saturation(b) >= saturation(a):
        problems.append(f"the most saturated pixel {a} is not duller in the proof: {b}")
    return problems


def renders():
    """[(label, galley arguments, press)]: the samples in their own layouts (press files),
    with --pdf-standard x4 in a4 and none in tabloid, and the sample edition."""
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "samples"))):
        art = os.path.join("samples", name, "article.json")
        if os.path.exists(os.path.join(ROOT, art)):
            out.append((f"{name}/own", ["render", art], True))
            out.append((f"{name}/a4-x4", ["render", art, "--layout", "a4", "--pdf-standard",
                                          "x4"], True))
            out.append((f"{name}/none", ["render", art, "--pdf-standard", "none"], False))
        ed = os.path.join("samples", name, "edition.json")
        if os.path.exists(os.path.join(ROOT, ed)):
            out.append((f"{name}/edition", ["edition", ed], True))
    return out


def self_test(report):
    """Each key check fails on a press file's JSON doctored to lose what it checks."""
    pdf = render(["render", "samples/brief-long-head/article.json", "--pdf-standard", "x4"],
                 os.path.join(OUT, "self-test", "brief.pdf"))
    good = qpdf_json(pdf)
    for what, fn in KEY_CHECKS:
        report.result(f"self-test: {what} passes a press file", fn(Doc(good)))
    doc = Doc(good)
    cat = doc.trailer()["/Root"]
    info = doc.trailer()["/Info"]
    meta = doc.catalog()["/Metadata"]
    intent = doc.catalog()["/OutputIntents"][0]
    prof = doc.get(intent)["/DestOutputProfile"]
    page = good["pages"][0]["object"]

    def value(j, ref):
        return j["qpdf"][1]["obj:" + ref]["value"]

    def stream(j, ref):
        return j["qpdf"][1]["obj:" + ref]["stream"]

    doctors = [
        ("PDF 1.5", check_version, lambda j: j["qpdf"][0].update(pdfversion="1.5")),
        ("no output intent", check_intent, lambda j: value(j, cat).pop("/OutputIntents")),
        ("an RGB profile (N 3)", check_intent, lambda j: stream(j, prof)["dict"].update(
            {"/N": 3})),
        ("a profile that is not CMYK", check_intent, lambda j: stream(j, prof).update(
            data=base64.b64encode(base64.b64decode(stream(j, prof)["data"])[:16] + b"RGB "
                                  + base64.b64decode(stream(j, prof)["data"])[20:]).decode())),
        ("no OutputConditionIdentifier", check_intent, lambda j: value(j, intent).pop(
            "/OutputConditionIdentifier")),
        ("subtype GTS_PDFA1", check_intent, lambda j: value(j, intent).update(
            {"/S": "/GTS_PDFA1"})),
        ("no GTS_PDFXVersion", check_info, lambda j: value(j, info).pop("/GTS_PDFXVersion")),
        ("no Trapped", check_info, lambda j: value(j, info).pop("/Trapped")),
        ("a date without D:", check_info, lambda j: value(j, info).update(
            {"/CreationDate": "u:20250611000000Z"})),
        ("no XMP", check_xmp, lambda j: value(j, cat).pop("/Metadata")),
        ("XMP without pdfxid", check_xmp, lambda j: stream(j, meta).update(
            data=base64.b64encode(base64.b64decode(stream(j, meta)["data"]).replace(
                b"pdfxid:GTS_PDFXVersion", b"pdfxid:Other")).decode())),
        ("no TrimBox", check_pages, lambda j: value(j, page).pop("/TrimBox")),
        ("a link annotation", check_pages, lambda j: value(j, page).update(
            {"/Annots": [{"/Subtype": "/Link"}]})),
    ]
    for what, fn, doctor in doctors:
        j = copy.deepcopy(good)
        doctor(j)
        report.result(f"self-test: {fn.__name__} catches {what}",
                      [] if fn(Doc(j)) else ["not caught"])
    # The readers and the font check, on files: the press file passes; cut short, the readers
    # complain; a page whose font is only named (Helvetica, not embedded) fails the fonts.
    report.result("self-test: the readers read a press file", check_readers(pdf))
    report.result("self-test: its fonts are embedded", check_fonts(pdf))
    with open(pdf, "rb") as f:
        data = f.read()
    cut = os.path.join(OUT, "self-test", "cut.pdf")
    with open(cut, "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    report.result("self-test: the readers catch a file cut short",
                  [] if check_readers(cut) else ["not caught"])
    named = os.path.join(OUT, "self-test", "named-font.pdf")
    with open(named, "wb") as f:
        f.write(minimal_pdf_named_font())
    report.result("self-test: the font check catches a font that is only named",
                  [] if check_fonts(named) else ["not caught"])


def minimal_pdf_named_font():
    """A one-page PDF whose text is in Helvetica, named and not embedded."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length 34 >>\nstream\nBT /F1 12 Tf 20 100 Td (Hi) Tj ET\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                                  xref)
    return out


def proof_check(report):
    """--proof against the plain PNG of the same page (the brief, with its red kicker)."""
    d = os.path.join(OUT, "proof")
    os.makedirs(d, exist_ok=True)
    art = "samples/brief-long-head/article.json"
    for name, extra in (("plain", []), ("proof", ["--proof"])):
        p = run([os.path.join(ROOT, BUILD, "galley"), "render", art, "-o",
                 os.path.join(d, name + ".png"), "--dpi", "20", "-q"] + extra)
        if p.returncode:
            report.result("--proof renders", [p.stderr.decode("utf-8", "replace")[:200]])
            return
    plain, proof = os.path.join(d, "plain-1.png"), os.path.join(d, "proof-1.png")
    report.result("--proof shows the press's paper and duller ink", check_proof(plain, proof))
    report.result("self-test: the proof check fails a page that is not proofed",
                  [] if check_proof(plain, plain) else ["not caught"])


def main(argv):
    only_self = argv == ["--self-test"]
    if argv and not only_self:
        print("usage: pdfx.py [--self-test]", file=sys.stderr)
        return 2
    report = Report()
    try:
        self_test(report)
    except (RuntimeError, KeyError, IndexError, ValueError) as e:
        report.result("self-test", [f"{type(e).__name__}: {e}"])
    proof_check(report)
    if not only_self:
        for label, args, press in renders():
            try:
                pdf = render(args, os.path.join(OUT, label.replace("/", "-") + ".pdf"))
                if press:
                    for what, problems in check_press(pdf):
                        report.result(f"PDF/X-4 {what}: {label}", problems)
                else:
                    report.result(f"screen file, sRGB intent: {label}", check_screen(pdf))
            except (RuntimeError, OSError, ValueError, KeyError) as e:
                report.result(f"PDF/X-4: {label}", [str(e)])
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
