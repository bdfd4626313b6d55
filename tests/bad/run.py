#!/usr/bin/env python3
"""Galley's bad-input catalogue: every case in tests/bad/cases*.json must give its answer.

Run from anywhere (the Makefile's `bad` target, which `make test` runs, does):

    BUILD=build-san python3 tests/bad/run.py [NAME ...] [--show] [-j N]

Each case runs one command of $BUILD/galley (render by default) in a folder of its own under
a temporary folder and checks:

- the exit code. Hangs are caught by bounds no slow machine reaches, not by a stopwatch: at
  most CPU_LIMIT seconds of CPU time (RLIMIT_CPU: a CPU bomb is killed by SIGXCPU) and
  HANG_LIMIT seconds of wall-clock time (a process blocked on a FIFO uses no CPU);
- with "memory_mb", the same command of the plain build ($PLAIN_BUILD/galley, default
  build/: AddressSanitizer's shadow memory cannot run under an address-space limit) also
  gives the exit code and messages under `ulimit -v` of that many MB (RLIMIT_AS);
- every expected substring is in the messages (file:line:col and field path where there is
  one; "{article}" stands for the article path as given, "{tmp}" for the case's folder);
- no sanitizer report and no "runtime error" in the messages;
- on failure, no output file (OUT, OUT-N.png, --boxes) and no stray (temporary) file is
  left in the output folder; with "keep", an output file that was there before keeps its
  bytes;
- on success, the PDF was written and starts with %PDF.

Manifest fields (cases.json and cases-TOPIC.json, each a list of objects; names are unique
across the files):

    name       unique; also the default output stem
    group      the category, for the summary
    article    article path relative to tests/bad (or "{tmp}/..." for a generated one); for
               "edition" the edition file, for "contact" the first input
    command    optional: render (default), edition or contact
    gen        optional: a generator below that writes files into the case's folder
    args       extra arguments ("{bad}" is tests/bad, "{tmp}" the case's folder)
    argv       optional: the whole argument list after the program, replacing
               [command, article, "-o", output] + args ("{article}", "{output}" allowed)
    output     optional output path (default "{tmp}/out/NAME.pdf")
    memory_mb  optional: also run the plain build under an address-space limit of this size
    exit       the exit code it must give
    expect     substrings the messages must contain
    reject     substrings the messages must not contain
    keep       true: put a known file at the output first; it must be left untouched
    unchanged  files (inputs a mistaken output could overwrite) whose bytes must stay the same
    json_valid files that must exist and hold valid JSON after the run
    written    true: the output must be written though the exit code is not 0 (a contact
               sheet draws an article that failed as a red cell; a render with warnings
               under --strict exits 1); no other file may be left
    skip_root  a reason to skip the case when running as root (chmod does not stop root)
    pending    a reason the case cannot pass yet (another part's work): it runs and is
               reported, but does not count as a failure

After the cases it replays every input in tests/fuzz/regressions/NAME/ through
$BUILD/fuzz/replay_NAME (the fuzz harness linked to a plain driver; `make bad` builds it):
each must run to the end with no sanitizer report.

--show prints each case's messages (to write or review expectations). Prints one
"ok"/"FAIL"/"skip"/"pending" line per case, then "N passed, M failed" alone on the last
line; exits 1 when anything failed. Python 3 standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import signal
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BAD = os.path.relpath(HERE, ROOT)  # "tests/bad": paths in messages stay short
CPU_LIMIT = 300  # seconds of CPU time for one case (ASan and UBSan make it 2 to 4 times slower)
HANG_LIMIT = 900  # seconds of wall-clock time: only a blocked process gets near it
KNOWN = b"%PDF-1.4 a good PDF from an earlier render: a failed render must not touch it\n"
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "UndefinedBehaviorSanitizer", "Segmentation fault", "Aborted")


# ---------------------------------------------------------------------------------------------
# Generators: inputs too big or too odd to keep in git. Each writes into DIR.

WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua ")


def write_article(path, article):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(article, f, ensure_ascii=False, indent=1)


def gen_paragraph_5mb(d):
    n = 5 * 1024 * 1024
    text = (WORDS * (n // len(WORDS) + 1))[:n].strip()
    write_article(os.path.join(d, "article.json"), {"headline": "A 5 MB paragraph",
                                                    "body": [text]})


def gen_file_17mb(d):
    para = (WORDS * 12).strip()
    body = [para] * (17 * 1024 * 1024 // (len(para) + 4) + 1)
    write_article(os.path.join(d, "article.json"), {"headline": "17 MB", "body": body})


def gen_nesting_10000(d):
    with open(os.path.join(d, "article.json"), "w") as f:
        f.write('{"headline": "Deep", "body": ' + "[" * 10000 + "]" * 10000 + "}\n")


def gen_500_paragraphs(d):
    body = [f"Paragraph {i + 1}. " + (WORDS * 2).strip() + "." for i in range(500)]
    write_article(os.path.join(d, "article.json"), {"headline": "Five hundred paragraphs",
                                                    "body": body})


def gen_unknown_fields_100k(d):
    """100,000 unknown fields: each is a warning, and finding each one's line and column
    walks the file, so all of them would take minutes."""
    article = {"headline": "Unknown fields", "body": ["One."]}
    article.update({f"field{i}": i for i in range(100000)})
    write_article(os.path.join(d, "article.json"), article)


def gen_bad_items_100k(d):
    write_article(os.path.join(d, "article.json"), {"headline": "Bad items",
                                                    "body": [7] * 100000})


def gen_root_tree(d):
    """root/article.json with a photo inside, a symbolic link out of root, and the photo
    it leads to outside."""
    root = os.path.join(d, "root")
    os.makedirs(root)
    os.makedirs(os.path.join(d, "outside"))
    shutil.copy(os.path.join(HERE, "images", "tiny.png"), os.path.join(root, "inside.png"))
    shutil.copy(os.path.join(HERE, "images", "tiny.png"), os.path.join(d, "outside",
                                                                       "secret.png"))
    os.symlink(os.path.join(d, "outside", "secret.png"), os.path.join(root, "link.png"))
    os.symlink("inside.png", os.path.join(root, "inner-link.png"))
    for name, src in (("inside", "inside.png"), ("link-out", "link.png"),
                      ("link-in", "inner-link.png")):
        write_article(os.path.join(root, name + ".json"),
                      {"headline": "Rooted", "photos": [{"src": src}], "body": ["One."]})


def gen_output_parent_is_file(d):
    with open(os.path.join(d, "not-a-folder"), "w") as f:
        f.write("a regular file where the output's folder should be\n")


def gen_output_read_only(d):
    os.makedirs(os.path.join(d, "read-only"))
    os.chmod(os.path.join(d, "read-only"), 0o555)


def gen_output_is_folder(d):
    os.makedirs(os.path.join(d, "out", "folder.pdf"))


def gen_text_section_korean(d):
    """A 200-character Korean section: its folio once cut a character in half (Pango
    aborted)."""
    write_article(os.path.join(d, "article.json"), {"headline": "Long section",
                                                    "section": "\uac00" * 200,
                                                    "date": "2025-06-14", "body": ["One."]})


def gen_text_section_e(d):
    write_article(os.path.join(d, "article.json"), {"headline": "Long section",
                                                    "section": "\u00e9" * 260,
                                                    "date": "2025-06-14", "body": ["One."]})


def gen_text_long_path(d):
    """An article whose path is over 512 bytes of Korean (the --marks slug's old buffer),
    with a long Korean section."""
    folder = os.path.join(d, "\uac00" * 80)
    os.makedirs(folder)
    gen_text_section_korean(folder)
    os.rename(os.path.join(folder, "article.json"), os.path.join(folder, "\ub098" * 80 + ".json"))


def gen_text_latin1_path(d):
    """An article file whose name is not UTF-8 (Latin-1 'caf\xe9.json'): the slug and the
    contact sheet's label print it with U+FFFD."""
    write_article(os.path.join(os.fsencode(d), b"caf\xe9.json"),
                  {"headline": "A file name in Latin-1", "body": ["One."]})


def gen_text_contact(d):
    """A long-section article beside a good one, for a contact sheet."""
    gen_text_section_korean(d)
    write_article(os.path.join(d, "good.json"), {"headline": "Good", "body": ["One."]})


def gen_text_edition_long_names(d):
    """An edition whose paper and section names are long and not ASCII."""
    os.makedirs(os.path.join(d, "articles"))
    write_article(os.path.join(d, "articles", "a.json"),
                  {"headline": "An article", "date": "2025-06-14",
                   "body": [(WORDS * 3).strip() + "."] * 4})
    write_article(os.path.join(d, "edition.json"), {
        "paper": "\uc11c\uc6b8 " * 60, "date": "2025-06-14",
        "pages": [{"section": "\u00e9" * 260, "nameplate": True, "fill": True,
                   "articles": ["articles/a.json"]},
                  {"section": "\uac00" * 200, "fill": True, "articles": ["articles/a.json"]}]})


def text_related(d, url_bytes):
    """Three related items with long headlines and URL_BYTES-byte addresses: each wraps over
    many lines, and every line once wrote the whole address again."""
    headline = (WORDS * 600)[:60000].strip()
    url = "https://example.com/" + "a" * (url_bytes - 20)
    write_article(os.path.join(d, "article.json"), {
        "headline": "Related", "body": ["One."],
        "related": [{"headline": headline, "url": url} for _ in range(3)]})


def gen_text_related_60k(d):
    text_related(d, 60000)


def gen_text_related_8k(d):
    text_related(d, 8192)


def gen_text_email_60k(d):
    write_article(os.path.join(d, "article.json"), {
        "headline": "E-mail", "body": ["One."],
        "byline": {"name": "A Writer", "email": "a" * 60000 + "@example.com"}})


def gen_images_photo_article(d, src, name="article.json"):
    """An article in D whose one photo is SRC."""
    write_article(os.path.join(d, name), {"headline": "A photo", "photos": [{"src": src}],
                                          "body": ["One."]})


def gen_images_padded_1gb(d):
    """A JPEG padded with a hole to 1 GB (sparse: no disk, no time to write)."""
    shutil.copy(os.path.join(HERE, "images", "one-pixel.jpg"), os.path.join(d, "big.jpg"))
    os.truncate(os.path.join(d, "big.jpg"), 1 << 30)
    gen_images_photo_article(d, "big.jpg")


def gen_images_padded_40mb(d):
    """A 1 x 1 JPEG padded after its EOI to 40 MB, within the photo file limit."""
    shutil.copy(os.path.join(HERE, "images", "one-pixel.jpg"), os.path.join(d, "padded.jpg"))
    os.truncate(os.path.join(d, "padded.jpg"), 40 << 20)
    gen_images_photo_article(d, "padded.jpg")


def jpeg_repeat_last_scan(src, dst, times):
    """Copies the JPEG SRC to DST with its last scan (its SOS segment and entropy-coded data)
    written TIMES times in all. For progressive.jpg (spectral selection only) each copy is a
    scan libjpeg decodes again, with no warning."""
    with open(src, "rb") as f:
        data = f.read()
    sos = data.rindex(b"\xff\xda")
    eoi = data.rindex(b"\xff\xd9")
    with open(dst, "wb") as f:
        f.write(data[:sos] + data[sos:eoi] * times + data[eoi:])


def gen_images_scans_10000(d):
    """A 1024 x 1024 progressive JPEG whose last scan is repeated to 10,000 scans (140 KB)."""
    jpeg_repeat_last_scan(os.path.join(HERE, "images", "progressive.jpg"),
                          os.path.join(d, "scans.jpg"), 10000 - 2)
    gen_images_photo_article(d, "scans.jpg")


def gen_images_scans_100(d):
    """The same with 100 scans in all: the most a JPEG may have."""
    jpeg_repeat_last_scan(os.path.join(HERE, "images", "progressive.jpg"),
                          os.path.join(d, "scans.jpg"), 100 - 2)
    gen_images_photo_article(d, "scans.jpg")


def gen_images_scans_101(d):
    """One scan more than the limit."""
    jpeg_repeat_last_scan(os.path.join(HERE, "images", "progressive.jpg"),
                          os.path.join(d, "scans.jpg"), 101 - 2)
    gen_images_photo_article(d, "scans.jpg")


def gen_images_device(d):
    """An article whose photo is /dev/zero: endless bytes."""
    gen_images_photo_article(d, "/dev/zero")


def gen_images_fifo(d):
    """A FIFO named photo.jpg, with no writer: reading it would block forever."""
    os.mkfifo(os.path.join(d, "photo.jpg"))
    gen_images_photo_article(d, "photo.jpg")


def gen_flow_wide_layout(d, **extra):
    """The widest legal layout (docs/limits.md's sane sizes): one column of a 5000 mm page,
    every style in 1 pt type, the body's tolerance at its largest (100)."""
    styles = {name: {"size": 1, "leading": 1, "space_before": 0, "space_after": 0}
              for name in ("kicker", "headline", "deck", "byline", "dateline", "body",
                           "subhead", "quote", "caption", "credit", "related", "note", "folio")}
    styles["body"].update(indent=0, linebreak={"tolerance": 100, "emergency": 1000})
    layout = {"page": {"width": 5000, "height": 5000}, "columns": 1, "grid": 1,
              "styles": styles}
    layout.update(extra)
    write_article(os.path.join(d, "wide.json"), layout)


def gen_flow_breaker_64kb(d):
    """A 64 KB headline, deck and paragraph of one-letter words on the widest legal layout:
    a line holds 30,000 break candidates, so total-fit once tried every pair (400 s)."""
    gen_flow_wide_layout(d)
    text = ("a " * 32760).strip()
    write_article(os.path.join(d, "article.json"), {"headline": text, "deck": text,
                                                    "body": [text]})


def gen_flow_letters_15mb(d):
    """15.6 MB of one-letter paragraphs: far more than 500 pages. Each paragraph was set
    before the page limit was checked (2.5 GB); setting now stops at the limit."""
    n = int(15.6 * 1024 * 1024) // 5
    with open(os.path.join(d, "article.json"), "w") as f:
        f.write('{"headline": "One-letter paragraphs", "body": [\n' + ",\n".join(['"a"'] * n) +
                "\n]}\n")


def gen_flow_letters_15mb_wide(d):
    """The same 3.3 million one-letter paragraphs in 1 pt type on a 5000 mm page: 234 pages
    (under the page limit) of 14,000 lines a column took 251 s and 11.6 GB; the page limit
    counts 600 lines a page."""
    gen_flow_letters_15mb(d)
    gen_flow_wide_layout(d)


def flow_words(n, words=WORDS.split()):
    return " ".join(words[i % len(words)] for i in range(n))


def lead_layout(d):
    """The tabloid layout in D as lead.json, its ladder ranking every article a lead (no
    brief): the overset cases below set their one-word body under the top band across all
    columns, the band they overfill (a brief is set two columns wide, its photo in its text)."""
    with open(os.path.join(ROOT, "layouts", "tabloid.json"), encoding="utf-8") as f:
        layout = json.load(f)
    layout["headline_ladder"].update(brief_words=0, lead_words=0)
    write_article(os.path.join(d, "lead.json"), layout)
    return "lead.json"


def gen_flow_overset_headline(d):
    write_article(os.path.join(d, "article.json"), {"headline": flow_words(150),
                                                    "body": ["One."], "layout": lead_layout(d)})


def gen_flow_overset_deck(d):
    write_article(os.path.join(d, "article.json"), {"headline": "Deck", "deck": flow_words(1500),
                                                    "body": ["One."], "layout": lead_layout(d)})


def gen_flow_overset_caption(d):
    shutil.copy(os.path.join(HERE, "images", "tiny.png"), os.path.join(d, "tiny.png"))
    write_article(os.path.join(d, "article.json"), {
        "headline": "Caption", "photos": [{"src": "tiny.png", "caption": flow_words(3000)}],
        "body": ["One."], "layout": lead_layout(d)})


def gen_flow_overset_headline_13000(d):
    """13,000 words (short ones: one text is at most 64 KB), 1,182 lines of which 23 fit; and
    a photo the headline leaves no room for."""
    shutil.copy(os.path.join(HERE, "images", "tiny.png"), os.path.join(d, "tiny.png"))
    write_article(os.path.join(d, "article.json"), {
        "headline": " ".join(["ab"] * 13000), "photos": [{"src": "tiny.png"}], "body": ["One."],
        "layout": lead_layout(d)})


def gen_flow_overset_paper(d):
    """The sample edition with a 600-word paper name: the nameplate takes page one."""
    shutil.copytree(os.path.join(ROOT, "samples", "edition"), os.path.join(d, "edition"))
    with open(os.path.join(d, "edition", "edition.json"), encoding="utf-8") as f:
        edition = json.load(f)
    edition["paper"] = flow_words(600)
    write_article(os.path.join(d, "edition", "long-paper.json"), edition)


# Generators of the files topic (tests/bad/cases-files.json): editions, special files,
# outputs that are inputs.

def files_edition(d, pages, name="edition.json"):
    """An edition of PAGES (a list of lists of article paths, filled pages) in D."""
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        json.dump({"paper": "The Test", "date": "2025-06-11",
                   "pages": [{"fill": True, "articles": arts} for arts in pages]}, f)


def gen_files_edition_100k_pages(d):
    """A 1.6 MB edition of 100,000 pages, each with one article."""
    write_article(os.path.join(d, "a.json"), {"headline": "One", "body": ["One."]})
    files_edition(d, [["a.json"]] * 100000)


def gen_files_edition_10k_placements(d):
    """One article placed 10,000 times: 20 on each of 500 pages (the page limit)."""
    write_article(os.path.join(d, "a.json"), {"headline": "One", "body": ["One."]})
    files_edition(d, [["a.json"] * 20] * 500)


def gen_files_contact_80mb(d):
    """An 80 MB article: parsed whole, it takes more than 1.5 GB."""
    para = (WORDS * 12).strip()
    with open(os.path.join(d, "article.json"), "w") as f:
        f.write('{"headline": "80 MB", "body": [')
        chunk = ",".join(['"' + para + '"'] * 1000)
        for _ in range(80 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk + ",")
        f.write('"end"]}\n')


def gen_files_fifo(d):
    """A FIFO where an article, an edition or a layout file is expected (no writer)."""
    os.mkfifo(os.path.join(d, "fifo.json"))
    write_article(os.path.join(d, "article.json"), {"headline": "One", "body": ["One."]})


def gen_files_root_layouts(d):
    """root/ with articles whose "layout" leaves it every way: absolute, '..', a link out, a
    FIFO inside; outside/ holds a JSON file whose keys must not be listed."""
    root, outside = os.path.join(d, "root"), os.path.join(d, "outside")
    os.makedirs(root)
    os.makedirs(outside)
    with open(os.path.join(outside, "secret.json"), "w") as f:
        json.dump({"secret_key_one": 1, "secret_key_two": 2}, f)
    os.symlink(os.path.join(outside, "secret.json"), os.path.join(root, "link.json"))
    os.mkfifo(os.path.join(root, "pipe.json"))
    shutil.copy(os.path.join(ROOT, "layouts", "a4.json"), os.path.join(root, "mine.json"))
    for name, layout in (("absolute", "/etc/passwd"), ("dot-dot", "../outside/secret.json"),
                         ("link-out", "link.json"), ("fifo", "pipe.json"),
                         ("inside", "mine.json"), ("named", "a4")):
        write_article(os.path.join(root, name + ".json"),
                      {"headline": "Rooted", "layout": layout, "body": ["One."]})
    files_edition(root, [["inside.json"]])
    write_article(os.path.join(outside, "story.json"), {"headline": "Secret story",
                                                        "body": ["secret_body"]})
    os.symlink(os.path.join(outside, "story.json"), os.path.join(root, "story-link.json"))
    files_edition(root, [["../outside/story.json"]], "edition-article-dot-dot.json")
    files_edition(root, [[os.path.join(outside, "story.json")]], "edition-article-absolute.json")
    files_edition(root, [["story-link.json"]], "edition-article-link-out.json")
    with open(os.path.join(root, "edition-out.json"), "w") as f:
        json.dump({"paper": "P", "date": "2025-06-11", "layout": "link.json",
                   "pages": [{"fill": True, "articles": ["inside.json"]}]}, f)


def gen_files_outputs(d):
    """out/art.json, an article with a photo out/page-1.png, and an edition out/e.json."""
    out = os.path.join(d, "out")
    shutil.copy(os.path.join(HERE, "images", "tiny.png"), os.path.join(out, "page-1.png"))
    write_article(os.path.join(out, "art.json"), {"headline": "Mine", "body": ["One."]})
    write_article(os.path.join(out, "photo.json"), {"headline": "Photo", "body": ["One."],
                                                    "photos": [{"src": "page-1.png"}]})
    files_edition(out, [["art.json"]], "e.json")


def gen_files_non_utf8_name(d):
    """An article whose file name is not UTF-8 (Latin-1 'é')."""
    write_article(os.path.join(d, os.fsdecode(b"caf\xe9.json")),
                  {"headline": "Caf\u00e9", "body": ["One."]})


def gen_files_huge_layout(d):
    """The largest legal layout: a 5000 x 5000 mm page."""
    with open(os.path.join(ROOT, "layouts", "a4.json"), encoding="utf-8") as f:
        layout = json.load(f)
    layout["page"] = {"width": 5000, "height": 5000}
    with open(os.path.join(d, "huge.json"), "w") as f:
        json.dump(layout, f)
    write_article(os.path.join(d, "article.json"), {"headline": "Huge", "body": ["One."]})


def gen_files_edition_placements_6mb(d):
    """A 6 MB article of one-letter paragraphs placed 5 times on one page: every placement
    sets its article again (47 s and 4.1 GB before the edition's text room)."""
    write_article(os.path.join(d, "a.json"), {"headline": "Letters", "body": ["a"] * 1500000})
    files_edition(d, [["a.json"] * 5])


def gen_files_edition_placements_5000(d):
    """5,000 placements of a sample article with a photo, 20 a page on 250 pages."""
    shutil.copytree(os.path.join(ROOT, "samples", "deep-field"), os.path.join(d, "deep-field"))
    files_edition(d, [["deep-field/article.json"] * 20] * 250)


# Every gen_NAME function above, by NAME (a topic's generators carry its prefix: gen_text_...).
GENERATORS = {name[4:]: f for name, f in list(globals().items())
              if name.startswith("gen_") and callable(f)}


# ---------------------------------------------------------------------------------------------
# Running one case


def subst(s, case, tmp, article=None):
    s = s.replace("{bad}", BAD).replace("{tmp}", tmp).replace("{name}", case["name"])
    return s.replace("{article}", article) if article is not None else s


def files_under(folder):
    out = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            out.add(os.path.relpath(os.path.join(dirpath, name), folder))
    return out


def run_bounded(cmd, memory_mb=None, cpu_limit=CPU_LIMIT, cache=None):
    """Runs CMD from ROOT under the CPU bound (and an address-space limit of MEMORY_MB);
    returns (exit code, messages, problems, cpu seconds, peak resident MB). A process killed
    by SIGXCPU or still running after HANG_LIMIT seconds is a problem, not a wait. CACHE is
    Galley's cache folder (XDG_CACHE_HOME): a case's own, so that no check kept by an earlier
    run (or another build) answers for it."""
    env = dict(os.environ, XDG_CACHE_HOME=cache) if cache else None
    limits = ["prlimit", f"--cpu={cpu_limit}:{cpu_limit + 10}"]  # SIGXCPU, then SIGKILL
    if memory_mb:
        limits.append(f"--as={int(memory_mb) * 1024 * 1024}")
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(limits + ["--"] + cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, env=env)
        start, hung = time.monotonic(), False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > HANG_LIMIT:
                hung = True
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01 if time.monotonic() - start < 1 else 0.1)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        messages = out.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    problems = []
    if hung:
        problems.append(f"no answer after {HANG_LIMIT} s of wall-clock time (blocked?)")
    elif proc.returncode == -signal.SIGXCPU or (proc.returncode == -signal.SIGKILL
                                                 and cpu >= cpu_limit):
        problems.append(f"over {cpu_limit} s of CPU time (a hang or a CPU bomb)")
    return proc.returncode, messages, problems, cpu, usage.ru_maxrss / 1024


