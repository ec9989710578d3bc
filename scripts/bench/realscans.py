#!/usr/bin/env python3
"""Scores Intake and the tesseract CLI on a folder of real page scans with ground truth.

    realscans.py DEV --intake BIN --cer ../shared/bench/cer.py [--work DIR] [--runs N] [--pages]

DEV is what scripts/bench/realscans/prepare.py builds (DEV/pages/*, DEV/truth/NAME.txt,
DEV/manifest.tsv with each page's class) or any folder laid out the same way. Each round runs
`intake run DEV/pages -j 2` and the tesseract CLI over the same pages with 2 jobs (xargs -P 2,
OMP_THREAD_LIMIT=1), in turn; times are the median over the rounds, memory the largest peak.
CER is ../shared/bench/cer.py's over each page, summed per class (edits / reference characters).
Prints a markdown table (and with --pages one row per page); --json FILE keeps the figures.
Standard library only.
"""
import argparse
import csv
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import treepeak  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("dev")
ap.add_argument("--intake", required=True)
ap.add_argument("--cer", required=True, help="../shared/bench/cer.py")
ap.add_argument("--work", default=None, help="where outputs go (default: DEV/../realscans-work)")
ap.add_argument("--runs", type=int, default=1)
ap.add_argument("--jobs", type=int, default=2)
ap.add_argument("--intake-args", default="", help="extra options for intake run")
ap.add_argument("--isolation", action="store_true", help="also time intake run --in-process (the isolation cost)")
ap.add_argument("--no-cli", action="store_true", help="run Intake only (the CLI's last outputs are reused)")
ap.add_argument("--timeout", type=int, default=1800, help="seconds before a whole run is stopped")
ap.add_argument("--pages", action="store_true", help="also print one row per page")
ap.add_argument("--json", default=None)
args = ap.parse_args()

spec = importlib.util.spec_from_file_location("cer", args.cer)
cer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cer)

dev = os.path.abspath(args.dev)
work = os.path.abspath(args.work or os.path.join(os.path.dirname(dev), "realscans-work"))
os.makedirs(work, exist_ok=True)
rows = list(csv.DictReader(open(os.path.join(dev, "manifest.tsv"), encoding="utf-8"), delimiter="\t"))
classes = {}
for r in rows:
    classes.setdefault(r["class"], []).append(r["file"])
files = [os.path.join(dev, "pages", r["file"]) for r in rows]


def stem(name):
    return os.path.splitext(os.path.basename(name))[0]


