"""Word reports (ntm_desktop/reports/docx/): .docx files written by ``ntm report --format docx``,
read back with python-docx, compared with the PDF of the same report, and converted to PDF by
LibreOffice where it is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from ntm_desktop.reports import fonts

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def words(text: str) -> set[str]:
    """The words of a text as a person reads them (NFC, no-break spaces as spaces)."""
    return set(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def blocks(container) -> list[str]:
    """Every paragraph's text in reading order, table cells row by row (a merged cell once)."""
    out: list[str] = []
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out += blocks(cell)
        else:
            out.append(block.text)
    return out


def docx_text(path: Path) -> str:
    return "\n".join(blocks(Document(str(path))))


def table_rows(table) -> list[list[str]]:
    return [[flat(cell.text) for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="session")
def soffice_env(tmp_path_factory):
    """LibreOffice with a private profile and the report fonts (Liberation Serif, Times New Roman's
    metric twin, is in resources/fonts; fontconfig's metric aliases map one to the other)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (Debian's libreoffice-writer-nogui) is not installed: no .docx → PDF check")
    home = tmp_path_factory.mktemp("soffice")
    conf = home / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts.font_dir()}</dir>\n  <cachedir>{home / 'fontcache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(home)}, home


def to_pdf(soffice_env, docx: Path) -> Path:
    env, home = soffice_env
    out = docx.parent / "lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   capture_output=True, env=env, check=True, timeout=180)
    pdf = out / (docx.stem + ".pdf")
    assert pdf.is_file()
    return pdf