def check_plain(case, plain, argv, tmp, article):
    """Runs the case with the plain build under `ulimit -v` of memory_mb: it must give the same
    exit code and messages within that address space (and so that peak memory). Returns
    (problems, a line with its CPU time and peak memory for --show)."""
    if not plain or not os.access(plain, os.X_OK):
        return [f"{plain} not built: the memory bound cannot be checked (make bad builds it)"], ""
    code, messages, problems, cpu, rss = run_bounded([plain] + argv, case["memory_mb"],
                                                     cache=os.path.join(tmp, "cache-plain"))
    used = (f"(plain build: cpu {cpu:.1f} s, peak {rss:.0f} MB, under ulimit -v "
            f"{case['memory_mb']} MB)")
    if problems:
        return [f"plain build: {p}" for p in problems], used
    if code != case["exit"]:
        first = next((l for l in messages.splitlines() if l.strip()), "")
        problems.append(f"plain build under ulimit -v {case['memory_mb']} MB: exits {code}, "
                        f"expected {case['exit']}: {first[:240]!r}")
    for want in case.get("expect", []):
        want = subst(want, case, tmp, article)
        if want not in messages:
            problems.append(f"plain build under ulimit -v {case['memory_mb']} MB: no "
                            f"{want!r} in the messages: {messages.strip()[:300]!r}")
    return problems, used


