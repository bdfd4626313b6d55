#!/usr/bin/env python3
"""Runs Galley's libFuzzer harnesses (make fuzz, make fuzz-ci).

    FUZZ_BUILD=build-fuzz python3 tests/fuzz/run.py SECONDS [NAME ...]

For each harness (article, layout, render, edition, photo, hyphen, import; or the NAMEs given) it builds a
seed corpus in $FUZZ_BUILD/seeds/NAME from the samples, tests/data and tests/bad (photo: their
JPEGs and PNGs, with tests/fuzz/photo.dict), keeps the growing corpus
in $FUZZ_BUILD/corpus/NAME (kept between runs), and runs $FUZZ_BUILD/fuzz_NAME for SECONDS
with the JSON dictionary. A crash, leak, timeout or out-of-memory leaves its input in
$FUZZ_BUILD/crashes/NAME/; copy it into tests/fuzz/regressions/NAME/ (make test replays
that folder) once it is fixed. Prints one line per harness with executions, corpus size
and findings, then "N passed, M failed"; exits 1 when a harness found anything.
"""

import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZERS = {
    # name: (seed globs, -max_len)
    "article": (["samples/*/article.json", "tests/data/articles/*.json", "tests/bad/*.json",
                 "tests/fuzz/seeds/*.json"],
                65536),
    "layout": (["layouts/*.json", "tests/data/layouts/*.json", "tests/bad/layout-*.json"],
               16384),
    "render": (["samples/*/article.json", "tests/data/articles/*.json",
                "tests/fuzz/seeds/[!e]*.json"], 65536),
    "edition": (["samples/*/edition*.json", "tests/data/editions/*.json",
                 "tests/fuzz/seeds/edition-*.json"], 16384),
    "hyphen": (["hyphenation/*.tex", "tests/data/hyphenation/*.txt"], 65536),
    "import": (["tests/data/formats/**/*.json", "tests/data/formats/**/*.xml",
                "samples/*/article.ninjs.json", "samples/*/article.xml"], 65536),
    "photo": ([f"{d}/*.{e}" for d in ("tests/bad/images", "tests/data/images", "samples/*",
                                      "samples/*/photos") for e in ("jpg", "png")], 1 << 20),
}
DICTS = {"photo": "photo.dict", "hyphen": "hyphen.dict", "import": "xml.dict"}  # the others: json.dict
MINIMAL = b'{"headline": "A headline", "photos": [{"src": "photo.jpg"}], "body": ["One."]}\n'


def is_layout(path):
    return "layout" in os.path.basename(path) or "/layouts/" in path


def make_seeds(name, folder):
    globs, _ = FUZZERS[name]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    paths = sorted({p for g in globs for p in glob.glob(os.path.join(ROOT, g), recursive=True)})
    if name == "article":
        paths = [p for p in paths if not is_layout(p)]
    for i, p in enumerate(paths):
        shutil.copy(p, os.path.join(folder, f"{i:03d}-{os.path.basename(p)}"))
    if name == "render":  # a layout and an article together
        layouts = sorted(glob.glob(os.path.join(ROOT, "tests/data/layouts/*.json")) +
                         glob.glob(os.path.join(ROOT, "layouts/*.json")))
        for i, p in enumerate(layouts):
            with open(p, "rb") as f:
                data = b"//layout\n" + f.read() + b"\n//article\n" + MINIMAL
            with open(os.path.join(folder, f"L{i:03d}-{os.path.basename(p)}"), "wb") as f:
                f.write(data)
    return len(os.listdir(folder))


def run(name, seconds, build):
    binary = os.path.join(build, f"fuzz_{name}")
    corpus = os.path.join(build, "corpus", name)
    seeds = os.path.join(build, "seeds", name)
    crashes = os.path.join(build, "crashes", name)
    for d in (corpus, crashes):
        os.makedirs(d, exist_ok=True)
    n_seeds = make_seeds(name, seeds)
    before = set(os.listdir(crashes))
    _, max_len = FUZZERS[name]
    cmd = [binary, corpus, seeds, f"-max_total_time={seconds}", "-timeout=20",
           "-rss_limit_mb=3072", f"-max_len={max_len}", "-print_final_stats=1",
           f"-dict={os.path.join(ROOT, 'tests', 'fuzz', DICTS.get(name, 'json.dict'))}",
           f"-artifact_prefix={crashes}/"]
    log_path = os.path.join(build, f"fuzz_{name}.log")
    with open(log_path, "wb") as log:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=seconds * 3 + 600)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    stat = lambda key: (re.findall(rf"stat::{key}:\s+(\d+)", text) or ["?"])[-1]
    # slow-unit-* files are libFuzzer's note of an input over 10 s, which a busy machine gives
    # a big seed (fuzz_photo's 350 KB JPEGs: 1.5 s alone, 17 s beside the catalogue); a
    # real hang is a timeout-* file (-timeout=20)
    found = sorted(f for f in set(os.listdir(crashes)) - before if not f.startswith("slow-unit-"))
    corpus_size = len(os.listdir(corpus))
    line = (f"fuzz_{name}: {stat('number_of_executed_units')} runs in "
            f"{stat('average_exec_per_sec')}/s x {seconds} s, {n_seeds} seeds, corpus "
            f"{corpus_size}, peak {stat('peak_rss_mb')} MB")
    if proc.returncode != 0 or found:
        reason = next((l for l in text.splitlines() if "ERROR:" in l or "SUMMARY:" in l
                       or "==ERROR" in l), f"exit {proc.returncode}")
        print(f"FAIL {line}: {reason.strip()}")
        for f in found:
            print(f"     input: {os.path.join(crashes, f)}")
        print(f"     log: {log_path}")
        return False
    print(f"ok   {line}")
    return True


def main():
    if len(sys.argv) < 2 or not sys.argv[1].isdigit():
        print(__doc__)
        return 2
    seconds = int(sys.argv[1])
    names = sys.argv[2:] or list(FUZZERS)
    build = os.path.abspath(os.environ.get("FUZZ_BUILD", "build-fuzz"))
    passed = failed = 0
    for name in names:
        if run(name, seconds, build):
            passed += 1
        else:
            failed += 1
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
