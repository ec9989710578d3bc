"""Loads Intake's chunk stream with the real clients, LangChain and LlamaIndex, and checks it.

    check_clients.py RECORDS.jsonl CHUNKS.jsonl [CHUNKS-AGAIN.jsonl]

Asserts that every chunk loads unchanged as a LangChain Document and as a LlamaIndex TextNode,
with its id; that every metadata value is a scalar or a list of scalars; that each chunk's text
is its record's text at the chunk's span and its pages agree with the record's page offsets;
that LlamaIndex's SentenceSplitter (default size) takes every node without a metadata error; and,
given a second run's chunks, that the ids are the same.
"""

import bisect
import json
import sys
from importlib.metadata import version

from langchain_core.documents import Document
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import MetadataMode, TextNode

SCALARS = (str, int, float, bool)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check(records_path, chunks_path, again_path=None):
    records = {r["id"]: r for r in read(records_path) if r["kind"] == "document"}
    lines = read(chunks_path)
    chunks = [line for line in lines if line["kind"] == "chunk"]
    assert chunks, "no chunks"
    assert len(chunks) == len(lines), "a batch run writes no deletions"

    nested = 0
    for chunk in chunks:
        for key, value in chunk["metadata"].items():
            ok = isinstance(value, SCALARS) or (
                isinstance(value, list) and all(isinstance(v, SCALARS) for v in value)
            )
            nested += not ok
            assert ok, f"{chunk['id']}: metadata {key} is {type(value).__name__}"

    # Spans, pages, ids and counts against the records.
    by_doc = {}
    for chunk in chunks:
        by_doc.setdefault(chunk["doc_id"], []).append(chunk)
    assert set(by_doc) == set(records), "every document has chunks"
    pages_checked = 0
    for doc_id, doc_chunks in by_doc.items():
        record = records[doc_id]
        text, offsets = record["text"], record["page_offsets"]
        for index, chunk in enumerate(doc_chunks):
            meta = chunk["metadata"]
            assert chunk["id"] == f"{doc_id}:{index:04d}", chunk["id"]
            assert meta["chunk_index"] == index and meta["chunk_count"] == len(doc_chunks)
            start, end = chunk["provenance"]["span"]
            assert text[start:end] == chunk["text"], f"{chunk['id']}: text is not the record's at its span"
            first = bisect.bisect_right(offsets, start)
            last = bisect.bisect_right(offsets, end - 1)
            assert (meta["page_start"], meta["page_end"]) == (first, last), chunk["id"]
            parts = chunk["provenance"]["pages"]
            assert [p["page"] for p in parts][0] == first and parts[-1]["page"] == last
            assert "".join(text[p["span"][0]:p["span"][1]] for p in parts) == chunk["text"]
            pages_checked += 1
            assert meta["revision"] == record["revision"] and meta["file_name"] == record["source"]["file_name"]

    # LangChain: Documents, unchanged.
    documents = [Document(page_content=c["text"], metadata=c["metadata"], id=c["id"]) for c in chunks]
    for document, chunk in zip(documents, chunks):
        assert document.id == chunk["id"]
        assert document.page_content == chunk["text"] and document.metadata == chunk["metadata"]

    # LlamaIndex: TextNodes, unchanged, with the excluded keys honoured.
    nodes = [
        TextNode(
            id_=c["id"],
            text=c["text"],
            metadata=c["metadata"],
            excluded_embed_metadata_keys=c["excluded_embed_metadata_keys"],
            excluded_llm_metadata_keys=c["excluded_llm_metadata_keys"],
        )
        for c in chunks
    ]
    for node, chunk in zip(nodes, chunks):
        assert node.node_id == chunk["id"] and node.text == chunk["text"] and node.metadata == chunk["metadata"]
        embedded = node.get_content(metadata_mode=MetadataMode.EMBED)
        for key in chunk["excluded_embed_metadata_keys"]:
            assert f"\n{key}: " not in "\n" + embedded, f"{chunk['id']}: {key} reaches the embedding"
    splitter = SentenceSplitter()  # the defaults: 1024 tokens, 200 overlap
    split = splitter.get_nodes_from_documents(nodes)
    longest = max(len(n.get_metadata_str(mode=MetadataMode.EMBED)) for n in nodes)
    assert len(split) == len(nodes), f"SentenceSplitter cut {len(nodes)} nodes into {len(split)}"

    if again_path:
        # Documents finish in any order: compare by id.
        again = {line["id"]: line["text"] for line in read(again_path)}
        assert again == {c["id"]: c["text"] for c in chunks}, "ids or texts differ between two runs"

    print(
        f"langchain-core {version('langchain-core')}: {len(documents)} Documents loaded unchanged; "
        f"llama-index-core {version('llama-index-core')}: {len(nodes)} TextNodes loaded unchanged\n"
        f"SentenceSplitter (chunk_size {splitter.chunk_size}): {len(nodes)} nodes in, {len(split)} out, "
        f"longest embedded metadata {longest} characters\n"
        f"{len(records)} documents, {len(chunks)} chunks, {pages_checked} page spans checked, "
        f"{nested} nested metadata values" + ("; ids identical across two runs" if again_path else "")
    )


if __name__ == "__main__":
    check(*sys.argv[1:])
