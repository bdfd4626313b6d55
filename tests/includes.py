#!/usr/bin/env python3
"""Checks that data flows one way through Galley's stages (render/STAGE/).

    python3 tests/includes.py [--objects DIR]   # checks render/; exit 1 on a fault
    python3 tests/includes.py --self-test       # the checks find doctored faults

The stages, in the order data flows (the Makefile's STAGES, README "Source layout"):
include (the public header), base, resources, model, typeset, compose, output, api, cli.

Faults found:
- an `#include "x.h"` of a header in a later stage than the including file (a
  back-reference), or of a header that is not in render/;
- a cycle of includes between files;
- the API's option structs (API_OPTIONS) named in a stage before output: loaders and
  composers take their own (galley_load_options_t, galley_compose_options_t);
- a file over MAX_LINES lines (one concern a file);
- two files of the same name (the static library keeps objects by file name);
- with --objects DIR (the build's obj/ folder): an object that calls a function or uses a
  variable defined in a later stage, and a cycle of calls between files (nm lists what
  each object defines and uses), so `a.c` calling `b.c` calling `a.c` is found even when
  the includes are in order.
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAGES = ["include", "base", "resources", "model", "typeset", "compose", "output", "api", "cli"]
MAX_LINES = 700
API_OPTIONS = re.compile(r"\bgalley_(render|edition|contact)_options_t\b")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(render):
    """Every .c, .cc (C++: render/output/pdf_colour.cc) and .h under RENDER, as paths
    relative to it."""
    out = []
    for d, _, files in os.walk(render):
        for f in files:
            if f.endswith((".c", ".cc", ".h")):
                out.append(os.path.relpath(os.path.join(d, f), render))
    return sorted(out)


def stage_of(rel):
    """The stage a file belongs to: the first folder of its path under render/."""
    return rel.split(os.sep)[0]


def rank(stage):
    return STAGES.index(stage) if stage in STAGES else -1


def find_cycles(graph, most=20):
    """Cycles of GRAPH, each found then broken at its last edge, up to MOST."""
    graph = {k: set(v) for k, v in graph.items()}
    cycles = []
    while len(cycles) < most:
        cycle = find_cycle(graph)
        if not cycle:
            break
        cycles.append(cycle)
        graph[cycle[-2]].discard(cycle[-1])
    return cycles


def find_cycle(graph):
    """One cycle of GRAPH (node -> set of nodes) as a list of nodes, or None."""
    state = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(graph.get(start, ()))))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(sorted(graph.get(nxt, ())))))
                path.append(nxt)
    return None


def check_includes(render):
    """The faults of RENDER's includes and file names, as messages."""
    faults = []
    files = sources(render)
    by_name = {}
    for rel in files:
        by_name.setdefault(os.path.basename(rel), []).append(rel)
    for name, rels in sorted(by_name.items()):
        if len(rels) > 1:
            faults.append("two files named %s: %s" % (name, ", ".join(rels)))
    for rel in files:
        if stage_of(rel) not in STAGES:
            faults.append("%s: not in a stage folder (%s)" % (rel, ", ".join(STAGES)))
    graph = {}
    for rel in files:
        with open(os.path.join(render, rel), encoding="utf-8") as f:
            text = f.read()
        m = API_OPTIONS.search(text)
        if m and rank(stage_of(rel)) < rank("output") and stage_of(rel) != "include":
            faults.append("%s:%d: names %s, the API's options (a stage before output takes its own)"
                          % (rel, text.count("\n", 0, m.start()) + 1, m.group(0)))
        if text.count("\n") > MAX_LINES:
            faults.append("%s: %d lines, over %d" % (rel, text.count("\n"), MAX_LINES))
        for m in INCLUDE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            targets = by_name.get(os.path.basename(m.group(1)), [])
            if not targets:
                faults.append("%s:%d: includes %s, which is not in render/" % (rel, line, m.group(1)))
                continue
            target = targets[0]
            graph.setdefault(rel, set()).add(target)
            if rank(stage_of(target)) > rank(stage_of(rel)):
                faults.append("%s:%d: includes %s from the later stage %s" %
                              (rel, line, target, stage_of(target)))
    for cycle in find_cycles(graph):
        faults.append("an include cycle: " + " -> ".join(cycle))
    return faults


def nm_symbols(obj):
    """The symbols OBJ defines (functions and data) and those it uses."""
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
    return defined, used


