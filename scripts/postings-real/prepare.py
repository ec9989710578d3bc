#!/usr/bin/env python3
"""Builds the second set of real postings (postings that are not in postings-dev) outside the project.

    prepare.py DEST --source OWNER/NAME=GIT_DIR [--source ...]

Each GIT_DIR is a clone of a repository named in manifest.tsv (a bare clone is enough: files are
read with `git show COMMIT:PATH`). DEST gets each posting as manifest.tsv renders it, and a copy
of labels.jsonl, so `python3 ../shared/postings-dev/score.py BIN --dir DEST` and
`make accuracy` (POSTINGS_REAL=DEST) score it. The postings are third parties' files: only this
recipe, the manifest and the labels (facts about those files) are committed.
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def show(git_dir, commit, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def w3m(html):
    return subprocess.run(["w3m", "-dump", "-T", "text/html", "-cols", "100"], input=html, check=True,
                          capture_output=True).stdout


def hn_comment(page, item):
    """One top-level comment of a stored Hacker News thread page: its header (user and age, as
    the page shows them), a blank line, then the comment's HTML through w3m."""
    blocks = re.split(r"<tr class='athing comtr ' id='(\d+)'>", page)
    body = blocks[blocks.index(item) + 1]
    user = re.search(r'class="hnuser">([^<]+)</a>', body).group(1)
    age = re.search(r'<span class="age"><a [^>]*>([^<]+)</a>', body).group(1)
    text = re.search(r'<span class="commtext c\w+">(.*?)</span>\s*<div class=\'reply\'>', body, re.S).group(1)
    return f"{user} {age}\n\n".encode() + w3m(text.encode())


def usajobs(item):
    """A USAJOBS search-API result as "key: value" lines, then its job and qualification summaries."""
    o = item["MatchedObjectDescriptor"]
    details = o["UserArea"]["Details"]
    pay = o["PositionRemuneration"][0]
    lines = [
        f"PositionTitle: {o['PositionTitle']}",
        f"OrganizationName: {o['OrganizationName']}",
        f"DepartmentName: {o['DepartmentName']}",
        f"PositionID: {o['PositionID']}",
        "PositionLocation: " + "; ".join(place["LocationName"].strip() for place in o["PositionLocation"]),
        "JobCategory: " + "; ".join(f"{c['Name']} ({c['Code']})" for c in o["JobCategory"]),
        f"JobGrade: {o['JobGrade'][0]['Code']} {details['LowGrade']} - {details['HighGrade']}",
        "PositionSchedule: " + "; ".join(s["Name"] for s in o["PositionSchedule"]),
        "PositionOfferingType: " + "; ".join(s["Name"] for s in o["PositionOfferingType"]),
        f"PositionRemuneration: {pay['MinimumRange']} - {pay['MaximumRange']} {pay['RateIntervalCode']}",
        f"PublicationStartDate: {o['PublicationStartDate']}",
        f"ApplicationCloseDate: {o['ApplicationCloseDate']}",
        f"WhoMayApply: {details['WhoMayApply']['Name']}",
        f"PositionURI: {o['PositionURI']}",
        "", "JobSummary:", details["JobSummary"], "", "QualificationSummary:", o["QualificationSummary"],
    ]
    return ("\n".join(lines) + "\n").encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dest")
    ap.add_argument("--source", action="append", default=[], help="OWNER/NAME=GIT_DIR")
    a = ap.parse_args()
    sources = dict(s.split("=", 1) for s in a.source)
    os.makedirs(a.dest, exist_ok=True)
    rows = csv.DictReader((l for l in open(os.path.join(HERE, "manifest.tsv"), encoding="utf-8")
                           if not l.startswith("#")), delimiter="\t")
    count = 0
    for row in rows:
        git_dir = sources.get(row["repo"])
        if git_dir is None:
            sys.exit(f"prepare: no --source for {row['repo']}")
        data = show(git_dir, row["commit"], row["path"])
        render = row["render"]
        if render == "w3m":
            data = w3m(data)
        elif render == "tpl":
            # A site-generator template: its first line (the page title), a blank line, then the
            # HTML after the "%%%" separator as w3m renders it.
            title, _, body = data.partition(b"%%%")
            data = title.strip() + b"\n\n" + w3m(body)
        elif render == "frontmatter+html":
            # YAML front matter as written, a blank line, then the HTML body through w3m.
            end = data.index(b"\n---\n", 4) + 5
            data = data[:end] + b"\n" + w3m(data[end:]).rstrip(b"\n") + b"\n"
        elif render == "asp":
            data = w3m(re.sub(rb"<%.*?%>", b"", data, flags=re.S))
        elif render.startswith("usajobs:"):
            data = usajobs(json.loads(data)["SearchResult"]["SearchResultItems"][int(render.split(":", 1)[1])])
        elif render.startswith("hn-comment:"):
            data = hn_comment(data.decode("utf-8"), render.split(":", 1)[1])
        elif render.startswith("heading+mdx:"):
            heading, date = render.split(":", 1)[1].split("|")
            data = f"{heading}\n\n{date}\n\n".encode() + data
        elif render != "verbatim":
            sys.exit(f"prepare: unknown render {render}")
        with open(os.path.join(a.dest, row["file"]), "wb") as f:
            f.write(data)
        count += 1
    shutil.copyfile(os.path.join(HERE, "labels.jsonl"), os.path.join(a.dest, "labels.jsonl"))
    print(f"prepare: {count} postings in {a.dest}")


if __name__ == "__main__":
    main()
