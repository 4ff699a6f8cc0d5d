"""Where a register's signed PDFs live, behind one small interface.

On a laptop the PDFs are files in the records folder (``FolderPdfs``); on the partnership's
server they are rows of a table keyed by their SHA-256 (``PostgresPdfs`` in
``postgres_register.py``), so a ``pg_dump`` of the database holds everything. Verifying, the
monitoring report and sync read PDFs only through this interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from isp_wizard.store.chain import Finding

if TYPE_CHECKING:
    from isp_wizard.store.register import RegisterEntry

__all__ = ["FolderPdfs", "PdfStore", "as_pdf_store"]


@runtime_checkable
class PdfStore(Protocol):
    """The signed PDFs a register's entries name."""

    location: str

    def read(self, entry: RegisterEntry) -> bytes:
        """The bytes of the PDF ``entry`` names; ``FileNotFoundError`` when it is not held."""
        ...

    def check(self, entries: Sequence[RegisterEntry]) -> list[Finding]:
        """Each record's PDF against its latest entry: missing, altered, or held with no entry."""
        ...


class FolderPdfs:
    """The records folder of a laptop register: ``pdf_path`` is relative to it (or absolute)."""

    def __init__(self, records_dir: Path) -> None:
        self.records_dir = Path(records_dir)
        self.location = str(self.records_dir)

    def path(self, entry: RegisterEntry) -> Path:
        from isp_wizard.store.pdfcheck import resolve_pdf

        return resolve_pdf(entry, self.records_dir)

    def read(self, entry: RegisterEntry) -> bytes:
        return self.path(entry).read_bytes()

    def check(self, entries: Sequence[RegisterEntry]) -> list[Finding]:
        from isp_wizard.store.pdfcheck import check_pdfs

        return check_pdfs(entries, self.records_dir)


def as_pdf_store(pdfs: PdfStore | Path | None) -> PdfStore | None:
    """A PDF store from what a caller gave: a store, a records folder, or nothing."""
    if pdfs is None or isinstance(pdfs, PdfStore):
        return pdfs
    return FolderPdfs(Path(pdfs))
