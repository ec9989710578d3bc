#!/usr/bin/env python3
"""The posting parser's accuracy, field by field, in one command (`make accuracy`).

    python3 scripts/accuracy.py [--bin BIN] [--dir DIR ...] [--run] [--scorer SCORE_PY]

For each DIR (default: ../shared/postings-dev, or $POSTINGS_DEV; the second real set in
$POSTINGS_REAL when set, built by scripts/postings-real/prepare.py; and the project's own
scripts/postings) — a folder of postings as text with a labels.jsonl in the postings-dev layout —
it prints:

1. `intake parse` on the text, scored by the postings-dev scorer (score.py, never copied here);
2. the posting's language (`posting.inLanguage`) against the labels' `language`;
3. with --run, the whole pipeline: each posting typeset as a born-digital PDF, and the same
   pages rasterised at 300 dpi with a scanner's blur and specks (a PDF of images), extracted by
   `intake run`, and the records' postings scored by the same scorer.

Step 3 needs reportlab and Pillow (scripts/make-documents.sh makes the venv: run this with
.venv-docs/bin/python) and pdftoppm.
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("INTAKE_SHARED", os.path.join(ROOT, "..", "shared"))


def labels(folder):
    with open(os.path.join(folder, "labels.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(scorer, binary, folder, title):
    print(f"## {title}", flush=True)
    subprocess.run([sys.executable, scorer, binary, "--dir", folder], check=True)
    print(flush=True)


def language(binary, folder):
    right, wrong = 0, []
    for label in labels(folder):
        out = subprocess.run([binary, "parse", os.path.join(folder, label["file"])], capture_output=True, text=True)
        got = json.loads(out.stdout).get("posting", {}).get("inLanguage") if out.returncode == 0 else None
        if got == label.get("language"):
            right += 1
        else:
            wrong.append(f"{label['file']} {label.get('language')}→{got}")
    print(f"language: {right}/{right + len(wrong)}" + (f" (missed: {', '.join(wrong)})" if wrong else ""))
    print(flush=True)


def timing(binary, folder, runs=20):
    """`intake parse` in process, each posting parsed `runs` times: the median of the postings' medians."""
    medians = []
    for label in labels(folder):
        out = subprocess.run([binary, "parse", "--repeat-count", str(runs), os.path.join(folder, label["file"])],
                             capture_output=True, text=True)
        for line in out.stderr.splitlines():
            if line.startswith("parse: median"):
                medians.append(float(line.split()[2]))
    medians.sort()
    if medians:
        print(f"parse time: median {medians[len(medians) // 2]:.2f} ms, slowest posting {medians[-1]:.2f} ms "
              f"({len(medians)} postings, median of {runs} runs each)")
        print(flush=True)


def load_documents():
    """scripts/make-documents.py as a module: its layout, PDF writer and scanner."""
    spec = importlib.util.spec_from_file_location("make_documents", os.path.join(HERE, "make-documents.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blocks(text):
    """A posting's lines as printed: Markdown headings bold, every other line as it stands."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#") and line.lstrip("#").startswith(" "):
            out.append(("heading", line.lstrip("#").strip()))
        else:
            out.append(("body", line))
    return out


SHIM = """#!/usr/bin/env python3
import json, os, sys
records = json.load(open(os.environ["ACCURACY_RECORDS"]))
name = os.path.splitext(os.path.basename(sys.argv[2]))[0]
print(json.dumps({"posting": records.get(name, {})}))
"""


def through_run(scorer, binary, folder, work):
    docs = load_documents()
    items = labels(folder)
    born, scans = os.path.join(work, "born"), os.path.join(work, "scanned")
    os.makedirs(born)
    os.makedirs(scans)
    for index, label in enumerate(items):
        name = os.path.splitext(label["file"])[0]
        with open(os.path.join(folder, label["file"]), encoding="utf-8") as f:
            pages = docs.layout(blocks(f.read()))
        pdf = os.path.join(born, name + ".pdf")
        docs.write_pdf(pdf, pages)
        images = [docs.scanned(docs.rasterise(pdf, n + 1, 300, work), angle=0.3, noise=1500, seed=index + n)
                  for n in range(len(pages))]
        docs.image_pdf(os.path.join(scans, name + ".pdf"), images)
    shim = os.path.join(work, "shim.py")
    with open(shim, "w") as f:
        f.write(SHIM)
    os.chmod(shim, 0o755)
    for kind, pdfs in (("born-digital PDFs", born), ("scanned PDFs", scans)):
        out = os.path.join(work, f"{os.path.basename(pdfs)}.jsonl")
        subprocess.run([binary, "run", pdfs, "-o", out], check=False)
        records = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                name = os.path.splitext(record["source"]["file_name"])[0]
                records[name] = record.get("posting", {})
        path = os.path.join(work, f"{os.path.basename(pdfs)}.json")
        with open(path, "w") as f:
            json.dump(records, f)
        print(f"## intake run, {kind} ({len(records)} records)", flush=True)
        subprocess.run([sys.executable, scorer, shim, "--dir", folder], check=True,
                       env={**os.environ, "ACCURACY_RECORDS": path})
        print(flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "intake"))
    parser.add_argument("--dir", action="append")
    parser.add_argument("--scorer", default=os.path.join(SHARED, "postings-dev", "score.py"))
    parser.add_argument("--run", action="store_true", help="also score intake run on PDFs and scans of the postings")
    args = parser.parse_args()
    folders = args.dir or [os.environ.get("POSTINGS_DEV", os.path.join(SHARED, "postings-dev")),
                           os.path.join(ROOT, "scripts", "postings")]
    # The second real set (scripts/postings-real/prepare.py builds it outside the project).
    if not args.dir and os.environ.get("POSTINGS_REAL"):
        folders.insert(1, os.environ["POSTINGS_REAL"])
    binary = os.path.abspath(args.bin)
    for folder in folders:
        folder = os.path.abspath(folder)
        if not os.path.exists(os.path.join(folder, "labels.jsonl")):
            print(f"## {folder}: no labels.jsonl, skipped\n")
            continue
        score(args.scorer, binary, folder, f"intake parse, {folder}")
        language(binary, folder)
        timing(binary, folder)
        if args.run:
            work = tempfile.mkdtemp(prefix="intake-accuracy-")
            try:
                through_run(args.scorer, binary, folder, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
