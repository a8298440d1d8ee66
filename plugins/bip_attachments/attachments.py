"""Describe attachments for residents: format, size and an accessible label."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from bip_content.limits import human_size
from bip_content.tree import FORMATS


@dataclass(frozen=True)
class Attachment:
    """One attachment as the page shows it."""

    file: str
    description: str
    format: str
    size: int
    url: str

    @property
    def size_label(self) -> str:
        """Human size, e.g. '240 KB'."""
        return human_size(self.size)

    @property
    def label(self) -> str:
        """Format and size, e.g. '(PDF, 240 KB)'."""
        return f"({self.format}, {self.size_label})"


def file_format(name: str) -> str:
    """Upper-case format name from the extension.

    >>> file_format("Uchwala.PDF")
    'PDF'
    """
    suffix = PurePosixPath(name).suffix.lower().lstrip(".")
    return FORMATS.get(suffix, suffix.upper() or "plik")


def describe(entry: dict, size: int, base_url: str) -> Attachment:
    """Turn a front-matter entry {plik, opis} into an Attachment."""
    name = entry["plik"]
    return Attachment(name, entry["opis"], file_format(name), size, f"{base_url}{name}")