def case_argv(case, tmp, article, output, args):
    """The arguments after the program: the case's own "argv", or COMMAND ARTICLE -o OUTPUT."""
    if "argv" in case:
        return [subst(a, case, tmp, article).replace("{output}", output) for a in case["argv"]]
    return [case.get("command", "render"), article, "-o", output] + args


def run_case(case, galley, work, plain=None):
    """Returns (status, problems, messages): status is "ok", "FAIL" or "skip"."""
    if case.get("skip_root") and os.geteuid() == 0:
        return "skip", [f"running as root: {case['skip_root']}"], ""
    tmp = os.path.join(work, case["name"])
    os.makedirs(os.path.join(tmp, "out"))
    if case.get("gen"):
        GENERATORS[case["gen"]](tmp)
    article = subst(case["article"], case, tmp)
    if not article.startswith(tmp) and not os.path.isabs(article):
        article = os.path.join(BAD, article)
    output = subst(case.get("output", "{tmp}/out/{name}.pdf"), case, tmp)
    args = [subst(a, case, tmp) for a in case.get("args", [])]
    argv = case_argv(case, tmp, article, output, args)
    out_dir = os.path.dirname(output)
    if case.get("keep"):
        with open(output, "wb") as f:
            f.write(KNOWN)
    before = files_under(out_dir) if os.path.isdir(out_dir) else set()
    unchanged = {p: open(p, "rb").read() for p in
                 (subst(u, case, tmp) for u in case.get("unchanged", []))}
    problems, used = [], ""
    if case.get("memory_mb"):
        problems, used = check_plain(case, plain, argv, tmp, article)
    code, messages, bounded, cpu, rss = run_bounded([galley] + argv,
                                                    cache=os.path.join(tmp, "cache"))
    if bounded:
        return "FAIL", bounded, messages
    messages += f"\n(cpu {cpu:.1f} s, peak {rss:.0f} MB under the sanitizers)\n{used}"
    proc = subprocess.CompletedProcess(argv, code)
    expected_exit = case["exit"]
    if proc.returncode != expected_exit:
        first = next((l for l in messages.splitlines() if l.strip()), "")
        problems.append(f"exits {proc.returncode}, expected {expected_exit}: {first[:240]!r}")
    for mark in SANITIZER_MARKS:
        if mark in messages:
            problems.append(f"the messages contain {mark!r}")
    for want in case.get("expect", []):
        want = subst(want, case, tmp, article)
        if want not in messages:
            problems.append(f"no {want!r} in the messages: {messages.strip()[:300]!r}")
    for unwanted in case.get("reject", []):
        unwanted = subst(unwanted, case, tmp, article)
        if unwanted in messages:
            problems.append(f"{unwanted!r} is in the messages")
    for path, data in unchanged.items():
        with open(path, "rb") as f:
            if f.read() != data:
                problems.append(f"the input {os.path.basename(path)} was changed")
    for path in (subst(p, case, tmp) for p in case.get("json_valid", [])):
        try:
            with open(path, "rb") as f:
                json.loads(f.read().decode("utf-8"))
        except (OSError, ValueError) as e:
            problems.append(f"{os.path.basename(path)} is not valid JSON: {e}")
    after = files_under(out_dir) if os.path.isdir(out_dir) else set()
    if case.get("keep"):
        with open(output, "rb") as f:
            if f.read() != KNOWN:
                problems.append(f"the existing {os.path.basename(output)} was changed")
    if case.get("written"):
        if not os.path.isfile(output) or os.path.getsize(output) == 0:
            problems.append(f"{os.path.basename(output)} was not written")
        after.discard(os.path.relpath(output, out_dir))
    if expected_exit != 0:
        new = sorted(after - before)
        if new:
            problems.append(f"files left in the output folder: {', '.join(new[:5])}")
        if (not case.get("keep") and not case.get("written") and os.path.lexists(output)
                and not os.path.isdir(output)):
            problems.append(f"{os.path.basename(output)} was written")
    elif output.endswith(".pdf"):
        try:
            with open(output, "rb") as f:
                if f.read(5) != b"%PDF-":
                    problems.append(f"{output} is not a PDF")
        except OSError as e:
            problems.append(f"no PDF written: {e}")
    return ("FAIL" if problems else "ok"), problems, messages


