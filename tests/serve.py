#!/usr/bin/env python3
"""Galley's browser preview checks: `galley serve` (docs/preview.md, "galley serve").

Run from the repository root (the Makefile's `integration` target does):

    BUILD=build python3 tests/serve.py

Everything is measured from outside, over HTTP, as a browser sees it:

1. the server starts on a free port (--port 0, the address read from its first line) on
   a copy of samples/shoigu-sanctions in tests/out/serve/; `/`, its scripts and styles,
   every page image, `/boxes.json`, `/diagnostics.json` and `/render.pdf` answer with
   their status, media type, size and signature (PNG, PDF), the pages as large as the
   layout's page at the server's resolution, with the guides in the guide colour and the
   bleed around them when asked;
2. a change to the article is announced on the event stream `/events` within a generous
   bound, and the boxes then hold the new text; a broken article (invalid JSON) is
   announced as failed, its error with FILE:LINE:COL is in `/diagnostics.json`, and the
   last good pages are still served; fixing it renders again; the layout switcher
   (`/layout?name=a4`) renders with a4 and refuses names that are not shipped layouts;
3. safety: `../` and `/%2e%2e/` paths, unknown paths, bad page numbers and query values,
   an oversize request and a foreign Host header get a 4xx; POST, PUT and DELETE get 405;
   nothing of /etc/passwd ever comes back;
4. an edition serves its report; SIGTERM and SIGINT stop the server with exit 0; usage
   errors exit 2, an address in use exits 4;
5. a real browser (headless Chromium; "skipped: no chromium" when it is not installed):
   its screenshot of the page shows a page with print on it, its DOM holds the page
   images and no error text, and it logged nothing on the console.

Each checker has a self-test on a doctored input (a wrong media type, a blank screenshot,
a console error) that it must fail. Prints "ok   WHAT" or "FAIL WHAT: reason" per check,
then "N passed, M failed"; exits 1 if anything failed. Python 3 standard library only;
every wait has a generous bound (to catch hangs, not to time anything) and every server
started is stopped at the end.
"""

import http.client
import json
import math
import os
import queue
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngread import read_png  # noqa: E402
from preview import Report  # noqa: E402  (one line a check, the counts)

BUILD = os.environ.get("BUILD", "build")
GALLEY = os.path.join(BUILD, "galley")
OUT = os.path.join("tests", "out", "serve")
SAMPLE = "samples/shoigu-sanctions"
EDITION = "samples/edition/edition.json"
DPI = 60  # the pages' resolution in the test: smaller than the screen's, quicker to read
WAIT = 120  # seconds for a server's line or event (sanitizer builds are slow)
GUIDE = (0x00, 0xB4, 0xFF)  # GALLEY_GUIDE_RGB
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    """A `galley serve` started on a free port; its stdout lines in a queue."""

    def __init__(self, args):
        self.proc = subprocess.Popen([GALLEY, "serve", *args, "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)
        self.lines, self.errors = queue.Queue(), []
        self.readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self.lines.put),
                                         daemon=True),
                        threading.Thread(target=self._read, args=(self.proc.stderr,
                                                                  self.errors.append),
                                         daemon=True)]
        for t in self.readers:
            t.start()
        first = self.line()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", first or "")
        if not m:
            self.stop()
            raise RuntimeError(f"no address on its first line: {first!r}; "
                               f"stderr {' '.join(self.errors)[:300]}")
        self.port = int(m.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    @staticmethod
    def _read(stream, put):
        for line in stream:
            put(line.rstrip("\n"))

    def line(self):
        try:
            return self.lines.get(timeout=WAIT)
        except queue.Empty:
            return None

    def stop(self, sig=signal.SIGTERM):
        """Sends SIG and waits; the exit code (killed after WAIT s: None)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        for t in self.readers:  # every line read, a sanitizer's report included
            t.join(timeout=WAIT)
        return rc


def get(url, headers=None, method="GET"):
    """(status, headers, body) of URL; an HTTP error status is a result, not an exception."""
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=WAIT) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def raw(port, request):
    """Sends REQUEST (bytes, as is: no client normalises its path) and returns the status
    code and the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(m.group(1)) if m else None), data


