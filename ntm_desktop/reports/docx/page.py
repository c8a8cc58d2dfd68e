"""The Word document's page (Nghị định 30/2020/NĐ-CP, Phụ lục I), as :mod:`..layout` sets the PDF's.

A4 with the PDF's margins (:data:`layout.MARGINS`: 20 mm top and bottom, 30 mm left, 15 mm
right; landscape annexes 25/20/20/20 mm), Times New Roman (the PDF's Liberation Serif has its
metrics), the page number as a PAGE field centred in the header from page 2 (the first page
has a header of its own, left empty), and for a demo database the PDF's red line in every
footer. Each paragraph style of the PDF (``body``, ``heading``, ``title`` …) becomes a Word
style of the same font, size, alignment, indent and spacing, named in Vietnamese, so an
officer who changes the body text's size changes it everywhere at once.
"""

from __future__ import annotations

import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle

from ntm_desktop import i18n
from ntm_desktop.reports import fonts, layout

FONT = "Times New Roman"  # Nghị định 30; Liberation Serif (the PDF's font) has its metrics
MARKS_FONT = "Segoe UI Symbol"  # ✓ ⚠ (Windows' symbol font; Word and LibreOffice fall back elsewhere)
DEMO_LINE = "DỮ LIỆU MẪU (DEMO) — số liệu không có thật, chỉ để dùng thử"  # the PDF's footer line
DEMO_RED = RGBColor(0xB3, 0x26, 0x1E)
LANGUAGE = "vi-VN"
HEADER_DISTANCE = Pt(22)  # the page number's baseline ~12 mm from the top, as in the PDF
ALIGN = {TA_CENTER: WD_ALIGN_PARAGRAPH.CENTER, TA_RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
         TA_JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY}


def _vi(key: str) -> str:
    """The Vietnamese text of a catalog key: the document is Vietnamese whatever the UI language."""
    return i18n.MESSAGES[key][0]


def is_bold(font: str) -> bool:
    return font in (fonts.SERIF_BOLD, fonts.SERIF_BOLD_ITALIC)


def is_italic(font: str) -> bool:
    return font in (fonts.SERIF_ITALIC, fonts.SERIF_BOLD_ITALIC)


def set_run_font(run: Any, name: str) -> None:
    """Name the run's font for every script (Word picks w:cs or w:eastAsia for some letters)."""
    run.font.name = name
    fonts_el = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:cs", "w:eastAsia"):
        fonts_el.set(qn(attr), name)


FALLBACK = "Liberation Serif"  # Times New Roman's metric twin (the PDF's font), where the former is missing


def _font_fallback(doc: Any) -> None:
    """Name Liberation Serif as Times New Roman's alternative in the document's font table
    (``w:altName``), so that a word processor without Times New Roman takes a font of the same
    widths and the letterhead's lines break where they do in Word."""
    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    for font in table.findall(qn("w:font")):
        if font.get(qn("w:name")) == FONT and font.find(qn("w:altName")) is None:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), FALLBACK)
            font.insert(0, alt)  # first: CT_Font's sequence starts with altName
    part._blob = serialize_part_xml(table)


