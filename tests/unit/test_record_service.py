"""create_signed_record and countersign_record: the one call the GUI and the CLI make."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from isp_wizard.engine.session import Session
from isp_wizard.engine.walk import walk
from isp_wizard.errors import MissingIdentityError, RecordError, WrongPassphraseError
from isp_wizard.paths import locations
from isp_wizard.record.identity import create_identity
from isp_wizard.record.model import RecordDetails
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack
from isp_wizard.services.records import countersign_record, create_signed_record

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
PASS = "correct horse"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("service")
    create_identity(folder / "me.p12", name="Priya Shah", role="Officer",
                    organisation="The Council", passphrase=PASS)
    create_identity(folder / "boss.p12", name="Tom Wójcik", role="Manager",
                    organisation="The Council", passphrase=PASS)
    return folder


@pytest.fixture(autouse=True)
def shared_cache(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISP_WIZARD_CACHE_DIR", str(shared / "cache"))


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO)


def make(pack, out: Path, shared: Path, **kw: object):
    session = walk(pack.tree("demo"), {"emergency": "yes"})
    return create_signed_record(session, pack, RecordDetails(case_reference="C-1"),
                                identity_path=shared / "me.p12", passphrase=PASS,
                                training=bool(kw.pop("training", False)), out_path=out,
                                cache_dir=shared / "cache", **kw)  # type: ignore[arg-type]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_makes_a_signed_record_that_verifies(pack, shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "records" / "r.pdf"
    record = make(pack, out, shared, training=True)
    report = verify_record(out, trust_roots=[])
    assert report.ok and report.record == record
    assert record.training and record.practitioner.name == "Priya Shah"
    assert leftovers(out.parent) == ["r.pdf"]
    with pytest.raises(RecordError, match="already exists"):
        make(pack, out, shared)


def test_countersign_in_place(pack, shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    make(pack, out, shared)
    done = countersign_record(out, identity_path=shared / "boss.p12", passphrase=PASS,
                              where=locations(), trust_roots=[])
    assert done.countersigner.name == "Tom Wójcik"
    assert done.report.ok and done.report.countersigned
    assert leftovers(tmp_path) == ["r.pdf"]


def test_an_altered_record_is_not_countersigned(pack, shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    make(pack, out, shared)
    out.write_bytes(out.read_bytes() + b"\n%% appended\n")
    before = out.read_bytes()
    with pytest.raises(RecordError, match="does not verify"):
        countersign_record(out, identity_path=shared / "boss.p12", passphrase=PASS,
                           where=locations(), trust_roots=[])
    assert out.read_bytes() == before


def test_identity_problems_leave_nothing(pack, shared: Path, tmp_path: Path) -> None:
    session = walk(pack.tree("demo"), {"emergency": "yes"})
    details = RecordDetails(case_reference="C-1")
    with pytest.raises(WrongPassphraseError):
        create_signed_record(session, pack, details, identity_path=shared / "me.p12",
                             passphrase="wrong one", training=False, out_path=tmp_path / "a.pdf",
                             cache_dir=tmp_path / "cache")
    with pytest.raises(MissingIdentityError):
        create_signed_record(session, pack, details, identity_path=tmp_path / "none.p12",
                             passphrase=PASS, training=False, out_path=tmp_path / "a.pdf",
                             cache_dir=tmp_path / "cache")
    assert leftovers(tmp_path) == []


def test_unfinished_session_is_refused(pack, shared: Path, tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="not reached a decision"):
        create_signed_record(Session(pack.tree("demo")), pack, RecordDetails(case_reference="C"),
                             identity_path=shared / "me.p12", passphrase=PASS, training=False,
                             out_path=tmp_path / "a.pdf", cache_dir=tmp_path / "cache")


def test_disk_full_leaves_no_half_written_pdf(pack, shared: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RecordError, match="not enough disk space"):
        make(pack, tmp_path / "r.pdf", shared)
    assert leftovers(tmp_path) == []


def test_read_only_folder(pack, shared: Path, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only(path, flags, *args):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT and str(path).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(RecordError, match="read-only"):
        make(pack, tmp_path / "r.pdf", shared)
    assert leftovers(tmp_path) == []