# ---------------------------------------------------------------------------------------------


def regression_cases():
    """One case per file in tests/fuzz/regressions/NAME/ (README files aside)."""
    folder = os.path.join(ROOT, "tests", "fuzz", "regressions")
    out = []
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    for name in [n for n in names if os.path.isdir(os.path.join(folder, n))]:
        for f in sorted(os.listdir(os.path.join(folder, name))):
            if not f.startswith(("README", ".")):
                out.append({"name": f"{name}/{f}", "group": "fuzz regression", "harness": name,
                            "input": os.path.join(folder, name, f)})
    return out


def run_regression(case, build):
    replay = os.path.join(build, "fuzz", f"replay_{case['harness']}")
    if not os.access(replay, os.X_OK):
        return "skip", [f"{replay} not built (make bad builds it)"], ""
    code, messages, problems, cpu, rss = run_bounded([replay, case["input"]])
    if problems:
        return "FAIL", problems, messages
    problems = [f"the messages contain {m!r}" for m in SANITIZER_MARKS if m in messages]
    if code != 0:
        first = next((l for l in messages.splitlines() if "ERROR" in l or "SUMMARY" in l),
                     messages.strip()[:200])
        problems.insert(0, f"exits {code}: {first}")
    return ("FAIL" if problems else "ok"), problems, messages