def timed(command, environment):
    """Wall seconds and peak resident MB (all its processes, treepeak.py) of a shell command, or None on a
    time-out."""
    command = f"timeout -s KILL {args.timeout} sh -c {q(command)}"
    code, wall, peak = treepeak.run(["sh", "-c", command], env=environment, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    if code in (-9, 137):
        subprocess.run(["pkill", "-9", "-f", os.path.basename(args.intake) + " (run|worker)"], check=False)
        subprocess.run(["pkill", "-9", "tesseract"], check=False)
        return None, None
    return wall, peak / 1024


def env(**changes):
    e = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    e.update(changes)
    return e


def q(path):
    return "'" + path.replace("'", "'\\''") + "'"


intake_out = os.path.join(work, "intake.jsonl")
cli_dir = os.path.join(work, "tesseract")
intake_cmd = f"{q(os.path.abspath(args.intake))} run {q(os.path.join(dev, 'pages'))} -j {args.jobs} {args.intake_args} -o {q(intake_out)}"
cli_cmd = ("printf '%s\\n' " + " ".join(map(q, files)) + f" | xargs -P{args.jobs} -I{{}} sh -c "
           + q('tesseract "$1" "$2/$(basename "$1")" 2>/dev/null') + " _ {} " + q(cli_dir))

inproc_cmd = intake_cmd.replace(q(intake_out), q(os.path.join(work, "intake-inproc.jsonl"))) + " --in-process"
times = {"intake": [], "tesseract": [], "inproc": []}
peaks = {"intake": 0.0, "tesseract": 0.0, "inproc": 0.0}
for round_ in range(args.runs):
    for name, command, environment in (("intake", intake_cmd, env()),
                                       ("tesseract", cli_cmd, env(OMP_THREAD_LIMIT="1")),
                                       ("inproc", inproc_cmd, env())):
        if name == "tesseract" and args.no_cli or name == "inproc" and not args.isolation:
            continue
        if name == "tesseract":
            shutil.rmtree(cli_dir, ignore_errors=True)
            os.makedirs(cli_dir)
        wall, peak = timed(command, environment)
        print(f"round {round_ + 1}: {name} {'timed out' if wall is None else f'{wall:.1f} s, {peak:.0f} MB'}",
              file=sys.stderr)
        if wall is not None:
            times[name].append(wall)
            peaks[name] = max(peaks[name], peak)

# ------------------------------------------------------------------ texts and error rates
intake_pages = {}
for line in open(intake_out, encoding="utf-8") if os.path.exists(intake_out) else []:
    record = json.loads(line)
    name = stem(record["source"]["path"])
    if record.get("kind") == "error":
        intake_pages[name] = {"text": "", "error": record["error"]["code"]}
    else:
        pages = record["pages"]
        intake_pages[name] = {"text": "\n".join(p["text"] for p in pages), "page": pages[0],
                              "warnings": record.get("warnings", [])}


def cli_text(name):
    path = os.path.join(cli_dir, next(f for f in map(os.path.basename, files) if stem(f) == name) + ".txt")
    return open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""


per_page = []
for r in rows:
    name = stem(r["file"])
    truth = open(os.path.join(dev, "truth", name + ".txt"), encoding="utf-8").read()
    got = intake_pages.get(name, {"text": "", "error": "missing"})
    a = cer.error_rates(truth, got["text"])
    b = cer.error_rates(truth, cli_text(name))
    page = got.get("page", {})
    pre = page.get("preprocessing") or {}
    per_page.append({
        "name": name, "class": r["class"], "stated": r.get("stated", ""), "ref": a["ref_chars"],
        "intake_edits": a["char_edits"], "cli_edits": b["char_edits"],
        "dpi": page.get("dpi"), "dpi_source": page.get("dpi_source"), "text_height": pre.get("text_height"),
        "resampled_from": pre.get("resampled_from_dpi"), "denoised": pre.get("denoised"),
        "rotated": pre.get("rotated"), "deskewed": pre.get("deskewed"), "error": got.get("error"),
        "ocr_ms": (page.get("timings") or {}).get("ocr_ms"),
    })


def pct(edits, ref):
    return 100.0 * edits / ref if ref else 0.0


def ratio(a, b):
    return f"{a / b:.2f}×" if b else "–"


print()
print("| Real page scans | pages | Intake CER | tesseract CLI CER | Intake / CLI |")
print("|---|---:|---:|---:|---:|")
order = [c for c in ("clean", "receipt", "noisy", "turned", "skewed") if c in classes] + \
    [c for c in classes if c not in ("clean", "receipt", "noisy", "turned", "skewed")]
for c in order + ["all"]:
    sel = [p for p in per_page if c == "all" or p["class"] == c]
    ref = sum(p["ref"] for p in sel)
    ia, ib = sum(p["intake_edits"] for p in sel), sum(p["cli_edits"] for p in sel)
    print(f"| {c} | {len(sel)} | {pct(ia, ref):.2f} % | {pct(ib, ref):.2f} % | {ratio(ia, ib)} |")
n = len(per_page)
mi = statistics.median(times["intake"]) if times["intake"] else None
mt = statistics.median(times["tesseract"]) if times["tesseract"] else None
print()
print(f"| Time ({n} pages, {args.jobs} jobs, median of {args.runs}) | Intake | tesseract CLI | Intake / CLI |")
print("|---|---:|---:|---:|")
if mi and mt:
    print(f"| wall time | {mi:.1f} s | {mt:.1f} s | |")
    print(f"| pages/min | {60 * n / mi:.1f} | {60 * n / mt:.1f} | **{mt / mi:.2f}×** |")
    print(f"| peak resident memory | {peaks['intake']:.0f} MB | {peaks['tesseract']:.0f} MB | |")
elif mi:
    print(f"| wall time | {mi:.1f} s | – | |")
else:
    print("| wall time | timed out | | |")
if times["inproc"] and mi:
    mp = statistics.median(times["inproc"])
    print()
    print(f"Worker processes against `--in-process` on the same pages: {mi:.1f} s against {mp:.1f} s, throughput "
          f"**{mp / mi:.2f}×**; peak {peaks['intake']:.0f} MB against {peaks['inproc']:.0f} MB (all processes).")
if args.pages:
    print()
    print("| page | class | stated | dpi used (source) | text height | resampled from | denoised | turned | deskewed | Intake CER | CLI CER |")
    print("|---|---|---|---|---:|---:|---|---:|---|---:|---:|")
    for p in per_page:
        used = f"{p['dpi']} ({p['dpi_source']})" if p["dpi"] else (p["error"] or "–")
        print(f"| {p['name']} | {p['class']} | {p['stated']} | {used} | {p['text_height'] or ''} | "
              f"{p['resampled_from'] or ''} | {'yes' if p['denoised'] else ''} | {p['rotated'] or ''} | "
              f"{'yes' if p['deskewed'] else ''} | "
              f"{pct(p['intake_edits'], p['ref']):.1f} % | {pct(p['cli_edits'], p['ref']):.1f} % |")
if args.json:
    json.dump({"pages": per_page, "times": times, "peaks": peaks}, open(args.json, "w"), indent=1)
