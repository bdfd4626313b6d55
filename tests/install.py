#!/usr/bin/env python3
"""Galley installed, embedded and run with the checkout gone (issue 21; make install-check).

Run from the repository root (make test runs it after the sanitizer tests):

    python3 tests/install.py [--self-test]

1. `make install DESTDIR=$tmp PREFIX=/usr/local` puts every file in place: bin/galley,
   lib/libgalley.so.VERSION with its soname link and libgalley.so, lib/libgalley.a,
   include/galley/galley.h, lib/pkgconfig/galley.pc, share/man/man1/galley.1 and
   share/galley/ (layouts, the fonts' configuration and print copies, hyphenation, the
   page of galley serve);
2. the installed command holds no path of the checkout (its bytes, as `strings` would see
   them) and, run from a copy of the samples in another folder with GALLEY_DATADIR naming
   the staged share/galley, renders every sample (Galley JSON, ninjs, NITF) to the same
   PDF bytes as the tree's own build, the house-font sample with its own faces embedded
   (pdffonts); without GALLEY_DATADIR it looks in
   /usr/local/share/galley (the PREFIX it was built for), never in the checkout; the
   installed galley serve serves its page's files from the staged share/galley/serve;
3. `nm -D` on the shared library lists exactly the functions galley.h declares
   (GALLEY_API), nothing internal;
4. tests/example/render_memory.c compiles and links with nothing but `pkg-config --cflags
   --libs galley` (the shared library: readelf shows libgalley.so.0 NEEDED) and again with
   `--static` and the archive (no libgalley NEEDED), and each renders the sample from
   memory to a memory buffer whose bytes equal the installed command's PDF;
5. `man -l` renders the installed man page with no warning;
6. `make uninstall` removes every installed file.

The checkers are self-tested first (alone with --self-test): a symbol list with an internal
function, a binary holding the checkout's path, and a PDF one byte off must each fail.

Prints one line per check, "ok   WHAT" or "FAIL WHAT: reason", then "N passed, M failed";
exits 1 if anything failed.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from integration import Report  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
PREFIX = "/usr/local"
VERSION = re.search(r'#define GALLEY_VERSION "([^"]+)"',
                    open(os.path.join(ROOT, "render/include/galley.h")).read()).group(1)
TREE_FILES = ["bin/galley", f"lib/libgalley.so.{VERSION}", "lib/libgalley.so.0",
              "lib/libgalley.so", "lib/libgalley.a", "include/galley/galley.h",
              "lib/pkgconfig/galley.pc", "share/man/man1/galley.1",
              "share/galley/layouts/tabloid.json", "share/galley/fonts/fonts.conf",
              "share/galley/fonts/print/.complete", "share/galley/hyphenation/ushyphex.tex",
              "share/galley/serve/index.html", "share/galley/serve/app.js",
              "share/galley/serve/style.css", "share/galley/serve/favicon.svg"]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=1800, **kw)


def api_functions():
    """The functions galley.h declares for export (GALLEY_API), from the header's text."""
    text = open(os.path.join(ROOT, "render/include/galley.h"), encoding="utf-8").read()
    return set(re.findall(r"GALLEY_API[^;{]*?\b(galley_[a-z_]+)\s*\(", text))


def check_symbols(exported, api):
    """EXPORTED (nm -D's defined names, version suffixes cut) equals the API set."""
    problems = [f"exports {s}, which galley.h does not declare" for s in sorted(exported - api)]
    problems += [f"does not export {s}" for s in sorted(api - exported)]
    return problems


def check_no_checkout_path(data, root=ROOT):
    """DATA (a binary's bytes) never names the checkout's folder."""
    return [f"the binary names the checkout {root}"] if root.encode() in data else []


HOUSE_FACES = ("DejaVuSerifCondensed-Bold", "DejaVuSerifCondensed", "DejaVuSansCondensed-Bold")


def check_house_faces(listing):
    """pdffonts' LISTING names each of samples/house-font's faces, embedded ("yes")."""
    problems = []
    rows = [line.split() for line in listing.splitlines()[2:]]
    for face in HOUSE_FACES:
        row = next((r for r in rows if r and r[0].split("+")[-1] == face), None)
        if row is None:
            problems.append(f"{face} is not in the PDF")
        elif "yes" not in row[-5:-3]:
            problems.append(f"{face} is not embedded")
    return problems


def check_same(a, b, what):
    """The files A and B hold the same bytes."""
    try:
        same = open(a, "rb").read() == open(b, "rb").read()
    except OSError as e:
        return [f"{what}: {e}"]
    return [] if same else [f"{what}: {a} and {b} differ"]


