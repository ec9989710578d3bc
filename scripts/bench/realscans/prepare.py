#!/usr/bin/env python3
"""Builds the real-scan development set from public OCR collections, outside the project.

    prepare.py DEST --source REPO=FOLDER [--source ...] [--manifest TSV]

--manifest holdout.tsv builds the held-out set instead: 20 further FUNSD forms that no setting
was chosen on, to check that what helps the development set's forms helps forms in general.

Each FOLDER is a checkout (or `git archive`) of a public repository named in manifest.tsv
(scribeocr/ocr-benchmark, Doc-LD/funsd-bench, zzzDavid/ICDAR-2019-SROIE, at the commits the
manifest gives). For every manifest row, DEST/pages/NAME.EXT is the page image exactly as the
collection has it (its bytes checked against the manifest's sha256, so a stated resolution stays
right, wrong or missing as it came), or, for a `turned` or `skewed` row, that image turned by the
row's degrees with ImageMagick (a multiple of 90, or a few degrees as a page fed askew); DEST/truth/NAME.txt is the collection's ground truth as plain text
in the collection's reading order (hOCR words by line; SROIE's boxes in file order; FUNSD's
words chained into lines, top to bottom, left to right). DEST/manifest.tsv lists the pages with
their class. Nothing is written inside the project: the images and transcriptions are the
collections' files, and only this recipe and the manifest (facts about them) are committed.
"""
import argparse
import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def hocr_text(path):
    """Words of each ocr_line, a line a line (hOCR as the scribeocr benchmark writes it)."""
    source = open(path, encoding="utf-8").read()
    lines = []
    for line in re.split(r"<span class=.ocr_line", source)[1:]:
        words = [html.unescape(re.sub(r"<[^>]+>", "", w)).strip()
                 for w in re.findall(r"<span class=.ocrx_word[^>]*>(.*?)</span>", line, re.S)]
        words = [w for w in words if w]
        if words:
            lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


def sroie_text(path):
    """SROIE box files: x1,y1,...,x4,y4,TEXT per line, in reading order."""
    lines = []
    for row in open(path, encoding="utf-8", errors="replace"):
        parts = row.rstrip("\r\n").split(",", 8)
        if len(parts) == 9 and parts[8].strip():
            lines.append(parts[8].strip())
    return "\n".join(lines) + "\n"


def funsd_text(path):
    """FUNSD annotations: every word, chained into lines, lines top to bottom, words left to right.

    Words are taken left to right; a word joins the line whose last word it sits beside (its
    vertical centre within that word, and that word's centre within it, the nearer such line
    when two qualify), else it starts a line. Comparing with the neighbouring word rather than
    the line's first follows a line printed askew, and a label printed a little above its value:
    grouping by the first word broke a 0.8° askew form's sentences into pieces that were then
    sorted among the lines below them. The centre test both ways keeps a tall box (the document
    number printed vertically in the margin of most FUNSD pages, a large heading) from
    swallowing the lines beside it.
    """
    words = []
    for entity in json.load(open(path, encoding="utf-8"))["form"]:
        for word in entity["words"]:
            text = word["text"].strip()
            if text:
                x0, y0, x1, y1 = word["box"]
                words.append((x0, y0, x1, y1, text))
    lines = []
    for word in sorted(words):
        centre = (word[1] + word[3]) / 2
        beside = [line for line in lines
                  if line[-1][0] < word[0] and line[-1][1] <= centre <= line[-1][3]
                  and word[1] <= (line[-1][1] + line[-1][3]) / 2 <= word[3]]
        if beside:
            min(beside, key=lambda line: word[0] - line[-1][2]).append(word)
        else:
            lines.append([word])
    lines.sort(key=lambda line: (line[0][1] + line[0][3]) / 2)
    return "\n".join(" ".join(w[4] for w in line) for line in lines) + "\n"


READERS = {"hocr": hocr_text, "sroie": sroie_text, "funsd": funsd_text}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dest")
    ap.add_argument("--source", action="append", default=[], help="REPO=FOLDER, for each collection")
    ap.add_argument("--manifest", default=os.path.join(HERE, "manifest.tsv"))
    a = ap.parse_args()
    sources = dict(s.split("=", 1) for s in a.source)
    rows = list(csv.DictReader((l for l in open(a.manifest, encoding="utf-8") if not l.startswith("#")),
                               delimiter="\t"))
    os.makedirs(os.path.join(a.dest, "pages"), exist_ok=True)
    os.makedirs(os.path.join(a.dest, "truth"), exist_ok=True)
    out = []
    for row in rows:
        folder = sources.get(row["repo"])
        if folder is None:
            sys.exit(f"prepare: no --source for {row['repo']}")
        image = os.path.join(folder, row["image"])
        digest = sha256(image)
        if digest != row["sha256"]:
            sys.exit(f"prepare: {image} has sha256 {digest}, the manifest says {row['sha256']}")
        ext = os.path.splitext(row["image"])[1]
        target = os.path.join(a.dest, "pages", row["name"] + ext)
        turn = float(row.get("turn") or 0)
        if turn:
            # ImageMagick keeps the file's format and its stated density; a skew widens the
            # canvas, filled white as a scanner's lid is.
            subprocess.run(["convert", image, "-background", "white", "-rotate", f"{turn:g}", "+repage", target], check=True)
        else:
            shutil.copyfile(image, target)
        text = READERS[row["truth_format"]](os.path.join(folder, row["truth"]))
        with open(os.path.join(a.dest, "truth", row["name"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        out.append((row["name"] + ext, row["class"], row["repo"], row["image"], row["stated"]))
    with open(os.path.join(a.dest, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("file\tclass\trepo\tsource\tstated\n")
        for r in out:
            f.write("\t".join(r) + "\n")
    print(f"prepare: {len(out)} pages in {a.dest}")


if __name__ == "__main__":
    main()
