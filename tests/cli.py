#!/usr/bin/env python3
"""The galley command as a packaged tool (issue 21).

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/cli.py

Checks, each on what the command prints and writes, measured by other tools:
1. `galley COMMAND --help` and `-h`, for every command: exit 0, the help on standard
   output, naming the command; every option it lists is one the command takes (given
   alone it is no "unknown option"); `galley --help` lists every command;
2. the manual page docs/galley.1 renders with groff's man macros and all warnings on
   (-ww) without a warning; every command's options in it (COMMANDS, its "Options:")
   are exactly those its --help lists, and its OPTIONS section describes exactly the
   options the helps list (and --version); README.md's command lines list the same
   options as each command's help;
3. output names in any case: `-o OUT.PDF` writes a PDF (%PDF-), `-o OUT.Png` PNG pages
   (the PNG signature), `convert -o OUT.JSON` JSON; `-o OUT.svg` is refused (exit 4)
   naming the formats Galley writes, and nothing is written;
4. warnings alone exit 0 (render, contact, convert); with --strict the same command
   exits 1 when it warned (also under -q, which hides the warning) and still writes;
5. `edition --final` with an overset article (samples/edition/edition-overset.json)
   exits 6, writes no PDF, and writes the --report naming the overset article (the one
   the error names);
6. an edition page that holds only a continuation lists the continued article
   (`continued_from`) in the report, as its PDF page's "Continued from page M" says.
The man page and continuation checkers have self-tests on doctored input (a manual
missing an option, a report missing its continuation).

Prints "ok   WHAT" or "FAIL WHAT: reason" per check, then "N passed, M failed" alone on a
line; exits 1 if anything failed.
"""

import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
OUT = os.path.join("tests", "out", "cli")
MAN = os.path.join("docs", "galley.1")
COMMANDS = ["render", "edition", "watch", "contact", "convert", "hyphenate", "serve", "batch"]
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*[a-z0-9]|-[a-zA-Z])(?![\w-])")
ARTICLE = "samples/shoigu-sanctions/article.json"


def galley(*args, stdin=None):
    return subprocess.run([GALLEY, *args], capture_output=True, text=True, timeout=900,
                          input=stdin)


def help_lines(text):
    """The lines of a --help text's "Options:" section that start with an option."""
    section = text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0] if "\nOptions:\n" in text \
        else ""
    return [line for line in section.splitlines() if re.match(r"  -", line)]


def help_options(text):
    """The options a --help text lists, each by its name ("-o, --output FILE": -o, the
    short form the manual and README use, when it has one)."""
    found = set()
    for line in help_lines(text):
        m = re.match(r"  (?:(-\w), )?(--?[a-z][\w-]*)", line)
        found.add(m.group(1) or m.group(2))
    return found


def helps():
    """{command: (exit code, stdout, stderr)} of `galley COMMAND --help`."""
    return {c: galley(c, "--help") for c in COMMANDS}


def check_help(cmd, p):
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    if not p.stdout.startswith(f"Usage: galley {cmd} "):
        return f"stdout does not start with its usage: {p.stdout[:80]!r}"
    if "unknown option" in p.stdout + p.stderr or p.stderr:
        return f"says {p.stderr.strip()[:100]!r}"
    short = galley(cmd, "-h")
    if short.returncode != 0 or short.stdout != p.stdout:
        return f"-h differs from --help (exit {short.returncode})"
    return None if help_options(p.stdout) else "lists no options"


def check_help_options_taken(cmd, p):
    """Each option the help lists, given alone (with a value when the help shows one), is
    not refused as unknown: the help and the parser agree."""
    problems = []
    for line in help_lines(p.stdout):
        m = re.match(r"  (?:-\w, )?(--?[a-z][\w-]*)( \S+)?", line)
        if m.group(1) == "--help":
            continue
        args = [m.group(1)] + (["1"] if m.group(2) else [])
        r = galley(cmd, *args)
        if "unknown option" in r.stderr:
            problems.append(f"{' '.join(args)}: {r.stderr.strip()[:100]}")
    return problems


