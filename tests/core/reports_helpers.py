"""Shared helpers for the reports tests: reading PDFs back independently."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from trainer.reports.certificate import CertificateRequest, CompetencyScore, CompletedItem


def pdf_text(data: bytes | Path) -> str:
    """All text pypdf extracts, pages joined."""
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    reader = PdfReader(source)
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(data: bytes | Path) -> int:
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    return len(PdfReader(source).pages)


def request(name: str = "Maria Lopez", **changes: object) -> CertificateRequest:
    """A realistic certificate request; keyword arguments replace fields."""
    base = CertificateRequest(
        name=name,
        programme="Handling Difficult Conversations",
        on=date(2025, 3, 7),
        hours=6,
        items=(CompletedItem("Angry caller", 86), CompletedItem("Refused claim", 92)),
        competencies=(CompetencyScore("Empathy", 88),),
        facilitator="Ana Souza",
        organisation="City of Riverton",
    )
    fields = {**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes}
    return CertificateRequest(**fields)  # type: ignore[arg-type]
