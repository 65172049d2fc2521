#!/usr/bin/env python3
"""Split a blind evaluation file into fixed tuning and test halves.

Entries are ordered by sha256 of their id; within that order they alternate tune, test, tune,
test... so the split is fixed by the ids alone and balanced within each source file and area."""
import hashlib, sys, yaml
out_tune, out_test = sys.argv[1], sys.argv[2]
tune, test = [], []
for path in sys.argv[3:]:
    entries = yaml.safe_load(open(path))
    entries.sort(key=lambda e: hashlib.sha256(str(e["id"]).encode()).hexdigest())
    seen = {}
    for e in entries:  # alternate within each area, so both halves cover every area
        i = seen.get(e.get("area"), 0); seen[e.get("area")] = i + 1
        (tune if i % 2 == 0 else test).append(e)
hdr = "# Blind evaluation set, {half} half. Written by helpers who saw only ../shared/seeds and a persona,\n# never the code, index or results. Split fixed by sha256(id) order, alternating tune/test within each file and area.\n"
for p, es, h in ((out_tune, tune, "tuning"), (out_test, test, "test")):
    with open(p, "w") as f:
        f.write(hdr.format(half=h))
        yaml.safe_dump(es, f, sort_keys=False, allow_unicode=True, width=100)
print(len(tune), len(test))
