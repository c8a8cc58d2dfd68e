"""Page layout of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I).

A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; wide tables on landscape pages
(25 mm top, 20 mm elsewhere). Times New Roman metrics (Liberation Serif). The header
block (:mod:`.letterhead`) puts the issuing body (with a short rule under it) and the
number/symbol on the left, the national title and motto (ruled) and the place and date on
the right; the page number is centred in the top margin of every page. Here: the page,
the paragraph styles, the ruled grid tables and single lines of text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle, _setCellStyle

from ntm_desktop.reports import fonts, vn

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGINS = {"portrait": (20 * mm, 20 * mm, 30 * mm, 15 * mm), "landscape": (25 * mm, 20 * mm, 20 * mm, 20 * mm)}
GRID = colors.HexColor("#404040")
HEAD_FILL = colors.HexColor("#e8edf3")
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CHECK = "✓"
_BLACK = colors.black


class Cancelled(Exception):
    """The person cancelled the report (raised from the progress hook)."""


def frame_width(orientation: str = "portrait") -> float:
    size = PORTRAIT if orientation == "portrait" else LANDSCAPE
    _top, _bottom, left, right = MARGINS[orientation]
    return size[0] - left - right


# -- styles --------------------------------------------------------------------------


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base = {"fontName": fonts.SERIF, "fontSize": 13, "leading": 16}
    base.update(kw)
    return ParagraphStyle(name, **base)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles (made once; do not modify them). Headings and captions keep with
    what follows (reportlab moves them to the next page with it: never a heading or a table's
    caption alone at a page's foot)."""
    fonts.register()
    return {
        "body": _style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6, leading=17),
        "plain": _style("plain", alignment=TA_JUSTIFY, spaceAfter=4, leading=17),
        "heading": _style("heading", fontName=fonts.SERIF_BOLD, spaceBefore=6, spaceAfter=6, keepWithNext=1),
        "subheading": _style("subheading", fontName=fonts.SERIF_BOLD_ITALIC, spaceBefore=2, spaceAfter=4,
                             firstLineIndent=10 * mm, keepWithNext=1),
        "title": _style("title", fontName=fonts.SERIF_BOLD, fontSize=14, leading=17, alignment=TA_CENTER),
        "subtitle": _style("subtitle", fontName=fonts.SERIF_BOLD, fontSize=14, leading=17, alignment=TA_CENTER),
        "caption": _style("caption", fontName=fonts.SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER,
                          spaceBefore=6, spaceAfter=4, keepWithNext=1),
        "note": _style("note", fontName=fonts.SERIF_ITALIC, fontSize=11, leading=13.5, alignment=TA_LEFT,
                       spaceBefore=3),
        "cell": _style("cell", fontSize=10.5, leading=12.5),
        "cell_bold": _style("cell_bold", fontName=fonts.SERIF_BOLD, fontSize=10.5, leading=12.5),
        "cell_center": _style("cell_center", fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "cell_head": _style("cell_head", fontName=fonts.SERIF_BOLD, fontSize=10.5, leading=12.5,
                            alignment=TA_CENTER),
        "small": _style("small", fontSize=9.5, leading=11.5),
        "small_head": _style("small_head", fontName=fonts.SERIF_BOLD, fontSize=9.5, leading=11.5,
                             alignment=TA_CENTER),
        "issuer_parent": _style("issuer_parent", fontSize=12.5, leading=15, alignment=TA_CENTER),
        "issuer": _style("issuer", fontName=fonts.SERIF_BOLD, fontSize=12.5, leading=15, alignment=TA_CENTER),
        "national": _style("national", fontName=fonts.SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "motto": _style("motto", fontName=fonts.SERIF_BOLD, fontSize=13, leading=16, alignment=TA_CENTER),
        "number": _style("number", alignment=TA_CENTER),
        "dateline": _style("dateline", fontName=fonts.SERIF_ITALIC, alignment=TA_CENTER),
        "signer": _style("signer", fontName=fonts.SERIF_BOLD, alignment=TA_CENTER),
        "recipients_head": _style("recipients_head", fontName=fonts.SERIF_BOLD_ITALIC, fontSize=12, leading=14),
        "recipients": _style("recipients", fontSize=11, leading=13),
    }


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (NFC, escaped)."""
    return Paragraph(vn.markup(text), style)


def marked(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph where the marks (⚠ ✓) come from the marks font."""
    escaped = vn.markup(text)
    for mark in ("⚠", CHECK):
        escaped = escaped.replace(mark, f'<font name="{fonts.MARKS}">{mark}</font>')
    return Paragraph(escaped, style)


# -- flowables ------------------------------------------------------------------------


class Rule(Flowable):
    """A horizontal line of a given length, centred in the space it is given."""

    def __init__(self, length: float, thickness: float = 0.7, space_before: float = 4, space_after: float = 3) -> None:
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.space_before = space_before
        self.space_after = space_after
        self._avail = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.space_before + self.space_after + self.thickness

    def draw(self) -> None:
        x = (self._avail - self.length) / 2
        y = self.space_after
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, y, x + self.length, y)


