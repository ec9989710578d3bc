#!/usr/bin/env python3
"""Runs Intake and its peers side by side on the benchmark corpus and prints one markdown table.

Called by scripts/bench/bench.sh (`make bench`), which installs the tools and builds the corpus.
Each round runs every command once, in turn, so drift on a shared machine hits all tools alike;
times are the median over the rounds, memory the largest peak seen. Standard library only.
"""
import argparse
import glob
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import treepeak  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--intake", required=True)
ap.add_argument("--corpus", required=True)
ap.add_argument("--extras", required=True)
ap.add_argument("--cer", required=True, help="../shared/bench/cer.py")
ap.add_argument("--venv", required=True, help="a venv with pymupdf")
ap.add_argument("--work", required=True)
ap.add_argument("--runs", type=int, default=3)
args = ap.parse_args()

spec = importlib.util.spec_from_file_location("cer", args.cer)
cer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cer)

corpus, extras, work = (os.path.abspath(p) for p in (args.corpus, args.extras, args.work))
intake = os.path.abspath(args.intake)
here = os.path.dirname(os.path.abspath(__file__))
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)

# ------------------------------------------------------------------ the files and their classes
manifest = {}   # file name -> (class, pages, variant, expected text path)
for row in open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8").read().splitlines()[1:]:
    path, cls, pages, _dpi, variant = row.split("\t")[:5]
    if cls != "expected":
        name = os.path.basename(path)
        manifest[name] = (cls, int(pages), variant, os.path.join(corpus, "expected", name.rsplit(".", 1)[0] + ".txt"))
for row in open(os.path.join(extras, "extra.tsv"), encoding="utf-8").read().splitlines():
    path, cls, expected = row.split("\t")
    manifest[os.path.basename(path)] = (cls, 1, cls, expected)

text_files = sorted(glob.glob(os.path.join(corpus, "text", "*.pdf")))
image_files = sorted(glob.glob(os.path.join(corpus, "images", "*"))) + sorted(glob.glob(os.path.join(extras, "*.png")))
scan_files = sorted(glob.glob(os.path.join(corpus, "scanned-pdf", "*.pdf")))
mixed_files = sorted(glob.glob(os.path.join(corpus, "mixed", "*.pdf")))
pages = lambda files: sum(manifest[os.path.basename(f)][1] for f in files)
# The page images the tesseract CLI reads right too (upright, 300 dpi): there both do the same work.
upright_files = [f for f in image_files if manifest[os.path.basename(f)][0] in ("clean", "noisy")]

IMAGE_CLASSES = [("clean", {"clean"}), ("skewed ±3°", {"skew"}), ("skewed ±5°", {"skew5"}),
                 ("turned 90/180/270°", {"rot90", "rot180", "rot270"}), ("150 dpi", {"dpi150"}), ("noisy", {"noisy"})]
SCAN_CLASSES = [("scanned PDF, clean (JPEG, G4)", {"jpeg", "g4"}), ("scanned PDF, skewed 0.7–1.5°", {"skew"}),
                ("scanned PDF, skewed, one page upside down", {"skewflip"})]


def quote(path):
    return "'" + path.replace("'", "'\\''") + "'"


def env(**changes):
    e = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    e.update(changes)
    return e


# ------------------------------------------------------------------ the commands
def out(name):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def intake_cmd(name, files, extra=""):
    return (f"{quote(intake)} run {' '.join(map(quote, files))} -j 2 {extra} "
            f"-o {quote(os.path.join(out(name), 'out.jsonl'))}")


def tesseract_cmd(name, files):
    return ("printf '%s\\n' " + " ".join(map(quote, files)) + " | xargs -P2 -I{} sh -c "
            + quote('tesseract "$1" "$2/$(basename "$1")" 2>/dev/null') + " _ {} " + quote(out(name)))


