#!/usr/bin/env python3
"""Galley's hyphenation list checks: the breaks a copy desk lists are the breaks it gets
(issue 24).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/hyphenation.py [--self-test]

1. The exceptions: every word of hyphenation/ushyphex.tex (TUGboat's US English list, read
   here by its own parser: % comments, the \\hyphenation{ and } tokens stripped) fed
   through `galley hyphenate -` one a line prints exactly as listed with a layout whose
   body sets hyphen_left and hyphen_right to 1 (tests/data/layouts/hyphen-minimums-1.json),
   and with the tabloid layout exactly the listed breaks less those closer than 2 letters
   to the word's start or 3 to its end. A failure names the first words that differ.
2. A house list in a rendered narrow column (tests/data/layouts/narrow.json, 33.6 mm):
   tests/data/articles/hyphenation-names.json repeats "Pyongyang", "Shoigu", "UNESCO",
   "international" and "administration"; rendered with --hyphenation
   tests/data/hyphenation/house.txt and --boxes, every word broken at a line end (the last
   token of a "hyphenated" line and the first of the element's next line) that the list
   holds is broken where the list allows, a word listed without hyphens is never broken,
   at least one listed break was used (else the text is too easy to show anything), and
   the PDF (pdftotext -bbox) prints a hyphen after exactly the line ends the boxes call
   hyphenated.
3. The layout's "hyphenation" key (tests/data/layouts/narrow-house.json names
   narrow-house.txt beside it, which disagrees with house.txt on every word) takes effect
   alone; with --hyphenation too, the command's list wins for the words it holds and the
   layout's still decides the others; and the article's own "hyphenation" array
   (tests/data/articles/hyphenation-own-list.json, which disagrees with both) wins over
   both. Each checked as in 2 against the lists merged in that order.
4. No stale state: a list that allows "Pyong-yang" gives at least one such break; the same
   file edited to forbid it ("Pyongyang") gives none at the next render; and the same in
   one `galley watch` session, with the list named by the layout, edited between renders.
5. Bad lists: tests/data/hyphenation/bad.txt (two hyphens in a row, a letter not a-z,
   leading and trailing hyphens, inside \\hyphenation{}) makes `galley render
   --hyphenation` and `galley hyphenate --hyphenation` exit 3 with exactly one
   "FILE:LINE:COL: error: hyphenation: 'ENTRY': ..." a bad entry on stderr and no output
   written; a layout naming a missing list exits 3 naming the layout's "hyphenation" field;
   an article whose "hyphenation" holds a bad entry exits 3 at its file:line:col; and
   `galley hyphenate` without words is a usage error (2).

Before all that it runs its self-test (alone with `--self-test`): the checkers must fail on
doctored inputs: a hyphenate output with one word's breaks changed; boxes doctored to split
a never-break word, to move a listed break, and with no hyphenated line at all; boxes that
report a hyphen the PDF does not print; and error output missing an entry's error or giving
it at another column. The undoctored inputs must pass.

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed. Python 3 standard library and pdftotext (poppler-utils).
"""

import collections
import copy
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "tests"))
from integration import Report  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
OUT = os.path.join("tests", "out", "hyphenation")  # relative to ROOT, as galley names it
DATA = os.path.join("tests", "data")
EXCEPTIONS = os.path.join("hyphenation", "ushyphex.tex")
LAYOUT_MIN1 = os.path.join(DATA, "layouts", "hyphen-minimums-1.json")
NARROW = os.path.join(DATA, "layouts", "narrow.json")
NARROW_HOUSE = os.path.join(DATA, "layouts", "narrow-house.json")
ARTICLE = os.path.join(DATA, "articles", "hyphenation-names.json")
ARTICLE_OWN = os.path.join(DATA, "articles", "hyphenation-own-list.json")
HOUSE = os.path.join(DATA, "hyphenation", "house.txt")
BAD_LIST = os.path.join(DATA, "hyphenation", "bad.txt")
MISSING_LAYOUT = os.path.join(DATA, "layouts", "missing-hyphenation.json")
BAD_ARTICLE = os.path.join(DATA, "articles", "bad-hyphenation.json")
TIMEOUT = 600  # seconds for one command or one watch render: a hang guard, not a benchmark
MISMATCHES = 5  # words named in a failure