def check_overview():
    p = galley("--help")
    if p.returncode != 0:
        return f"exit {p.returncode}"
    missing = [c for c in COMMANDS if f"galley {c} " not in p.stdout]
    codes = [str(n) for n in range(8) if not re.search(rf"^  {n}  ", p.stdout, re.M)]
    return [f"no usage of {c}" for c in missing] + [f"exit code {c} not listed" for c in codes]


def render_man(path):
    """(text, warnings) of the manual at PATH as groff's man macros set it, every warning
    on; hyphens as typed."""
    r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-P-cbu", path], capture_output=True,
                       text=True)
    text = r.stdout.replace("\u2010", "-").replace("\u2212", "-")
    return text, r.stderr.strip() + ("" if r.returncode == 0 else f" (exit {r.returncode})")


def man_sections(text):
    """{SECTION: body} of a rendered manual page (headings at the left margin)."""
    sections, name = {}, None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z ]+$", line):
            name = line.strip()
            sections[name] = []
        elif name:
            sections[name].append(line)
    return {k: "\n".join(v) for k, v in sections.items()}


def man_command_options(text):
    """{command: options} from the manual's COMMANDS section: the options named in each
    subsection's "Options:" paragraph (after "In full:" where it has one)."""
    body = man_sections(text).get("COMMANDS", "")
    out = {}
    for m in re.finditer(r"^   (\w+)\n(.*?)(?=^   \w+\n|\Z)", body, re.M | re.S):
        para = m.group(2).split("Options:", 1)[-1]
        para = para.split("In full:", 1)[-1]
        out[m.group(1)] = set(OPTION.findall(para.split("\n\n", 1)[0]))
    return out


def man_described_options(text):
    """The options the manual's OPTIONS section describes (its tagged paragraphs)."""
    body = man_sections(text).get("OPTIONS", "")
    found = set()
    for line in body.splitlines():
        m = re.match(r"^       (-\w, )?(--?[a-z][\w-]*)", line)  # a tag: "-o, --output FILE"
        if m:
            found.add(m.group(1)[:-2] if m.group(1) else m.group(2))
    return found


def check_man(text, warnings, by_command):
    """The manual renders without warnings, and its options are the helps' (BY_COMMAND)."""
    problems = [f"groff: {warnings[:200]}"] if warnings else []
    listed = man_command_options(text)
    for cmd, opts in by_command.items():
        if cmd not in listed:
            problems.append(f"the manual has no COMMANDS entry for {cmd}")
            continue
        if opts - listed[cmd]:
            problems.append(f"{cmd}: --help lists {sorted(opts - listed[cmd])}, the manual not")
        if listed[cmd] - opts:
            problems.append(f"{cmd}: the manual lists {sorted(listed[cmd] - opts)}, --help not")
    described = man_described_options(text)
    every = set().union(*by_command.values()) | {"--version"}
    if every - described:
        problems.append(f"OPTIONS does not describe {sorted(every - described)}")
    if described - every:
        problems.append(f"OPTIONS describes {sorted(described - every)}, which no help lists")
    return problems


def self_test_man(by_command):
    """A manual with an option taken out (its OPTIONS entry and its mentions) fails."""
    with open(MAN, encoding="utf-8") as f:
        roff = f.read()
    doctored = os.path.join(OUT, "doctored.1")
    problems = []
    for option in (r"\-\-columns", r"\-\-strict"):
        text = re.sub(r"\.TP\n\.B[IR]? " + re.escape(option) + r"[^\n]*\n(?:[^.][^\n]*\n)*", "",
                      roff)
        text = text.replace(option + ", ", "").replace(", " + option, "")
        with open(doctored, "w", encoding="utf-8") as f:
            f.write(text)
        if text == roff or not check_man(*render_man(doctored), by_command):
            problems.append(f"a manual without {option.replace(chr(92), '')} passes")
    return problems


