"""PDF of a case-file document (调解文书), with nothing but Python packages.

reportlab draws the same blocks the HTML page shows (:mod:`mediation.casefile`). Chinese
text uses the Adobe CID font ``STSong-Light`` that reportlab knows by name: it is not
embedded (the reader supplies a Song typeface — every PDF reader with Asian font support
does, e.g. Acrobat, pdf.js in the browsers, poppler with poppler-data), so the PDF needs no
font file on the server and no Debian package. The trade-off is the reader's typeface
rather than ours; for pixel-identical print, use the HTML page's print function.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape

from mediation.casefile import Document, Fields, Heading, Para, Seal, Signatures, Table

__all__ = ["FONT", "render_pdf"]

FONT = "STSong-Light"


@cache
def _styles() -> dict[str, object]:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = {"fontName": FONT, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", fontSize=20, leading=28, alignment=TA_CENTER, **base),
        "number": ParagraphStyle("number", fontSize=11, leading=16, alignment=TA_RIGHT, **base),
        "heading": ParagraphStyle(
            "heading", fontSize=12.5, leading=20, spaceBefore=8, spaceAfter=2, **base
        ),
        "body": ParagraphStyle("body", fontSize=11, leading=19, firstLineIndent=22, **base),
        "plain": ParagraphStyle("plain", fontSize=11, leading=19, **base),
        "cell": ParagraphStyle("cell", fontSize=9.5, leading=14, **base),
        "right": ParagraphStyle("right", fontSize=11, leading=19, alignment=TA_RIGHT, **base),
    }


def _text(value: str) -> str:
    return escape(value or "").replace("\n", "<br/>")


def render_pdf(doc: Document) -> bytes:
    """The document as an A4 PDF."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = _styles()
    width = A4[0] - 36 * mm
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
        ]
    )

    def cell(value: str) -> Paragraph:
        return Paragraph(_text(value), styles["cell"])  # type: ignore[arg-type]

    story: list[object] = [
        Paragraph(_text(doc.title), styles["title"]),  # type: ignore[arg-type]
        Paragraph(_text(doc.number), styles["number"]),  # type: ignore[arg-type]
        Spacer(1, 4 * mm),
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(_text(block.text), styles["heading"]))  # type: ignore[arg-type]
        elif isinstance(block, Para):
            style = styles["body"] if block.indent else styles["plain"]
            story.append(Paragraph(_text(block.text), style))  # type: ignore[arg-type]
        elif isinstance(block, Fields):
            pairs = list(block.rows)
            rows = []
            for i in range(0, len(pairs), 2):
                row = [cell(pairs[i][0]), cell(pairs[i][1])]
                if i + 1 < len(pairs):
                    row += [cell(pairs[i + 1][0]), cell(pairs[i + 1][1])]
                else:
                    row += [cell(""), cell("")]
                rows.append(row)
            table = PdfTable(rows, colWidths=[width * 0.16, width * 0.34] * 2)
            table.setStyle(grid)
            story.append(table)
        elif isinstance(block, Table):
            data = [[cell(h) for h in block.header]] + [
                [cell(v) for v in row] for row in block.rows
            ]
            table = PdfTable(
                data, repeatRows=1, colWidths=[width / len(block.header)] * len(block.header)
            )
            table.setStyle(grid)
            story.append(table)
        elif isinstance(block, Signatures):
            story.append(Spacer(1, 6 * mm))
            for line in block.lines:
                story.append(
                    Paragraph(_text(f"{line}：＿＿＿＿＿＿＿＿＿＿"), styles["plain"])  # type: ignore[arg-type]
                )
                story.append(Spacer(1, 3 * mm))
        elif isinstance(block, Seal):
            day = (
                f"{block.day.year}年{block.day.month}月{block.day.day}日"
                if block.day
                else "　　年　　月　　日"
            )
            story += [
                Spacer(1, 6 * mm),
                Paragraph(_text(f"{block.org}（印章）"), styles["right"]),  # type: ignore[arg-type]
                Paragraph(_text(day), styles["right"]),  # type: ignore[arg-type]
            ]
    out = BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{doc.title} {doc.number}",
        author="sifa",
    )
    pdf.build(story)  # type: ignore[arg-type]
    return out.getvalue()
