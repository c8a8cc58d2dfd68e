"""A reportlab Table of the PDF (:func:`layout.grid_table`, the letterhead's two columns) as a Word table.

Read from the table as the PDF lays it out: the cell values (text, paragraphs, or lists of
blocks), the column widths, the ``SPAN`` and ``BACKGROUND`` commands, the ruling (``GRID``)
and each cell's style (font, size, alignment, vertical alignment, padding), so the Word table
has the PDF's columns, merged cells, shaded header and group rows, bold totals and ✓ marks,
and the header rows repeat on every page as ``repeatRows`` makes them do in the PDF.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table

from ntm_desktop.reports import fonts

if TYPE_CHECKING:
    from ntm_desktop.reports.docx.story import StoryWriter, Target  # story imports this module

CELL_ALIGN = {"LEFT": WD_ALIGN_PARAGRAPH.LEFT, "CENTER": WD_ALIGN_PARAGRAPH.CENTER,
              "CENTRE": WD_ALIGN_PARAGRAPH.CENTER, "RIGHT": WD_ALIGN_PARAGRAPH.RIGHT,
              "DECIMAL": WD_ALIGN_PARAGRAPH.RIGHT}
VALIGN = {"TOP": WD_CELL_VERTICAL_ALIGNMENT.TOP, "MIDDLE": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
          "BOTTOM": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}
RULES = ("GRID", "BOX", "INNERGRID", "OUTLINE")


@functools.cache
def cell_style(size: float) -> ParagraphStyle:
    """The style of a plain text cell of a grid at ``size`` points (the PDF draws those directly)."""
    return ParagraphStyle(f"cell{size:g}", fontName=fonts.SERIF, fontSize=size, leading=size + 2)


def _box(command: tuple[Any, ...], nrows: int, ncols: int) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of a command, negative indices resolved."""
    (sc, sr), (ec, er) = command[1], command[2]
    return (sr + nrows if sr < 0 else sr, sc + ncols if sc < 0 else sc,
            er + nrows if er < 0 else er, ec + ncols if ec < 0 else ec)


def _hex(color: Any) -> str:
    return "".join(f"{round(part * 255):02X}" for part in (color.red, color.green, color.blue))


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.insert_element_before(shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def _cell_margins(word_table: Any, style: Any) -> None:
    """The table's cell padding: its first cell's in the PDF (the grids pad 2-3 pt, the letterhead none)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        points = float(getattr(style, f"{side}Padding", 3))
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    word_table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                                "w:tblPrChange")


def _one_line(cell: Any, width: float, needed: float, style: Any) -> None:
    """Keep a plain text cell on one line, as the PDF draws it: where the text is wider than the
    cell less its padding (the PDF lets it run into the padding), the cell's padding shrinks."""
    if needed <= width - style.leftPadding - style.rightPadding:
        return
    side = max(0.0, (width - needed) / 2 - 0.5)
    margins = OxmlElement("w:tcMar")
    for name in ("left", "right"):
        element = OxmlElement(f"w:{name}")
        element.set(qn("w:w"), str(round(side * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    cell._tc.get_or_add_tcPr().insert_element_before(margins, "w:textDirection", "w:tcFitText", "w:vAlign",
                                                     "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                                                     "w:cellMerge", "w:tcPrChange")


def _row_flags(row: Any, header: bool, keep: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for flag, wanted in (("w:cantSplit", keep), ("w:tblHeader", header)):
        if wanted:
            tr_pr.append(OxmlElement(flag))


def write_table(writer: StoryWriter, target: Target, table: Table, keep: bool) -> Any:
    """Add ``table`` to ``target`` (the body or a cell); with ``keep`` its rows stay together and
    with what follows."""
    values = table._cellvalues
    nrows, ncols = len(values), len(values[0]) if values else 0
    widths = [float(w) for w in table._colWidths]
    styles = table._cellStyles
    word = target.parent.add_table(rows=nrows, cols=ncols)
    ruled = any(command[0] in RULES for command in table._linecmds)
    if ruled:
        word.style = writer.doc.styles["Table Grid"]
    word.autofit = False
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(word, styles[0][0] if styles and styles[0] else None)
    for column, width in zip(word.columns, widths, strict=True):
        column.width = Pt(width)
    rows = list(word.rows)
    for row in rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width)
    covered: set[tuple[int, int]] = set()
    for command in table._spanCmds:
        r0, c0, r1, c1 = _box(command, nrows, ncols)
        if (r0, c0) == (r1, c1):
            continue
        rows[r0].cells[c0].merge(rows[r1].cells[c1])  # not word.cell(): it lists every cell of the table
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    fills: dict[tuple[int, int], str] = {}
    for command in table._bkgrndcmds:
        if command[0] != "BACKGROUND" or command[3] is None:
            continue
        r0, c0, r1, c1 = _box(command, nrows, ncols)
        fills.update({(r, c): _hex(command[3]) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)})
    header_rows = table.repeatRows if isinstance(table.repeatRows, int) else 0
    for r, row in enumerate(rows):
        cells = row.cells
        for c in range(ncols):
            if (r, c) in covered:
                continue
            cell = cells[c]
            if (r, c) in fills:
                _shade(cell, fills[(r, c)])
            style = styles[r][c]
            cell.vertical_alignment = VALIGN.get(style.valign, WD_CELL_VERTICAL_ALIGNMENT.CENTER)
            # kept, every row holds on to the next and the last to what follows the table (the
            # signature block after a report's last table); unruled (the letterhead, the signature),
            # a cell's lines hold together
            _fill(writer, cell, values[r][c], style, keep=keep, within=keep or not ruled)
        # the letterhead's and the signature's rows never split: a signature row split at a page's foot
        # leaves the signer's name alone on the next page
        _row_flags(row, header=r < header_rows, keep=keep or not ruled)
    return word


def _fill(writer: StoryWriter, cell: Any, value: Any, style: Any, keep: bool, within: bool = False) -> None:
    """One cell: plain text in the cell's font and alignment, or the PDF's blocks (with ``within``
    each kept with the next, the last one only with ``keep``)."""
    target = writer.cell_target(cell)
    if isinstance(value, (list, tuple)):
        writer.blocks(value, target, keep=keep or within, last_keeps=keep)
    elif value is None or isinstance(value, str):
        text = value or ""
        font = style.fontname
        base = cell_style(style.fontsize)
        paragraph = writer.paragraph(target, base, [(text, font)] if text else [], keep,
                                     alignment=CELL_ALIGN.get(str(style.alignment).upper()))
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if text:
            _one_line(cell, target.width, fonts.width(text, font if font in fonts.FILES else fonts.SERIF,
                                                       style.fontsize), style)
    else:
        writer.block(value, target, keep)
    if target.fresh is not None:  # an empty list: Word still needs the cell's paragraph styled
        writer.paragraph(target, cell_style(style.fontsize), [], keep)
