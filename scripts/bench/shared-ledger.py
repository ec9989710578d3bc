#!/usr/bin/env python3
"""What the PostgreSQL ledger costs (issue #22), with the release binary on this machine.

One `intake watch` works through a backlog that waits in its inbox before it starts, once with
the embedded SQLite ledger and once with the PostgreSQL ledger of a throw-away cluster
(scripts/pg-cluster.sh, loopback TCP), alternating, ROUNDS times each; with `--table` a third
arm also upserts every record into a PostgreSQL table. Per run it reports:

  throughput   documents per second from "intake is watching" to the last record line
  per document the ledger operations and their time, from the daemon's own /metrics
               (`intake_ledger_seconds`, per op: count and sum), divided by the documents
  transactions PostgreSQL's own count (pg_stat_database.xact_commit) per document: every
               ledger operation is one statement, so this is the round trips, seen by the server

Backlogs: `text` (one-page text PDFs, unique bytes: the worst case for coordination, since the
extraction costs a few milliseconds) and `ocr` (the scanned one-page posting, unique bytes).

Usage: scripts/bench/shared-ledger.py [--kind text|ocr] [--backlog N] [--rounds R] [--table]
Only the standard library; needs Debian's postgresql (as the tests do).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = {
    "text": os.path.join(ROOT, "Tests/IntakePipelineTests/Fixtures/text.pdf"),
    "ocr": os.path.join(ROOT, "samples/posting-scanned.pdf"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_backlog(inbox, source, count, tag):
    data = open(source, "rb").read()
    old = time.time() - 60
    for number in range(count):
        path = os.path.join(inbox, "doc-%05d.pdf" % number)
        with open(path, "wb") as f:
            # A comment after %%EOF makes the bytes (so the record id) unique; readers ignore it.
            f.write(data + b"%% bench %s %d\n" % (tag.encode(), number))
        os.utime(path, (old, old))


def busy_seconds():
    """CPU time spent by everything on the machine so far (user, nice, system, irq, softirq)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scrape(port):
    text = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5).read().decode()
    ops, stages = {}, {}
    for line in text.splitlines():
        for prefix, key, into in (("intake_ledger_seconds_", 'op="', ops), ("intake_stage_seconds_", 'stage="', stages)):
            if not line.startswith(prefix):
                continue
            name, value = line.rsplit(" ", 1)
            kind = name.split("{")[0].rsplit("_", 1)[1]
            if kind in ("sum", "count"):
                into.setdefault(name.split(key)[1].split('"')[0], {})[kind] = float(value)
    return ops, stages