def self_test(report):
    api = api_functions()
    report.result("self-test: galley.h declares the API (galley_render_file among 15+)",
                  [] if "galley_render_file" in api and len(api) >= 15 else [f"{sorted(api)}"])
    report.result("self-test: the symbol check passes the API itself", check_symbols(api, api))
    report.result("self-test: the symbol check catches an internal function",
                  [] if check_symbols(api | {"galley_layout_load"}, api) else ["passed"])
    report.result("self-test: the path check catches the checkout's path in a binary",
                  [] if check_no_checkout_path(b"\0x" + ROOT.encode() + b"/layouts\0")
                  else ["passed"])
    listing = ("name type encoding emb sub uni object ID\n---\n" +
               "".join(f"ABCDEF+{f} TrueType WinAnsi yes yes yes 1 0\n" for f in HOUSE_FACES))
    report.result("self-test: the house faces check passes their listing",
                  check_house_faces(listing))
    report.result("self-test: the house faces check catches a face missing",
                  [] if check_house_faces(listing.replace("DejaVuSansCondensed-Bold",
                                                          "NotoSans-Bold")) else ["passed"])
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a.pdf"), os.path.join(d, "b.pdf")
        open(a, "wb").write(b"%PDF-1.6 x")
        open(b, "wb").write(b"%PDF-1.6 y")
        report.result("self-test: the byte check catches a PDF one byte off",
                      [] if check_same(a, b, "x") else ["passed"])


def samples():
    """Every sample article: Galley JSON, ninjs and NITF."""
    return sorted(glob.glob(os.path.join(ROOT, "samples/*/article.json")) +
                  glob.glob(os.path.join(ROOT, "samples/*/article.ninjs.json")) +
                  glob.glob(os.path.join(ROOT, "samples/*/article.xml")))


def check_renders(report, tmp, dest):
    """Check 2: the installed command, the checkout out of reach."""
    galley = os.path.join(dest, "bin/galley")
    report.result("the installed command names no checkout path",
                  check_no_checkout_path(open(galley, "rb").read()))
    work = os.path.join(tmp, "work")
    shutil.copytree(os.path.join(ROOT, "samples"), os.path.join(work, "samples"), symlinks=True)
    env = dict(os.environ, GALLEY_DATADIR=os.path.join(dest, "share/galley"), GALLEY_NO_CACHE="1")
    env.pop("GALLEY_FONTS_CONF", None)
    tree_galley = os.path.join(ROOT, BUILD, "galley")
    for article in samples():
        rel = os.path.relpath(article, ROOT)
        name = rel.replace("/", "_")
        out = os.path.join(tmp, name + ".pdf")
        want = os.path.join(tmp, name + ".tree.pdf")
        p = run([galley, "render", rel, "-o", out, "-q"], cwd=work, env=env)
        problems = [] if p.returncode == 0 else [f"exit {p.returncode}: {p.stderr.decode()[:300]}"]
        t = run([tree_galley, "render", rel, "-o", want, "-q"], cwd=work,
                env=dict(os.environ, GALLEY_NO_CACHE="1"))
        if not problems and t.returncode == 0:
            problems = check_same(out, want, "installed and tree builds")
        report.result(f"installed galley renders {rel}, the tree build's bytes", problems)
        if "house-font" in rel and not problems:
            report.result("the house-font sample's own faces are embedded (pdffonts)",
                          check_house_faces(run(["pdffonts", out]).stdout.decode()))
    p = run([galley, "render", "samples/shoigu-sanctions/article.json", "-o",
             os.path.join(tmp, "nodata.pdf")], cwd=work,
            env={k: v for k, v in env.items() if k != "GALLEY_DATADIR"})
    err = p.stderr.decode()
    problems = []
    if os.path.isdir(PREFIX + "/share/galley"):
        problems = []  # really installed on this machine: it may render
    elif p.returncode != 5 or PREFIX + "/share/galley" not in err or ROOT in err:
        problems = [f"exit {p.returncode}: {err[:300]}"]
    report.result(f"without GALLEY_DATADIR it looks in {PREFIX}/share/galley, not the checkout",
                  problems)
    check_serve(report, galley, work, env)


def check_serve(report, galley, work, env):
    """The installed galley serve finds its page in the data folder: / and /app.js are the
    installed files' bytes."""
    import serve  # tests/serve.py: the server and HTTP helpers
    serve.GALLEY = galley
    problems = []
    old = os.getcwd()
    os.chdir(work)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        srv = serve.Server(["samples/shoigu-sanctions/article.json", "-q"])
        try:
            for url, name in [("/", "index.html"), ("/app.js", "app.js")]:
                code, _, body = serve.get(srv.base + url)
                installed = open(os.path.join(env["GALLEY_DATADIR"], "serve", name), "rb").read()
                if code != 200 or body != installed:
                    problems.append(f"{url}: status {code}, {len(body)} bytes")
        finally:
            rc = srv.stop()
        if rc != 0:
            problems.append(f"exit {rc} on SIGTERM")
    except Exception as e:
        problems.append(f"{type(e).__name__}: {e}")
    finally:
        os.environ.clear()
        os.environ.update(saved)
        os.chdir(old)
    report.result("installed galley serve serves its page from share/galley/serve", problems)


def pkg_env(dest):
    return dict(os.environ, PKG_CONFIG_PATH=os.path.join(dest, "lib/pkgconfig"))


