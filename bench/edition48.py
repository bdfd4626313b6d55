"""bench/edition48.py: writes a 48-page edition, the sample's pages six times over.

    python3 bench/edition48.py samples/edition/edition.json OUT/edition.json

Article paths are made absolute so OUT may be anywhere; jump targets move along with
their copy. `make bench` times it; the profiles in bench/README.md were taken on it.
"""
import copy
import json
import os
import sys


def main(src, dst, times=6):
    with open(src, encoding="utf-8") as f:
        e = json.load(f)
    base = os.path.dirname(os.path.abspath(src))
    pages, n = [], len(e["pages"])
    for k in range(times):
        for page in e["pages"]:
            page = copy.deepcopy(page)
            items = []
            for a in page["articles"]:
                if isinstance(a, str):
                    items.append(os.path.join(base, a))
                    continue
                for key in ("article", "continue"):
                    if key in a:
                        a[key] = os.path.join(base, a[key])
                if "jump" in a:
                    a["jump"] += k * n
                items.append(a)
            page["articles"] = items
            pages.append(page)
    e["pages"] = pages
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(e, f, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: edition48.py EDITION.json OUT.json")
    main(sys.argv[1], sys.argv[2])
