#!/usr/bin/env python3
"""Builds Intake's demo documents (samples/) and test fixtures from the postings in scripts/postings/.

    scripts/make-documents.sh            (installs what this needs, then runs it)
    python3 scripts/make-documents.py SAMPLES_DIR FIXTURES_DIR

Every document is typeset here, line by line, so the text on each page is known exactly: it is
written beside the document as NAME.txt (pages separated by a form feed) under SAMPLES_DIR/.expected/
and FIXTURES_DIR/expected/. Scans are the same pages rasterised at 300 dpi by pdftoppm (Poppler)
and turned into image files by Pillow; mixed and encrypted PDFs are assembled by qpdf. The bad
inputs for the tests (truncated, zero pages, corrupt image, absurd dimensions) are made by hand.

Deterministic: fixed fonts (DejaVu), no timestamps, fixed seeds; reportlab's invariant mode.
"""
import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
import reportlab.rl_config

reportlab.rl_config.invariant = 1  # no creation date, fixed document id: identical bytes every run

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
pdfmetrics.registerFont(TTFont("Body", os.path.join(FONT_DIR, "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("Bold", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFont(TTFont("Mono", os.path.join(FONT_DIR, "DejaVuSansMono.ttf")))
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
pdfmetrics.registerFont(TTFont("CJK", CJK_FONT, subfontIndex=0))

# Born-digital postings in five languages the English dictionary does not cover, one a page
# (written for these fixtures): each page's text layer is good and must be kept.
LANGUAGE_PAGES = [
    ("Body", "Wir suchen eine Datenanalystin oder einen Datenanalysten für unser Team in Frankfurt. "
     "Sie entwickeln Berichte und Modelle für die Risikosteuerung, arbeiten mit großen Datenmengen und "
     "präsentieren die Ergebnisse der Geschäftsleitung. Voraussetzungen: ein abgeschlossenes Studium der "
     "Mathematik, Statistik oder Informatik, sehr gute Kenntnisse in Python und SQL sowie Erfahrung mit "
     "Kreditrisikomodellen. Wir bieten flexible Arbeitszeiten, die Möglichkeit zum mobilen Arbeiten und "
     "eine betriebliche Altersvorsorge."),
    ("Body", "Nous recherchons un ingénieur de données pour rejoindre notre équipe à Paris. Vous serez "
     "responsable de la conception et de la maintenance des flux de données, vous travaillerez avec les "
     "équipes métier et vous participerez à la mise en place de notre plateforme analytique. Profil "
     "recherché : un diplôme d'ingénieur ou un master en informatique, la maîtrise de Python, Spark et SQL, "
     "et une première expérience dans le secteur bancaire."),
    ("CJK", "我们正在招聘一名数据工程师，加入我们位于上海的团队。您将负责设计和维护数据管道，与业务部门合作，"
     "并参与建设我们的分析平台。任职要求：计算机或相关专业本科以上学历，熟练掌握 Python 和 SQL，"
     "有银行或金融行业工作经验者优先。我们提供有竞争力的薪酬和完善的培训体系。"),
    ("Body", "Мы ищем аналитика данных в наш отдел в Москве. Вы будете разрабатывать отчёты и модели для "
     "оценки кредитного риска, работать с большими объёмами данных и представлять результаты руководству. "
     "Требования: высшее образование в области математики или информатики, уверенное знание Python и SQL, "
     "опыт работы в банке приветствуется."),
    ("RTL", "نبحث عن مهندس بيانات للانضمام إلى فريقنا في دبي. ستكون مسؤولا عن تصميم خطوط البيانات "
     "وصيانتها، والعمل مع فرق الأعمال، والمشاركة في بناء منصتنا التحليلية. المتطلبات: شهادة جامعية في علوم "
     "الحاسوب أو مجال ذي صلة، وإتقان لغة بايثون ولغة الاستعلام الهيكلية، ويفضل من لديه خبرة في القطاع المصرفي."),
]

PAGE_W, PAGE_H = A4
MARGIN = 64
STYLES = {  # kind: font, size, leading, space before
    "title": ("Bold", 15, 20, 0),
    "heading": ("Bold", 12, 16, 8),
    "body": ("Body", 10.5, 14.5, 0),
    "bullet": ("Body", 10.5, 14.5, 0),
}
# A typewriter's page: every kind of line in one monospaced font.
TYPEWRITER = {kind: ("Mono", 10, 14, before) for kind, (_, _, _, before) in STYLES.items()}


def read_posting(name):
    """A posting as (kind, text) blocks: '# ' title, '## ' heading, '- ' bullet, else paragraph."""
    blocks = []
    for line in open(os.path.join(HERE, "postings", name + ".txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("## "):
            blocks.append(("heading", line[3:]))
        elif line.startswith("# "):
            blocks.append(("title", line[2:]))
        elif line.startswith("- "):
            blocks.append(("bullet", "• " + line[2:]))
        else:
            blocks.append(("body", line))
    return blocks


def seed_blocks(path):
    """A real posting from shared/seeds as it would be printed: markdown escapes undone, emphasis
    and separator lines dropped, '- '/'+ ' items as bullets; only the posting itself (the job
    board's trailer after 'Role Details' is left out)."""
    blocks = []
    for line in open(path, encoding="utf-8").read().splitlines():
        line = line.strip()
        if line == "Role Details":
            break
        line = re.sub(r"(?<!\\)\*", "", line)
        line = re.sub(r"\\(.)", r"\1", line).strip()
        if not line or re.fullmatch(r"[-=*_+\s]+", line):
            continue
        if line[:2] in ("• ", "- ", "+ "):
            blocks.append(("bullet", "• " + line[2:].strip()))
        elif len(line) <= 48 and line[0].isupper() and line[-1] not in ".,;":
            blocks.append(("heading", line))
        else:
            blocks.append(("body", line))
    return blocks


def wrap(text, font, size, width):
    words, lines, line = text.split(" "), [], ""
    for word in words:
        candidate = word if not line else line + " " + word
        if pdfmetrics.stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def layout(blocks, styles=STYLES):
    """Lays blocks out on A4 pages: a list of pages, each a list of (font, size, x, y, text)."""
    pages, page, y = [], [], PAGE_H - MARGIN
    width = PAGE_W - 2 * MARGIN
    for kind, text in blocks:
        font, size, leading, before = styles[kind]
        indent = 14 if kind == "bullet" else 0
        lines = wrap(text, font, size, width - indent)
        if y - before - leading * min(len(lines), 2) < MARGIN and page:
            pages.append(page)
            page, y = [], PAGE_H - MARGIN
        y -= before if page else 0
        for i, line in enumerate(lines):
            if y - leading < MARGIN:
                pages.append(page)
                page, y = [], PAGE_H - MARGIN
            y -= leading
            x = MARGIN + (indent if kind == "bullet" and i > 0 else 0)
            page.append((font, size, x, y, line))
    if page:
        pages.append(page)
    return pages


def transcript_columns(page, size=22, lines_per_page=25):
    """A condensed transcript's sheet: four framed pages of numbered lines, two by two, each
    page's number at its top right (what a court reporter prints). Tesseract's table finder takes
    the frames and the two columns of line numbers for a table, and reads each row across both
    columns (as it does a real deposition transcript). Returns the image at 200 dpi and its text,
    column by column: the left pages top to bottom, then the right ones.
    """
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans.ttf"), size)
    width, height = 2000, 2100
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    middle, half = width // 2, height // 2
    words = " ".join(text for *_, text in page if len(text) > 30).split()
    lines, line = [], ""
    for word in words * 8:
        candidate = (line + " " + word).strip()
        if draw.textlength(candidate, font=font) > middle - 200 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    digits = draw.textlength("25", font=font)
    text = []
    for column, left in enumerate((40, middle)):
        for row, top in enumerate((40, half)):
            right = middle if column == 0 else width - 40
            draw.rectangle([left, top, right, top + half - 60], outline=0, width=3)
            number = str(64 + 2 * column + row)
            draw.text((right - 80, top + 15), number, font=font, fill=0)
            start = (2 * column + row) * lines_per_page
            page = lines[start:start + lines_per_page]
            for i, line in enumerate(page):
                y = top + 70 + i * int(size * 1.3)
                draw.text((left + 30 + digits - draw.textlength(str(i + 1), font=font), y), str(i + 1), font=font, fill=0)
                draw.text((left + 150, y), line, font=font, fill=0)
            text += [number] + [f"{i + 1} {line}" for i, line in enumerate(page)]
    return image, "\n".join(text) + "\n"


def write_pdf(path, pages):
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    c.setTitle(os.path.basename(path))
    for page in pages:
        for font, size, x, y, line in page:
            c.setFont(font, size)
            c.drawString(x, y, line)
        c.showPage()
    c.save()


def language_pages():
    """LANGUAGE_PAGES laid out one a page: words wrapped at spaces, CJK text at any character.
    Arabic ("RTL") is set right-aligned in visual order, glyph by glyph from the right, as a
    right-to-left PDF draws it (reportlab does not reorder); its text layer reads in logical order."""
    pages = []
    width = PAGE_W - 2 * MARGIN
    for kind, text in LANGUAGE_PAGES:
        font = "Body" if kind == "RTL" else kind
        units = list(text) if font == "CJK" else text.split(" ")
        joiner = "" if font == "CJK" else " "
        lines, line = [], ""
        for unit in units:
            candidate = line + joiner + unit if line else unit
            if line and pdfmetrics.stringWidth(candidate, font, 11) > width:
                lines.append(line)
                line = unit
            else:
                line = candidate
        lines.append(line)
        y = PAGE_H - MARGIN
        page = []
        for line in lines:
            y -= 16
            if kind == "RTL":
                visual = line[::-1]
                page.append((font, 11, PAGE_W - MARGIN - pdfmetrics.stringWidth(visual, font, 11), y, visual))
            else:
                page.append((font, 11, MARGIN, y, line))
        pages.append(page)
    return pages


def page_text(page):
    return "\n".join(line for *_, line in page)


def write_expected(path, pages):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\f".join(page_text(p) for p in pages) + "\n")


def rasterise(pdf, page_number, dpi, work):
    """One page as an 8-bit gray PIL image, rendered by pdftoppm."""
    base = os.path.join(work, f"r{page_number}-{dpi}-{abs(hash(pdf)) % 10**8}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page_number), "-l", str(page_number),
                    "-singlefile", pdf, base], check=True)
    image = Image.open(base + ".png")
    image.load()
    return image.convert("L")


def scanned(image, angle=0.0, noise=0, seed=1):
    """A scanner's take on a page: a small rotation on white, light blur, optional speckle."""
    if angle:
        image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.4))
    if noise:
        rnd = random.Random(seed)
        px = image.load()
        w, h = image.size
        for _ in range(noise):
            x, y = rnd.randrange(w), rnd.randrange(h)
            px[x, y] = rnd.choice((0, 90, 160))
    return image


def image_pdf(path, images, dpi=300):
    first, rest = images[0], images[1:]
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest)


def glyph_codes(page):
    """A text layer as a PDF without a Unicode map gives it: each glyph's number, "/31 /8 /18"."""
    return [" ".join(f"/{(ord(c) * 7) % 97}" for c in line if not c.isspace()) for *_, line in page]


def bad_ocr(page, seed=5):
    """An earlier scanner's wrong OCR layer: most words garbled the way a poor engine garbles them."""
    rnd = random.Random(seed)
    swaps = {"e": "c", "a": "o", "n": "m", "h": "b", "i": "l", "r": "n", "t": "f", "s": "5", "o": "0", "l": "1"}
    lines = []
    for *_, line in page:
        words = []
        for word in line.split():
            if rnd.random() < 0.75:
                word = "".join(swaps.get(c, c) if rnd.random() < 0.5 else c for c in word)
                word = word[: len(word) // 2] + rnd.choice("qxzjk") + word[len(word) // 2 :]
            words.append(word)
        lines.append(" ".join(words))
    return lines


def write_layered_pdf(path, image, lines, work):
    """A scanned page (the image) under an invisible text layer (render mode 3), as scanners write."""
    png = os.path.join(work, os.path.basename(path) + ".png")
    image.save(png, dpi=(300, 300))
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    width, height = A4
    c.drawImage(png, 0, 0, width, height)
    text = c.beginText(72, height - 72)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 10)
    for line in lines:
        text.textLine(line)
    c.drawText(text)
    c.showPage()
    c.save()


def qpdf(*args, deterministic=True):
    # qpdf cannot make a deterministic /ID for an encrypted file; those come out different each run.
    subprocess.run(["qpdf", *(["--deterministic-id"] if deterministic else []), *args], check=True)


def png_header_only(path, width, height):
    """A PNG whose header claims width x height (one empty IDAT): a decompression bomb's shape."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def zero_page_pdf(path):
    """A well-formed PDF whose page tree is empty (/Count 0)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    open(path, "wb").write(bytes(out))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    samples, fixtures = (os.path.abspath(p) for p in sys.argv[1:3])
    for folder in (samples, os.path.join(samples, ".expected"), fixtures, os.path.join(fixtures, "expected")):
        os.makedirs(folder, exist_ok=True)
    work = tempfile.mkdtemp(prefix="intake-docs-")
    try:
        postings = {name: layout(read_posting(name)) for name in
                    ("northbridge-data-engineer", "harbor-vale-ml-engineer", "meridian-ai-platform",
                     "altavista-data-scientist")}
        pdfs = {}
        for name, pages in postings.items():
            pdfs[name] = os.path.join(work, name + ".pdf")
            write_pdf(pdfs[name], pages)
        page1 = lambda name, dpi=300: rasterise(pdfs[name], 1, dpi, work)
        exp_s = lambda name, pages: write_expected(os.path.join(samples, ".expected", name + ".txt"), pages)
        exp_f = lambda name, pages: write_expected(os.path.join(fixtures, "expected", name + ".txt"), pages)

        # ---- samples/: one of each kind of document Intake reads
        nb, hv, mt, ba = (postings[n] for n in postings)
        shutil.copy(pdfs["northbridge-data-engineer"], os.path.join(samples, "posting-text.pdf"))
        exp_s("posting-text", nb)

        image_pdf(os.path.join(samples, "posting-scanned.pdf"),
                  [scanned(rasterise(pdfs["harbor-vale-ml-engineer"], k + 1, 300, work)) for k in range(len(hv))])
        exp_s("posting-scanned", hv)

        # mixed: Meridian's page 1 as text, then the same posting's page 1 scanned, then Altavista page 1 as text
        scan_pdf = os.path.join(work, "meridian-scan.pdf")
        image_pdf(scan_pdf, [scanned(page1("meridian-ai-platform"))])
        qpdf("--empty", "--pages", pdfs["northbridge-data-engineer"], "1", scan_pdf, "1",
             pdfs["altavista-data-scientist"], "1", "--", os.path.join(samples, "posting-mixed.pdf"))
        exp_s("posting-mixed", [nb[0], mt[0], ba[0]])

        scanned(page1("altavista-data-scientist")).save(os.path.join(samples, "posting.png"), dpi=(300, 300), optimize=True)
        exp_s("posting", ba[:1])
        scanned(page1("meridian-ai-platform")).save(os.path.join(samples, "posting-photo.jpg"), dpi=(300, 300), quality=85)
        exp_s("posting-photo", mt[:1])
        tiff_pages = [scanned(rasterise(pdfs["northbridge-data-engineer"], k + 1, 300, work)) for k in range(len(nb))]
        tiff_pages[0].save(os.path.join(samples, "posting-multipage.tiff"), dpi=(300, 300), compression="tiff_lzw",
                           save_all=True, append_images=tiff_pages[1:])
        exp_s("posting-multipage", nb)
        scanned(page1("harbor-vale-ml-engineer"), angle=2.0, noise=4000, seed=7).save(
            os.path.join(samples, "posting-skewed.png"), dpi=(300, 300), optimize=True)
        exp_s("posting-skewed", hv[:1])

        # ---- test fixtures
        shutil.copy(pdfs["altavista-data-scientist"], os.path.join(fixtures, "text.pdf"))
        exp_f("text", ba)
        shutil.copy(pdfs["altavista-data-scientist"], os.path.join(fixtures, "pdf-named.png"))
        exp_f("pdf-named", ba)
        clean = scanned(page1("harbor-vale-ml-engineer"))
        clean.save(os.path.join(fixtures, "scan-clean.png"), dpi=(300, 300), optimize=True)
        exp_f("scan-clean", hv[:1])
        clean.save(os.path.join(fixtures, "no-dpi.png"), optimize=True)  # no pHYs chunk: no resolution stated
        exp_f("no-dpi", hv[:1])
        image_pdf(os.path.join(fixtures, "scan-clean.pdf"), [clean])
        exp_f("scan-clean", hv[:1])
        shutil.copy(os.path.join(samples, "posting-mixed.pdf"), os.path.join(fixtures, "mixed.pdf"))
        exp_f("mixed", [nb[0], mt[0], ba[0]])
        two = [scanned(page1("meridian-ai-platform")), scanned(page1("altavista-data-scientist"))]
        two[0].save(os.path.join(fixtures, "multipage.tiff"), dpi=(300, 300), compression="tiff_lzw",
                    save_all=True, append_images=two[1:])
        exp_f("multipage", [mt[0], ba[0]])
        qpdf("--encrypt", "secret", "owner-secret", "256", "--", pdfs["altavista-data-scientist"],
             os.path.join(fixtures, "encrypted.pdf"), deterministic=False)
        exp_f("encrypted", ba)
        data = open(pdfs["northbridge-data-engineer"], "rb").read()
        open(os.path.join(fixtures, "truncated.pdf"), "wb").write(data[: len(data) // 2])
        zero_page_pdf(os.path.join(fixtures, "zero-pages.pdf"))
        open(os.path.join(fixtures, "corrupt.png"), "wb").write(
            b"\x89PNG\r\n\x1a\n" + bytes(random.Random(3).randrange(256) for _ in range(2048)))
        png_header_only(os.path.join(fixtures, "absurd-dimensions.png"), 200_000, 200_000)
        sheet, sheet_text = transcript_columns(hv[0])
        sheet.save(os.path.join(fixtures, "transcript-columns.png"), dpi=(200, 200), optimize=True)
        open(os.path.join(fixtures, "expected", "transcript-columns.txt"), "w", encoding="utf-8").write(sheet_text)
        languages = language_pages()
        write_pdf(os.path.join(fixtures, "languages.pdf"), languages)
        rtl = lambda text: any("\u0590" <= c <= "\u08ff" for c in text)
        exp_f("languages", [[(*rest, text[::-1] if rtl(text) else text) for *rest, text in page]
                            for page in languages])
        with zipfile_bytes() as z:
            open(os.path.join(fixtures, "archive.docx"), "wb").write(z)

        # ---- OCR quality fixtures: turned, skewed, low-resolution and speckled scans of one page,
        # and scanned pages whose text layer is garbage (glyph codes; an earlier scanner's bad OCR)
        quality = os.path.join(fixtures, "quality")
        os.makedirs(os.path.join(fixtures, "expected", "quality"), exist_ok=True)
        os.makedirs(quality, exist_ok=True)
        exq = lambda name, pages: write_expected(os.path.join(fixtures, "expected", "quality", name + ".txt"), pages)
        upright = scanned(page1("altavista-data-scientist"))
        # PIL turns counter-clockwise; a page "turned 90°" is turned clockwise, as OSD reports it.
        for degrees, turn in ((90, Image.ROTATE_270), (180, Image.ROTATE_180), (270, Image.ROTATE_90)):
            upright.transpose(turn).save(os.path.join(quality, f"turned-{degrees}.png"), dpi=(300, 300), optimize=True)
            exq(f"turned-{degrees}", ba[:1])
        scanned(page1("altavista-data-scientist"), angle=5.0).save(
            os.path.join(quality, "skewed-5.png"), dpi=(300, 300), optimize=True)
        exq("skewed-5", ba[:1])
        scanned(page1("altavista-data-scientist", 150)).save(os.path.join(quality, "150dpi.png"), dpi=(150, 150),
                                                              optimize=True)
        exq("150dpi", ba[:1])
        scanned(page1("altavista-data-scientist"), noise=400_000, seed=11).save(
            os.path.join(quality, "speckled.png"), dpi=(300, 300), optimize=True)
        exq("speckled", ba[:1])
        typed = layout(read_posting("altavista-data-scientist"), TYPEWRITER)[:1]
        typed_pdf = os.path.join(work, "typewriter.pdf")
        write_pdf(typed_pdf, typed)
        scanned(rasterise(typed_pdf, 1, 300, work)).save(os.path.join(quality, "monospaced.png"), dpi=(300, 300),
                                                         optimize=True)
        exq("monospaced", typed)
        for name, layer in (("glyph-codes", glyph_codes(ba[0])), ("bad-ocr-layer", bad_ocr(ba[0]))):
            write_layered_pdf(os.path.join(quality, name + ".pdf"), upright, layer, work)
            exq(name, ba[:1])

        # ---- OCR fixtures for the parser: every test posting, and the first seed, scanned
        ocr = os.path.join(fixtures, "ocr")
        os.makedirs(ocr, exist_ok=True)
        names = sorted(n[:-4] for n in os.listdir(os.path.join(HERE, "postings")) if n.endswith(".txt"))
        sources = [(n, layout(read_posting(n))) for n in names]
        seed = os.path.join(HERE, "..", "..", "shared", "seeds", "posting-1.txt")
        if os.path.exists(seed):
            sources.append(("seed-1", layout(seed_blocks(seed))))
        for index, (name, pages) in enumerate(sources):
            pdf = os.path.join(work, "ocr-" + name + ".pdf")
            write_pdf(pdf, pages)
            scans = [scanned(rasterise(pdf, k + 1, 300, work), noise=1500, seed=index * 10 + k) for k in range(len(pages))]
            bilevel = [image.point(lambda v: 255 if v > 150 else 0).convert("1") for image in scans]
            bilevel[0].save(os.path.join(ocr, name + ".tiff"), dpi=(300, 300), compression="group4",
                            save_all=True, append_images=bilevel[1:])
    finally:
        shutil.rmtree(work)


class zipfile_bytes:
    """A tiny ZIP archive in memory (the shape of a DOCX): an unsupported type for the tests."""
    def __enter__(self):
        import zipfile
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            info = zipfile.ZipInfo("word/document.xml", date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, "<w:document/>")
        return buffer.getvalue()

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    main()