def pkg_config(dest, *args):
    p = run(["pkg-config", f"--define-variable=prefix={dest}", *args, "galley"],
            env=pkg_env(dest))
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode())
    return p.stdout.decode().split()


def check_example(report, tmp, dest):
    """Check 4: the example program, shared and static."""
    src = os.path.join(ROOT, "tests/example/render_memory.c")
    article = os.path.join(ROOT, "samples/shoigu-sanctions/article.json")
    cli_pdf = os.path.join(tmp, "example-cli.pdf")
    env = dict(os.environ, GALLEY_DATADIR=os.path.join(dest, "share/galley"), GALLEY_NO_CACHE="1")
    run([os.path.join(dest, "bin/galley"), "render", article, "-o", cli_pdf, "-q"], env=env)
    cflags = pkg_config(dest, "--cflags")
    archive = os.path.join(dest, "lib/libgalley.a")
    static_libs = [a for a in pkg_config(dest, "--static", "--libs") if a != "-lgalley"]
    builds = {
        "shared": cflags + pkg_config(dest, "--libs"),
        "static": cflags + [archive] + static_libs,
    }
    for kind, flags in builds.items():
        exe = os.path.join(tmp, f"render_memory_{kind}")
        p = run(["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-o", exe, src] + flags)
        if p.returncode != 0:
            report.result(f"the example builds with pkg-config ({kind})",
                          [p.stderr.decode()[:600]])
            continue
        needed = run(["readelf", "-d", exe]).stdout.decode()
        linked = "libgalley.so.0" in needed
        report.result(f"the example builds with pkg-config ({kind}), "
                      f"{'linked to' if kind == 'shared' else 'without'} libgalley.so.0",
                      [] if linked == (kind == "shared") else [f"readelf -d: {needed[:400]}"])
        out = os.path.join(tmp, f"example-{kind}.pdf")
        lib_env = dict(env, LD_LIBRARY_PATH=os.path.join(dest, "lib"))
        p = run([exe, article, out], env=lib_env)
        problems = [] if p.returncode == 0 else [f"exit {p.returncode}: {p.stderr.decode()[:300]}"]
        if not problems:
            problems = check_same(out, cli_pdf, "memory render and the command's PDF")
        report.result(f"the example ({kind}) renders from memory to memory, the command's bytes",
                      problems)


def check_symbols_installed(report, dest):
    so = os.path.join(dest, f"lib/libgalley.so.{VERSION}")
    p = run(["nm", "-D", "--defined-only", so])
    names = {line.split()[-1].split("@")[0] for line in p.stdout.decode().splitlines()
             if line.strip() and line.split()[-1] != "GALLEY_0"}
    report.result(f"nm -D: libgalley.so exports galley.h's {len(api_functions())} functions only",
                  check_symbols(names, api_functions()))
    soname = run(["readelf", "-d", so]).stdout.decode()
    report.result("the shared library's soname is libgalley.so.0",
                  [] if "[libgalley.so.0]" in soname else [soname[:300]])


def check_man(report, dest):
    page = os.path.join(dest, "share/man/man1/galley.1")
    if shutil.which("man"):
        p = run(["man", "-l", page], env=dict(os.environ, MANPAGER="cat", MANWIDTH="80"))
        cmd = "man -l"
    else:
        p = run(["groff", "-man", "-Tutf8", "-ww", page])
        cmd = "groff -man"
    err = p.stderr.decode()
    ok = p.returncode == 0 and b"galley" in p.stdout and "warning" not in err.lower()
    report.result(f"{cmd} renders the installed man page without a warning",
                  [] if ok else [f"exit {p.returncode}: {err[:300]}"])


def main():
    report = Report()
    self_test(report)
    if "--self-test" in sys.argv:
        report.summary()
        return 1 if report.failed else 0
    with tempfile.TemporaryDirectory(prefix="galley-install-") as tmp:
        stage = os.path.join(tmp, "stage")
        dest = stage + PREFIX
        p = run(["make", "--no-print-directory", "install", f"DESTDIR={stage}",
                 f"PREFIX={PREFIX}"], cwd=ROOT)
        report.result("make install DESTDIR=... PREFIX=/usr/local",
                      [] if p.returncode == 0 else [(p.stdout + p.stderr).decode()[-1500:]])
        if p.returncode != 0:
            report.summary()
            return 1
        report.result("every file installed", [f"missing {f}" for f in TREE_FILES
                                               if not os.path.lexists(os.path.join(dest, f))])
        check_renders(report, tmp, dest)
        check_symbols_installed(report, dest)
        check_example(report, tmp, dest)
        check_man(report, dest)
        p = run(["make", "--no-print-directory", "uninstall", f"DESTDIR={stage}",
                 f"PREFIX={PREFIX}"], cwd=ROOT)
        left = [f for f in TREE_FILES if os.path.lexists(os.path.join(dest, f))]
        report.result("make uninstall removes every installed file",
                      [f"left {f}" for f in left] + ([] if p.returncode == 0 else ["failed"]))
    report.summary()
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