class Events:
    """The event stream /events read in a thread: each render event's data in a queue."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.conn.request("GET", "/events")
        self.resp = self.conn.getresponse()
        self.type = self.resp.getheader("Content-Type")
        self.events = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        data = []
        try:
            for raw_line in self.resp:
                line = raw_line.decode("utf-8").rstrip("\r\n")
                if line.startswith("data: "):
                    data.append(line[6:])
                elif not line and data:
                    self.events.put(json.loads("\n".join(data)))
                    data = []
        except (OSError, ValueError, http.client.HTTPException):
            pass
        self.events.put(None)

    def next_render(self, after):
        """The first render event after render AFTER, or None within WAIT s."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                e = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if e is None:
                return None
            if e["render"] > after:
                return e
        return None

    def close(self):
        self.conn.close()


# ---------------------------------------------------------------------------------------------
# Checkers (each returns a problem or None)


def response_problem(resp, status, ctype, magic=b"", min_size=1):
    """A response (status, headers, body) that is not STATUS with media type CTYPE (its
    part before ';'), a body of at least MIN_SIZE bytes starting with MAGIC."""
    code, headers, body = resp
    got = (headers.get("Content-Type") or "").split(";")[0].strip()
    if code != status:
        return f"status {code}, not {status}"
    if got != ctype:
        return f"Content-Type {got!r}, not {ctype!r}"
    if len(body) < min_size:
        return f"{len(body)} bytes, fewer than {min_size}"
    if not body.startswith(magic):
        return f"starts {body[:8]!r}, not {magic!r}"
    return None


def png_size(body):
    """Width and height from a PNG's IHDR."""
    return struct.unpack(">II", body[16:24])


def write_png(path, width, height, colour):
    """Writes a WIDTH x HEIGHT PNG all of COLOUR (the doctored inputs of self-tests)."""
    row = b"\x00" + bytes(colour) * width
    body = zlib.compress(row * height)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def page_area_problem(path, box):
    """A screenshot at PATH whose page area BOX (x0, y0, x1, y1) is blank: it must show
    paper (at least 30% near-white pixels) with print on it (at least 1% dark pixels)."""
    w, h, rows = read_png(path)
    x0, y0, x1, y1 = box[0], box[1], min(box[2], w), min(box[3], h)
    white = dark = n = 0
    for y in range(y0, y1, 2):
        for x in range(x0, x1, 2):
            p = rows[y][x]
            n += 1
            white += min(p) >= 245
            dark += sum(p) < 3 * 110
    if not n:
        return f"the page area {box} is outside the {w} x {h} screenshot"
    if white < 0.3 * n:
        return f"no page: {100 * white / n:.1f}% of the page area is paper white"
    if dark < 0.01 * n:
        return f"a blank page: {100 * dark / n:.2f}% of the page area is print"
    return None


def console_problem(stderr):
    """Console messages in Chromium's log (--enable-logging=stderr): the page logs none,
    so any is a problem (an exception, a resource that failed to load, a CSP refusal)."""
    bad = [l for l in stderr.splitlines() if ":CONSOLE" in l or "Uncaught" in l]
    return f"console: {bad[0][:300]}" if bad else None


def dom_problem(dom, pages):
    """A DOM dump that does not hold an image of each of PAGES pages, or shows an error."""
    for n in range(1, pages + 1):
        if not re.search(rf'<img[^>]*src="/page/{n}\.png\?', dom):
            return f"no image of page {n} in the DOM"
    if re.search(r'id="failed"(?![^>]*hidden)', dom):
        return "the failed-render banner is shown"
    if 'class="state ok"' not in dom:
        return "the state does not say ok"
    return None


# ---------------------------------------------------------------------------------------------
# The checks