def load_cases(folder):
    """Every case of cases.json and cases-*.json in FOLDER, checked for the required fields
    and for names given twice (across files too)."""
    cases = []
    for name in sorted(n for n in os.listdir(folder)
                       if n == "cases.json" or (n.startswith("cases-") and n.endswith(".json"))):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            try:
                cases += json.load(f)
            except ValueError as e:
                raise ValueError(f"{name}: {e}") from e
    names = set()
    for c in cases:
        missing = [k for k in ("name", "group", "article", "exit") if k not in c]
        if missing:
            raise ValueError(f"case {c.get('name', '?')}: missing {', '.join(missing)}")
        if c["name"] in names:
            raise ValueError(f"case {c['name']} is given twice")
        if c.get("command", "render") not in ("render", "edition", "contact"):
            raise ValueError(f"case {c['name']}: unknown command {c['command']!r}")
        if c.get("gen") and c["gen"] not in GENERATORS:
            raise ValueError(f"case {c['name']}: no generator {c['gen']!r}")
        names.add(c["name"])
    return cases


def self_test():
    """The bounds must catch what they are for: a CPU loop (1 s bound), a blocked process (a
    1 s hang bound) and an allocation over the address-space limit; and pass a quick command.
    Returns the problems (none when the checks work)."""
    global HANG_LIMIT
    problems = []
    _, _, caught, _, _ = run_bounded(["sh", "-c", "while :; do :; done"], cpu_limit=1)
    if not caught:
        problems.append("a CPU loop was not caught by the CPU bound")
    saved, HANG_LIMIT = HANG_LIMIT, 1
    try:
        _, _, caught, _, _ = run_bounded(["sleep", "30"])
    finally:
        HANG_LIMIT = saved
    if not caught:
        problems.append("a blocked process was not caught by the wall-clock bound")
    code, _, _, _, _ = run_bounded([sys.executable, "-c", "b = bytearray(400 << 20)"],
                                   memory_mb=200)
    if code == 0:
        problems.append("a 400 MB allocation succeeded under a 200 MB address-space limit")
    code, _, caught, _, _ = run_bounded(["true"], memory_mb=200)
    if code != 0 or caught:
        problems.append("a quick command failed under the bounds")
    return problems