# The errors bad.txt must give, (line, column, entry, what the message says), in order.
BAD_LIST_ERRORS = [
    (2, 7, "Pyong--yang", "two hyphens in a row"),
    (3, 29, "Kim-J\u00f6ng", "is not a letter a to z"),
    (4, 1, "-Shoigu", "a hyphen must stand between two letters"),
    (5, 8, "Shoi-gu-", "a hyphen must stand between two letters"),
    (6, 26, "Mos---cow", "two hyphens in a row"),
]


def galley():
    return os.path.join(BUILD, "galley")


def run(args, stdin=None):
    """Runs galley with ARGS from the repository root; the CompletedProcess (text)."""
    return subprocess.run([galley()] + args, cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=TIMEOUT,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def path(rel):
    return os.path.join(ROOT, rel)


# ---------------------------------------------------------------------------------------------
# word lists, read independently of Galley


def parse_list(text):
    """The entries of a word list in Galley's format (TeX's \\hyphenation{} allowed): the
    white-space separated tokens, % and # comments cut off, the wrapper's tokens taken
    away. Entries as written ("acad-e-my")."""
    out = []
    for line in text.splitlines():
        line = re.split(r"[%#]", line, maxsplit=1)[0]
        for tok in line.split():
            if tok.startswith("\\hyphenation{"):
                tok = tok[len("\\hyphenation{"):]
            if tok.endswith("}"):
                tok = tok[:-1]
            if tok:
                out.append(tok)
    return out


def breaks_of(entry):
    """(the word in lowercase, the set of its break positions: letters before each)."""
    word, at = "", set()
    for ch in entry:
        if ch == "-":
            at.add(len(word))
        else:
            word += ch.lower()
    return word, frozenset(at)


def as_dict(entries):
    """{lowercase word: its breaks} of ENTRIES, a later entry replacing an earlier one."""
    return dict(breaks_of(e) for e in entries)


def merged(*lists):
    """The house lists in the order Galley looks them up (the first that holds a word
    decides it): {word: breaks}."""
    out = {}
    for lst in reversed(lists):
        out.update(lst)
    return out


def read_list(rel):
    with open(path(rel), encoding="utf-8") as f:
        return as_dict(parse_list(f.read()))


def show(word, at):
    """WORD with hyphens at AT ("pyong-yang")."""
    return "".join(("-" if i in at else "") + c for i, c in enumerate(word)) or word


# ---------------------------------------------------------------------------------------------
# 1. the exceptions through `galley hyphenate`


def trimmed(entry, left, right):
    """ENTRY with the hyphens closer than LEFT letters to its start or RIGHT to its end
    taken out (as written, case kept)."""
    n = sum(1 for c in entry if c != "-")
    out, k = "", 0
    for c in entry:
        if c == "-":
            if k >= left and n - k >= right:
                out += "-"
            continue
        out += c
        k += 1
    return out


def compare_lines(expected, got):
    """Problems: GOT (galley's output lines) against EXPECTED, naming the first
    mismatches."""
    problems = []
    if len(got) != len(expected):
        problems.append(f"{len(got)} lines printed for {len(expected)} words")
    bad = [(e, g) for e, g in zip(expected, got) if e != g]
    if bad:
        problems.append(f"{len(bad)} of {len(expected)} words differ; first: "
                        + ", ".join(f"{g!r} (listed {e!r})" for e, g in bad[:MISMATCHES]))
    return problems


def exceptions_entries():
    with open(path(EXCEPTIONS), encoding="utf-8") as f:
        entries = parse_list(f.read())
    if len(entries) < 1700:
        raise RuntimeError(f"{EXCEPTIONS}: only {len(entries)} words read")
    bad = [e for e in entries if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z]+)*", e)]
    if bad:
        raise RuntimeError(f"{EXCEPTIONS}: entries this test cannot read: {bad[:5]}")
    return entries


def hyphenate_lines(words, layout):
    p = run(["hyphenate", "--layout", layout, "-"], stdin="".join(w + "\n" for w in words))
    if p.returncode != 0:
        raise RuntimeError(f"galley hyphenate --layout {layout} -: exit {p.returncode}: "
                           f"{p.stderr.strip()[:300]}")
    return p.stdout.splitlines()