def self_tests(rep, folder):
    """Each checker fails on a doctored input."""
    good = (200, {"Content-Type": "image/png"}, PNG_SIGNATURE + b"x" * 100)
    rep.check("self-test: a PNG response passes the response check",
              lambda: response_problem(good, 200, "image/png", PNG_SIGNATURE))
    doctored = (200, {"Content-Type": "text/html"}, good[2])
    rep.result("self-test: a doctored Content-Type fails the response check",
               None if response_problem(doctored, 200, "image/png", PNG_SIGNATURE)
               else "passed")
    blank = os.path.join(folder, "blank.png")
    write_png(blank, 300, 200, (255, 255, 255))
    rep.result("self-test: a doctored blank screenshot fails the not-blank check",
               None if page_area_problem(blank, (0, 0, 300, 200)) else "passed")
    grey = os.path.join(folder, "grey.png")
    write_png(grey, 300, 200, (138, 141, 145))
    rep.result("self-test: a screenshot of no page fails the not-blank check",
               None if page_area_problem(grey, (0, 0, 300, 200)) else "passed")
    rep.result("self-test: a console error fails the console check",
               None if console_problem('[1:1:INFO:CONSOLE(3)] "Uncaught TypeError: x", source: '
                                       'http://127.0.0.1:1/app.js (3)') else "passed")
    rep.result("self-test: a DOM without page images fails the DOM check",
               None if dom_problem('<span class="state ok"></span>', 1) else "passed")


def check_outputs(rep, srv):
    """Every URL of the page, and the render's outputs."""
    b = srv.base
    for path, ctype, magic in [("/", "text/html", b"<!doctype html>"),
                               ("/app.js", "text/javascript", b"//"),
                               ("/style.css", "text/css", b"/*"),
                               ("/state.js", "text/javascript", b"window.galleyStatus = {"),
                               ("/favicon.svg", "image/svg+xml", b"<svg")]:
        rep.check(f"GET {path}: 200 {ctype}", lambda: response_problem(get(b + path), 200, ctype,
                                                                         magic))
    status = json.loads(get(b + "/diagnostics.json")[2])
    rep.result("diagnostics.json: the first render is good, with pages",
               None if status["ok"] and status["pages"] >= 1 and status["good"] == 1
               else f"{status}")
    boxes_resp = get(b + "/boxes.json")
    rep.check("GET /boxes.json: 200 application/json",
              lambda: response_problem(boxes_resp, 200, "application/json", b"{", 1000))
    boxes = json.loads(boxes_resp[2])
    rep.result("boxes.json: a page each, every box with its role and element",
               None if len(boxes["pages"]) == status["pages"] and boxes["boxes"] and
               all(x.get("role") and x.get("element") for x in boxes["boxes"])
               else f"{len(boxes['pages'])} pages, {len(boxes['boxes'])} boxes")
    k = DPI / 72.0
    for page in boxes["pages"]:
        n = page["page"]
        resp = get(f"{b}/page/{n}.png")
        if rep.check(f"GET /page/{n}.png: 200 image/png, a PNG",
                     lambda: response_problem(resp, 200, "image/png", PNG_SIGNATURE, 1000)):
            want = (math.ceil(page["width"] * k), math.ceil(page["height"] * k))
            rep.result(f"page {n}: {want[0]} x {want[1]} px, the page at {DPI} dpi",
                       None if png_size(resp[2]) == want else f"{png_size(resp[2])}")
    plain = get(b + "/page/1.png")[2]
    guides = get(b + "/page/1.png?guides=1")[2]
    counts = []
    for name, body in [("plain", plain), ("guides", guides)]:
        path = os.path.join(OUT, name + ".png")
        open(path, "wb").write(body)
        counts.append(sum(row.count(GUIDE) for row in read_png(path)[2]))
    rep.result("page 1 with guides=1: the guides drawn in the guide colour (none without)",
               None if counts[0] == 0 and counts[1] > 1000 else f"guide pixels {counts}")
    bleed = get(b + "/page/1.png?bleed=1&guides=1")[2]
    pw, ph = png_size(plain)
    bw, bh = png_size(bleed)
    rep.result("page 1 with bleed=1: the bleed around the page (larger on every side)",
               None if bw > pw and bh > ph else f"{bw} x {bh} against {pw} x {ph}")
    pdf = get(b + "/render.pdf")
    if rep.check("GET /render.pdf: 200 application/pdf, a PDF",
                 lambda: response_problem(pdf, 200, "application/pdf", b"%PDF-", 10000)):
        rep.result("render.pdf: ends with %%EOF and has the render's pages",
                   None if pdf[2].rstrip().endswith(b"%%EOF") and
                   len(re.findall(rb"/Type\s*/Page\b", pdf[2])) in (0, status["pages"])
                   else "no %%EOF, or another page count")
    head = get(b + "/page/1.png", method="HEAD")
    rep.result("HEAD /page/1.png: 200 image/png, no body",
               None if head[0] == 200 and head[2] == b"" and
               head[1].get("Content-Type") == "image/png" else f"{head[0]} {len(head[2])} bytes")
    return status


