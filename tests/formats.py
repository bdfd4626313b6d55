#!/usr/bin/env python3
"""Galley's newsroom-formats test (issue 20): ninjs, NITF and NewsML-G2 in.

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/formats.py [--self-test]

For every file under tests/data/formats/ (IPTC's ninjs examples and test suite, NewsML-G2
listings, and Galley's own NITF, HTML and XHTML files in own/) it renders the file with
--placeholder (most IPTC pictures are web addresses) and --pdf-standard none, and checks:

1. the file renders (exit 0 or 1), or is refused with exit 3 and a message saying there is
   no text (or no headline) to set;
2. every paragraph and subhead of its body, read independently here with the Python standard
   library (json, html.parser, xml.etree), is in the PDF's text (pdftotext) exactly once and
   in order (tests/integration.py's normalize and PdfText);
3. `galley convert` writes Galley JSON that renders to the same PDF bytes as the source;
4. every item of every ul and ol (read independently with html.parser or xml.etree) prints
   once and in order after its marker: "•" in a ul, its number and "." in an ol
   (counting from its start), the marker on the item's first line;
5. bad inputs (broken XML, a web-address photo without --placeholder) exit 3 with a
   FILE:LINE:COL message and write nothing.

The paragraph and list checkers are self-tested first on doctored texts (a paragraph missing,
one repeated, two swapped; an item without its marker, a wrong number): they must fail each
and pass the true text.
"""

import glob
import html.parser
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import integration as it  # noqa: E402  (normalize, PdfText, Field, check_text_complete)

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
DATA = os.path.join("tests", "data", "formats")
OUT = os.path.join("tests", "out", "formats")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "hl2"}


class ListItems(html.parser.HTMLParser):
    """(marker, text) of every li of an HTML string: "\u2022" in a ul, "N." in an ol."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.stack, self.cur = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.stack.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li" and self.stack and self.cur is None:
            kind = self.stack[-1]
            marker = "\u2022" if kind[0] == "ul" else f"{kind[1]}."
            kind[1] += 1
            self.cur = [marker, []]

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.stack:
            self.stack.pop()
        elif tag == "li" and self.cur is not None:
            self.out.append((self.cur[0], " ".join("".join(self.cur[1]).split())))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur[1].append(data)


def html_list_items(s):
    p = ListItems()
    p.feed(s)
    p.close()
    return [i for i in p.out if i[1]]


def source_list_items(path):
    """The list items of a file's body: ninjs body_html, or the ul/ol of an XML body."""
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        low = {k.lower(): v for k, v in d.items()} if isinstance(d, dict) else {}
        body = low.get("body_html")
        return html_list_items(body) if isinstance(body, str) else []
    out = []
    for el in ET.parse(path).getroot().iter():
        if local(el.tag) in ("ul", "ol"):
            n = int(el.get("start", "1")) if el.get("start", "1").isdigit() else 1
            for li in el:
                if local(li.tag) != "li":
                    continue
                text = " ".join("".join(li.itertext()).split())
                if text:
                    out.append(("\u2022" if local(el.tag) == "ul" else f"{n}.", text))
                n += 1
    return out


def check_list_items(items, pdf_text):
    """Each (marker, text) of ITEMS in order in PDF_TEXT, the marker opening the line the
    item's text starts on: integration.py's list checker."""
    fields = [it.Field(f"items[{k}]", t, block="item", marker=m) for k, (m, t) in enumerate(items)]
    return it.check_list_markers(fields, pdf_text)


class Paragraphs(html.parser.HTMLParser):
    """The text of every p and h1-h6 element of an HTML string, script and style left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.cur, self.skip = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCKS:
            self.cur = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag in BLOCKS and self.cur is not None:
            self.out.append(" ".join("".join(self.cur).split()))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None and not self.skip:
            self.cur.append(data)


def html_paragraphs(s):
    p = Paragraphs()
    p.feed(s)
    p.close()
    return [t for t in p.out if t]


def ninjs_paragraphs(d):
    """The body's paragraphs of a ninjs item: HTML first (body_html, body_xhtml, an HTML
    entry of bodies, role main preferred), else plain text, a paragraph a line."""
    if d.get("type") in ("event", "planning"):
        return []
    low = {k.lower(): v for k, v in d.items()}
    for k in ("body_html", "body_xhtml"):
        if isinstance(low.get(k), str):
            return html_paragraphs(low[k])
    bodies = [b for b in low.get("bodies", []) if isinstance(b, dict)
              and isinstance(b.get("value"), str)]
    def ctype(b):
        return {k.lower(): v for k, v in b.items()}.get("contenttype", "") or ""
    htmls = [b for b in bodies if "html" in ctype(b)]
    plains = [b for b in bodies if "html" not in ctype(b)]
    for group, fn in ((htmls, html_paragraphs), (plains, None)):
        if group:
            main = [b for b in group if b.get("role") == "main"]
            v = (main or group)[0]["value"]
            return fn(v) if fn else [" ".join(l.split()) for l in v.split("\n") if l.strip()]
    if isinstance(low.get("body_text"), str):
        return [" ".join(l.split()) for l in low["body_text"].split("\n") if l.strip()]
    return []


def local(tag):
    return tag.rsplit("}", 1)[-1]


def xml_paragraphs(path):
    """p, hl2 and h1-h6 of the first NITF body.content, XHTML body or inlineData."""
    root = ET.parse(path).getroot()
    for el in root.iter():
        if local(el.tag) in ("body.content", "body") and local(root.tag) != "html":
            if local(el.tag) == "body" and any(local(c.tag) == "body.content" for c in el):
                continue
            return [" ".join("".join(e.itertext()).split()) for e in el.iter()
                    if local(e.tag) in BLOCKS and "".join(e.itertext()).strip()]
        if local(el.tag) == "inlineData":
            return [" ".join(l.split()) for l in (el.text or "").split("\n") if l.strip()]
    return []


def source_paragraphs(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return ninjs_paragraphs(json.load(f))
    return xml_paragraphs(path)


def check_paragraphs(paragraphs, pdf_text):
    """Each paragraph once and in order in PDF_TEXT: integration.py's text checker."""
    fields = [it.Field(f"body[{i}]", p, block="paragraph") for i, p in enumerate(paragraphs)]
    return it.check_text_complete(fields, pdf_text)