def main():
    ap = argparse.ArgumentParser(description="Galley's bad-input catalogue.")
    ap.add_argument("names", nargs="*", help="run only these cases")
    ap.add_argument("--show", action="store_true", help="print each case's messages")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2, help="cases at a time")
    opts = ap.parse_args()
    os.chdir(ROOT)
    galley = os.path.join(os.environ.get("BUILD", "build"), "galley")
    plain = os.path.join(os.environ.get("PLAIN_BUILD", "build"), "galley")
    try:
        cases = load_cases(HERE)
    except (OSError, ValueError) as e:
        print(f"FAIL cases.json: {e}\n0 passed, 1 failed")
        return 1
    build = os.environ.get("BUILD", "build")
    cases += regression_cases()
    if opts.names:
        cases = [c for c in cases if c["name"] in opts.names]
    if not os.access(galley, os.X_OK):
        print(f"FAIL {galley} not built\n0 passed, 1 failed")
        return 1
    passed = failed = 0
    for p in self_test():
        failed += 1
        print(f"FAIL self-test: {p}")
    if not failed:
        passed += 1
        print("ok   self-test: the CPU, wall-clock and memory bounds catch a doctored command")
    work = tempfile.mkdtemp(prefix="galley-bad-")
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.j)) as pool:
            futures = [pool.submit(run_regression, c, build) if "harness" in c
                       else pool.submit(run_case, c, galley, work, plain) for c in cases]
            for case, fut in zip(cases, futures):
                try:
                    status, problems, messages = fut.result()
                except Exception as e:  # a runner bug must not pass a case
                    status, problems, messages = "FAIL", [f"runner: {type(e).__name__}: {e}"], ""
                what = f"{case['group']}: {case['name']}"
                if case.get("pending") and status != "skip":
                    state = "passes now; drop 'pending'" if status == "ok" else problems[0]
                    print(f"pending {what} ({case['pending']}): {state}")
                elif status == "ok":
                    passed += 1
                    print(f"ok   {what}")
                elif status == "skip":
                    print(f"skip {what}: {problems[0]}")
                else:
                    failed += 1
                    print(f"FAIL {what}: {problems[0]}")
                    for p in problems[1:4]:
                        print(f"     {p}")
                if opts.show and messages.strip():
                    lines = messages.strip().splitlines()
                    for line in lines[:5] + [l for l in lines[5:] if l.startswith("(")]:
                        print(f"     | {line[:300]}")
                sys.stdout.flush()
    finally:
        for dirpath, dirnames, _ in os.walk(work):
            for d in dirnames:
                p = os.path.join(dirpath, d)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
