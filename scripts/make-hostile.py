#!/usr/bin/env python3
"""Writes the hostile-input suite into a folder: files made to break readers.

    make-hostile.py DEST

Python's standard library only (the test suite runs it: tests/IntakeDaemonTests, HostileInputTests).
Every file is generated here, deterministically; nothing is downloaded. What each file is, and
what Intake should make of it, is in MANIFEST below (done: a record; failed: an error record
with the code given; either: a reader may decide).
"""
import os
import random
import struct
import sys
import zlib

# name → (expected outcome, what it is)
MANIFEST = {}


def pdf(objects, root=1, trailer_extra=""):
    """A PDF from object bodies (object n is objects[n-1]), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if isinstance(body, str):
            body = body.encode("latin-1")
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra.encode(), xref)
    return bytes(out)


def stream(dictionary, data):
    return b"<< " + dictionary.encode() + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_pdf(lines):
    """One A4 page of Helvetica text: a born-digital posting."""
    content = "BT /F1 11 Tf 50 790 Td 14 TL " + " ".join(
        "(%s) '" % line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines) + " ET"
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream("", content.encode("latin-1")),
    ])


def posting(number):
    return text_pdf([
        "Data Engineer, Payments Platform",
        "Example Bank",
        "London, United Kingdom",
        "Reference: HX-%04d" % number,
        "You will build the pipelines that move payment data between our systems and the",
        "regulators' reporting platforms, and keep them correct and fast.",
        "Requirements: Python, SQL and three years of experience with data pipelines.",
        "Salary: 60,000 - 75,000 GBP per year.",
    ])


def image_pdf(width, height, dictionary, data):
    """One page holding one image XObject that fills it."""
    content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (width, height)
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        % (width, height),
        stream("/Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 %s" % (width, height, dictionary),
               data),
        stream("", content),
    ])


def g4_blank(rows):
    """CCITT Group 4 for an all-white bitmap: one vertical-0 code (a 1 bit) a row, then EOFB."""
    bits = "1" * rows + "000000000001" * 2
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def jbig2_mmr_page(width, height):
    """An embedded JBIG2 stream (no file header): page information, an immediate lossless generic
    region coded with MMR (Group 4) holding a blank bitmap, end of page."""
    def segment(number, kind, data, page=1):
        return struct.pack(">IBBBI", number, kind, 0, page, len(data)) + data
    page_info = struct.pack(">IIIIBH", width, height, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", width, height, 0, 0, 0) + bytes([1]) + g4_blank(height)
    return segment(0, 48, page_info) + segment(1, 38, region) + segment(2, 49, b"")


def png(width, height, bit_depth, color_type, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def png_bomb(side):
    """A 1-bit PNG of side × side white pixels: a few hundred kilobytes that decode to side²/8 bytes."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return png(side, side, 1, 0, data)