def new_document(title: str, demo: bool) -> Any:
    """An empty A4 portrait document with the Decree 30 page, Normal style and page numbers."""
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.subject = title
    doc.core_properties.author = "NTM Desktop"
    doc.core_properties.comments = ""
    _font_fallback(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:cs", "w:eastAsia", "w:hAnsi"):
        rfonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")  # Vietnamese: Word checks the spelling of the officers' edits in Vietnamese
    lang.set(qn("w:val"), LANGUAGE)
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    doc.core_properties.language = LANGUAGE
    normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    set_page(section, "portrait")
    section.different_first_page_header_footer = True  # Decree 30: no number on page 1
    _page_number(section.header.paragraphs[0])
    if demo:
        for footer in (section.footer, section.first_page_footer):
            _demo_line(footer.paragraphs[0])
        for header in (section.header, section.first_page_header):
            header.paragraphs[0]._p.append(parse_xml(_WATERMARK))
    return doc


def set_page(section: Section, orientation: str) -> None:
    width, height = A4 if orientation == "portrait" else (A4[1], A4[0])
    top, bottom, left, right = layout.MARGINS[orientation]
    section.orientation = WD_ORIENT.PORTRAIT if orientation == "portrait" else WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.top_margin, section.bottom_margin = Pt(top), Pt(bottom)
    section.left_margin, section.right_margin = Pt(left), Pt(right)
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = Pt(18)


def add_section(doc: Any, orientation: str) -> Section:
    """A new section on a new page (the PDF's change of page template); numbered on its first page,
    with the header and footer of the section before."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    set_page(section, orientation)
    return section


def frame_width(section: Section) -> float:
    """The text width of ``section`` in points (every section here has its size and margins set)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None
    return (width - left - right) / 12700


def _page_number(paragraph: Paragraph) -> None:
    """A centred PAGE field (Word and LibreOffice update it when the document is laid out)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


# Word's own text watermark (Design → Watermark writes this VML shape into the header; LibreOffice
# reads it as a watermark too): «DEMO» across the page, as the PDF draws it (35°, red, 10 % opaque).
_WATERMARK = (
    f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(f'<v:f eqn="{eqn}"/>' for eqn in (
        "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3", "if @0 @3 0",
        "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6", "mid @8 @5", "mid @7 @8", "mid @6 @7",
        "sum @6 0 @5"))
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"'
    ' o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:110pt;rotation:325;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"'
    ' fillcolor="#b3261e" stroked="f"><v:fill opacity=".1"/>'
    '<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt;font-weight:bold" string="DEMO"/>'
    '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
)


def _demo_line(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(DEMO_LINE)
    run.bold = True
    run.font.size = Pt(10)
    run.font.color.rgb = DEMO_RED


def paragraph_style(doc: Any, style: ParagraphStyle) -> str:
    """The Word style for a PDF paragraph style (made on first use); returns its name."""
    name = style_name(style.name)
    try:
        doc.styles[name]
        return name
    except KeyError:
        pass
    word = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    word.style_id = "NTM" + re.sub(r"[^A-Za-z0-9]", "", style.name.title())  # ASCII ids, as Word writes them
    word.base_style = doc.styles["Normal"]
    word.quick_style = style.name in ("body", "heading", "title", "subtitle", "caption", "note")
    word.font.size = Pt(style.fontSize)
    word.font.bold = is_bold(style.fontName)
    word.font.italic = is_italic(style.fontName)
    fmt = word.paragraph_format
    fmt.alignment = ALIGN.get(style.alignment, WD_ALIGN_PARAGRAPH.LEFT)
    if style.firstLineIndent:
        fmt.first_line_indent = Pt(style.firstLineIndent)
    if style.leftIndent:
        fmt.left_indent = Pt(style.leftIndent)
    fmt.space_before = Pt(style.spaceBefore)
    fmt.space_after = Pt(style.spaceAfter)
    # at least the PDF's leading: the same lines, and room for a larger font if an officer sets one
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    fmt.line_spacing = Pt(style.leading)
    fmt.widow_control = True
    if style.name in ("heading", "subheading", "caption", "title", "subtitle"):
        fmt.keep_with_next = True
    return name


def style_name(pdf_name: str) -> str:
    """``body`` → «Báo cáo – Nội dung», ``cell9.5`` → «Báo cáo – Ô bảng 9,5»: the catalog's Vietnamese
    name (a size the PDF appends to the name is kept), the PDF's own name for a style it lacks."""
    match = re.fullmatch(r"(.*?)([\d.]*)", pdf_name)
    base, size = (match.group(1), match.group(2)) if match else (pdf_name, "")
    key = f"docx.style.{base}"
    name = _vi(key) if key in i18n.MESSAGES else f"NTM – {base}"
    return f"{name} {size.replace('.', ',')}" if size else name
