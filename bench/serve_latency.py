#!/usr/bin/env python3
"""bench/serve_latency.py: how soon `galley serve` shows an edit (bench/run serve).

    BUILD=build python3 bench/serve_latency.py [RUNS]

Starts `galley serve` on a copy of samples/shoigu-sanctions (default resolution, 96 dpi)
and, RUNS times (default 15), rewrites the article with another headline as an editor
saves it and measures from outside, on the monotonic clock:

- push: from the file written and closed to the render's event arriving on /events
  (the watcher's 100 ms debounce, the render, the push);
- render: the render's own time, as the event reports it (load, set, compose, boxes
  JSON), and its share of the push;
- page: from the file written to page 1's PNG received by a client that asks for it as
  soon as the event arrives (the page is drawn on that request).

Prints the medians and the worst of each, and whether the median push is under the
200 ms target. Uses tests/serve.py's server and event-stream helpers.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import serve  # noqa: E402

TARGET_MS = 200


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    serve.GALLEY = os.path.join(os.environ.get("BUILD", "build"), "galley")
    tmp = tempfile.mkdtemp(prefix="galley-serve-bench-")
    try:
        folder = os.path.join(tmp, "article")
        shutil.copytree("samples/shoigu-sanctions", folder)
        article = os.path.join(folder, "article.json")
        srv = serve.Server([article, "-q"])
        push, render, page = [], [], []
        try:
            ev = serve.Events(srv.port)
            last = ev.next_render(0)["render"]
            serve.get(srv.base + "/page/1.png")  # the first draw, out of the timing
            for i in range(runs + 1):
                time.sleep(0.3)  # the folders quiet, as between an editor's saves
                serve.edit_article(article, lambda d: {**d, "headline": f"Headline {i}"})
                t0 = time.monotonic()
                e = ev.next_render(last)
                t1 = time.monotonic()
                if not e or not e["ok"]:
                    raise RuntimeError(f"no good render announced: {e}")
                last = e["render"]
                status = serve.get(srv.base + "/page/1.png")[0]
                t2 = time.monotonic()
                if status != 200:
                    raise RuntimeError(f"page 1: status {status}")
                if i == 0:
                    continue  # the first edit warms the caches
                push.append((t1 - t0) * 1000)
                render.append(e["ms"])
                page.append((t2 - t0) * 1000)
            ev.close()
        finally:
            srv.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    mp, mr, mg = statistics.median(push), statistics.median(render), statistics.median(page)
    print(f"# galley serve: an edit of shoigu-sanctions to the browser, {runs} edits "
          "(ms, median / worst)")
    print(f"change to SSE push        {mp:7.1f} / {max(push):7.1f}   "
          f"{'under' if mp < TARGET_MS else 'OVER'} the {TARGET_MS} ms target")
    print(f"  of which the render     {mr:7.1f} / {max(render):7.1f}   "
          f"{100 * mr / mp:.0f}% of the push; the debounce is 100")
    print(f"change to page 1 PNG      {mg:7.1f} / {max(page):7.1f}   (drawn on request)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