# -- the document -----------------------------------------------------------------------


class ReportDoc(BaseDocTemplate):
    """Portrait and landscape page templates, page numbers, progress and cancel."""

    def __init__(
        self,
        filename: Any,
        *,
        title: str,
        demo: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        fonts.register()
        top, bottom, left, right = MARGINS["portrait"]
        super().__init__(
            filename, pagesize=PORTRAIT, topMargin=top, bottomMargin=bottom, leftMargin=left, rightMargin=right,
            title=vn.nfc(title), author="NTM Desktop", creator="NTM Desktop", subject=vn.nfc(title),
            # the canvas would otherwise start in Helvetica, listed (unembedded) in every file
            initialFontName=fonts.SERIF,
        )
        self.demo = demo
        self.progress = progress
        self.cancelled = cancelled
        self._total = 0
        self._done = 0
        templates = []
        for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            top, bottom, left, right = MARGINS[name]
            frame = Frame(left, bottom, size[0] - left - right, size[1] - top - bottom, id=name,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPage=self._decorate))
        self.addPageTemplates(templates)
        self.setProgressCallBack(self._on_progress)

    def _on_progress(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self._total = value
        elif kind == "PROGRESS" and self.progress is not None and self._total:
            # reportlab's count can step back when a table splits: report it never decreasing
            self._done = max(self._done, min(value, self._total))
            self.progress(self._done, self._total)
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()

    def _decorate(self, canvas: Any, doc: Any) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(fonts.SERIF, 13)
        if doc.page > 1:  # Decree 30 (Nghị định 30/2020/NĐ-CP): numbered from page 2, page 1 left unnumbered
            canvas.drawCentredString(width / 2, height - 12 * mm, str(doc.page))
        if self.demo:
            draw_demo(canvas, width, height)
        canvas.restoreState()


DEMO_LINE = "DỮ LIỆU MẪU (DEMO) — số liệu không có thật, chỉ để dùng thử"


def draw_demo(canvas: Any, width: float, height: float) -> None:
    """The demo database's marks on a page: a red line at the foot and a faint «DEMO» across
    (inside the caller's saveState/restoreState)."""
    canvas.setFillColor(colors.HexColor("#b3261e"))
    canvas.setFont(fonts.SERIF_BOLD, 10)
    canvas.drawCentredString(width / 2, 9 * mm, DEMO_LINE)
    canvas.setFillColor(colors.Color(0.7, 0.15, 0.12, alpha=0.10))
    canvas.setFont(fonts.SERIF_BOLD, 110)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -35, "DEMO")


def landscape_section(flowables: Sequence[Flowable], back_to_portrait: bool = True) -> list[Flowable]:
    """Flowables set on landscape pages (a new page before, portrait again after)."""
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(), *flowables]
    if back_to_portrait:
        out += [NextPageTemplate("portrait")]
    return out


# -- tables -------------------------------------------------------------------------


_CELL_OPS = {"FONT", "FONTNAME", "FACE", "FONTSIZE", "SIZE", "LEADING", "TEXTCOLOR", "ALIGN", "ALIGNMENT",
             "VALIGN", "LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"}


@functools.cache
def _base_cell(font_size: float) -> CellStyle:
    """The cell style every grid cell starts from (one shared object)."""
    base = CellStyle(f"ntm{font_size}")
    base.fontname, base.fontsize, base.leading = fonts.SERIF, font_size, font_size + 2
    base.valign = "MIDDLE"
    base.color = _BLACK
    base.topPadding, base.bottomPadding, base.leftPadding, base.rightPadding = 2, 3, 3, 3
    return base


def _cell_styles(
    nrows: int, ncols: int, font_size: float, commands: Sequence[tuple[Any, ...]]
) -> list[list[CellStyle]]:
    """The cells' styles with the cell commands applied, sharing one object per distinct style
    (reportlab would otherwise make a style per cell and apply every command cell by cell)."""
    base = _base_cell(font_size)
    matrix = [[base] * ncols for _ in range(nrows)]
    derived: dict[tuple[int, str, tuple[Any, ...]], CellStyle] = {}
    for op, (sc, sr), (ec, er), *values in commands:
        sc, ec = (sc + ncols if sc < 0 else sc), (ec + ncols if ec < 0 else ec)
        sr, er = (sr + nrows if sr < 0 else sr), (er + nrows if er < 0 else er)
        key_values = tuple(values)
        for i in range(sr, er + 1):
            row = matrix[i]
            for j in range(sc, ec + 1):
                old = row[j]
                key = (id(old), op, key_values)
                new = derived.get(key)
                if new is None:
                    # not CellStyle.copy(): it also copies its own bound method, so a copy of a
                    # copy would start again from the first style
                    new = CellStyle(old.name)
                    new.__dict__.update((k, v) for k, v in vars(old).items() if not callable(v))
                    _setCellStyle([[new]], 0, 0, op, list(values))
                    derived[key] = new
                row[j] = new
    return matrix


