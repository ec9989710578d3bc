#!/usr/bin/env python3
"""Peak memory and a record for every input over a batch of hostile real PDFs.

    hostile.py DIR --intake BIN [--from OCRMYPDF] [--baseline BIN] [--jobs 2] [--work DIR]

DIR holds the PDFs hostile/manifest.tsv lists (OCRmyPDF's test resources: huge pages, 2,400-dpi
and 35,000-pixel scans, JBIG2, CCITT). --from copies them there first from an OCRmyPDF checkout
(a work tree, or a git directory, read at the manifest's commit) and checks each file's sha256.
Runs `intake run DIR -j JOBS` with worker processes and `--in-process` (and --baseline, an earlier
build, the same way) and prints a markdown table: wall time, peak resident memory of all the
processes together (treepeak.py), records written and failed,
and the pages a size limit made smaller. Standard library only; nothing is written to the project.
"""
import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import treepeak  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "hostile", "manifest.tsv")

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("dir")
ap.add_argument("--intake", required=True)
ap.add_argument("--baseline", default=None, help="an earlier intake binary, run the same way")
ap.add_argument("--from", dest="source", default=None, help="an OCRmyPDF checkout to copy the PDFs from")
ap.add_argument("--jobs", type=int, default=2)
ap.add_argument("--work", default=None, help="where outputs go (default: DIR/../hostile-work)")
args = ap.parse_args()

header = open(MANIFEST, encoding="utf-8").readline()
commit = re.search(r"\b[0-9a-f]{40}\b", header).group(0)
rows = list(csv.DictReader((l for l in open(MANIFEST, encoding="utf-8") if not l.startswith("#")), delimiter="\t"))
os.makedirs(args.dir, exist_ok=True)


def read_source(name):
    path = os.path.join(args.source, "tests", "resources", name)
    if os.path.isfile(path):
        return open(path, "rb").read()
    return subprocess.run(["git", "--git-dir", args.source, "show", f"{commit}:tests/resources/{name}"],
                          check=True, capture_output=True).stdout


for r in rows:
    target = os.path.join(args.dir, r["name"])
    if args.source and not os.path.exists(target):
        open(target, "wb").write(read_source(r["name"]))
    if not os.path.exists(target):
        sys.exit(f"hostile: {target} is missing (give --from an OCRmyPDF checkout)")
    if hashlib.sha256(open(target, "rb").read()).hexdigest() != r["sha256"]:
        sys.exit(f"hostile: {target} is not the manifest's file (sha256 differs)")

work = args.work or os.path.join(os.path.dirname(os.path.abspath(args.dir)), "hostile-work")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
environment = dict(os.environ, OMP_THREAD_LIMIT="1")


def run(label, binary, extra=()):
    extra = list(extra)
    out = os.path.join(work, label + ".jsonl")
    _, wall, peak_kb = treepeak.run([binary, "run", args.dir, "-j", str(args.jobs), "-o", out] + extra,
                                    env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    records = [json.loads(line) for line in open(out, encoding="utf-8")] if os.path.exists(out) else []
    limited = [f"{os.path.basename(rec['source']['path'])} p{p['number']} at {p.get('dpi') or '?'} dpi"
               for rec in records for p in rec.get("pages", [])
               if (p.get("preprocessing") or {}).get("size_limit")]
    return {"wall": float(wall), "peak": int(peak_kb) / 1024, "records": len(records),
            "failed": sum(rec.get("kind") == "error" for rec in records), "limited": limited}


results = [("Intake", run("intake", args.intake)),
           ("Intake, `--in-process`", run("intake-inproc", args.intake, ["--in-process"]))]
if args.baseline:
    results.append(("baseline", run("baseline", args.baseline)))
print()
print(f"| Hostile PDFs ({len(rows)} files, {args.jobs} jobs) | wall time | peak resident memory | records | failed |")
print("|---|---:|---:|---:|---:|")
for label, r in results:
    print(f"| {label} | {r['wall']:.1f} s | {r['peak']:.0f} MB | {r['records']} of {len(rows)} | {r['failed']} |")
if args.baseline:
    a, b = results[0][1], results[-1][1]
    print(f"| Intake / baseline | {a['wall'] / b['wall']:.2f}× | {a['peak'] / b['peak']:.2f}× | | |")
print()
print("Pages made smaller by a size limit: " + ("; ".join(results[0][1]["limited"]) or "none"))
