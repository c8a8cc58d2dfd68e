"""The PDF's story, written as Word paragraphs, tables and pictures.

A report is told once: :mod:`..pdf` (and ``twinning/pdf.py``) build its story as a list of
reportlab flowables (the letterhead, the sentences of :mod:`..sentences`, the tables of
:mod:`..tables`, the charts, the annexes and the signature). The Word file is that same list
read block by block, so the two formats cannot drift apart: a sentence or a table added to
the PDF appears in the .docx without a line here. What each block becomes:

- ``Paragraph`` and ``TextLine``: a paragraph in the Word style made from its PDF style
  (:func:`.page.paragraph_style`), one run per font change (bold, italic, the marks ✓ ⚠);
- ``Table``: a Word table (:mod:`.grid`), ruled where the PDF's is, with its spans, fills,
  column widths and repeated header rows; the letterhead's and the signature's two columns
  stay unruled tables of paragraphs;
- ``Drawing`` (the charts): a PNG picture of the same drawing (:mod:`.raster`);
- ``KeepTogether``: its blocks kept with the next (Word's "keep with next", rows that do not split);
- ``NextPageTemplate`` + ``PageBreak``: a new section in the other orientation, or a page break;
- ``Spacer`` and the short ``Rule`` lines: an empty paragraph of that height, a bordered one;
- ``CondPageBreak``, ``Indenter`` and other page actions: nothing (Word fills its own pages).

A block of another kind is a bug here, not something to skip silently: it raises TypeError.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    Indenter,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from ntm_desktop.reports import fonts, layout
from ntm_desktop.reports.docx import grid, page, raster


class Target:
    """Where paragraphs go: the document's body or a table cell (whose first, empty paragraph
    Word requires and is used before any is added)."""

    def __init__(self, parent: Any, width: float, fresh: WordParagraph | None = None) -> None:
        self.parent = parent
        self.width = width
        self.fresh = fresh

    def paragraph(self) -> WordParagraph:
        if self.fresh is not None:
            fresh, self.fresh = self.fresh, None
            return fresh
        return self.parent.add_paragraph()


def runs(paragraph: Paragraph) -> list[tuple[str, str]]:
    """(text, font) of a reportlab Paragraph, consecutive fragments of one font joined (python-docx
    writes a "\n" in a run as a line break)."""
    out: list[tuple[str, str]] = []
    for frag in paragraph.frags:
        text = "\n" if getattr(frag, "lineBreak", False) else getattr(frag, "text", "")  # <br/>: a line break
        if not text:
            continue
        font = frag.fontName
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + text, font)
        else:
            out.append((text, font))
    return out


class StoryWriter:
    """Writes a story into a python-docx Document, section by section."""

    def __init__(self, doc: Any, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.doc = doc
        self.orientation = "portrait"
        self.next_orientation = "portrait"
        self.break_before = False
        self.progress = progress
        self.cancelled = cancelled
        self.style_ids: dict[str, str] = {}

    def body(self) -> Target:
        return Target(self.doc, page.frame_width(self.doc.sections[-1]))

    def cell_target(self, cell: Any) -> Target:
        """A table cell, its width in points (as the grid set it), its first paragraph unused."""
        return Target(cell, float(cell.width or 0) / 12700, fresh=cell.paragraphs[0])

    def write(self, story: Sequence[Flowable]) -> None:
        total = len(story)
        for done, flowable in enumerate(story, start=1):
            if self.cancelled is not None and self.cancelled():
                raise layout.Cancelled()
            self.block(flowable, self.body(), keep=False)
            if self.progress is not None:
                self.progress(done, total)
        self.close()

    def close(self) -> None:
        """End the body with a paragraph, as Word requires after a last table (the signature of a
        commune report): a 1 pt one, which adds nothing to the last page."""
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None  # the last block before the section properties
        if last is not None and last.tag == qn("w:tbl"):
            self.spacer(self.body(), 1, keep=False)

    # -- blocks --------------------------------------------------------------------------
    def block(self, flowable: Any, target: Target, keep: bool) -> None:
        if isinstance(flowable, (KeepTogether, KeepInFrame)):
            self.blocks(flowable._content, target, keep=True, last_keeps=keep)
        elif isinstance(flowable, NextPageTemplate):
            self.next_orientation = flowable.action[1]
        elif isinstance(flowable, (CondPageBreak, Indenter, ActionFlowable)):
            pass  # page-filling hints of the PDF: Word flows its own pages (keep with next does the rest)
        elif isinstance(flowable, PageBreak):
            self.page_break()
        elif isinstance(flowable, Paragraph):
            self.paragraph(target, flowable.style, runs(flowable), keep)
        elif isinstance(flowable, layout.TextLine):
            self.paragraph(target, flowable.style, [(flowable.text, flowable.style.fontName)], keep)
        elif isinstance(flowable, layout.Rule):
            self.rule(target, flowable, keep)
        elif isinstance(flowable, Spacer):
            self.spacer(target, flowable.height, keep)
        elif isinstance(flowable, Table):
            self.flush_break()
            grid.write_table(self, target, flowable, keep)
        elif isinstance(flowable, Drawing):
            self.picture(target, flowable, keep)
        else:
            raise TypeError(f"no Word form for {type(flowable).__name__} in a report story")

    def blocks(self, flowables: Iterable[Any], target: Target, keep: bool, last_keeps: bool = False) -> None:
        """Several blocks; with ``keep`` each is kept with the next, the last one only if ``last_keeps``."""
        items = list(flowables)
        for i, flowable in enumerate(items):
            self.block(flowable, target, keep=keep and (i < len(items) - 1 or last_keeps))

    def page_break(self) -> None:
        """A new page: a new section if the orientation changes, else a break before what follows."""
        if self.next_orientation != self.orientation:
            self.break_before = False
            page.add_section(self.doc, self.next_orientation)
            self.orientation = self.next_orientation
        else:
            self.break_before = True

    def flush_break(self) -> None:
        """A page break still waiting when a table (which has no "page break before") comes next."""
        if self.break_before:
            self.break_before = False
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _new_paragraph(self, target: Target, keep: bool) -> WordParagraph:
        paragraph = target.paragraph()
        if self.break_before and target.parent is self.doc:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def paragraph(self, target: Target, style: Any, parts: list[tuple[str, str]], keep: bool,
                  alignment: WD_ALIGN_PARAGRAPH | None = None) -> WordParagraph:
        paragraph = self._new_paragraph(target, keep)
        # the style's id, set directly: python-docx's Paragraph.style looks it up again each time
        # (5 s for the 5,000 cells of a province report with its annex)
        style_id = self.style_ids.get(style.name)
        if style_id is None:
            style_id = self.style_ids[style.name] = self.doc.styles[page.paragraph_style(self.doc, style)].style_id
        paragraph._p.style = style_id
        if alignment is not None:
            paragraph.alignment = alignment
        bold, italic = page.is_bold(style.fontName), page.is_italic(style.fontName)
        for text, font in parts:
            run = paragraph.add_run(text)
            if font == fonts.MARKS:
                page.set_run_font(run, page.MARKS_FONT)
                continue
            if page.is_bold(font) != bold:
                run.bold = page.is_bold(font)
            if page.is_italic(font) != italic:
                run.italic = page.is_italic(font)
        return paragraph

    def rule(self, target: Target, rule: layout.Rule, keep: bool) -> None:
        """A short centred line: an empty paragraph as wide as the rule, with a bottom border."""
        paragraph = self._new_paragraph(target, keep)
        fmt = paragraph.paragraph_format
        indent = max(0.0, (target.width - rule.length) / 2)
        fmt.left_indent = fmt.right_indent = Pt(indent)
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(1.0, rule.space_before))
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(rule.space_after)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for attr, value in (("w:val", "single"), ("w:sz", str(max(2, round(rule.thickness * 8)))),
                            ("w:space", "0"), ("w:color", "000000")):
            bottom.set(qn(attr), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().insert_element_before(
            borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
            "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
            "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
            "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
            "w:rPr", "w:sectPr", "w:pPrChange")
        self._tiny_mark(paragraph)

    def spacer(self, target: Target, height: float, keep: bool) -> None:
        """Vertical space: an empty paragraph exactly ``height`` points high."""
        paragraph = self._new_paragraph(target, keep)
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(1.0, height))
        fmt.space_before = fmt.space_after = Pt(0)
        self._tiny_mark(paragraph)

    @staticmethod
    def _tiny_mark(paragraph: WordParagraph) -> None:
        """A 1 pt paragraph mark, so an empty spacing paragraph is as high as its line spacing says."""
        rpr = OxmlElement("w:rPr")  # the last child of w:pPr (these paragraphs carry no section)
        paragraph._p.get_or_add_pPr().append(rpr)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        rpr.append(size)

    def picture(self, target: Target, drawing: Drawing, keep: bool) -> None:
        paragraph = self._new_paragraph(target, keep)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        width = min(float(drawing.width), target.width)
        paragraph.add_run().add_picture(io.BytesIO(raster.png(drawing)), width=Pt(width))
