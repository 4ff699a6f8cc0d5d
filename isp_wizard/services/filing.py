"""Filing a signed record: its PDF into the records folder and its entry into the register, as
one step — if either fails, neither remains.

The signed PDF (already flushed to disk under its staging name) is linked to ``<record id>.pdf``
— exclusively, so a file already there is never replaced — owner-only, as is a records folder
made here; only then is the register entry appended. If the append fails the PDF is removed again; once it succeeds the original
signed file is removed (so the PDF has moved). A crash between the rename and the append
leaves a PDF with no entry, which ``register verify`` reports as an unregistered PDF rather than
losing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import InputFileError, RegisterError, StoreError
from isp_wizard.fsutil import PRIVATE_FILE, PRIVATE_FOLDER, make_folder, place_new

if TYPE_CHECKING:
    from isp_wizard.folders import Locations
    from isp_wizard.record.approval import AnyRecord
    from isp_wizard.store.register import Register, RegisterEntry


def file_record(record: AnyRecord, signed_pdf: Path, *, locations: Locations,
                training: bool, register: Register | None = None) -> RegisterEntry:
    """Move ``signed_pdf`` into the records folder and append ``record`` to the register.

    Training records go to the training folder and register. ``register`` may be given to reuse
    an open one; otherwise the register for ``training`` is opened and closed here.
    """
    from isp_wizard.store.pdfcheck import file_sha256
    from isp_wizard.store.register import entry_from_record, open_register

    if bool(record.training) != bool(training):
        kind = "a training record" if record.training else "a real record"
        raise StoreError(f"{kind} cannot be filed in the "
                         f"{'training' if training else 'real'} register")
    records_dir = locations.records_for(training)
    target = records_dir / f"{record.record_id}.pdf"
    try:
        pdf_sha256 = file_sha256(signed_pdf)
    except OSError as exc:
        raise InputFileError(f"{signed_pdf}: the signed PDF cannot be read: {exc.strerror}") \
            from exc
    if target.exists():
        raise RegisterError(f"record {record.record_id} has already been filed ({target})")
    entry = entry_from_record(record, pdf_path=target.name, pdf_sha256=pdf_sha256)
    opened = register if register is not None else \
        open_register(locations.register_for(training))  # a bad register stops us here
    try:
        _place(signed_pdf, target)
        try:
            filed = opened.append(entry)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        if register is None:
            opened.close()
    signed_pdf.unlink(missing_ok=True)
    return filed


def _place(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` durably and owner-only, exclusively (``isp_wizard.fsutil``)."""
    try:
        make_folder(target.parent, mode=PRIVATE_FOLDER)
    except OSError as exc:
        raise StoreError(f"the records folder {target.parent} cannot be written: "
                         f"{exc.strerror}") from exc
    try:
        place_new(source, target, mode=PRIVATE_FILE)  # never over a file already there
    except FileExistsError:
        raise RegisterError(f"a record is already filed at {target}") from None
    except OSError as exc:
        raise StoreError(f"the signed PDF cannot be filed in {target.parent}: "
                         f"{exc.strerror}") from exc
