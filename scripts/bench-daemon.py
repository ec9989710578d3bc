#!/usr/bin/env python3
"""Benchmarks of `intake watch` (issue #4's goals), with the release binary.

  latency  A one-page text PDF (written beforehand, so its mtime is old) is renamed into the
           inbox; the time until its record line is in the output. Median, p90 and max over N
           drops, one at a time. Goal: median under 100 ms.
  backlog  N small, distinct text PDFs wait in the inbox before the daemon starts; the peak
           resident memory (VmHWM) while it works through them. Goal: under 200 MB.

Usage: scripts/bench-daemon.py [--drops 50] [--backlog 5000] [--binary .build/release/intake]
Needs tests' fixture Tests/IntakePipelineTests/Fixtures/text.pdf. Only the standard library.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PDF = open(os.path.join(ROOT, "Tests/IntakePipelineTests/Fixtures/text.pdf"), "rb").read()


def unique_pdf(number):
    # A comment after %%EOF makes the bytes (and so the record id) unique; readers ignore it.
    return PDF + b"%% bench copy %d\n" % number


def write_old(path, number):
    """Writes unique_pdf(number) at path, with an mtime a minute old (as a file moved in has)."""
    with open(path, "wb") as f:
        f.write(unique_pdf(number))
    old = time.time() - 60
    os.utime(path, (old, old))


def start(binary, root, env=None):
    log = open(os.path.join(root, "daemon.log"), "ab")
    proc = subprocess.Popen([binary, "watch", "--root", os.path.join(root, "data")],
                            stderr=log, stdout=subprocess.DEVNULL, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        with open(os.path.join(root, "daemon.log"), "rb") as f:
            if b"intake is watching" in f.read():
                return proc
        time.sleep(0.01)
    raise SystemExit("daemon did not start")


def lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except FileNotFoundError:
        return 0


def peak_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=120)


def latency(binary, drops):
    root = tempfile.mkdtemp(prefix="intake-bench-")
    try:
        proc = start(binary, root)
        output = os.path.join(root, "data/out/intake.jsonl")
        staging = os.path.join(root, "staging")
        os.makedirs(staging)
        # One warm-up drop (first use of Poppler, SQLite pages), not counted.
        write_old(os.path.join(staging, "warm.pdf"), 10**6)
        for i in range(drops):
            write_old(os.path.join(staging, "doc-%d.pdf" % i), i)
        samples = []
        for i in range(-1, drops):
            name = "warm.pdf" if i < 0 else "doc-%d.pdf" % i
            before = lines(output)
            t0 = time.perf_counter()
            os.rename(os.path.join(staging, name), os.path.join(root, "data/inbox", name))
            while lines(output) == before:
                time.sleep(0.0005)
            if i >= 0:
                samples.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.05)
        status = stop(proc)
        samples.sort()
        print("latency: %d drops of a 1-page text PDF (fsync=always): median %.1f ms, p90 %.1f ms, max %.1f ms; exit %d"
              % (drops, statistics.median(samples), samples[int(len(samples) * 0.9) - 1], samples[-1], status))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def backlog(binary, count):
    root = tempfile.mkdtemp(prefix="intake-bench-")
    try:
        inbox = os.path.join(root, "data/inbox")
        os.makedirs(inbox)
        for i in range(count):
            write_old(os.path.join(inbox, "doc-%05d.pdf" % i), i)
        t0 = time.time()
        proc = start(binary, root)
        output = os.path.join(root, "data/out/intake.jsonl")
        peak = 0
        while lines(output) < count and proc.poll() is None:
            peak = max(peak, peak_rss_kb(proc.pid))
            time.sleep(0.2)
        elapsed = time.time() - t0
        peak = max(peak, peak_rss_kb(proc.pid))
        status = stop(proc)
        done = len(os.listdir(os.path.join(root, "data/done")))
        print("backlog: %d files, %d records, %d in done/ in %.1f s (%.1f docs/s); peak RSS (VmHWM) %.1f MB; exit %d"
              % (count, lines(output), done, elapsed, count / elapsed, peak / 1024, status))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drops", type=int, default=50)
    parser.add_argument("--backlog", type=int, default=5000)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/intake"))
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit("build it first: make bench-daemon (or: source scripts/env.sh && build_release)")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.drops:
        latency(args.binary, args.drops)
    if args.backlog:
        backlog(args.binary, args.backlog)


if __name__ == "__main__":
    main()
