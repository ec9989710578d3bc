"""PyMuPDF over many PDFs in one process: OUT_DIR/<name>.txt for each (pages split by form feeds)."""
import os
import sys

import pymupdf

out = sys.argv[1]
for path in sys.argv[2:]:
    with pymupdf.open(path) as doc:
        text = "\f".join(page.get_text() for page in doc)
    with open(os.path.join(out, os.path.basename(path) + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