def check_calls(table):
    """The faults of TABLE (source file -> (defined, used) symbols): a use of a later
    stage's symbol, and a cycle of uses between files."""
    owner = {}
    for rel, (defined, _) in table.items():
        for s in defined:
            owner[s] = rel
    faults, graph = [], {}
    for rel, (_, used) in sorted(table.items()):
        for s in sorted(used):
            target = owner.get(s)
            if not target or target == rel:
                continue
            graph.setdefault(rel, set()).add(target)
            if rank(stage_of(target)) > rank(stage_of(rel)):
                faults.append("%s: uses %s of %s, a later stage" % (rel, s, target))
    for cycle in find_cycles(graph):
        faults.append("a cycle of calls: " + " -> ".join(cycle))
    return faults


def objects_table(objdir):
    """nm's view of every object under OBJDIR, keyed by its source path under render/."""
    table = {}
    for d, _, files in os.walk(objdir):
        for f in files:
            rel = os.path.relpath(os.path.join(d, f), objdir)[:-2] + ".c"
            if not os.path.exists(os.path.join(ROOT, "render", rel)):
                rel += "c"  # a C++ source
            # Only the objects of sources that exist (a build folder may hold stale ones).
            if f.endswith(".o") and os.path.exists(os.path.join(ROOT, "render", rel)):
                table[rel] = nm_symbols(os.path.join(d, f))
    return table


def self_test():
    """Doctored trees and symbol tables: each fault must be found, and a clean one pass."""
    ok = True

    def expect(what, faults, found):
        nonlocal ok
        if bool(faults) != found:
            print("self-test: %s: %s" % (what, faults or "no fault found"))
            ok = False

    def tree(files):
        d = tempfile.mkdtemp()
        for rel, text in files.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w") as f:
                f.write(text)
        return d

    clean = {"base/diag.h": "", "model/article.h": '#include "diag.h"\n',
             "compose/flow.c": '#include "article.h"\n'}
    expect("a clean tree", check_includes(tree(clean)), False)
    expect("a back-reference", check_includes(tree(dict(clean, **{
        "model/article.h": '#include "diag.h"\n#include "flow.h"\n', "compose/flow.h": ""}))), True)
    expect("an include cycle", check_includes(tree(dict(clean, **{
        "base/a.h": '#include "b.h"\n', "base/b.h": '#include "a.h"\n'}))), True)
    expect("a back-reference from C++", check_includes(tree(dict(clean, **{
        "model/x.cc": '#include "flow.h"\n', "compose/flow.h": ""}))), True)
    expect("an unknown header", check_includes(tree(dict(clean, **{
        "base/a.c": '#include "nowhere.h"\n'}))), True)
    expect("two files of one name", check_includes(tree(dict(clean, **{
        "compose/diag.h": ""}))), True)
    expect("the API's options in compose", check_includes(tree(dict(clean, **{
        "compose/flow.c": "int f(const galley_render_options_t *o);\n"}))), True)
    expect("the API's options in output", check_includes(tree(dict(clean, **{
        "output/pdf.c": "int f(const galley_render_options_t *o);\n"}))), False)
    expect("a long file", check_includes(tree(dict(clean, **{
        "base/long.c": "x\n" * (MAX_LINES + 1)}))), True)
    expect("a file outside the stages", check_includes(tree(dict(clean, **{
        "misc/x.c": ""}))), True)
    calls = {"model/a.c": ({"a"}, {"d"}), "base/d.c": ({"d"}, set()),
             "compose/c.c": ({"c"}, {"a", "d"})}
    expect("clean calls", check_calls(calls), False)
    expect("a call into a later stage", check_calls(dict(calls, **{
        "model/a.c": ({"a"}, {"c"})})), True)
    expect("a cycle of calls", check_calls(dict(calls, **{
        "compose/c.c": ({"c"}, {"e"}), "compose/e.c": ({"e"}, {"c"})})), True)
    print("includes self-test: %s" % ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def main():
    args = sys.argv[1:]
    if args == ["--self-test"]:
        return self_test()
    faults = check_includes(os.path.join(ROOT, "render"))
    n = len(sources(os.path.join(ROOT, "render")))
    if len(args) == 2 and args[0] == "--objects":
        faults += check_calls(objects_table(args[1]))
    elif args:
        print(__doc__)
        return 2
    for f in faults:
        print("includes: " + f)
    print("includes: %d files, %d faults" % (n, len(faults)))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