def readme_options():
    """{command: options} of README.md's command lines (the block under "The command"):
    "[options of render]" adds render's, "but --X" takes --X out again."""
    text = open("README.md", encoding="utf-8").read()
    block = text.split("## The command", 1)[1].split("```", 2)[1]
    out, cmd = {}, None
    for line in block.splitlines():
        m = re.match(r"galley (\w+)", line)
        if m:
            cmd = m.group(1)
        if cmd not in COMMANDS:
            continue
        have = out.setdefault(cmd, set())
        but = re.search(r"options of render but ((?:--?[a-z][\w-]*,? ?)+)", line)
        if "options of render" in line:
            have |= out["render"]
        have |= set(OPTION.findall(line.split(" ", 2)[-1]))
        if but:
            have -= set(OPTION.findall(but.group(1)))
    return out


def check_readme(by_command):
    listed, problems = readme_options(), []
    for cmd, opts in by_command.items():
        opts = opts - {"-h", "--help"}
        have = listed.get(cmd, set()) - {"-h", "--help"}
        if opts != have:
            problems.append(f"{cmd}: README lacks {sorted(opts - have)}, has {sorted(have - opts)}"
                            " beyond --help")
    return problems


def fresh(*names):
    for n in names:
        path = os.path.join(OUT, n)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    return [os.path.join(OUT, n) for n in names]


def check_upper_pdf():
    out, = fresh("UPPER.PDF")
    p = galley("render", ARTICLE, "-o", out, "-q")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    with open(out, "rb") as f:
        return None if f.read(5) == b"%PDF-" else "not a PDF"


def check_mixed_png():
    out, page = fresh("Mixed.Png", "Mixed-1.Png")
    p = galley("render", ARTICLE, "-o", out, "--dpi", "20", "-q")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    if not os.path.exists(page):
        return f"no {os.path.basename(page)}: {sorted(os.listdir(OUT))[:8]}"
    with open(page, "rb") as f:
        return None if f.read(8) == b"\x89PNG\r\n\x1a\n" else "not a PNG"


def galley_bytes(*args, stdin=None, cwd=None):
    """galley ARGS with bytes in and out (standard input STDIN, run in CWD)."""
    return subprocess.run([os.path.abspath(GALLEY), *args], capture_output=True, timeout=900,
                          input=stdin, cwd=cwd)


def check_stdout_pdf():
    """render ARTICLE -o -: the PDF on standard output, the bytes of -o FILE."""
    want, = fresh("stdout-want.pdf")
    p = galley("render", ARTICLE, "-o", want, "-q")
    q = galley_bytes("render", ARTICLE, "-o", "-", "-q")
    if p.returncode or q.returncode:
        return f"exit {p.returncode}, {q.returncode}: {q.stderr.decode()[:200]}"
    return None if q.stdout == open(want, "rb").read() else "standard output differs from the file"


def check_stdin_article():
    """render - -o OUT.pdf: the article from standard input, its photo found from the current
    folder; a broken article there: exit 3 at <stdin>:LINE:COL, nothing on standard output."""
    out, = fresh("stdin.pdf")
    folder = os.path.dirname(os.path.abspath(ARTICLE))
    article = open(ARTICLE, "rb").read()
    p = galley_bytes("render", "-", "-o", os.path.abspath(out), "-q", stdin=article, cwd=folder)
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.decode()[:300]}"
    if open(out, "rb").read(5) != b"%PDF-":
        return "not a PDF"
    bad = galley_bytes("render", "-", "-o", "-", stdin=b'{"headline": 3}', cwd=folder)
    err = bad.stderr.decode()
    if bad.returncode != 3 or bad.stdout or "<stdin>:1:14: error: headline" not in err:
        return f"a broken article: exit {bad.returncode}, {len(bad.stdout)} bytes out: {err[:200]}"
    return None