def self_test(report):
    paras = ["The first paragraph of the story.", "A second one, (with) [marks] * here.",
             "And the third paragraph ends it."]
    good = "Headline\n" + "\n".join(paras) + "\n"
    report.result("self-test: the true text passes", check_paragraphs(paras, good))
    doctored = {
        "a paragraph missing": "Headline\n" + paras[0] + "\n" + paras[2],
        "a paragraph twice": good + paras[1],
        "two paragraphs swapped": "\n".join([paras[0], paras[2], paras[1]]),
    }
    for what, text in doctored.items():
        problems = check_paragraphs(paras, text)
        report.result(f"self-test: {what} is caught",
                      [] if problems else ["the checker passed a doctored text"])
    items = html_list_items("<ul><li>First point</li><li>Second <b>point</b></li></ul>"
                            "<ol start=\"9\"><li>Ninth</li><li>Tenth</li></ol>")
    good = "Text\n\u2022 First point\n\u2022 Second point\n9. Ninth\n10. Tenth\n"
    report.result("self-test: the true list passes", check_list_items(items, good))
    for what, text in {"an item without its marker": good.replace("\u2022 Second", "Second"),
                       "a wrong number": good.replace("10.", "2."),
                       "two items swapped": good.replace("9. Ninth\n10. Tenth",
                                                         "10. Tenth\n9. Ninth")}.items():
        report.result(f"self-test: {what} is caught",
                      [] if check_list_items(items, text) else ["the checker passed it"])


def galley(args):
    return subprocess.run([GALLEY] + args, capture_output=True, timeout=600)


def check_example(report, path):
    name = os.path.relpath(path, DATA).replace("/", "_").rsplit(".", 1)[0]
    pdf = os.path.join(OUT, name + ".pdf")
    proc = galley(["render", path, "-o", pdf, "--placeholder", "-q", "--pdf-standard", "none"])
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 3:
        ok = "no text to set" in err or "no headline to set" in err
        report.result(f"{name}: refused ({err.strip().splitlines()[0] if err else ''})",
                      [] if ok and not os.path.exists(pdf) else [f"refused otherwise: {err}"])
        return "refused"
    if proc.returncode != 0:
        report.result(f"{name}: renders", [f"exit {proc.returncode}: {err}"])
        return "failed"
    text = it.pdf_text(pdf)
    problems = check_paragraphs(source_paragraphs(path), text)
    report.result(f"{name}: rendered; every paragraph once, in order", problems)
    items = source_list_items(path)
    if items:
        report.result(f"{name}: {len(items)} list items, each after its marker, in order",
                      check_list_items(items, text))
    converted = os.path.join(OUT, name + ".galley.json")
    again = os.path.join(OUT, name + ".galley.pdf")
    c = galley(["convert", path, "-o", converted, "--placeholder", "-q"])
    r = galley(["render", converted, "-o", again, "--placeholder", "-q", "--pdf-standard",
                "none"]) if c.returncode == 0 else c
    same = r.returncode == 0 and open(pdf, "rb").read() == open(again, "rb").read()
    report.result(f"{name}: galley convert renders the same PDF bytes",
                  [] if same else [f"convert exit {c.returncode}, render exit {r.returncode}: "
                                   f"{(c.stderr + r.stderr).decode('utf-8', 'replace')[:300]}"])
    return "rendered"


def check_bad(report, path, args=()):
    out = os.path.join(OUT, "bad.pdf")
    if os.path.exists(out):
        os.remove(out)
    proc = galley(["render", path, "-o", out, *args])
    err = proc.stderr.decode("utf-8", "replace")
    import re
    placed = re.search(re.escape(path) + r":\d+:\d+: error: ", err)
    problems = []
    if proc.returncode != 3:
        problems.append(f"exit {proc.returncode}, expected 3")
    if not placed:
        problems.append(f"no FILE:LINE:COL error: {err!r}")
    if os.path.exists(out):
        problems.append("wrote output")
    report.result(f"bad input {os.path.basename(path)}: exit 3 at file:line:col", problems)


def main():
    report = it.Report()
    self_test(report)
    if "--self-test" in sys.argv:
        return report.summary()
    os.makedirs(OUT, exist_ok=True)
    files = sorted(glob.glob(os.path.join(DATA, "**", "*.json"), recursive=True)
                   + glob.glob(os.path.join(DATA, "**", "*.xml"), recursive=True))
    files = [f for f in files if not os.path.basename(f).startswith("bad-")]
    done = {}
    for f in files:
        done[f] = check_example(report, f)
    for f in sorted(glob.glob(os.path.join(DATA, "own", "bad-*"))):
        check_bad(report, f)
    check_bad(report, os.path.join(DATA, "examples", "3.0", "tt_text_image_3.json"))
    print(f"examples: {sum(v == 'rendered' for v in done.values())} rendered, "
          f"{sum(v == 'refused' for v in done.values())} refused")
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
