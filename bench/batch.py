#!/usr/bin/env python3
"""bench/batch.py: `galley batch` against a process an article, its memory and its re-run.

    python3 bench/batch.py GALLEY TMPDIR

Writes manifests of the sample articles (samples/*/article.json, article.ninjs.json,
article.xml) repeated to BATCH_N lines (default 1000), each line its own output in TMPDIR,
and prints, measured side by side in one run:
- throughput: `galley batch -j 2` against `xargs -P 2` running `galley render` once an
  article, articles a second each and their ratio (wall clock, time.monotonic);
- the peak RSS (VmHWM, MiB) of one `galley batch -j 2` of BATCH_RSS_N (default 5000) renders,
  read from /proc while it runs, after its 100th, 1,000th and last render (counted by its
  result lines), and how far the last is over the 100th: growth from render to render;
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
RSS_N = int(os.environ.get("BATCH_RSS_N", "5000"))
MARKS = (100, 1000)


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


def vm_hwm(pid):
    """The process PID's peak resident size so far (VmHWM, MiB), or None once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss(manifest_path, results):
    """Runs `galley batch -j 2` over MANIFEST_PATH, polling its VmHWM every 20 ms and counting
    its result lines (one a finished render); returns {renders: peak MiB} at each of MARKS
    and at the end (RSS_N), or None if the batch failed. The peak after the 100th render is
    the one read at the first poll that counts 100 or more lines."""
    if os.path.exists(results):
        os.unlink(results)
    p = subprocess.Popen([GALLEY, "batch", manifest_path, "-j", "2", "-q", "--force",
                          "--results", results], stdout=subprocess.DEVNULL)
    peaks, done, last, f = {}, 0, 0.0, None
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
        last = max(last, vm_hwm(p.pid) or 0.0)
        if f is None and os.path.exists(results):
            f = open(results)
        if f is not None:
            done += sum(1 for _ in f)
        for k in MARKS:
            if done >= k and k not in peaks:
                peaks[k] = last
    if f is not None:
        f.close()
    if os.waitstatus_to_exitcode(status) != 0 or MARKS[0] not in peaks:
        return None
    peaks[RSS_N] = usage.ru_maxrss / 1024  # the whole run's, the kernel's count
    return peaks


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
    path, _ = manifest("rss", RSS_N)
    peaks = peak_rss(path, os.path.join(TMP, "rss.results.jsonl"))
    if peaks is None:
        print("batch (memory): failed")
        return 1
    first = peaks[MARKS[0]]
    marks = ", ".join(f"{peaks[k]:.1f} MiB after {k:,}" for k in MARKS if k < RSS_N)
    print(f"peak RSS in one batch -j 2 of {RSS_N:,}: {marks}, {peaks[RSS_N]:.1f} MiB after "
          f"{RSS_N:,} ({100 * (peaks[RSS_N] - first) / first:+.1f}% over the {MARKS[0]}th)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
