#!/usr/bin/env python3
"""bench/batch.py: `galley batch` against a process an article, its memory and its re-run.

    python3 bench/batch.py GALLEY TMPDIR

Writes manifests of the sample articles (samples/*/article.json, article.ninjs.json,
article.xml) repeated to BATCH_N lines (default 1000), each line its own output in TMPDIR,
and prints, measured side by side in one run:
- throughput: `galley batch -j 2` against `xargs -P 2` running `galley render` once an
  article, articles a second each and their ratio (wall clock, time.monotonic);
- peak RSS (ru_maxrss from wait4, MiB) of one `galley batch -j 2` of 100 renders and one of
  BATCH_RSS_N (default 1000), and how far they differ;
- the re-run of the unchanged BATCH_N manifest (every line skipped by its key) as a share of
  the first run's time.
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from sample_manifest import sample_articles, write_manifest  # noqa: E402

GALLEY, TMP = sys.argv[1], sys.argv[2]
N = int(os.environ.get("BATCH_N", "1000"))
RSS_N = int(os.environ.get("BATCH_RSS_N", "1000"))


def manifest(name, n):
    """TMP/NAME.jsonl of N lines, outputs TMP/NAME/I.pdf; returns (path, [(article, out)])."""
    path = os.path.join(TMP, name + ".jsonl")
    os.makedirs(os.path.join(TMP, name), exist_ok=True)  # for xargs' renders too
    return path, write_manifest(path, n, os.path.join(TMP, name))


def run(args, stdin=None):
    """Runs ARGS; returns (seconds, peak RSS MiB, exit code)."""
    t = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.PIPE if stdin else None,
                         stdout=subprocess.DEVNULL)
    if stdin:
        p.stdin.write(stdin.encode())
        p.stdin.close()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - t, usage.ru_maxrss / 1024, p.returncode


def main():
    batch_path, _ = manifest("batch", N)
    _, pairs = manifest("xargs", N)
    results = os.path.join(TMP, "batch.results.jsonl")
    # One untimed render of each, so caches are as warm for both.
    run([GALLEY, "render", pairs[0][0], "-o", os.path.join(TMP, "warm.pdf"), "-q"])
    t_batch, rss_n, rc = run([GALLEY, "batch", batch_path, "-j", "2", "-q", "--force",
                              "--results", results])
    if rc:
        print(f"batch: exit {rc}")
        return 1
    args = "".join(f"{a} -o {o} -q\n" for a, o in pairs)
    t_xargs, _, rc = run(["xargs", "-P", "2", "-n", "4", GALLEY, "render"], stdin=args)
    if rc:
        print(f"xargs: exit {rc}")
        return 1
    t_rerun, _, rc = run([GALLEY, "batch", batch_path, "-j", "2", "-q", "--results",
                          results])
    skipped = sum(1 for line in open(results) if '"status":"skipped"' in line)
    print(f"# batch: {N} renders of the {len(sample_articles())} sample articles, wall clock")
    print("way                        seconds   articles/s")
    print(f"galley batch -j 2        {t_batch:>9.2f} {N / t_batch:>12.1f}")
    print(f"xargs -P 2 galley render {t_xargs:>9.2f} {N / t_xargs:>12.1f}")
    print(f"ratio (batch / xargs)    {'':>9} {t_xargs / t_batch:>12.2f}")
    print(f"re-run, unchanged        {t_rerun:>9.2f} {'':>12}  {100 * t_rerun / t_batch:.2f}% "
          f"of the first run, {skipped} of {N} skipped")
    small_path, _ = manifest("rss-small", 100)
    big_path, _ = (batch_path, None) if RSS_N == N else manifest("rss-big", RSS_N)
    _, rss_small, rc1 = run([GALLEY, "batch", small_path, "-j", "2", "-q", "--force"])
    rss_big = rss_n
    if RSS_N != N:
        _, rss_big, rc2 = run([GALLEY, "batch", big_path, "-j", "2", "-q", "--force"])
    print(f"peak RSS, batch -j 2: {rss_small:.1f} MiB after 100 renders, {rss_big:.1f} MiB "
          f"after {RSS_N} ({100 * (rss_big - rss_small) / rss_small:+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