class Postgres:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.script = os.path.join(ROOT, "scripts/pg-cluster.sh")
        subprocess.run(["bash", self.script, "start", folder, str(self.port)], check=True)
        self.psql = [os.path.join(self.bin(), "psql"), "-h", folder, "-p", str(self.port), "-U", "intake",
                     "-d", "intake", "-qAtX"]

    @staticmethod
    def bin():
        return sorted(os.path.join("/usr/lib/postgresql", v, "bin") for v in os.listdir("/usr/lib/postgresql"))[-1]

    def pin(self, cpus):
        """Moves the server's processes (and so the backends it forks later) onto `cpus`."""
        with open(os.path.join(self.folder, "data", "postmaster.pid")) as f:
            postmaster = int(f.readline())
        for pid in [postmaster] + [int(p) for p in subprocess.run(
                ["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()]:
            os.sched_setaffinity(pid, cpus)

    def url(self, socket_path):
        if socket_path:
            return "postgresql://intake@localhost:%d/intake?host=%s" % (self.port, self.folder)
        return "postgresql://intake@127.0.0.1:%d/intake" % self.port

    def sql(self, statement):
        return subprocess.run(self.psql + ["-c", statement], check=True, capture_output=True, text=True).stdout.strip()

    def reset(self):
        self.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")

    def commits(self):
        # The statistics are flushed by each backend at most once a second.
        time.sleep(1.2)
        self.sql("SELECT pg_stat_clear_snapshot()")
        return int(self.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'intake'"))

    def stop(self):
        subprocess.run(["bash", self.script, "stop", self.folder], check=False)


def run_once(binary, arm, kind, count, jobs, postgres, tag, socket_path=False, cpus=None):
    root = tempfile.mkdtemp(prefix="intake-bench-ledger-")
    try:
        data = os.path.join(root, "data")
        os.makedirs(os.path.join(data, "inbox"))
        write_backlog(os.path.join(data, "inbox"), SOURCES[kind], count, tag)
        http = free_port()
        config = ['[folders]', 'root = "%s"' % data, '[processing]', 'jobs = %d' % jobs,
                  '[http]', 'listen = "127.0.0.1:%d"' % http]
        output = os.path.join(data, "out/intake.jsonl")
        if arm != "sqlite":
            postgres.reset()
            config += ['[ledger]', 'backend = "postgresql"',
                       'url = "%s"' % postgres.url(socket_path), 'host = "bench"']
            if arm == "postgresql+table":
                config += ['[output]', 'postgresql_table = "intake_records"']
            output = os.path.join(data, "out/intake-bench.jsonl")
        with open(os.path.join(root, "intake.toml"), "w") as f:
            f.write("\n".join(config) + "\n")
        before = postgres.commits() if arm != "sqlite" else 0
        log = open(os.path.join(root, "daemon.log"), "wb")
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        proc = subprocess.Popen([binary, "watch", "--config", os.path.join(root, "intake.toml")],
                                stderr=log, stdout=subprocess.DEVNULL, env=env,
                                preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
        started = None
        deadline = time.time() + 600
        seen_lines, seen_bytes = 0, 0
        while time.time() < deadline:
            if started is None:
                with open(os.path.join(root, "daemon.log"), "rb") as f:
                    if b"intake is watching" in f.read():
                        started = time.monotonic()
                        busy = busy_seconds()
            elif os.path.exists(output):
                # Only the bytes appended since the last look: the poll must cost next to nothing.
                with open(output, "rb") as f:
                    f.seek(seen_bytes)
                    new = f.read()
                seen_bytes += len(new)
                seen_lines += new.count(b"\n")
                if seen_lines >= count:
                    break
            if proc.poll() is not None:
                raise SystemExit("daemon exited: " + open(os.path.join(root, "daemon.log")).read()[-2000:])
            time.sleep(0.01)
        else:
            raise SystemExit("backlog not done in 600 s")
        elapsed = time.monotonic() - started
        machine_cpu = busy_seconds() - busy
        daemon_cpu = own_cpu_seconds(proc.pid)
        ops, stages = scrape(http)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
        commits = postgres.commits() - before if arm != "sqlite" else None
        return {"arm": arm, "seconds": elapsed, "docs_per_s": count / elapsed, "ops": ops, "stages": stages,
                "machine_cpu": machine_cpu, "daemon_cpu": daemon_cpu,
                "commits": commits}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=sorted(SOURCES), default="text")
    parser.add_argument("--backlog", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--table", action="store_true", help="a third arm with [output] postgresql_table")
    parser.add_argument("--socket", action="store_true", help="PostgreSQL over its Unix socket, not TCP")
    parser.add_argument("--pin", action="store_true",
                        help="the daemon and its workers on CPU 0, PostgreSQL on CPU 1 (a server of its own), in every arm")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/intake"))
    parser.add_argument("--json", help="write every run's figures here")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="intake-bench-pg-")
    os.chmod(folder, 0o755)  # the server runs as `postgres` when this runs as root
    postgres = Postgres(os.path.join(folder, "pg"))
    cpus = None
    if args.pin:
        cpus = {0}
        postgres.pin({1})
    arms = ["sqlite", "postgresql"] + (["postgresql+table"] if args.table else [])
    runs = []
    try:
        run_once(args.binary, "postgresql", args.kind, 20, args.jobs, postgres, "warm-up", args.socket, cpus)
        for round_number in range(args.rounds):
            order = arms if round_number % 2 == 0 else list(reversed(arms))
            for arm in order:
                result = run_once(args.binary, arm, args.kind, args.backlog, args.jobs, postgres,
                                  "%s-%d" % (arm, round_number), args.socket, cpus)
                runs.append(result)
                print("round %d %-17s %7.2f s  %7.1f docs/s" % (round_number, arm, result["seconds"],
                                                             result["docs_per_s"]), flush=True)
    finally:
        postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)

    if args.json:
        with open(args.json, "w") as f:
            json.dump(runs, f, indent=1)
    print("\n%s backlog of %d, %d jobs, %d rounds (medians)%s" % (
        args.kind, args.backlog, args.jobs, args.rounds, "; daemon on CPU 0, PostgreSQL on CPU 1" if args.pin else ""))
    base = statistics.median(r["docs_per_s"] for r in runs if r["arm"] == "sqlite")
    for arm in arms:
        mine = [r for r in runs if r["arm"] == arm]
        rate = statistics.median(r["docs_per_s"] for r in mine)
        print("\n%-17s %7.1f docs/s  (%.3f of sqlite)" % (arm, rate, rate / base))
        per_doc_ms = statistics.median(sum(o.get("sum", 0) for o in r["ops"].values()) * 1000 / args.backlog
                                       for r in mine)
        calls = statistics.median(sum(o.get("count", 0) for o in r["ops"].values()) / args.backlog for r in mine)
        print("  ledger: %.2f operations and %.3f ms per document" % (calls, per_doc_ms))
        for op in sorted({op for r in mine for op in r["ops"]}):
            count = statistics.median(r["ops"].get(op, {}).get("count", 0) for r in mine)
            total = statistics.median(r["ops"].get(op, {}).get("sum", 0) for r in mine)
            mean = total / count * 1000 if count else 0
            print("    %-14s %7.0f calls  mean %.3f ms" % (op, count, mean))
        print("  CPU per document: %.2f ms on the whole machine, %.2f ms in the daemon's own process" % (
            statistics.median(r["machine_cpu"] for r in mine) * 1000 / args.backlog,
            statistics.median(r["daemon_cpu"] for r in mine) * 1000 / args.backlog))
        print("  stages (mean ms per document): " + ", ".join(
            "%s %.1f" % (stage, statistics.median(r["stages"][stage]["sum"] * 1000 / r["stages"][stage]["count"]
                                                  for r in mine))
            for stage in sorted(mine[0]["stages"])))
        if mine[0]["commits"] is not None:
            commits = statistics.median(r["commits"] / args.backlog for r in mine)
            print("  PostgreSQL transactions per document (pg_stat_database): %.2f" % commits)


if __name__ == "__main__":
    sys.exit(main())