def check_exceptions(layout, left, right):
    entries = exceptions_entries()
    words = [e.replace("-", "") for e in entries]
    expected = [trimmed(e, left, right) for e in entries]
    return compare_lines(expected, hyphenate_lines(words, layout))


# ---------------------------------------------------------------------------------------------
# 2-4. breaks in a rendered column, from the --boxes JSON and the PDF


def render(article, name, *extra):
    """Renders ARTICLE into OUT/NAME.pdf with --boxes OUT/NAME.boxes.json; (pdf, boxes),
    paths relative to ROOT."""
    pdf, boxes = os.path.join(OUT, name + ".pdf"), os.path.join(OUT, name + ".boxes.json")
    for f in (pdf, boxes):
        if os.path.exists(path(f)):
            os.remove(path(f))
    p = run(["render", article, "-o", pdf, "--boxes", boxes, "-q"] + list(extra))
    if p.returncode != 0 or not os.path.exists(path(pdf)):
        raise RuntimeError(f"galley render {article} {' '.join(extra)}: exit {p.returncode}: "
                           f"{p.stderr.strip()[:300]}")
    return pdf, boxes


def load_boxes(boxes):
    if isinstance(boxes, dict):
        return boxes
    with open(path(boxes), encoding="utf-8") as f:
        return json.load(f)


def line_ends(doc):
    """The broken words of a boxes document: (where, last token, next first token, word,
    break position) for every hyphenated line, the word being the letters that end the
    line's last token and those that start the first token of the element's next line. A
    hyphenated line with no next line is (where, token, None, None, None)."""
    lines = collections.defaultdict(list)
    for b in doc["boxes"]:
        if b.get("kind") == "line":
            lines[b["element"]].append(b)
    out = []
    for element, ls in lines.items():
        for i, b in enumerate(ls):
            if not b.get("hyphenated"):
                continue
            where = f"p{b['page']} {element} '{b['text']}'"
            toks = b["text"].split()
            last = toks[-1] if toks else ""
            if i + 1 == len(ls) or not ls[i + 1]["text"].split():
                out.append((where, last, None, None, None))
                continue
            first = ls[i + 1]["text"].split()[0]
            head = re.search(r"[A-Za-z]*$", last).group(0)
            tail = re.match(r"[A-Za-z]*", first).group(0)
            out.append((where, last, first, (head + tail).lower(), len(head)))
    return out


def check_breaks(boxes, listed, winner=None):
    """Problems: a word of LISTED ({word: breaks}) broken where it does not allow, and no
    listed break used at all (or none of a word of WINNER, the list whose entries the
    render is to show taking effect)."""
    problems, used, won = [], 0, 0
    for where, last, first, word, at in line_ends(load_boxes(boxes)):
        if word is None:
            problems.append(f"{where}: a hyphenated line with no next line in its element")
            continue
        if word not in listed:
            continue
        if at in listed[word]:
            used += 1
            won += winner is not None and word in winner
        elif not listed[word]:
            problems.append(f"{where}: '{word}', listed never to break, broken "
                            f"'{last}-' / '{first}'")
        else:
            problems.append(f"{where}: '{word}' broken '{last}-' / '{first}', where its "
                            f"list allows only {show(word, listed[word])}")
    if not used:
        problems.append("no listed break was used: the test text is too easy to show the "
                        "list at work (make its column narrower or its listed words more "
                        "frequent)")
    elif winner is not None and not won:
        problems.append(f"no break of the words {sorted(winner)} was used: the render does "
                        "not show that list taking effect")
    return problems


def count_breaks(boxes, word, at):
    return sum(1 for _, _, _, w, a in line_ends(load_boxes(boxes)) if w == word and a == at)