COMMANDS = {
    # text-layer PDFs: the complete job for Intake (extraction, parsing, a JSONL line each)
    "intake-text": (lambda: intake_cmd("intake-text", text_files), env()),
    "pdftotext": (lambda: "for f in " + " ".join(map(quote, text_files)) + "; do pdftotext \"$f\" "
                  + quote(out("pdftotext")) + "/\"$(basename \"$f\")\".txt; done", env()),
    "pymupdf": (lambda: f"{quote(os.path.join(args.venv, 'bin', 'python'))} {quote(os.path.join(here, 'pymupdf_text.py'))} "
                f"{quote(out('pymupdf'))} " + " ".join(map(quote, text_files)), env()),
    # page images: Intake (orientation, deskew, denoise on) vs the tesseract CLI, 2 jobs
    "intake-images": (lambda: intake_cmd("intake-images", image_files), env()),
    "intake-images-sb": (lambda: intake_cmd("intake-images-sb", image_files, "--layout single-block"), env()),
    "tesseract": (lambda: tesseract_cmd("tesseract", image_files), env(OMP_THREAD_LIMIT="1")),
    "intake-upright": (lambda: intake_cmd("intake-upright", upright_files), env()),
    "tesseract-upright": (lambda: tesseract_cmd("tesseract-upright", upright_files), env(OMP_THREAD_LIMIT="1")),
    # scanned PDFs: Intake vs OCRmyPDF with rotation and deskew, like for like
    "intake-scanned": (lambda: intake_cmd("intake-scanned", scan_files), env()),
    "intake-scanned-sb": (lambda: intake_cmd("intake-scanned-sb", scan_files, "--layout single-block"), env()),
    "ocrmypdf": (lambda: "for f in " + " ".join(map(quote, scan_files)) + "; do ocrmypdf -q --jobs 2 --rotate-pages "
                 "--deskew --output-type pdf --sidecar " + quote(out("ocrmypdf")) + "/\"$(basename \"$f\")\".txt \"$f\" "
                 + quote(out("ocrmypdf")) + "/\"$(basename \"$f\")\" || exit 1; done", env()),
    # the whole corpus in one run: Intake's peak memory with 2 workers
    "intake-all": (lambda: intake_cmd("intake-all", text_files + scan_files + image_files + mixed_files), env()),
    # the cost of the chunk stream: the text-layer run again, writing chunks too
    "intake-text-chunks": (lambda: intake_cmd("intake-text-chunks", text_files,
                                              f"--chunks {quote(os.path.join(work, 'intake-text-chunks.chunks.jsonl'))}"),
                           env()),
    # the cost of worker processes: the same runs with the documents read in Intake's own process
    "intake-text-inproc": (lambda: intake_cmd("intake-text-inproc", text_files, "--in-process"), env()),
    "intake-images-inproc": (lambda: intake_cmd("intake-images-inproc", image_files, "--in-process"), env()),
    "intake-all-inproc": (lambda: intake_cmd("intake-all-inproc", text_files + scan_files + image_files + mixed_files,
                                             "--in-process"), env()),
}