def check_upper_json():
    out, = fresh("CONVERTED.JSON")
    p = galley("convert", "samples/ninjs-launch/article.ninjs.json", "-o", out, "-q")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    with open(out, encoding="utf-8") as f:
        return None if "headline" in json.load(f) else "no headline in the JSON"


def check_svg_refused():
    out, = fresh("page.svg")
    p = galley("render", ARTICLE, "-o", out)
    problems = [] if p.returncode == 4 else [f"exit {p.returncode}, not 4"]
    if "PDF and PNG" not in p.stderr:
        problems.append(f"the message does not name the formats: {p.stderr.strip()[:200]}")
    if os.path.exists(out) or [f for f in os.listdir(OUT) if f.startswith("page.svg")]:
        problems.append("something was written")
    return problems


def warning_article():
    """An article that loads with a warning only (an unknown field)."""
    path = os.path.join(OUT, "warned.json")
    with open("tests/data/articles/minimal.json", encoding="utf-8") as f:
        article = json.load(f)
    article["colour"] = "red"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(article, f)
    return path


def check_strict(command, out_name, *extra):
    """COMMAND on an article with only a warning: exit 0 and the warning printed; with
    --strict exit 1, the output still written; with --strict -q exit 1, nothing printed."""
    article = warning_article()
    out, = fresh(out_name)
    p = galley(command, article, "-o", out, *extra)
    if p.returncode != 0 or ": warning: " not in p.stderr:
        return f"plain: exit {p.returncode}, stderr {p.stderr.strip()[:160]!r}"
    written = out if command != "render" or not out.endswith(".png") else out[:-4] + "-1.png"
    os.remove(written)
    s = galley(command, article, "-o", out, "--strict", *extra)
    if s.returncode != 1:
        return f"--strict: exit {s.returncode}, not 1: {s.stderr.strip()[:160]}"
    if not os.path.exists(written):
        return "--strict wrote nothing"
    q = galley(command, article, "-o", out, "--strict", "-q", *extra)
    if q.returncode != 1 or q.stderr.strip():
        return f"--strict -q: exit {q.returncode}, stderr {q.stderr.strip()[:160]!r}"
    return None


def check_final_report():
    edition = "samples/edition/edition-overset.json"
    pdf, rep = fresh("final.pdf", "final.report.json")
    p = galley("edition", edition, "-o", pdf, "--report", rep, "--final")
    problems = [] if p.returncode == 6 else [f"exit {p.returncode}, not 6"]
    if os.path.exists(pdf):
        problems.append("a PDF was written")
    if not os.path.exists(rep):
        return problems + ["no report was written"]
    with open(rep, encoding="utf-8") as f:
        report = json.load(f)
    overset = {a["field"]: a["article"] for page in report["pages"] for a in page["articles"]
               if "overset" in a}
    named = re.findall(r"error: (\S+): overset with --final", p.stderr)
    if not named:
        problems.append(f"no error names the overset article: {p.stderr.strip()[:200]}")
    for field in named:
        if field not in overset:
            problems.append(f"{field} is refused as overset; the report's overset: {overset}")
    if report.get("overset_articles") != len(overset) or not overset:
        problems.append(f"overset_articles {report.get('overset_articles')}, "
                        f"{len(overset)} listed")
    return problems


def continuation_edition():
    """An edition whose page 2 holds only the continuation of page 1's long article."""
    folder = os.path.join(OUT, "continued")
    os.makedirs(folder, exist_ok=True)
    article = os.path.abspath("samples/deep-field/article.json")
    edition = os.path.join(folder, "edition.json")
    with open(edition, "w", encoding="utf-8") as f:
        json.dump({"paper": "The Test", "date": "2025-06-11", "rows": 8, "pages": [
            {"section": "One", "articles": [
                {"article": article, "column": 0, "span": 3, "row": 0, "rows": 4, "jump": 2}]},
            {"section": "Two", "articles": [
                {"continue": article, "column": 0, "span": 5, "row": 0, "rows": 8}]}]}, f)
    return edition