class GridTable(Table):
    """A Table that draws its one-line text cells through one text object and skips empty
    cells: the same page, with far fewer PDF operators and Python calls than one
    ``drawString`` per cell (the per-commune annex has thousands of cells)."""

    _text: Any = None
    _text_font: tuple[str, float, float] | None = None

    def draw(self) -> None:
        self._text, self._text_font = self.canv.beginText(), None
        self._text.setFillColor(_BLACK)
        super().draw()
        self.canv.drawText(self._text)
        self._text = None

    def _drawCell(  # noqa: N802 - reportlab's name
        self, cellval: Any, cellstyle: CellStyle, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        if cellval is None or cellval == "":
            return
        text = self._text
        if (text is None or not isinstance(cellval, str) or "\n" in cellval or cellstyle.href
                or cellstyle.destination or cellstyle.direction or cellstyle.color is not _BLACK):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        font = (cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        if font != self._text_font:
            text.setFont(*font)
            self._text_font = font
        leading, fontsize = cellstyle.leading, cellstyle.fontsize
        valign = cellstyle.valign
        if valign == "MIDDLE":
            y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + leading) / 2.0 - fontsize
        elif valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:
            y = rowpos + cellstyle.bottomPadding + leading - fontsize
        just = cellstyle.alignment
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        else:
            width = fonts.width(cellval, font[0], fontsize)
            if just in ("CENTRE", "CENTER"):
                x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - width) * 0.5
            else:
                x = colpos + colwidth - cellstyle.rightPadding - width
        text.setTextOrigin(x, y)
        text.textOut(cellval)


def grid_table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    font_size: float = 10.5,
    extra: Sequence[tuple[Any, ...]] = (),
    align_center_from: int | None = None,
) -> Table:
    """A ruled table: bold shaded header rows repeated on every page, plain cells elsewhere."""
    fonts.register()
    head = _head_style(font_size)
    rows = [
        [fit_text(cell, widths[c], head) if r < header_rows and isinstance(cell, str) and cell else cell
         for c, cell in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    commands: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, GRID)]
    if header_rows:
        commands += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.SERIF_BOLD),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ]
    if align_center_from is not None:
        commands.append(("ALIGN", (align_center_from, header_rows), (-1, -1), "CENTER"))
    commands += list(extra)
    cell_commands = [c for c in commands if c[0] in _CELL_OPS]
    ncols = max(len(row) for row in rows)
    styles = _cell_styles(len(rows), ncols, font_size, cell_commands)
    table = GridTable(rows, colWidths=list(widths), repeatRows=header_rows, cellStyles=styles)
    table._ntm_grid = True  # a data table (bench/bench_report.py compares these with bare reportlab)
    table.setStyle(TableStyle([c for c in commands if c[0] not in _CELL_OPS]))
    return table


@functools.cache
def _head_style(size: float) -> ParagraphStyle:
    return _style(f"head{size}", fontName=fonts.SERIF_BOLD, fontSize=size, leading=size + 2, alignment=TA_CENTER)


def fit_text(text: str, width: float, style: ParagraphStyle) -> str | Paragraph:
    """Plain text when it fits the column on one line (fast), else a wrapping Paragraph."""
    text = vn.nfc(text)
    if fonts.width(text, style.fontName, style.fontSize) <= width - 6:
        return text
    return Paragraph(vn.markup(text), style)


class TextLine(Flowable):
    """One line of text in a paragraph style, drawn directly (many times faster than a
    Paragraph; used for the repeated lines of the per-commune annex pages)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = vn.nfc(text)
        self.style = style
        self._avail = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.style.leading

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceAfter

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.style.fontName, self.style.fontSize)
        baseline = self.style.leading - self.style.fontSize
        if self.style.alignment == TA_CENTER:
            canvas.drawCentredString(self._avail / 2, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def line(text: str, style: ParagraphStyle, width: float) -> Flowable:
    """A single line when the text fits ``width``, else a wrapping Paragraph."""
    text = vn.nfc(text)
    if fonts.width(text, style.fontName, style.fontSize) <= width:
        return TextLine(text, style)
    return Paragraph(vn.markup(text), style)
