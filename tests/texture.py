#!/usr/bin/env python3
"""Galley's texture checks: even word spacing without letter spacing (issue 18).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/texture.py [--self-test]

Every sample article (samples/*/article.json) is rendered with the tabloid and a4 layouts,
and the sample edition (samples/*/edition.json) as it is, each with its --boxes JSON; then
the justified English body lines of each render are measured from the PDF itself:

1. letter spacing (bench/texture.py: PyMuPDF's glyph origins and advances): at most
   5% of the lines have more than 0.01 em added between their letters, and the lines'
   95th percentile is at most 0.01 em;
2. word spacing (bench/spacing.py: pdftotext's word boxes): at most 5% of the lines are
   loose (mean word gap over 1.6 x the article's median), the gaps' p95 over their median
   is at most 1.6, and no element has more than 2 hyphenated lines in a row;
3. Korean body text (a Korean sample also in tabloid-ko and a4-ko, translations): at most
   5% of its justified lines loose (bench/spacing.py's ko row), no paragraph whose last
   line is a single syllable ("다."), and at most 10% of its words cut between syllables;
4. figures (PyMuPDF's glyphs and their fonts' names): on every line box of a Korean text
   ("lang": "ko", any role), every ASCII digit of a word with no Latin letter ("2027년",
   "70%", "3.5") is drawn in a Korean face (Nanum*), as the Hangul beside it, not in the
   Latin face (Noto), which drew it darker and larger; a word with Latin letters ("G20",
   "1kg") is not asserted. On every line box of an English text every digit is Noto's. Run
   on every render above and on the Korean sample in its Korean layouts and the bilingual
   sample in its own, with at least one Korean figure measured where the text has some.

A failure names the render, the figure and its worst lines with their page. KNOWN lists the
figures of a render that do not meet the target yet, each with the most it may reach and
its reason: a figure within its ceiling prints "pending", one over it fails (a regression),
and one that meets the target prints "passing now" (drop the entry).

Before all that it runs its self-test (alone with `--self-test`): a sample PDF doctored with
0.02 em of tracking (PDF Tc) must fail check 1, the same PDF with 2% wider glyphs (Tz 102,
which is not letter spacing) must pass it; a render whose layout lets word spaces stretch
without limit and sets no glyph widths must fail check 2 (loose lines, p95/median), a
boxes JSON doctored with three hyphenated lines in a row must fail the hyphen-run check;
the Korean sample's boxes doctored with a one-syllable last line, and with words cut at
every line end, must fail check 3; the Korean sample in a tabloid-ko doctored to keep its
figures in the body's family (korean_figures "Galley Serif") and the deep-field sample in a tabloid whose body family is
Galley Myeongjo must fail check 4; and the sample brief and the Korean sample, undoctored,
must pass them all.

Prints one line per check, "ok   WHAT" or "FAIL WHAT: reason", then "N passed, M failed"
alone on a line; exits 1 if anything failed. Needs PyMuPDF (python3-fitz, `make deps`).
"""

import copy
import glob
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))  # before this folder: its texture.py
sys.path.append(os.path.join(ROOT, "tests"))
import texture  # noqa: E402  (bench's; re-runs this script under /usr/bin/python3 for PyMuPDF)
import spacing  # noqa: E402
from integration import Report  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
OUT = os.path.join(ROOT, "tests", "out", "texture")
TIMEOUT = 600  # seconds for one command (sanitizer builds are slow)
MAX_SPACED = 0.05  # share of lines letter-spaced over texture.SPACED (0.01 em)
MAX_LETTER_P95 = 0.01  # em
MAX_LOOSE = 0.05  # share of loose lines (bench/spacing.py)
MAX_RATIO = 1.6  # word gaps' p95 over their median
MAX_RUN = 2  # hyphenated lines in a row
MAX_KO_CUTS = 0.10  # Korean words cut between syllables, share of the Korean words
WORST = 3  # lines named in a failure
KOREAN_FACE = "Nanum"  # Galley's Korean faces (fonts/fonts.conf): NanumMyeongjo, NanumGothic
LATIN_FACE = "Noto"  # its Latin faces: Noto Serif, Noto Sans
# Renders only check 3 reads, beside renders(): Korean text in the Korean layouts.
# Renders whose Korean text has figures: check 4 must measure at least one there.
KOREAN_FIGURES = ("korean-market/tabloid-ko", "korean-market/a4-ko",
                  "shoigu-sanctions-bilingual/bilingual")