def tiff_frames(count, side=16):
    """A little-endian TIFF of `count` white side × side 1-bit frames, one IFD each."""
    strip = b"\x00" * (((side + 7) // 8) * side)  # WhiteIsZero: zeros are white
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    ifd_offsets = []
    for _ in range(count):
        data_offset = len(out)
        out += strip
        if len(out) % 2:
            out += b"\x00"
        ifd_offsets.append(len(out))
        tags = [(256, 3, side), (257, 3, side), (258, 3, 1), (259, 3, 1), (262, 3, 0), (273, 4, data_offset),
                (277, 3, 1), (278, 3, side), (279, 4, len(strip))]
        out += struct.pack("<H", len(tags))
        for tag, kind, value in tags:
            out += struct.pack("<HHII", tag, kind, 1, value) if kind == 4 else struct.pack("<HHIHH", tag, kind, 1, value, 0)
        out += b"\x00\x00\x00\x00"  # next IFD, patched below
    struct.pack_into("<I", out, 4, ifd_offsets[0])
    for this, following in zip(ifd_offsets, ifd_offsets[1:]):
        count_of_tags = struct.unpack_from("<H", out, this)[0]
        struct.pack_into("<I", out, this + 2 + 12 * count_of_tags, following)
    return bytes(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    dest = sys.argv[1]
    os.makedirs(dest, exist_ok=True)
    generator = random.Random(20261206)

    def write(name, data, outcome, what):
        with open(os.path.join(dest, name), "wb") as f:
            f.write(data)
        MANIFEST[name] = (outcome, what)

    good = posting(1)
    write("good.pdf", good, "done", "a born-digital posting")
    write("zero-bytes.pdf", b"", "failed:empty", "an empty file")
    write("truncated.pdf", posting(2)[:400], "failed", "a PDF cut in half")
    flipped = bytearray(posting(3))
    for _ in range(40):
        flipped[generator.randrange(len(flipped))] ^= 1 << generator.randrange(8)
    write("bit-flipped.pdf", bytes(flipped), "either", "a PDF with 40 flipped bits")
    write("not-a-pdf.pdf", b"This is a plain text note, not a PDF.\n" * 20, "failed:unsupported_type", "text named .pdf")
    write("png-named.pdf", png(8, 8, 1, 0, zlib.compress(b"\x00\xff" * 8)), "done", "a PNG named .pdf")

    # 100,000 pages, every one a real (empty) page object: readers count them by walking the
    # tree, not by believing /Count, so a claim needs the pages.
    pages = 100_000
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /MediaBox [0 0 595 842] /Kids [%s] /Count %d >>"
               % (" ".join("%d 0 R" % (3 + i) for i in range(pages)), pages)]
    objects += ["<< /Type /Page /Parent 2 0 R >>"] * pages
    write("hundred-thousand-pages.pdf", pdf(objects), "failed:too_many_pages", "a PDF of 100,000 (empty) pages")

    write("page-tree-cycle.pdf", pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]), "either", "a Pages node that is its own kid")

    depth = 100_000
    write("deep-nesting.pdf", pdf([
        "<< /Type /Catalog /Pages 2 0 R /Deep 4 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        "[" * depth + "]" * depth,
    ]), "either", "arrays nested 100,000 deep")

    write("self-reference.pdf", pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        "<< /Length 4 0 R >>\nstream\nBT ET\nendstream",
    ]), "either", "a stream whose /Length refers to itself")

    write("ccitt.pdf", image_pdf(1728, 2200, "/ColorSpace /DeviceGray /Filter /CCITTFaxDecode "
                                 "/DecodeParms << /K -1 /Columns 1728 /Rows 2200 /BlackIs1 false >>", g4_blank(2200)),
          "either", "a blank CCITT Group 4 fax page (no text: an empty page or a no_text error)")
    write("jbig2.pdf", image_pdf(1728, 2200, "/ColorSpace /DeviceGray /Filter /JBIG2Decode", jbig2_mmr_page(1728, 2200)),
          "either", "a blank JBIG2 (MMR generic region) page")
    write("png-bomb.png", png_bomb(50_000), "failed:image_too_large", "a PNG that decodes to 50,000 x 50,000 pixels")
    write("thousand-frames.tiff", tiff_frames(1000), "either", "a TIFF of 1,000 frames")

    for index, name in enumerate(["with space.pdf", "new\nline.pdf", "ünïcødé-日本語.pdf", "-leading-dash.pdf",
                                  "--help.pdf"]):
        write(name, posting(100 + index), "done", "a good posting with an awkward name")

    # For the worker's test hook (INTAKE_TEST_WORKER_FAULT=kill:worker-kill,segv:worker-segv).
    write("worker-kill.pdf", posting(200), "failed:crashed", "its worker is killed with SIGKILL, twice")
    write("worker-segv.pdf", posting(201), "failed:crashed", "its worker dies of SIGSEGV, twice")

    with open(os.path.join(dest, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        for name, (outcome, what) in sorted(MANIFEST.items()):
            f.write("%s\t%s\t%s\n" % (name.replace("\n", "\\n"), outcome, what))
    print("make-hostile: %d files in %s" % (len(MANIFEST), dest))


if __name__ == "__main__":
    main()
