"""Makes a folder of mixed files (PDF, DOCX, TXT, HTML) from the development corpus texts,
for measuring `gongchuang ingest` on the files people have (docs/performance.md).
Usage: python mixed_files.py OUT_DIR [N]   (needs reportlab and python-docx)
PDFs use the Adobe CID font STSong-Light (not embedded), as many Chinese office PDFs do;
Poppler reads it with poppler-data."""
import html
import pathlib
import sys

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

SRC = pathlib.Path(__file__).resolve().parent.parent / "corpus/tests/data/devcorpus/docs"


def pdf(text, path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in text.splitlines():
        for i in range(0, max(len(line), 1), 38):
            c.setFont("STSong-Light", 11)
            c.drawString(40, y, line[i : i + 38])
            y -= 16
            if y < 60:
                c.showPage()
                y = 800
    c.save()


def docx(text, path):
    d = Document()
    lines = text.splitlines()
    d.add_heading(lines[0] if lines else "", level=1)
    for line in lines[1:]:
        if line.strip():
            d.add_paragraph(line)
    d.save(str(path))


def page(text, path):
    lines = text.splitlines()
    body = "".join(f"<p>{html.escape(l)}</p>\n" for l in lines[1:] if l.strip())
    title = html.escape(lines[0] if lines else "")
    path.write_text(
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head>"
        f"<body><h1>{title}</h1>\n{body}</body></html>",
        encoding="utf-8",
    )


def main():
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    out.mkdir(parents=True, exist_ok=True)
    texts = sorted(SRC.glob("*.txt"))
    makers = [("pdf", pdf), ("docx", docx), ("txt", None), ("html", page)]
    for i in range(n):
        src = texts[i % len(texts)]
        text = src.read_text(encoding="utf-8")
        ext, make = makers[i % len(makers)]
        path = out / f"{i:03d}-{src.stem}.{ext}"
        if make is None:
            path.write_text(text, encoding="utf-8")
        else:
            make(text, path)


if __name__ == "__main__":
    main()