KOREAN_SAMPLE = ["render", "samples/korean-market/article.json"]  # tabloid-ko, its own

# Figures of a render that miss the target today, each with the most it may reach and why:
# what remains of issue 18 in 47.6 mm columns of 9.5 pt (about 30 characters): paragraphs
# that cannot be set with word spaces at most about twice their width and glyphs at most
# 2% wider, so one line of the paragraph takes letter spacing or loose spaces. Measured
# when the justification order changed (bench/README.md); lower them as they improve.
PARAGRAPHS = ("a paragraph that no breaks set within the tolerance: its one emergency line "
              "is letter-spaced or loose (issue 18, left for later)")
KNOWN = {
    ("shoigu-sanctions/tabloid", "spaced"): (0.12, PARAGRAPHS),
    ("shoigu-sanctions/tabloid", "letter p95"): (0.045, PARAGRAPHS),
    ("shoigu-sanctions/tabloid", "loose"): (0.095, PARAGRAPHS),
    ("two-photos/tabloid", "spaced"): (0.075, PARAGRAPHS),
    ("two-photos/tabloid", "letter p95"): (0.023, PARAGRAPHS),
    ("two-photos/tabloid", "loose"): (0.075, PARAGRAPHS),
    ("two-photos/tabloid", "p95/med"): (1.65, PARAGRAPHS),
    ("two-photos/a4", "loose"): (0.115, "its text sets tight (median word gap 1.15 x the "
                                 "space), so lines whose spaces are within the tolerance "
                                 "count as loose: " + PARAGRAPHS),
    ("two-photos/a4", "p95/med"): (1.8, "as its loose lines"),
    # 6.3% and 0.0128 em before the number rules (no break after a hyphen that joins a
    # number, "41-/year-old"), which cost the edition one more emergency line
    ("edition/edition", "spaced"): (0.07, PARAGRAPHS),
    ("edition/edition", "letter p95"): (0.015, PARAGRAPHS),
    # the bilingual layout's 60 mm English column: one emergency line in each of four of
    # its ten paragraphs
    ("shoigu-sanctions-bilingual/bilingual", "spaced"): (0.08, PARAGRAPHS),
    ("shoigu-sanctions-bilingual/bilingual", "letter p95"): (0.013, PARAGRAPHS),
    ("shoigu-sanctions-bilingual/bilingual", "loose"): (0.13, PARAGRAPHS),
    ("shoigu-sanctions-bilingual/bilingual", "p95/med"): (1.75, PARAGRAPHS),
    # the Korean translation in the a4 layout's 58 mm columns: 2 of 32 lines loose, whose
    # word spaces take what the syllable cuts (at most 2 in a row) leave
    # the house-font sample's text in the a4 layout's 58 mm columns (its own layout meets the
    # targets): three short paragraphs with one loose line each
    ("house-font/a4", "loose"): (0.085, PARAGRAPHS),
    ("house-font/a4", "p95/med"): (1.75, "as its loose lines"),
    ("shoigu-sanctions/a4", "ko loose"): (0.065, "two Korean lines of 32 whose spaces take "
                                          "what syllable cuts cannot (issue 18, left for "
                                          "later)"),
}
# The bilingual sample is the same article and text: rendered in tabloid and a4, the same.
KNOWN.update({("shoigu-sanctions-bilingual/" + k[0].split("/")[1], k[1]): v
              for k, v in list(KNOWN.items()) if k[0].startswith("shoigu-sanctions/")})


def galley():
    return os.path.join(ROOT, BUILD, "galley")