def pdf_hyphen_words(pdf):
    """The words pdftotext -bbox reads that end in a hyphen, with their counts."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=TIMEOUT).stdout
    words = re.findall(r"<word [^>]*>([^<]*)</word>", html)
    return collections.Counter(w for w in words if w.endswith("-"))


def check_pdf_hyphens(boxes, pdf):
    """Problems: the PDF's words ending in a hyphen are not exactly the last tokens of the
    lines the boxes call hyphenated (with a hyphen) and of those whose own text ends in
    one."""
    doc = load_boxes(boxes)
    want = collections.Counter()
    for b in doc["boxes"]:
        toks = b.get("text", "").split() if b.get("kind") == "line" else []
        if toks and b.get("hyphenated"):
            want[toks[-1] + "-"] += 1
        elif toks and toks[-1].endswith("-"):
            want[toks[-1]] += 1
    got = pdf_hyphen_words(pdf)
    problems = []
    if want - got:
        problems.append(f"hyphens the boxes report but the PDF does not print: "
                        f"{dict((want - got).most_common(MISMATCHES))}")
    if got - want:
        problems.append(f"hyphens the PDF prints but the boxes do not report: "
                        f"{dict((got - want).most_common(MISMATCHES))}")
    return problems


def check_render(article, name, listed, winner, *extra):
    """Problems of a render of ARTICLE with EXTRA arguments: check_breaks against LISTED
    (the lists merged) with WINNER the list it shows, and check_pdf_hyphens."""
    pdf, boxes = render(article, name, *extra)
    return check_breaks(boxes, listed, winner) + check_pdf_hyphens(boxes, pdf)


def article_list(rel):
    with open(path(rel), encoding="utf-8") as f:
        return as_dict(json.load(f).get("hyphenation", []))


def check_stale_files():
    """Two renders, the list edited between them."""
    lst = os.path.join(OUT, "stale.txt")
    with open(path(lst), "w", encoding="utf-8") as f:
        f.write("Pyong-yang\nShoi-gu\n")
    _, boxes = render(ARTICLE, "stale-1", "--layout", NARROW, "--hyphenation", lst)
    problems = check_breaks(boxes, read_list(lst))
    if not count_breaks(boxes, "pyongyang", 5):
        problems.append("the first render, whose list allows 'Pyong-yang', never breaks it "
                        "there: the text does not show whether the edit takes effect")
    with open(path(lst), "w", encoding="utf-8") as f:
        f.write("Pyongyang\nShoi-gu\n")
    _, boxes = render(ARTICLE, "stale-2", "--layout", NARROW, "--hyphenation", lst)
    problems += [f"after the edit: {p}" for p in check_breaks(boxes, read_list(lst))]
    return problems


class Watch:
    """A running `galley watch`, its stdout lines in a queue."""

    def __init__(self, args):
        self.proc = subprocess.Popen([galley()] + args, cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True)
        self.lines, self.err = queue.Queue(), []
        for stream, put in ((self.proc.stdout, self.lines.put), (self.proc.stderr,
                                                                  self.err.append)):
            threading.Thread(target=lambda s=stream, p=put: [p(x.rstrip("\n")) for x in s],
                             daemon=True).start()

    def rendered(self):
        """None once a "rendered" line came; else the problem."""
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            return f"no line from galley watch in {TIMEOUT} s: {' '.join(self.err)[-300:]}"
        return None if " rendered " in line else f"not a render: {line!r} {self.err[-3:]}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def check_stale_watch():
    """One watch session; the layout's list edited between renders."""
    d = os.path.join(OUT, "watch")
    shutil.rmtree(path(d), ignore_errors=True)
    os.makedirs(path(d))
    with open(path(NARROW), encoding="utf-8") as f:
        layout = json.load(f)
    layout["hyphenation"] = "list.txt"
    with open(path(os.path.join(d, "layout.json")), "w", encoding="utf-8") as f:
        json.dump(layout, f)
    lst = os.path.join(d, "list.txt")
    with open(path(lst), "w", encoding="utf-8") as f:
        f.write("Pyong-yang\nShoi-gu\n")
    boxes = os.path.join(d, "out.boxes.json")
    w = Watch(["watch", ARTICLE, "-o", os.path.join(d, "out.pdf"), "--boxes", boxes,
               "--layout", os.path.join(d, "layout.json")])
    try:
        problem = w.rendered()
        if problem:
            return [problem]
        first = load_boxes(boxes)
        problems = check_breaks(first, read_list(lst))
        if not count_breaks(first, "pyongyang", 5):
            problems.append("the first render never breaks 'Pyong-yang'")
        with open(path(lst + ".new"), "w", encoding="utf-8") as f:
            f.write("Pyongyang\nShoi-gu\n")
        os.replace(path(lst + ".new"), path(lst))  # one event: never an empty list
        problem = w.rendered()
        if problem:
            return problems + [f"after the edit: {problem}"]
        return problems + [f"after the edit: {p}"
                           for p in check_breaks(boxes, read_list(lst))]
    finally:
        w.stop()


