#!/usr/bin/env python3
"""Character error rate per image class, for Intake's JSONL or a folder of peer text files.

    score.py CER_PY CORPUS EXTRAS intake OUT.jsonl [CLASSES...]
    score.py CER_PY CORPUS EXTRAS texts DIR [CLASSES...]   DIR/<file name>.txt (pages split by form feeds)

EXTRAS is make-extras.sh's folder (its extra.tsv: path, class, expected text), or "-".

Prints a JSON object {class: {"cer": pooled CER, "docs": n, "missing": m}}. Pooled: the sum of
edits over the sum of reference characters of the class. CER_PY is ../shared/bench/cer.py.
"""
import importlib.util, json, os, sys

cer_path, corpus, extras, kind, source = sys.argv[1:6]
spec = importlib.util.spec_from_file_location("cer", cer_path)
cer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cer)

classes = {}   # file name -> (class, expected text path)
for row in open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8").read().splitlines()[1:]:
    cols = row.split("\t")
    if cols[1] != "expected":
        name = os.path.basename(cols[0])
        classes[name] = (cols[1], os.path.join(corpus, "expected", name.rsplit(".", 1)[0] + ".txt"))
if extras != "-":
    for row in open(os.path.join(extras, "extra.tsv"), encoding="utf-8").read().splitlines():
        path, cls, expected = row.split("\t")
        classes[os.path.basename(path)] = (cls, expected)

hyp = {}
if kind == "intake":
    for line in open(source, encoding="utf-8"):
        record = json.loads(line)
        if record.get("kind") == "document":
            name = os.path.basename(record["source"]["path"])
            hyp[name] = "\f".join(page["text"] for page in record["pages"])
else:
    for name in os.listdir(source):
        if name.endswith(".txt"):
            hyp[name[: -len(".txt")]] = open(os.path.join(source, name), encoding="utf-8").read()

wanted = set(sys.argv[6:])
totals = {}
for name, (cls, expected) in sorted(classes.items()):
    if wanted and cls not in wanted:
        continue
    ref = open(expected, encoding="utf-8").read()
    t = totals.setdefault(cls, {"edits": 0, "chars": 0, "docs": 0, "missing": 0})
    ref_n = cer.normalize(ref)
    if name not in hyp:
        t["missing"] += 1
        t["edits"] += len(ref_n)
    else:
        t["edits"] += cer.levenshtein(ref_n, cer.normalize(hyp[name]))
    t["chars"] += len(ref_n)
    t["docs"] += 1
print(json.dumps({c: {"cer": round(t["edits"] / max(1, t["chars"]), 4), "docs": t["docs"],
                      "missing": t["missing"]} for c, t in totals.items()}))