def check_safety(rep, srv):
    """Paths that leave the table, methods, sizes and hosts."""
    host = f"Host: 127.0.0.1:{srv.port}\r\n".encode()
    for path in [b"/../etc/passwd", b"/%2e%2e/etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd",
                 b"/page/../../etc/passwd", b"/serve/app.js", b"/nothing", b"/page/0.png",
                 b"/page/01.png", b"/page/999.png", b"/page/1.png?guides=yes",
                 b"/layout?name=../../etc/passwd", b"/layout?name=%2e%2e%2flayouts%2fa4",
                 b"//etc/passwd", b"/page/1.png/../../../etc/passwd"]:
        code, data = raw(srv.port, b"GET " + path + b" HTTP/1.1\r\n" + host +
                         b"Connection: close\r\n\r\n")
        rep.result(f"GET {path.decode()}: 4xx, nothing of the file system",
                   None if code and 400 <= code < 500 and b"root:" not in data
                   else f"status {code}")
    for method in ["POST", "PUT", "DELETE", "OPTIONS"]:
        code, data = raw(srv.port, f"{method} / HTTP/1.1\r\n".encode() + host +
                         b"Content-Length: 5\r\nConnection: close\r\n\r\nhello")
        rep.result(f"{method} /: 405 with Allow: GET, HEAD",
                   None if code == 405 and b"Allow: GET, HEAD" in data else f"status {code}")
    code, _ = raw(srv.port, b"GET / HTTP/1.1\r\n" + host + b"X-Big: " + b"a" * 100000 +
                  b"\r\nConnection: close\r\n\r\n")
    rep.result("an oversize request (100 KB of headers): 4xx",
               None if code and 400 <= code < 500 else f"status {code}")
    code, _ = raw(srv.port, b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n" + host +
                  b"Connection: close\r\n\r\n")
    rep.result("an oversize URL (100 KB): 4xx", None if code and 400 <= code < 500
               else f"status {code}")
    code, _ = raw(srv.port, b"GET / HTTP/1.1\r\nHost: attacker.example:80\r\n"
                  b"Connection: close\r\n\r\n")
    rep.result("a foreign Host header (DNS rebinding): 421", None if code == 421
               else f"status {code}")