def render(args, out):
    """Renders with ARGS (galley's command and input) into OUT.pdf and OUT.boxes.json;
    (pdf, boxes) or raises RuntimeError with galley's first message."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    pdf, boxes = out + ".pdf", out + ".boxes.json"
    p = subprocess.run([galley()] + args + ["-o", pdf, "--boxes", boxes, "-q"], cwd=ROOT,
                       capture_output=True, timeout=TIMEOUT)
    if p.returncode != 0 or not os.path.exists(pdf):  # warnings alone exit 0
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"galley {' '.join(args)}: exit {p.returncode}"
                           + (f": {err[0]}" if err else ""))
    return pdf, boxes


def figures(pdf, boxes, fonts):
    """{figure: (value, worst lines)} of one render: the figures the targets bound."""
    tx = texture.measure(pdf, boxes, fonts)
    sp = spacing.measure(pdf, boxes)
    row, en = tx["row"], sp["rows"].get("en", {})
    spaced = sorted((t for t in tx["lines"] if t[0] is not None), key=lambda t: -t[0])
    spaced = [f"p{b['page']} {b['element']} {s:.3f} em '{b['text']}'" for s, _, b in spaced]
    loose = [(m, b) for m, b, _ in sp["lines"]
             if not spacing.is_korean(b["text"])]
    loose = [f"p{b['page']} {b['element']} {m:.1f} pt '{b['text']}'" for m, b in loose]
    runs = hyphen_runs(boxes)
    out = {}
    if row.get("spaced") is not None:
        out["spaced"] = (row["spaced"], spaced)
        out["letter p95"] = (row["p95"], spaced)
    if en.get("loose") is not None:
        out["loose"] = (en["loose"], loose)
        out["p95/med"] = (en["ratio"], loose)
    out["hyphen run"] = (en.get("run", 0), runs)
    out.update(korean_figures(boxes, sp["rows"].get("ko", {}),
                              [(m, b) for m, b, _ in sp["lines"] if spacing.is_korean(b["text"])]))
    return out


def syllables(text):
    """The Hangul syllables of TEXT."""
    return sum(1 for c in text if 0xAC00 <= ord(c) <= 0xD7A3)


def korean_figures(boxes, ko, loose_lines):
    """The Korean figures of one render (none without Korean body text): "ko loose", the
    share of loose Korean lines (bench/spacing.py's ko row); "ko stubs", Korean paragraphs
    whose last line is a single syllable ("다."); "ko cuts", Korean words cut between
    syllables (boxes "cut") as a share of the Korean words of the body."""
    with open(boxes, encoding="utf-8") as f:
        doc = json.load(f)
    last, words, cuts, cut_lines = {}, 0, 0, []
    for b in doc["boxes"]:
        if b.get("kind") != "line" or b.get("role") != "body" or not spacing.is_korean(b["text"]):
            continue
        last[spacing.element_key(b)] = b
        words += len(b["text"].split())
        if b.get("cut"):
            cuts += 1
            cut_lines.append(f"p{b['page']} {b['element']} '{b['text']}'")
    if not last:
        return {}
    stubs = [f"p{b['page']} {b['element']} '{b['text']}'" for b in last.values()
             if len(b["text"].split()) == 1 and syllables(b["text"]) <= 1]
    out = {"ko stubs": (len(stubs), stubs), "ko cuts": (cuts / max(1, words), cut_lines)}
    if ko.get("loose") is not None:
        out["ko loose"] = (ko["loose"], [f"p{b['page']} {b['element']} {m:.1f} pt '{b['text']}'"
                                         for m, b in loose_lines])
    return out


def hyphen_runs(boxes):
    """Where an element's body lines run more than MAX_RUN hyphenated in a row."""
    with open(boxes, encoding="utf-8") as f:
        doc = json.load(f)
    out, run = [], {}
    for b in doc["boxes"]:
        if b.get("kind") != "line" or b.get("role") != "body":
            continue
        key = spacing.element_key(b)
        run[key] = run.get(key, 0) + 1 if b.get("hyphenated") else 0
        if run[key] == MAX_RUN + 1:
            out.append(f"p{b['page']} {b['element']} '{b['text']}'")
    return out


LIMITS = {"spaced": MAX_SPACED, "letter p95": MAX_LETTER_P95, "loose": MAX_LOOSE,
          "p95/med": MAX_RATIO, "hyphen run": MAX_RUN, "ko loose": MAX_LOOSE,
          "ko stubs": 0, "ko cuts": MAX_KO_CUTS}


def fmt(name, v):
    return f"{v:.1%}" if name in ("spaced", "loose", "ko loose", "ko cuts") else f"{v:.4g}"


def check(label, figs, known=None):
    """The problems of render LABEL's figures FIGS against the targets, less the pending
    ones KNOWN names (printed); a KNOWN figure that meets its target is printed too."""
    known = KNOWN if known is None else known
    problems = []
    for name, limit in LIMITS.items():
        if name not in figs:
            continue
        v, worst = figs[name]
        k = known.get((label, name))
        if v <= limit + 1e-9:
            if k:
                print(f"passing now {label} {name} {fmt(name, v)}: drop its KNOWN entry",
                      flush=True)
            continue
        msg = (f"{name} {fmt(name, v)} (at most {fmt(name, limit)}): "
               + ", ".join(worst[:WORST]))
        if k and v <= k[0] + 1e-9:
            print(f"pending {label} {msg}: {k[1]}", flush=True)
            continue
        if k:
            msg += f" (over its KNOWN ceiling {fmt(name, k[0])})"
        problems.append(msg)
    return problems


def renders():
    """[(label, galley arguments)] of every sample in tabloid and a4, a Korean one in the
    Korean layouts too, one that names a layout in that one too, and every sample
    edition."""
    out = []
    for article in sorted(glob.glob(os.path.join(ROOT, "samples", "*", "article.json"))):
        name = os.path.basename(os.path.dirname(article))
        layouts = ["tabloid", "a4"]
        with open(article, encoding="utf-8") as f:
            a = json.load(f)
        if a.get("lang") == "ko":  # and the Korean layouts
            layouts += ["tabloid-ko", "a4-ko"]
        own = a.get("layout")
        if own and ("/" in own or own.endswith(".json")):  # a layout file beside the article
            own = os.path.relpath(os.path.join(os.path.dirname(article), own), ROOT)
        if own and own not in layouts:  # and its own
            layouts.append(own)
        for layout in layouts:
            short = os.path.splitext(os.path.basename(layout))[0]
            out.append((f"{name}/{short}", ["render", os.path.relpath(article, ROOT),
                                            "--layout", layout]))
    for edition in sorted(glob.glob(os.path.join(ROOT, "samples", "*", "edition.json"))):
        name = os.path.basename(os.path.dirname(edition))
        out.append((f"{name}/edition", ["edition", os.path.relpath(edition, ROOT)]))
    return out


def line_words(glyphs):
    """The words (lists of glyphs, split at spaces) of one line's glyphs in x order."""
    words = [[]]
    for g in glyphs:
        if g.ch.isspace():
            words.append([])
        else:
            words[-1].append(g)
    return [w for w in words if w]


def figure_faces(pdf, boxes_path):
    """Check 3 on one render: (Korean figures measured, problems): ASCII digits on a Korean
    line box that are not in a Korean face (words with Latin letters aside), and digits on
    an English line box that are not in the face of its Latin letters (Noto for Galley's
    fonts, a layout's house face for its: samples/house-font), or Noto when it has none."""
    with open(boxes_path, encoding="utf-8") as f:
        doc = json.load(f)
    pdfdoc = texture.fitz.open(pdf)
    glyphs, n_korean, problems = {}, 0, []
    for b in doc["boxes"]:
        lang = str(b.get("lang", ""))
        if b.get("kind") != "line" or not lang.startswith(("ko", "en")):
            continue
        if b["page"] not in glyphs:
            glyphs[b["page"]] = texture.page_glyphs(pdfdoc[b["page"] - 1])
        korean = lang.startswith("ko")
        words = line_words(texture.line_glyphs(glyphs[b["page"]], b))
        latin = {g.font for w in words for g in w if g.ch.isascii() and g.ch.isalpha()
                 and not g.font.startswith(KOREAN_FACE)}  # a Korean face is never Latin's
        for word in words:
            if korean and any(g.ch.isascii() and g.ch.isalpha() for g in word):
                continue
            for g in word:
                if not (g.ch.isascii() and g.ch.isdigit()):
                    continue
                n_korean += korean
                want = KOREAN_FACE if korean else LATIN_FACE
                if (korean or not latin) and not g.font.startswith(want) or \
                        not korean and latin and g.font not in latin:
                    want = want if korean or not latin else "/".join(sorted(latin))
                    text = "".join(x.ch for x in word)
                    problems.append(f"p{b['page']} {b['role']} {b['element']} ({lang}): "
                                    f"'{g.ch}' of '{text}' in {g.font}, not {want}*")
                    break
    return n_korean, problems


def check_figures(label, pdf, boxes, need_korean=False):
    """Check 3's problems of render LABEL, at most WORST of them named; NEED_KOREAN: the
    render has Korean figures, and measuring none is a problem too."""
    n, problems = figure_faces(pdf, boxes)
    out = [f"{len(problems)} words' figures in the wrong face: " + "; ".join(problems[:WORST])
           ] if problems else []
    if need_korean and n == 0:
        out.append(f"{label}: no figure found on its Korean lines")
    return out


def self_test(report, fonts):
    """Each check fails on a doctored input and passes on the good one."""
    d = os.path.join(OUT, "self-test")
    expect = []

    def expect_fail(what, figs, names):
        problems = check("self-test", figs, known={})
        hit = [p for p in problems if p.split(" ")[0] in names or p.startswith(names)]
        report.result(f"self-test: {what}", [] if hit else
                      [f"not caught (problems: {problems or 'none'})"])

    def expect_pass(what, figs, names):
        problems = [p for p in check("self-test", figs, known={}) if p.startswith(names)]
        report.result(f"self-test: {what}", problems)

    # The good input: the sample brief passes every check.
    pdf, boxes = render(["render", "samples/brief-long-head/article.json", "--layout",
                         "tabloid"], os.path.join(d, "brief"))
    good = figures(pdf, boxes, fonts)
    expect_pass("the sample brief passes every check", good, tuple(LIMITS))
    # Check 1: 0.02 em of tracking on every glyph is caught; 2% wider glyphs are not tracking.
    tracked = os.path.join(d, "brief-tc.pdf")
    texture.doctor(pdf, tracked, tc=0.02)
    expect_fail("0.02 em of tracking (PDF Tc) fails the letter-spacing check",
                figures(tracked, boxes, fonts), ("spaced", "letter p95"))
    wide = os.path.join(d, "brief-tz.pdf")
    texture.doctor(pdf, wide, tz=102)
    expect_pass("2% wider glyphs (PDF Tz 102) pass the letter-spacing check",
                figures(wide, boxes, fonts), ("spaced", "letter p95"))
    # Check 2: word spaces that stretch without limit (no glyph widths, no letter spacing,
    # no shrinking, no hyphens) make loose lines.
    with open(os.path.join(ROOT, "layouts", "tabloid.json"), encoding="utf-8") as f:
        layout = json.load(f)
    layout["styles"]["body"]["linebreak"] = {
        "tolerance": 100, "glyph_stretch": 0, "glyph_shrink": 0, "letter_stretch": 0,
        "letter_shrink": 0, "space_shrink": 0, "hyphen_min_word": 60}
    loose_layout = os.path.join(d, "loose-layout.json")
    with open(loose_layout, "w", encoding="utf-8") as f:
        json.dump(layout, f)
    lpdf, lboxes = render(["render", "samples/deep-field/article.json", "--layout",
                           loose_layout], os.path.join(d, "loose"))
    expect_fail("spaces stretched without limit fail the word-spacing check",
                figures(lpdf, lboxes, fonts), ("loose", "p95/med"))
    # The hyphen-run check: three hyphenated body lines in a row.
    with open(boxes, encoding="utf-8") as f:
        doc = json.load(f)
    doc = copy.deepcopy(doc)
    body = [b for b in doc["boxes"] if b.get("kind") == "line" and b.get("role") == "body"
            and b["element"] == "body[0]"]
    for b in body[:3]:
        b["hyphenated"] = True
    run_boxes = os.path.join(d, "brief-run.boxes.json")
    with open(run_boxes, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    figs = figures(pdf, run_boxes, fonts)
    figs["hyphen run"] = (3 if hyphen_runs(run_boxes) else 0, hyphen_runs(run_boxes))
    expect_fail("three hyphenated lines in a row fail the hyphen-run check", figs,
                ("hyphen run",))
    # The Korean checks: the Korean sample passes; a paragraph whose last line is one
    # syllable, and words cut at every line end, fail.
    kpdf, kboxes = render(["render", "samples/korean-market/article.json", "--layout",
                           "tabloid-ko"], os.path.join(d, "korean"))
    expect_pass("the Korean sample passes the Korean checks", figures(kpdf, kboxes, fonts),
                ("ko ",))
    with open(kboxes, encoding="utf-8") as f:
        kdoc = json.load(f)
    korean = [b for b in kdoc["boxes"] if b.get("kind") == "line" and b.get("role") == "body"
              and spacing.is_korean(b["text"])]

    def doctored(name, fn):
        doc = copy.deepcopy(kdoc)
        fn([b for b in doc["boxes"] if b.get("kind") == "line" and b.get("role") == "body"
            and spacing.is_korean(b["text"])])
        path = os.path.join(d, f"korean-{name}.boxes.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        return korean_figures(path, {}, [])

    last = korean[-1]["element"]
    stub = doctored("stub", lambda lines: [b.update(text="\ub2e4.") for b in lines
                                           if b["element"] == last][-1:])
    expect_fail("a Korean paragraph ending in a one-syllable line fails the stub check", stub,
                ("ko stubs",))
    cuts = doctored("cuts", lambda lines: [b.update(cut=True) for b in lines])
    expect_fail("Korean words cut at every line end fail the cut check", cuts, ("ko cuts",))
    # Check 3: the Korean sample passes; with its figures kept in the body's Latin face it
    # fails, and so does English text whose figures are drawn in a Korean face.
    kpdf, kboxes = render(KOREAN_SAMPLE, os.path.join(d, "korean"))
    report.result("self-test: the Korean sample's figures are in a Korean face",
                  check_figures("korean", kpdf, kboxes, need_korean=True))
    with open(os.path.join(ROOT, "layouts", "tabloid-ko.json"), encoding="utf-8") as f:
        layout = json.load(f)
    layout["styles"]["body"]["korean_figures"] = layout["styles"]["body"]["family"]
    latin_layout = os.path.join(d, "latin-figures-layout.json")
    with open(latin_layout, "w", encoding="utf-8") as f:
        json.dump(layout, f)
    kpdf, kboxes = render(KOREAN_SAMPLE + ["--layout", latin_layout],
                          os.path.join(d, "latin-figures"))
    report.result("self-test: Korean figures left in the Latin face fail the figures check",
                  [] if check_figures("latin-figures", kpdf, kboxes) else ["not caught"])
    with open(os.path.join(ROOT, "layouts", "tabloid.json"), encoding="utf-8") as f:
        layout = json.load(f)
    layout["styles"]["body"]["family"] = "Galley Myeongjo"
    nanum_layout = os.path.join(d, "nanum-body-layout.json")
    with open(nanum_layout, "w", encoding="utf-8") as f:
        json.dump(layout, f)
    epdf, eboxes = render(["render", "samples/deep-field/article.json", "--layout",
                           nanum_layout], os.path.join(d, "nanum-body"))
    report.result("self-test: English figures in a Korean face fail the figures check",
                  [] if check_figures("nanum-body", epdf, eboxes) else ["not caught"])
    return expect


def main(argv):
    only_self = argv == ["--self-test"]
    if argv and not only_self:
        print("usage: texture.py [--self-test]", file=sys.stderr)
        return 2
    report = Report()
    fonts = texture.Fonts()
    try:
        self_test(report, fonts)
    except RuntimeError as e:
        report.result("self-test", [str(e)])
    if not only_self:
        for label, args in renders():
            figure_problems = []
            try:
                pdf, boxes = render(args, os.path.join(OUT, label.replace("/", "-")))
                problems = check(label, figures(pdf, boxes, fonts))
                figure_problems = check_figures(label, pdf, boxes,
                                                need_korean=label in KOREAN_FIGURES)
            except (RuntimeError, OSError, ValueError, KeyError) as e:
                problems = figure_problems = [str(e)]
            report.result(f"texture: letter spacing, word spacing, hyphen runs: {label}",
                          problems)
            report.result(f"texture: Korean text's figures in a Korean face, English text's "
                          f"in Noto: {label}", figure_problems)
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
