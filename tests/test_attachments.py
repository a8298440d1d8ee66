"""Attachment labels: format and size as residents read them."""

from __future__ import annotations

import pytest
from bip_attachments.attachments import describe, file_format, human_size


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.pdf", "PDF"),
        ("A.DOCX", "DOCX"),
        ("plan.ods", "ODS"),
        ("x.jpeg", "JPG"),
        ("dane.geojson", "GEOJSON"),
    ],
)
def test_format(name: str, fmt: str) -> None:
    assert file_format(name) == fmt


@pytest.mark.parametrize(
    ("size", "label"),
    [
        (0, "1 KB"),
        (1023, "1 KB"),
        (245_760, "240 KB"),
        (1_048_576, "1,0 MB"),
        (5_347_738, "5,1 MB"),
    ],
)
def test_size(size: int, label: str) -> None:
    assert human_size(size) == label


def test_label_and_url() -> None:
    att = describe({"plik": "uchwala.pdf", "opis": "Treść uchwały"}, 245_760, "rada/u/")
    assert att.label == "(PDF, 240 KB)"
    assert att.url == "rada/u/uchwala.pdf"