def edit_article(path, fn):
    """Rewrites the article at PATH through FN (its JSON in, JSON out), as an editor saves."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    text = json.dumps(fn(data), ensure_ascii=False, indent=1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def check_changes(rep, srv, article, first):
    """A change, a broken article, its fix and a layout switch, each on the event stream;
    returns the stream, still open."""
    ev = Events(srv.port)
    rep.result("GET /events: text/event-stream", None if ev.type == "text/event-stream"
               else f"{ev.type}")
    e = ev.next_render(0)
    rep.result("the event stream announces the current render at once",
               None if e and e["render"] == first["render"] else f"{e}")
    last = e["render"] if e else 0
    edit_article(article, lambda d: {**d, "headline": "Galley serve changed this headline"})
    e = ev.next_render(last)
    rep.result("a change to the article is announced as a new good render",
               None if e and e["ok"] and e["good"] == e["render"] else f"{e}")
    last = e["render"] if e else last
    boxes = json.loads(get(srv.base + "/boxes.json")[2])
    text = " ".join(x.get("text", "") for x in boxes["boxes"] if x["role"] == "headline")
    rep.result("the new render's boxes hold the new headline",
               None if "changed this headline" in text else f"headline {text!r}")
    good_png = get(srv.base + "/page/1.png")[2]
    with open(article, encoding="utf-8") as f:
        saved = f.read()
    with open(article, "w", encoding="utf-8") as f:
        f.write('{\n  "headline": "x",\n  oops\n}\n')
    e = ev.next_render(last)
    rep.result("a broken article is announced as a failed render, the good one kept",
               None if e and not e["ok"] and e["good"] < e["render"] else f"{e}")
    last = e["render"] if e else last
    status = json.loads(get(srv.base + "/diagnostics.json")[2])
    errors = [d for d in status["diagnostics"] if d["severity"] == "error"]
    rep.result("diagnostics.json: the error with its FILE:LINE:COL",
               None if errors and re.match(r".*article\.json:3:3: error", errors[0]["text"]) and
               errors[0]["line"] == 3 and errors[0]["column"] == 3 else f"{errors}")
    resp = get(srv.base + "/page/1.png")
    rep.result("the last good pages are still served while the article is broken",
               None if resp[0] == 200 and resp[2] == good_png else f"status {resp[0]}")
    with open(article, "w", encoding="utf-8") as f:
        f.write(saved)
    e = ev.next_render(last)
    rep.result("the article fixed: a good render again", None if e and e["ok"] else f"{e}")
    last = e["render"] if e else last
    for name, want in [("a4", "a4"), ("", "tabloid")]:
        code = get(srv.base + "/layout?name=" + name)[0]
        e = ev.next_render(last)
        boxes = json.loads(get(srv.base + "/boxes.json")[2])
        rep.result(f"the layout switcher: /layout?name={name} renders with {want}"
                   + ("" if name else ", the article's own"),
                   None if code == 202 and e and e["ok"] and boxes["layout"] == want
                   else f"{code} {e} {boxes.get('layout')}")
        last = e["render"] if e else last
    return ev


def check_browser(rep, srv, pages):
    """Headless Chromium: a screenshot with the page on it, its DOM, its console."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("skipped: no chromium (the browser checks; `make integration` installs it)")
        return
    shot = os.path.abspath(os.path.join(OUT, "screenshot.png"))
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              "--window-size=1200,900", "--enable-logging=stderr", "--v=0",
              "--user-data-dir=" + os.path.abspath(os.path.join(OUT, "chromium-profile"))]
    p = subprocess.run(common + ["--screenshot=" + shot, srv.base + "/"], capture_output=True,
                       text=True, timeout=WAIT * 2, stdin=subprocess.DEVNULL)
    if not rep.result("chromium takes a screenshot of the page",
                      None if os.path.exists(shot) else f"exit {p.returncode}: "
                      f"{p.stderr[-300:]}"):
        return
    rep.check("the screenshot's page area shows a page with print on it",
              page_area_problem, shot, (40, 60, 800, 890))
    rep.check("chromium logged no console message while showing the page",
              console_problem, p.stderr)
    d = subprocess.run(common + ["--dump-dom", srv.base + "/"], capture_output=True, text=True,
                       timeout=WAIT * 2, stdin=subprocess.DEVNULL)
    doctored = os.path.abspath(os.path.join(OUT, "doctored.html"))
    with open(doctored, "w") as f:
        f.write('<!doctype html><p>doctored</p><script>console.error("doctored")</script>')
    x = subprocess.run(common + ["--dump-dom", "file://" + doctored], capture_output=True,
                       text=True, timeout=WAIT * 2, stdin=subprocess.DEVNULL)
    rep.result("self-test: the console check fails on a doctored page's console error",
               None if console_problem(x.stderr) else "passed")
    rep.check("the page's DOM holds every page image and no error", dom_problem, d.stdout, pages)
    rep.check("chromium logged no console message while dumping the DOM", console_problem,
              d.stderr)