# ---------------------------------------------------------------------------------------------
# 5. bad lists


ERROR_LINE = re.compile(r"^(?:galley: )?(.+?):(\d+):(\d+): error: hyphenation: '([^']*)': (.*)$")


def check_list_errors(rc, stderr, listfile, expected, outputs=()):
    """Problems: exit RC not 3, STDERR not exactly the EXPECTED errors of LISTFILE
    ((line, column, entry, words) in order), or an output in OUTPUTS written."""
    problems = [] if rc == 3 else [f"exit {rc}, not 3"]
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    got = []
    for ln in lines:
        m = ERROR_LINE.match(ln)
        if not m or m.group(1) != listfile:
            problems.append(f"not a '{listfile}:LINE:COL: error: hyphenation: ' line: {ln!r}")
            continue
        got.append((int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
    for i, (line, col, entry, words) in enumerate(expected):
        found = [g for g in got if g[:3] == (line, col, entry)]
        if not found:
            near = [g for g in got if g[2] == entry]
            problems.append(f"no error for '{entry}' at {line}:{col}"
                            + (f" (given at {near[0][0]}:{near[0][1]})" if near else ""))
        elif words not in found[0][3]:
            problems.append(f"the error for '{entry}' does not say '{words}': {found[0][3]!r}")
    extra = [g for g in got if g[:3] not in [e[:3] for e in expected]]
    if extra:
        problems.append(f"errors for no bad entry: {extra[:3]}")
    for out in outputs:
        if os.path.exists(path(out)):
            problems.append(f"{out} was written")
    return problems


def fresh(out):
    if os.path.exists(path(out)):
        os.remove(path(out))
    return out


def check_bad_list_render():
    out = fresh(os.path.join(OUT, "bad-list.pdf"))
    boxes = fresh(os.path.join(OUT, "bad-list.boxes.json"))
    p = run(["render", ARTICLE, "--layout", NARROW, "--hyphenation", BAD_LIST, "-o", out,
             "--boxes", boxes])
    return check_list_errors(p.returncode, p.stderr, BAD_LIST, BAD_LIST_ERRORS, (out, boxes))


def check_bad_list_hyphenate():
    p = run(["hyphenate", "--hyphenation", BAD_LIST, "Pyongyang"])
    problems = check_list_errors(p.returncode, p.stderr, BAD_LIST, BAD_LIST_ERRORS)
    return problems + ([f"printed {p.stdout.strip()[:80]!r}"] if p.stdout.strip() else [])


def check_error(args, out, field_error, also=()):
    """Problems: ARGS (writing OUT) does not exit 3 with FIELD_ERROR (and ALSO) on stderr,
    or writes OUT."""
    fresh(out)
    p = run(args)
    problems = [] if p.returncode == 3 else [f"exit {p.returncode}, not 3"]
    for s in (field_error,) + tuple(also):
        if s not in p.stderr:
            problems.append(f"stderr does not say {s!r}: {p.stderr.strip()[:300]!r}")
    if os.path.exists(path(out)):
        problems.append(f"{out} was written")
    return problems


def check_missing_layout_list():
    out = os.path.join(OUT, "missing-list.pdf")
    return check_error(["render", ARTICLE, "--layout", MISSING_LAYOUT, "-o", out], out,
                       f"{MISSING_LAYOUT}:3:18: error: hyphenation: ",
                       ("no-such-list.txt", "cannot be read"))


def check_bad_article_entry():
    out = os.path.join(OUT, "bad-article.pdf")
    return check_error(["render", BAD_ARTICLE, "-o", out], out,
                       f"{BAD_ARTICLE}:5:19: error: hyphenation[1]: 'Shoi--gu': "
                       "two hyphens in a row")


def check_hyphenate_usage():
    problems = []
    for args in (["hyphenate"], ["hyphenate", "--lang", "en"]):
        p = run(args)
        if p.returncode != 2:
            problems.append(f"galley {' '.join(args)}: exit {p.returncode}, not 2")
        elif "hyphenate needs words" not in p.stderr:
            problems.append(f"galley {' '.join(args)}: stderr {p.stderr.strip()[:200]!r}")
        if p.stdout:
            problems.append(f"galley {' '.join(args)} printed {p.stdout[:80]!r}")
    return problems


# ---------------------------------------------------------------------------------------------
# self-test


def doctor_split(doc, word, at):
    """DOC with the first line box holding WORD as a whole token (not its last) split in
    two after AT letters: the first line hyphenated. None when no line holds it."""
    doc = copy.deepcopy(doc)
    for i, b in enumerate(doc["boxes"]):
        if b.get("kind") != "line":
            continue
        toks = b["text"].split()
        for k, t in enumerate(toks[:-1]):
            if re.match(r"[A-Za-z]*", t).group(0).lower() == word:
                a, c = dict(b), dict(b)
                a["text"] = " ".join(toks[:k] + [t[:at]])
                a["hyphenated"] = True
                c["text"] = " ".join([t[at:]] + toks[k + 1:])
                c["hyphenated"] = b.get("hyphenated", False)
                doc["boxes"][i:i + 1] = [a, c]
                return doc
    return None


def doctor_move(doc, word, at, to):
    """DOC with every break of WORD after AT letters moved back to after TO (< AT)
    letters: the line keeps TO letters of it, the next line takes the rest. None when
    WORD is never broken there."""
    doc = copy.deepcopy(doc)
    lines = collections.defaultdict(list)
    for b in doc["boxes"]:
        if b.get("kind") == "line":
            lines[b["element"]].append(b)
    moved = 0
    for ls in lines.values():
        for b, nxt in zip(ls, ls[1:]):
            toks, ntoks = b["text"].split(), nxt["text"].split()
            if not b.get("hyphenated") or not toks or not ntoks:
                continue
            head = re.search(r"[A-Za-z]*$", toks[-1]).group(0)
            tail = re.match(r"[A-Za-z]*", ntoks[0]).group(0)
            if (head + tail).lower() != word or len(head) != at:
                continue
            k = at - to
            b["text"] = " ".join(toks[:-1] + [toks[-1][:-k]])
            nxt["text"] = " ".join([toks[-1][-k:] + ntoks[0]] + ntoks[1:])
            moved += 1
    return doc if moved else None


def self_test(report):
    def expect_fail(what, problems, words=""):
        hit = [p for p in problems if words in p]
        report.result(f"self-test: {what} fails", [] if hit else
                      [f"not caught (problems: {problems or 'none'})"])

    # 1: the comparison names a word whose breaks differ.
    entries = exceptions_entries()
    words = [e.replace("-", "") for e in entries]
    got = hyphenate_lines(words, LAYOUT_MIN1)
    report.result("self-test: galley hyphenate's real output passes the comparison",
                  compare_lines(entries, got))
    doctored = list(got)
    k = next(i for i, e in enumerate(entries) if e.lower().startswith("acad-e-my"))
    doctored[k] = "ac-ad-e-my"
    expect_fail("a hyphenate output with 'acad-e-my' printed 'ac-ad-e-my'",
                compare_lines(entries, doctored), "'ac-ad-e-my' (listed 'acad-e-my')")
    expect_fail("a hyphenate output one line short", compare_lines(entries, got[:-1]),
                "lines printed")

    # 2: the break checker and the PDF cross-check.
    house = read_list(HOUSE)
    pdf, boxes = render(ARTICLE, "self-test", "--layout", NARROW, "--hyphenation", HOUSE)
    doc = load_boxes(boxes)
    report.result("self-test: the house-list render passes the break checker",
                  check_breaks(doc, house) + check_pdf_hyphens(doc, pdf))
    split = doctor_split(doc, "international", 5)
    if split is None:
        report.result("self-test: a line holds 'international' to split", ["none does"])
    else:
        expect_fail("boxes doctored to split 'international' (listed never to break)",
                    check_breaks(split, house), "'international', listed never to break")
        expect_fail("boxes reporting a hyphen the PDF does not print",
                    check_pdf_hyphens(split, pdf), "the PDF does not print")
    moved = doctor_move(doc, "pyongyang", 5, 4)
    if moved is None:
        report.result("self-test: a line ends in 'Pyong-' to move", ["none does"])
    else:
        expect_fail("boxes doctored to break 'Pyon-gyang' (listed Pyong-yang)",
                    check_breaks(moved, house), "allows only pyong-yang")
    unbroken = copy.deepcopy(doc)
    for b in unbroken["boxes"]:
        b["hyphenated"] = False
    expect_fail("boxes with no hyphenated line", check_breaks(unbroken, house),
                "the test text is too easy")
    expect_fail("a PDF with hyphens the boxes do not report", check_pdf_hyphens(unbroken, pdf),
                "the boxes do not report")

    # 5: the error checker.
    expected_out = "".join(f"galley: {BAD_LIST}:{ln}:{col}: error: hyphenation: '{e}': {w}\n"
                           for ln, col, e, w in BAD_LIST_ERRORS)
    report.result("self-test: the expected errors pass the error checker",
                  check_list_errors(3, expected_out, BAD_LIST, BAD_LIST_ERRORS))
    lines = expected_out.splitlines()
    expect_fail("error output without the error for 'Mos---cow'",
                check_list_errors(3, "\n".join(lines[:-1]), BAD_LIST, BAD_LIST_ERRORS),
                "no error for 'Mos---cow'")
    expect_fail("error output giving 'Kim-J\u00f6ng' at column 28",
                check_list_errors(3, expected_out.replace(":3:29:", ":3:28:"), BAD_LIST,
                                  BAD_LIST_ERRORS), "given at 3:28")
    expect_fail("the errors with exit 0", check_list_errors(0, expected_out, BAD_LIST,
                                                            BAD_LIST_ERRORS), "exit 0")


# ---------------------------------------------------------------------------------------------


def main(argv):
    only_self = argv == ["--self-test"]
    if argv and not only_self:
        print("usage: hyphenation.py [--self-test]", file=sys.stderr)
        return 2
    os.makedirs(path(OUT), exist_ok=True)
    report = Report()
    try:
        self_test(report)
    except Exception as e:  # a self-test that cannot run must not pass
        report.result("self-test", [f"crashed: {type(e).__name__}: {e}"])
    if not only_self:
        house, layout_list = read_list(HOUSE), read_list(
            os.path.join(DATA, "layouts", "narrow-house.txt"))
        own = article_list(ARTICLE_OWN)
        checks = [
            ("exceptions: every ushyphex.tex word prints as listed (hyphen_left 1, "
             "hyphen_right 1)", check_exceptions, LAYOUT_MIN1, 1, 1),
            ("exceptions: tabloid prints the listed breaks at least 2 letters from the start "
             "and 3 from the end", check_exceptions, "tabloid", 2, 3),
            ("house list (--hyphenation) in a 33.6 mm column: listed breaks only, never-break "
             "words whole, the PDF's hyphens as the boxes say", check_render, ARTICLE,
             "house", house, house, "--layout", NARROW, "--hyphenation", HOUSE),
            ("the layout's \"hyphenation\" list takes effect", check_render, ARTICLE,
             "layout-list", layout_list, layout_list, "--layout", NARROW_HOUSE),
            ("--hyphenation wins over the layout's list, which decides the other words",
             check_render, ARTICLE, "command-and-layout", merged(house, layout_list),
             house, "--layout", NARROW_HOUSE, "--hyphenation", HOUSE),
            ("the article's \"hyphenation\" wins over --hyphenation and the layout's",
             check_render, ARTICLE_OWN, "article-list", merged(own, house, layout_list),
             own, "--layout", NARROW_HOUSE, "--hyphenation", HOUSE),
            ("no stale state: a list edited to forbid 'Pyong-yang' between two renders",
             check_stale_files),
            ("no stale state: the layout's list edited during one galley watch session",
             check_stale_watch),
            ("a list with bad entries: render exits 3, each error at FILE:LINE:COL, nothing "
             "written", check_bad_list_render),
            ("a list with bad entries: galley hyphenate exits 3 with the same errors",
             check_bad_list_hyphenate),
            ("a layout naming a missing list exits 3 at its \"hyphenation\" field",
             check_missing_layout_list),
            ("an article's bad \"hyphenation\" entry exits 3 at its file:line:col",
             check_bad_article_entry),
            ("galley hyphenate without words is a usage error (2)", check_hyphenate_usage),
        ]
        for what, fn, *args in checks:
            report.check(what, fn, *args)
    report.summary()
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
