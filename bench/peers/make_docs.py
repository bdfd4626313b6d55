#!/usr/bin/env python3
"""bench/peers/make_docs.py: writes the peers' documents for one article into a folder.

    python3 bench/peers/make_docs.py ARTICLE.json OUTDIR

OUTDIR gets: content.typ (the article's text as one Typst dictionary) beside a copy of
article.typ (the page layout, which imports it); article.html (article.html with the text
filled in) beside article.css; the photo; and body.txt (the body blocks, markup stripped,
blank lines between: pango-view's input, as bench/run writes it). The text comes from the
JSON each run, so the peers always set what Galley sets. Galley's inline markup (*em*,
**strong**, links) is stripped, as tests/integration.py strips it: the peers set plain text.
Only the first translation is set (Galley sets every one after the article).
"""
import datetime
import html
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests"))
from integration import article_fields, strip_markup  # noqa: E402  (the project's own parser)

# Labels Galley prints itself (not in the article): the byline's prefix, the related box's.
BY = {"en": "By {name}", "ko": "{name} {title}"}
RELATED = {"en": "Related", "ko": "관련 기사"}


def text(v):
    return strip_markup(v) if isinstance(v, str) else ""


def language(d, lang, photo, translation):
    """One language's fields, plain text, in the shape both templates read."""
    by = d.get("byline") or {}
    if isinstance(by, str):
        by = {"name": by}
    byline = BY.get(lang, "{name}").format(name=by.get("name", ""), title=by.get("title", "")).strip()
    # The kicker line: a translation prints "section · kicker" (compose.c), the article its kicker.
    label = d.get("kicker") or d.get("section") or ""
    if translation:
        label = " · ".join(x for x in (d.get("section"), d.get("kicker")) if x)
    body = []
    for b in d.get("body") or []:
        if isinstance(b, str):
            b = {"text": b}
        body.append({"kind": b.get("type") or "paragraph", "text": text(b.get("text")),
                     "attribution": text(b.get("attribution"))})
    photos = d.get("photos") or [{}]
    return {
        "lang": lang, "label": label, "headline": d.get("headline") or "",
        "deck": text(d.get("deck")), "byline": byline, "dateline": d.get("dateline") or "",
        "body": body, "notes": [text(n) for n in d.get("notes") or []],
        "related": [r.get("headline", "") if isinstance(r, dict) else r for r in d.get("related") or []],
        "related_label": RELATED.get(lang, "Related"),
        "caption": text(photos[0].get("caption")), "credit": photos[0].get("credit") or "",
        "photo": photo,
    }


def typst(v):
    """V as a Typst value: dictionaries, arrays (trailing comma: a 1-tuple stays an array)
    and string literals."""
    if isinstance(v, dict):
        return "(" + "".join(f"{k}: {typst(x)}, " for k, x in v.items()) + ")" if v else "(:)"
    if isinstance(v, list):
        return "(" + "".join(typst(x) + ", " for x in v) + ")"
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def html_lang(t):
    """One language's column content as HTML: kicker label, headline, deck, byline (for a
    translation), body, notes, related box."""
    e = html.escape
    out = []
    for b in t["body"]:
        if b["kind"] == "subhead":
            out.append(f'<h3>{e(b["text"])}</h3>')
        elif b["kind"] == "quote":
            att = f'<span class="attribution">{e(b["attribution"])}</span>' if b["attribution"] else ""
            out.append(f'<blockquote>{e(b["text"])}{att}</blockquote>')
        else:
            out.append(f'<p>{e(b["text"])}</p>')
    out += [f'<p class="note">{e(n)}</p>' for n in t["notes"]]
    if t["related"]:
        out.append(f'<div class="related"><p class="label">{e(t["related_label"])}</p>'
                   + "".join(f'<p>{e(r)}</p>' for r in t["related"]) + "</div>")
    return "\n".join(out)


def main():
    src, outdir = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        a = json.load(f)
    photos = a.get("photos") or []
    photo = ""
    if photos and photos[0].get("src"):
        photo = "photo" + os.path.splitext(photos[0]["src"])[1]
        shutil.copy(os.path.join(os.path.dirname(src), photos[0]["src"]), os.path.join(outdir, photo))
    main_t = language(a, a.get("lang", "en"), photo, False)
    trs = [language(t, k, photo, True) for k, t in (a.get("translations") or {}).items()]
    date = datetime.date.fromisoformat(a["date"]) if a.get("date") else None
    folio = " | ".join(x for x in ("1", date and f"{date:%A, %B} {date.day}, {date.year}",
                                   a.get("section")) if x)
    doc = {"main": main_t, "tr": trs[0] if trs else None, "folio": folio}

    # Typst: the data as a dictionary; article.typ lays it out.
    if doc["tr"] is None:
        del doc["tr"]
    with open(os.path.join(outdir, "content.typ"), "w", encoding="utf-8") as f:
        f.write("#let doc = " + typst(doc) + "\n")
    shutil.copy(os.path.join(HERE, "article.typ"), outdir)

    # HTML: the template's {{slots}} filled in; article.css beside it.
    e = html.escape
    tr = doc.get("tr")
    slots = {
        "lang": e(main_t["lang"]), "title": e(main_t["headline"]), "folio": e(folio),
        "kicker": e(main_t["label"]), "headline": e(main_t["headline"]), "deck": e(main_t["deck"]),
        "byline": e(main_t["byline"]), "body": html_lang(main_t),
        "photo": f'<img src="{e(photo)}" alt="">' if photo else "",
        "captions": "".join(
            f'<p class="credit">{e(t["credit"])}</p><p class="caption" lang="{e(t["lang"])}">'
            f'{e(t["caption"])}</p>' for t in [main_t] + trs[:1] if t["caption"] or t["credit"]),
        "translation": "" if not tr else (
            f'<section lang="{e(tr["lang"])}"><hr><p class="kicker">{e(tr["label"])}</p>'
            f'<h2>{e(tr["headline"])}</h2><p class="tdeck">{e(tr["deck"])}</p>'
            f'<p class="byline">{e(tr["byline"])}</p>\n{html_lang(tr)}</section>'),
    }
    with open(os.path.join(HERE, "article.html"), encoding="utf-8") as f:
        page = f.read()
    for k, v in slots.items():
        page = page.replace("{{" + k + "}}", v)
    with open(os.path.join(outdir, "article.html"), "w", encoding="utf-8") as f:
        f.write(page)
    shutil.copy(os.path.join(HERE, "article.css"), outdir)

    # pango-view's input: the article's own body blocks (not the translation's), as bench/run.
    body = [f.text for f in article_fields(a) if f.path.startswith("body[") and f.block]
    with open(os.path.join(outdir, "body.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(body) + "\n")


if __name__ == "__main__":
    main()