def check_broken_start(rep):
    """A server started on a broken article serves its error and no pages, then the pages
    once the article is fixed."""
    folder = os.path.join(OUT, "broken")
    shutil.copytree(SAMPLE, folder)
    article = os.path.join(folder, "article.json")
    with open(article, encoding="utf-8") as f:
        saved = f.read()
    with open(article, "w", encoding="utf-8") as f:
        f.write('{"headline": }\n')
    srv = Server([article, "--dpi", "20", "-q"])
    try:
        status = json.loads(get(srv.base + "/diagnostics.json")[2])
        page = get(srv.base + "/page/1.png")[0]
        rep.result("started on a broken article: it serves the error, and 503 for pages",
                   None if not status["ok"] and status["good"] == 0 and page == 503 and
                   re.match(r".*article\.json:1:\d+: error", status["diagnostics"][0]["text"])
                   else f"{status} page {page}")
        ev = Events(srv.port)
        with open(article, "w", encoding="utf-8") as f:
            f.write(saved)
        e = ev.next_render(status["render"])
        page = get(srv.base + "/page/1.png")[0]
        rep.result("the article fixed: its pages are served", None if e and e["ok"] and
                   page == 200 else f"{e} page {page}")
        ev.close()
    finally:
        srv.stop()


def check_edition_and_stop(rep, folder):
    """An edition's report, SIGINT; usage errors; an address in use."""
    srv = Server([EDITION, "--dpi", "20", "-q"])
    try:
        status = json.loads(get(srv.base + "/diagnostics.json")[2])
        report = get(srv.base + "/report.json")
        rep.result("an edition: several pages, its report at /report.json",
                   None if status["edition"] and status["pages"] >= 2 and report[0] == 200 and
                   json.loads(report[2]).get("pages") else f"{status.get('pages')} {report[0]}")
    finally:
        rc = srv.stop(signal.SIGINT)
    rep.result("SIGINT stops the server with exit 0", None if rc == 0 else f"exit {rc}")
    p = subprocess.run([GALLEY, "serve"], capture_output=True, text=True, timeout=WAIT)
    rep.result("galley serve without an article: exit 2", None if p.returncode == 2
               else f"exit {p.returncode}")
    p = subprocess.run([GALLEY, "serve", EDITION, "--port", "http"], capture_output=True,
                       text=True, timeout=WAIT)
    rep.result("--port http: exit 2", None if p.returncode == 2 else f"exit {p.returncode}")
    p = subprocess.run([GALLEY, "serve", "--help"], capture_output=True, text=True, timeout=WAIT)
    rep.result("galley serve --help: exit 0, its options and URLs",
               None if p.returncode == 0 and "--host ADDR" in p.stdout and "/events" in p.stdout
               else f"exit {p.returncode}")
    p = subprocess.run([GALLEY, "serve", os.path.join(folder, "article.json"), "--host",
                        "localhost.example", "--port", "0", "-q"], capture_output=True, text=True,
                       timeout=WAIT)
    rep.result("--host that is not an IP address: exit 3, said on standard error",
               None if p.returncode == 3 and "--host takes an IP address" in p.stderr
               else f"exit {p.returncode}: {p.stderr.strip()[:200]}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        p = subprocess.run([GALLEY, "serve", os.path.join(folder, "article.json"), "--port",
                            str(port), "-q"], capture_output=True, text=True, timeout=WAIT)
    rep.result("an address in use: exit 4, said on standard error",
               None if p.returncode == 4 and "cannot listen" in p.stderr
               else f"exit {p.returncode}: {p.stderr.strip()[:200]}")


def main():
    rep = Report()
    shutil.rmtree(OUT, ignore_errors=True)
    folder = os.path.join(OUT, "article")
    shutil.copytree(SAMPLE, folder)
    article = os.path.join(folder, "article.json")
    self_tests(rep, OUT)
    srv = Server([article, "--dpi", str(DPI), "-q"])
    rc, ev = None, None
    try:
        status = check_outputs(rep, srv)
        check_safety(rep, srv)
        check_browser(rep, srv, status["pages"])
        ev = check_changes(rep, srv, article, status)
    finally:
        rc = srv.stop()
    rep.result("SIGTERM stops the server with exit 0, an event stream open",
               None if rc == 0 else f"exit {rc}")
    if ev:
        rep.result("the open event stream ends when the server stops",
                   None if ev.next_render(10 ** 9) is None and not ev.events.qsize() else
                   "it did not end")
        ev.close()
    asan = [l for l in srv.errors if "Sanitizer" in l or "runtime error" in l]
    rep.result("no sanitizer report", asan[0] if asan else None)
    check_broken_start(rep)
    check_edition_and_stop(rep, folder)
    print(f"{rep.passed} passed, {rep.failed} failed")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
