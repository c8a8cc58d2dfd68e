"""The documents cite the contract inside the repository (docs/contract.md), and that copy
is the contract the steering repository holds (shared/CONTRACT.md beside the checkout)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "contract.md"
SHARED = ROOT.parent / "shared" / "CONTRACT.md"


def _sections() -> set[str]:
    return set(re.findall(r"^## (\d+)\. ", CONTRACT.read_text(encoding="utf-8"), flags=re.M))


def test_every_cited_section_exists_and_the_citing_document_links_the_contract():
    sections = _sections()
    assert len(sections) >= 9
    citing = [p for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))] if p != CONTRACT]
    cited_anywhere = 0
    for doc in citing:
        body = doc.read_text(encoding="utf-8")
        cited = set(re.findall(r"CONTRACT §(\d+)", body))
        cited_anywhere += len(cited)
        assert cited <= sections, (doc.name, sorted(cited - sections))
        if cited or "CONTRACT" in body:
            assert "contract.md" in body, f"{doc.name} cites the contract without linking docs/contract.md"
            assert "../shared/CONTRACT" not in body, doc.name
    assert cited_anywhere > 5


@pytest.mark.skipif(not SHARED.exists(), reason="no steering repository beside this checkout")
def test_the_copy_is_the_contract_in_force():
    copy = CONTRACT.read_text(encoding="utf-8")
    copy = copy[copy.index("# NTM Desktop") :]
    assert copy == SHARED.read_text(encoding="utf-8"), "shared/CONTRACT.md changed: update docs/contract.md"
