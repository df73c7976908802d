#!/usr/bin/env bash
# Remakes the PDF and Word fixtures beside this script. Run by hand, not by the tests (the
# tests read the files shipped). Needs pango1.0-tools, fonts-wqy-microhei, qpdf, and a
# python3 with python-docx and reportlab (PYTHON=/path/to/venv/bin/python ./make.sh).
# pango-view draws through cairo, which embeds a subset of the font as a CID-keyed TrueType
# font (Identity-H encoding, ToUnicode map): the form CNKI and office software produce.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
font="WenQuanYi Micro Hei 11"

page() { # page NAME WRAP_WIDTH < text
  cat > "$tmp/$1.txt"
  pango-view --no-display --font="$font" --width="$2" --wrap=char --margin="40 300" \
    --output="$tmp/$1.pdf" "$tmp/$1.txt"
}

# Single column, two pages: a paper's front matter, then its body.
page p1 480 <<'T'
城市更新中的价值共创机制研究
张明　李华
（同济大学建筑与城市规划学院，上海 200092）
摘要：本文以上海老旧小区改造为例，讨论居民、政府与企业多元主体参与的价值共创机制。
关键词：城市更新；价值共创；老旧小区
T
page p2 480 <<'T'
一、引言
老旧小区改造是城市更新的重要内容，居民议事会降低了协商成本。
二、结论
社区规划师制度使改造方案更贴近居民的真实需求。
T
qpdf --empty --pages "$tmp/p1.pdf" "$tmp/p2.pdf" -- single.pdf

# Two columns on one page: the left column's content is moved left, then the right column's
# page is laid over it.
page left 230 <<'T'
一、研究背景
城市更新正在从大规模增量建设转向存量提质改造。老旧小区改造涉及居民、政府、企业和社会组织等多元主体。
T
page right 230 <<'T'
二、研究方法
本文采用多案例比较方法，选取静安区彭三小区和杨浦区长白新村两个案例。
T
qpdf --qdf --object-streams=disable "$tmp/left.pdf" "$tmp/left-q.pdf"
sed -i 's/^1 0 0 -1 0 \([0-9.]*\) cm$/1 0 0 -1 -250 \1 cm/' "$tmp/left-q.pdf"
fix-qdf "$tmp/left-q.pdf" > "$tmp/left-moved.pdf"
qpdf "$tmp/left-moved.pdf" --overlay "$tmp/right.pdf" -- two-columns.pdf

# A policy notice with its document number (文号).
page notice 480 <<'T'
上海市人民政府办公厅关于推进城市更新工作的通知
沪府办〔2024〕12号
各区人民政府，市政府各委、办、局：
为推进本市城市更新工作，现就有关事项通知如下。
一、坚持留改拆并举，以保留保护为主。
T
cp "$tmp/notice.pdf" notice.pdf

# The notice with its fonts' ToUnicode maps removed: the text layer holds glyph ids only.
qpdf --qdf --object-streams=disable notice.pdf "$tmp/notice-q.pdf"
sed -i '/^  \/ToUnicode [0-9]* 0 R$/d' "$tmp/notice-q.pdf"
fix-qdf "$tmp/notice-q.pdf" > "$tmp/no-unicode-q.pdf"
qpdf --object-streams=generate --compress-streams=y "$tmp/no-unicode-q.pdf" no-unicode.pdf

# Encrypted with a user password (AES-256): text cannot be read without it.
qpdf --encrypt secret owner 256 -- notice.pdf encrypted.pdf
# Only an owner password (no printing, no copying): opens without one, so it is read.
qpdf --encrypt "" owner 256 --print=none --extract=n -- notice.pdf owner-only.pdf

# Truncated: a download cut off after a third of the file.
head -c "$(( $(stat -c %s single.pdf) / 3 ))" single.pdf > truncated.pdf

# A scanned page: one grey image and no text operators.
python3 - <<'PY'
import zlib
w, h = 64, 32
pixels = bytes((x * 4 + y * 2) % 256 for y in range(h) for x in range(w))
img = zlib.compress(pixels)
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(img))
    + img + b"\nendstream",
]
content = b"q 500 0 0 250 50 500 cm /Im1 Do Q"
objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open("scanned.pdf", "wb").write(bytes(out))
PY
# Adobe's predefined Chinese CMap (UniGB-UCS2-H) on the non-embedded STSong-Light, as
# reportlab, iText and older Acrobat write Chinese: no ToUnicode map, so a reader needs
# Adobe's GB1 tables (Poppler's poppler-data) to get the text back. Two pages.
"${PYTHON:-python3}" - <<'PY'
from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
c = canvas.Canvas("stsong.pdf", invariant=1)
c.setFont("STSong-Light", 12)
for i, line in enumerate(["关于开展城市体检工作的通知", "建科〔2023〕75号", "各省、自治区住房和城乡建设厅："]):
    c.drawString(72, 760 - 20 * i, line)
c.showPage()
c.setFont("STSong-Light", 12)
c.drawString(72, 760, "二、工作要求：坚持问题导向，查找城市短板。")
c.save()
PY

# Word: title, headings of two levels, paragraphs and a table, written by python-docx from
# Word's own template.
"${PYTHON:-python3}" - <<'PY'
import docx
d = docx.Document()
d.add_heading("老旧小区改造中的居民参与", level=0)
d.add_paragraph("本文讨论上海老旧小区改造中居民参与的方式。")
d.add_heading("一、案例选择", level=1)
d.add_paragraph("选取两个案例进行比较。")
d.add_heading("（一）彭三小区", level=2)
d.add_paragraph("彭三小区采用拆除重建方式。")
t = d.add_table(rows=3, cols=3)
for r, row in enumerate([("小区", "区", "改造方式"), ("彭三小区", "静安区", "拆除重建"), ("长白新村", "杨浦区", "保留修缮")]):
    for c, v in enumerate(row):
        t.cell(r, c).text = v
d.add_paragraph("表后的段落。")
d.core_properties.author = "gongchuang tests"
d.save("sample.docx")
PY

ls -l ./*.pdf ./*.docx