timings = {name: [] for name in COMMANDS}
peaks = {name: 0 for name in COMMANDS}
for round_ in range(args.runs):
    for name, (make, environment) in COMMANDS.items():
        code, seconds, peak = treepeak.run(["sh", "-c", make()], env=environment, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
        if code != 0:
            sys.exit(f"bench: {name} failed ({code})")
        timings[name].append(seconds)
        peaks[name] = max(peaks[name], peak)
        print(f"bench: round {round_ + 1}/{args.runs} {name}: {seconds:.2f} s, peak {peaks[name] / 1024:.0f} MB",
              file=sys.stderr)

median = {name: statistics.median(t) for name, t in timings.items()}


# ------------------------------------------------------------------ accuracy
def intake_texts(name):
    texts = {}
    for line in open(os.path.join(work, name, "out.jsonl"), encoding="utf-8"):
        record = json.loads(line)
        if record["kind"] == "document":
            texts[os.path.basename(record["source"]["path"])] = "\f".join(p["text"] for p in record["pages"])
    return texts


def folder_texts(name):
    d = os.path.join(work, name)
    return {n[: -len(".txt")]: open(os.path.join(d, n), encoding="utf-8").read() for n in os.listdir(d) if n.endswith(".txt")}


def pooled_cer(texts, files, accept):
    edits = chars = 0
    for f in files:
        name = os.path.basename(f)
        cls, _, variant, expected = manifest[name]
        if not accept(cls, variant):
            continue
        ref = cer.normalize(open(expected, encoding="utf-8").read())
        edits += cer.levenshtein(ref, cer.normalize(texts[name])) if name in texts else len(ref)
        chars += len(ref)
    return edits / chars if chars else None


texts = {n: intake_texts(n) for n in ("intake-text", "intake-images", "intake-images-sb", "intake-scanned",
                                      "intake-scanned-sb")}
texts.update({n: folder_texts(n) for n in ("pdftotext", "pymupdf", "tesseract", "ocrmypdf")})


# ------------------------------------------------------------------ the table
def pct(x):
    return "—" if x is None else f"{x * 100:.2f}%"


def ratio(a, b):
    return f"**{a / b:.2f}×**"


rows = []
n_text, p_text = len(text_files), pages(text_files)
docs_s = {n: n_text / median[n] for n in ("intake-text", "pdftotext", "pymupdf")}
rows.append("| Text-layer PDFs (60 files, 266 pages) | Intake | pdftotext loop | PyMuPDF | Intake / pdftotext | Intake / PyMuPDF |")
rows.append("|---|---:|---:|---:|---:|---:|")
rows.append(f"| median wall time | {median['intake-text']:.2f} s | {median['pdftotext']:.2f} s | {median['pymupdf']:.2f} s | | |")
rows.append(f"| documents/s | {docs_s['intake-text']:.1f} | {docs_s['pdftotext']:.1f} | {docs_s['pymupdf']:.1f} | "
            f"{ratio(docs_s['intake-text'], docs_s['pdftotext'])} | {ratio(docs_s['intake-text'], docs_s['pymupdf'])} |")
rows.append(f"| pages/s | {p_text / median['intake-text']:.0f} | {p_text / median['pdftotext']:.0f} | "
            f"{p_text / median['pymupdf']:.0f} | | |")
all_text = lambda c, v: True
rows.append(f"| character error rate | {pct(pooled_cer(texts['intake-text'], text_files, all_text))} | "
            f"{pct(pooled_cer(texts['pdftotext'], text_files, all_text))} | "
            f"{pct(pooled_cer(texts['pymupdf'], text_files, all_text))} | | |")
rows.append(f"| peak resident memory | {peaks['intake-text'] / 1024:.0f} MB | {peaks['pdftotext'] / 1024:.0f} MB | "
            f"{peaks['pymupdf'] / 1024:.0f} MB | | |")
rows.append("")

p_img, p_scan = pages(image_files), pages(scan_files)
ppm = lambda n, p: p * 60 / median[n]


def ocr_table(title, files, p, a, b, peer, peer_name, classes, accept_of):
    out = [f"| {title} | Intake | Intake, `--layout single-block` | {peer_name} | Intake / peer | single-block / peer |",
           "|---|---:|---:|---:|---:|---:|",
           f"| median wall time | {median[a]:.1f} s | {median[b]:.1f} s | {median[peer]:.1f} s | | |",
           f"| OCR pages/min | {ppm(a, p):.1f} | {ppm(b, p):.1f} | {ppm(peer, p):.1f} | {ratio(ppm(a, p), ppm(peer, p))} | "
           f"{ratio(ppm(b, p), ppm(peer, p))} |"]
    if a == "intake-images":
        u = pages(upright_files)
        out.append(f"| OCR pages/min, the {u} clean and noisy pages only | {ppm('intake-upright', u):.1f} | | "
                   f"{ppm('tesseract-upright', u):.1f} | {ratio(ppm('intake-upright', u), ppm('tesseract-upright', u))} | |")
    for label, keys in classes:
        accept = accept_of(keys)
        x, y, z = (pooled_cer(texts[n], files, accept) for n in (a, b, peer))
        rel = lambda u: f"{u / z:.2f}×" if u is not None and z else "—"
        out.append(f"| CER, {label} | {pct(x)} | {pct(y)} | {pct(z)} | {rel(x)} | {rel(y)} |")
    out.append(f"| peak resident memory | {peaks[a] / 1024:.0f} MB | {peaks[b] / 1024:.0f} MB | {peaks[peer] / 1024:.0f} MB | | |")
    out.append("")
    return out


rows += ocr_table(f"Page images ({len(image_files)} files, {p_img} pages)", image_files, p_img, "intake-images",
                  "intake-images-sb", "tesseract", "tesseract CLI, 2 jobs", IMAGE_CLASSES,
                  lambda keys: (lambda c, v: c in keys))
rows += ocr_table(f"Scanned PDFs ({len(scan_files)} files, {p_scan} pages)", scan_files, p_scan, "intake-scanned",
                  "intake-scanned-sb", "ocrmypdf", "OCRmyPDF `--jobs 2 --rotate-pages --deskew`", SCAN_CLASSES,
                  lambda keys: (lambda c, v: v in keys))
n_all = len(text_files) + len(scan_files) + len(image_files) + len(mixed_files)
rows.append(f"Whole corpus in one `intake run -j 2` ({n_all} files, "
            f"{pages(text_files) + p_scan + p_img + pages(mixed_files)} pages): median {median['intake-all']:.1f} s, "
            f"**peak resident memory {peaks['intake-all'] / 1024:.0f} MB**.")
rows.append("")
rows.append("| Worker processes against in-process (`--in-process`) | worker processes | in-process | "
            "throughput, processes / in-process |")
rows.append("|---|---:|---:|---:|")
for label, a, b in (("text-layer PDFs", "intake-text", "intake-text-inproc"),
                    ("page images (OCR)", "intake-images", "intake-images-inproc"),
                    ("whole corpus", "intake-all", "intake-all-inproc")):
    rows.append(f"| {label}, median wall time | {median[a]:.2f} s | {median[b]:.2f} s | "
                f"{ratio(median[b], median[a])} |")
rows.append(f"| whole corpus, peak resident memory (all processes) | {peaks['intake-all'] / 1024:.0f} MB | "
            f"{peaks['intake-all-inproc'] / 1024:.0f} MB | |")
rows.append("")
rows.append("| The chunk stream (`--chunks FILE`) | with chunks | without | time, with / without |")
rows.append("|---|---:|---:|---:|")
rows.append(f"| text-layer PDFs, median wall time | {median['intake-text-chunks']:.2f} s | {median['intake-text']:.2f} s | "
            f"{ratio(median['intake-text-chunks'], median['intake-text'])} |")
rows.append("")
rows.append("Peak resident memory is the sum over the tool's process and all its children, sampled every "
            "20 ms (scripts/bench/treepeak.py).")

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
tool = lambda cmd: subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip().splitlines()[0]
print(f"Machine: {platform.platform()}, {os.cpu_count()} cores ({cpu}), {mem / 1024 / 1024:.0f} GiB; "
      f"{args.runs} rounds, median time.")
pymupdf_version = tool(quote(os.path.join(args.venv, "bin", "python")) + " -c 'import pymupdf; print(pymupdf.VersionBind)'")
print(f"Peers: {tool('pdftotext -v 2>&1')}; PyMuPDF {pymupdf_version}; "
      f"{tool('tesseract --version 2>&1')}; OCRmyPDF {tool('ocrmypdf --version')}.")
print()
print("\n".join(rows))