def pdf_page_text(pdf, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-raw", pdf, "-"],
                          capture_output=True, text=True).stdout


def check_continuations(report, pdf):
    """Every page whose PDF says "Continued from page M" lists a continuation from M."""
    problems = []
    for page in report["pages"]:
        said = sorted(int(m) for m in
                      re.findall(r"Continued from page (\d+)", pdf_page_text(pdf, page["page"])))
        listed = sorted(a["continued_from"] for a in page["articles"] if "continued_from" in a)
        if said != listed:
            problems.append(f"page {page['page']}: the PDF continues from {said}, the report "
                            f"lists {listed}")
    return problems


def check_continuation_only_page(state):
    edition = continuation_edition()
    pdf, rep = os.path.join(OUT, "continued", "e.pdf"), os.path.join(OUT, "continued", "e.json")
    p = galley("edition", edition, "-o", pdf, "--report", rep, "-q")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    with open(rep, encoding="utf-8") as f:
        report = json.load(f)
    state["continued"] = (report, pdf)
    second = report["pages"][1]["articles"]
    if "Continued from page 1" not in pdf_page_text(pdf, 2):
        return "the article did not jump to page 2 (no 'Continued from page 1'): no test"
    if not second or second[0].get("continued_from") != 1:
        return f"page 2 lists {second}"
    return check_continuations(report, pdf)


def self_test_continuations(state):
    if "continued" not in state:
        return "nothing to doctor"
    report, pdf = state["continued"]
    bad = json.loads(json.dumps(report))
    for page in bad["pages"]:
        page["articles"] = [a for a in page["articles"] if "continued_from" not in a]
    return None if check_continuations(bad, pdf) else "a report without its continuation passes"


def main():
    os.makedirs(OUT, exist_ok=True)
    r = Results()
    got = helps()
    for cmd, p in got.items():
        r.check(f"galley {cmd} --help and -h: exit 0, its usage and options", check_help, cmd, p)
        r.check(f"galley {cmd}: every option its help lists is taken",
                check_help_options_taken, cmd, p)
    r.check("galley --help lists every command and exit code", check_overview)
    by_command = {c: help_options(p.stdout) for c, p in got.items()}
    text, warnings = render_man(MAN)
    r.check("docs/galley.1 renders without warnings and lists the helps' options",
            check_man, text, warnings, by_command)
    r.check("self-test: a manual missing an option fails", self_test_man, by_command)
    r.check("README's command lines list the helps' options", check_readme, by_command)
    r.check("-o OUT.PDF writes a PDF", check_upper_pdf)
    r.check("-o OUT.Png writes PNG pages OUT-N.Png", check_mixed_png)
    r.check("convert -o OUT.JSON writes JSON", check_upper_json)
    r.check("render ARTICLE -o -: the PDF on standard output, the file's bytes",
            check_stdout_pdf)
    r.check("render - -o OUT.pdf: the article from standard input; a broken one exits 3",
            check_stdin_article)
    r.check("-o OUT.svg is refused (exit 4), naming PDF and PNG, nothing written",
            check_svg_refused)
    r.check("render: a warning alone exits 0, 1 with --strict", check_strict, "render",
            "warned.pdf")
    r.check("contact: a warning alone exits 0, 1 with --strict", check_strict, "contact",
            "warned.png", "--dpi", "10")
    r.check("convert: a warning alone exits 0, 1 with --strict", check_strict, "convert",
            "warned.out.json")
    r.check("edition --final, overset: exit 6, no PDF, the report names it",
            check_final_report)
    state = {}
    r.check("a page holding only a continuation lists its article (continued_from)",
            check_continuation_only_page, state)
    r.check("self-test: a report without its continuation fails", self_test_continuations,
            state)
    return r.summary()


if __name__ == "__main__":
    sys.exit(main())
