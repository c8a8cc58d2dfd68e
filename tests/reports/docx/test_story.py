"""The story writer's contract (ntm_desktop/reports/docx/story.py): runs per font, and no block of
the PDF's story lost without a word."""

from __future__ import annotations

import pytest
from docx import Document
from reportlab.platypus import Flowable, Paragraph

from ntm_desktop.reports import fonts, layout
from ntm_desktop.reports.docx import page
from ntm_desktop.reports.docx.story import StoryWriter, runs


def test_runs_follow_the_fonts_of_the_paragraph():
    paragraph = layout.marked("Có 2 tiêu chí <khác> (đánh dấu ⚠ trong bảng).", layout.styles()["body"])
    assert runs(paragraph) == [("Có 2 tiêu chí <khác> (đánh dấu ", fonts.SERIF), ("⚠", fonts.MARKS),
                               (" trong bảng).", fonts.SERIF)]
    assert runs(Paragraph("a<br/>b <b>c</b>", layout.styles()["body"])) == [("a\nb ", fonts.SERIF),
                                                                           ("c", fonts.SERIF_BOLD)]


def test_marks_and_bold_become_runs_of_their_own():
    doc = page.new_document("t", demo=False)
    style = layout.styles()["body"]
    StoryWriter(doc).write([layout.marked("Đạt ✓ và <b>", style), Paragraph("x <b>đậm</b>", style)])
    first, second = doc.paragraphs
    assert [r.text for r in first.runs] == ["Đạt ", "✓", " và <b>"]
    assert first.runs[1].font.name == page.MARKS_FONT and first.runs[0].font.name is None  # the style's font
    assert [(r.text, r.bold) for r in second.runs] == [("x ", None), ("đậm", True)]
    assert second.style.name == "Báo cáo – Nội dung"


def test_a_block_without_a_word_form_is_an_error_not_a_gap():
    class Unknown(Flowable):
        pass

    with pytest.raises(TypeError, match="Unknown"):
        StoryWriter(Document()).write([Unknown()])
