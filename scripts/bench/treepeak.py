#!/usr/bin/env python3
"""Runs a command and reports the peak of the summed resident memory of it and all its
descendants, sampled every 20 ms from /proc (GNU time's %M is only the largest single process,
which understates a tool that works in child processes: Intake's workers, OCRmyPDF's tesseracts).

    treepeak.py OUTFILE COMMAND...      writes "SECONDS PEAK_KIB" to OUTFILE; exits as COMMAND does

Also a module: `run(command, **popen_arguments) -> (returncode, seconds, peak_kib)`.
"""
import os
import subprocess
import sys
import time


def _children():
    """pid → parent pid for every process."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    return parents


def _tree_rss_kib(root):
    parents = _children()
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            pass
    return total


def run(command, **popen_arguments):
    start = time.perf_counter()
    process = subprocess.Popen(command, **popen_arguments)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.02)
    return process.returncode, time.perf_counter() - start, peak


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    code, seconds, peak = run(sys.argv[2:])
    with open(sys.argv[1], "w") as f:
        f.write(f"{seconds:.3f} {peak}\n")
    sys.exit(code)
