#!/usr/bin/env python3
"""Renders a fixed matrix of Galley's outputs into a folder, for refactors that must not
change a byte: run it with the binary before and after, then compare the folders.

    python3 tests/snapshot.py GALLEY OUTDIR        # renders
    python3 tests/snapshot.py --compare DIR1 DIR2  # lists every file that differs

The matrix: every sample, every edition article and every test article in every shipped
layout (PDF and --boxes, with the exit code and messages), every test layout with the
minimal article, each sample with --marks --guides and as PNG, each edition with -j 1 and
-j 2 (PDF, boxes, report), and a contact sheet. Paths in messages are made relative so two
checkouts compare equal.
"""
import glob
import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(galley, name, argv, out):
    """Runs one command, keeping its exit code and messages as OUT/NAME.log."""
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(out, ".cache"))
    p = subprocess.run([galley] + argv, cwd=ROOT, env=env, capture_output=True,
                       text=True, errors="replace", timeout=600)
    log = "exit %d\n%s%s" % (p.returncode, p.stdout, p.stderr)
    log = log.replace(ROOT + "/", "").replace(out + "/", "OUT/")
    with open(os.path.join(out, name + ".log"), "w") as f:
        f.write(log)


def articles():
    """Every article Galley ships or tests with, by a short unique name."""
    paths = sorted(glob.glob(os.path.join(ROOT, "samples/*/article.json")))
    paths += sorted(glob.glob(os.path.join(ROOT, "samples/edition/articles/*.json")))
    paths += sorted(glob.glob(os.path.join(ROOT, "tests/data/articles/*.json")))
    for p in paths:
        rel = os.path.relpath(p, ROOT)
        yield rel.replace("/", "_").replace(".json", ""), rel


def render_matrix(galley, out):
    """Renders the whole matrix with GALLEY into OUT."""
    os.makedirs(out, exist_ok=True)
    layouts = ["tabloid", "a4", "tabloid-ko", "a4-ko", "bilingual"]
    for name, rel in articles():
        for lay in layouts:
            stem = "%s.%s" % (name, lay)
            run(galley, stem, ["render", rel, "--layout", lay, "-o",
                               os.path.join(out, stem + ".pdf"), "--boxes",
                               os.path.join(out, stem + ".boxes.json"), "--placeholder"], out)
    for lp in sorted(glob.glob(os.path.join(ROOT, "tests/data/layouts/*.json"))):
        rel = os.path.relpath(lp, ROOT)
        stem = "layout_" + os.path.basename(lp)[:-5]
        run(galley, stem, ["render", "samples/shoigu-sanctions/article.json", "--layout", rel,
                           "-o", os.path.join(out, stem + ".pdf"), "--boxes",
                           os.path.join(out, stem + ".boxes.json")], out)
    for sp in sorted(glob.glob(os.path.join(ROOT, "samples/*/article.json"))):
        rel = os.path.relpath(sp, ROOT)
        s = os.path.basename(os.path.dirname(sp))
        run(galley, "marks_" + s, ["render", rel, "--marks", "--guides", "-o",
                                   os.path.join(out, "marks_" + s + ".pdf")], out)
        run(galley, "png_" + s, ["render", rel, "--dpi", "40", "--bleed", "-o",
                                 os.path.join(out, "png_" + s + ".png")], out)
    editions = sorted(glob.glob(os.path.join(ROOT, "samples/edition/*.json")))
    editions += sorted(glob.glob(os.path.join(ROOT, "tests/data/editions/*.json")))
    for ep in editions:
        rel = os.path.relpath(ep, ROOT)
        e = rel.replace("/", "_")[:-5]
        for j in ("1", "2"):
            stem = "%s.j%s" % (e, j)
            run(galley, stem, ["edition", rel, "-j", j, "-o", os.path.join(out, stem + ".pdf"),
                               "--boxes", os.path.join(out, stem + ".boxes.json"),
                               "--report", os.path.join(out, stem + ".report.json")], out)
        run(galley, e + ".final", ["edition", rel, "--final", "-o",
                                   os.path.join(out, e + ".final.pdf")], out)
        run(galley, e + ".png", ["edition", rel, "--dpi", "30", "-o",
                                 os.path.join(out, e + ".png")], out)
    run(galley, "contact", ["contact", "samples/edition/edition.json",
                            "samples/shoigu-sanctions/article.json", "-o",
                            os.path.join(out, "contact.png")], out)


def digest(path):
    """The file's SHA-256; a report is compared as JSON without its timings (keys ending
    in _ms) and its thread count, which vary from run to run."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".report.json"):
        data = json.dumps(drop_timings(json.loads(data)), sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def drop_timings(node):
    """NODE without the keys that vary between runs."""
    if isinstance(node, dict):
        return {k: drop_timings(v) for k, v in node.items()
                if not k.endswith("_ms") and k != "threads"}
    if isinstance(node, list):
        return [drop_timings(v) for v in node]
    return node


def compare(a, b):
    """Lists every file present in one folder only or different in the two; 1 if any."""
    fa = {f for f in os.listdir(a) if not f.startswith(".")}
    fb = {f for f in os.listdir(b) if not f.startswith(".")}
    bad = 0
    for f in sorted(fa ^ fb):
        print("only in %s: %s" % (a if f in fa else b, f))
        bad += 1
    for f in sorted(fa & fb):
        if digest(os.path.join(a, f)) != digest(os.path.join(b, f)):
            print("differs: %s" % f)
            bad += 1
    print("%d files compared, %d differ" % (len(fa & fb), bad))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        return compare(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    render_matrix(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
