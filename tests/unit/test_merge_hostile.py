"""Hostile merge bundles: nothing a bundle says can overwrite a file, file a record under another
laptop's name, invent a countersignature, or pass a self-made identity off as a trusted one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import uuid
from pathlib import Path

import pytest
from report_records import PASSPHRASE, Signer, make_record, make_signer, sign_record
from test_merge import write_bundle

from isp_wizard.record.ca import init_ca, issue_identity
from isp_wizard.record.identity import load_identity
from isp_wizard.record.sign import countersign_pdf
from isp_wizard.services.merge import MERGED_FOLDER, merge_exports
from isp_wizard.store.pdfcheck import file_sha256
from isp_wizard.store.register import (
    COUNTERSIGNATURE,
    RegisterEntry,
    entry_from_record,
    open_register,
)

CA_PASS = "organisation ca passphrase"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ca")
    init_ca(folder, name="The Council CA", organisation="The Council", passphrase=CA_PASS)
    return folder


def issued_signer(ca: Path, folder: Path, name: str) -> Signer:
    folder.mkdir(parents=True, exist_ok=True)
    p12 = folder / "identity.p12"
    issue_identity(ca, CA_PASS, p12, name=name, role="Officer", organisation="The Council",
                   passphrase=PASSPHRASE)
    return Signer(load_identity(p12, PASSPHRASE), folder / "cache")


@pytest.fixture(scope="module")
def alice(ca: Path, tmp_path_factory: pytest.TempPathFactory) -> Signer:
    return issued_signer(ca, tmp_path_factory.mktemp("alice"), "Marigold Fairweather")


@pytest.fixture(scope="module")
def director(ca: Path, tmp_path_factory: pytest.TempPathFactory) -> Signer:
    return issued_signer(ca, tmp_path_factory.mktemp("director"), "Director of Legal")


@pytest.fixture(scope="module")
def mallory(ca: Path, tmp_path_factory: pytest.TempPathFactory) -> Signer:
    return issued_signer(ca, tmp_path_factory.mktemp("mallory"), "Mallory Insider")


def trust(ca: Path) -> list[Path]:
    return [ca / "ca.pem"]


def laptop_bundle(signer: Signer, folder: Path, register_id: str, count: int = 2
                  ) -> tuple[Path, list[RegisterEntry]]:
    entries = []
    for i in range(count):
        record = make_record(tree_id="safeguarding", decision="share", partner_id="police",
                             created=dt.datetime(2026, 3, 1 + i, tzinfo=dt.UTC))
        pdf = sign_record(record, signer, folder / f"{record.record_id}.pdf")
        entries.append(entry_from_record(record, pdf_path=pdf.name,
                                         pdf_sha256=file_sha256(pdf)))
    bundle = write_bundle(folder, register_id, entries)
    return bundle.export, bundle.entries


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def partnership(alice: Signer, ca: Path, tmp_path: Path):
    """A partnership register holding laptop A's two records."""
    a_id = str(uuid.uuid4())
    export, entries = laptop_bundle(alice, tmp_path / "laptop-a", a_id)
    records = tmp_path / "partnership" / "records"
    register = open_register(tmp_path / "partnership" / "register.sqlite")
    result = merge_exports([export], register, records, trust_roots=trust(ca))
    assert result.added == 2 and not result.refused, result.exports[0].problems
    yield register, records, a_id, export, entries
    register.close()


def forged_export(export: Path, folder: Path, *, register_id: str | None = None,
                  edit=None) -> Path:
    """A copy of ``export``'s bundle with its JSON edited (and the chain recomputed)."""
    shutil.copytree(export.parent, folder)
    document = json.loads(export.read_text(encoding="utf-8"))
    entries = [RegisterEntry.from_json(e) for e in document["entries"]]
    if edit is not None:
        entries = edit(entries)
    bundle = write_bundle(folder, register_id or document["register"]["register_id"], entries,
                          name="forged.json")
    return bundle.folder / "forged.json"


def test_a_register_id_of_dot_dot_is_refused_and_nothing_is_written(
        partnership, alice: Signer, ca: Path, tmp_path: Path) -> None:
    register, records, _a_id, _export, _entries = partnership
    before = snapshot(records)
    for bad_id in ("..", "../..", "", "a/b", "x" * 5000, "ＡＢ"):
        export, _ = laptop_bundle(alice, tmp_path / f"evil-{len(bad_id)}-{bad_id[:1]}", bad_id)
        result = merge_exports([export], register, records, trust_roots=trust(ca))
        (refused,) = result.refused
        assert "is not one this app makes" in refused.problems[0]
        assert len(refused.problems[0]) < 400
    assert snapshot(records) == before
    assert len(list(register.entries())) == 2


def test_a_record_id_that_is_a_path_is_refused(partnership, ca: Path, tmp_path: Path) -> None:
    register, records, _a_id, export, _entries = partnership
    before = snapshot(records)
    forged = forged_export(export, tmp_path / "evil", register_id=str(uuid.uuid4()),
                           edit=lambda es: [dataclasses.replace(es[0], record_id="../../x")])
    (refused,) = merge_exports([forged], register, records, trust_roots=trust(ca)).refused
    assert refused.problems == ["'../../x': not a record id this app makes (a UUID); refused"]
    assert snapshot(records) == before


def test_a_bundle_claiming_another_laptops_id_cannot_touch_its_records(
        partnership, mallory: Signer, ca: Path, tmp_path: Path) -> None:
    """Mallory's bundle claims laptop A's register id, reuses A's record ids with her own PDFs
    and points its paths at A's merged files: refused, and A's PDFs are as they were."""
    register, records, a_id, export, entries = partnership
    before = snapshot(records)
    # 1. a fresh bundle under A's id without A's records
    own_export, _ = laptop_bundle(mallory, tmp_path / "m1", a_id)
    (refused,) = merge_exports([own_export], register, records, trust_roots=trust(ca)).refused
    assert any("lacks 2 of the records already merged from that register" in p
               for p in refused.problems)

    # 2. A's whole bundle, with A's first record replaced by Mallory's PDF, its path aimed at
    #    A's merged file
    record = make_record(tree_id="safeguarding", decision="do_not_share",
                         created=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    record = record.model_copy(update={"record_id": entries[0].record_id})
    folder = tmp_path / "m2"
    shutil.copytree(export.parent, folder)
    target = f"../partnership/records/{MERGED_FOLDER}/{a_id}/{entries[0].record_id}.pdf"
    pdf = sign_record(record, mallory, folder / "mallory.pdf")
    replaced = [dataclasses.replace(entry_from_record(record, pdf_path="mallory.pdf",
                                                      pdf_sha256=file_sha256(pdf))),
                *entries[1:]]
    bundle = write_bundle(folder, a_id, replaced, name="forged.json")
    (refused,) = merge_exports([bundle.folder / "forged.json"], register, records,
                               trust_roots=trust(ca)).refused
    assert any("altered: differs from the copy already in the partnership register" in p
               for p in refused.problems)
    escaping = write_bundle(folder, a_id, [dataclasses.replace(replaced[0], pdf_path=target),
                                           *entries[1:]], name="escaping.json")
    (refused,) = merge_exports([escaping.folder / "escaping.json"], register, records,
                               trust_roots=trust(ca)).refused
    assert refused.problems

    # 3. a bundle claiming this partnership register's own id
    own_id = register.info()["register_id"]
    mine, _ = laptop_bundle(mallory, tmp_path / "m3", own_id)
    (refused,) = merge_exports([mine], register, records, trust_roots=trust(ca)).refused
    assert refused.problems == ["(export): it claims to be this register itself; refused"]

    assert snapshot(records) == before
    assert len(list(register.entries())) == 2
    # the genuine bundle, merged again, is a duplicate: there was nothing to repair
    again = merge_exports([export], register, records, trust_roots=trust(ca))
    assert (again.duplicates, again.added, again.refused) == (2, 0, [])


def test_nothing_already_in_the_records_folder_is_ever_overwritten(
        alice: Signer, ca: Path, tmp_path: Path) -> None:
    a_id = str(uuid.uuid4())
    export, entries = laptop_bundle(alice, tmp_path / "a", a_id, count=1)
    records = tmp_path / "p" / "records"
    squatter = records / MERGED_FOLDER / a_id / f"{entries[0].record_id}.pdf"
    squatter.parent.mkdir(parents=True)
    squatter.write_bytes(b"the IG lead's own file")
    with open_register(tmp_path / "p" / "register.sqlite") as register:
        from isp_wizard.errors import MergeError

        with pytest.raises(MergeError, match="nothing is ever overwritten"):
            merge_exports([export], register, records, trust_roots=trust(ca))
        assert list(register.entries()) == []
    assert squatter.read_bytes() == b"the IG lead's own file"


def _countersigned_bundle(alice: Signer, countersigner: Signer, folder: Path, register_id: str,
                          *, claimed_name: str | None = None, sign: bool = True) -> Path:
    """A laptop bundle whose one record carries a countersignature event."""
    _export, entries = laptop_bundle(alice, folder, register_id, count=1)
    pdf = folder / entries[0].pdf_path
    original = pdf.read_bytes()
    if sign:
        new = countersign_pdf(original, countersigner.identity, cache_dir=countersigner.cache_dir)
    else:
        new = original + b"\n% Countersigned by the Director (not really)\n"
    pdf.write_bytes(new)
    who = claimed_name or (f"{countersigner.identity.practitioner.name} (Officer, The Council)")
    event = dataclasses.replace(
        entries[0], kind=COUNTERSIGNATURE, practitioner=who,
        created_utc="2026-03-05T10:00:00Z", review_date="",
        prev_pdf_sha256=hashlib.sha256(original).hexdigest(),
        pdf_sha256=hashlib.sha256(new).hexdigest())
    bundle = write_bundle(folder, register_id, [entries[0], event])
    return bundle.export


def test_a_genuine_countersignature_is_taken(alice: Signer, director: Signer, ca: Path,
                                             tmp_path: Path) -> None:
    export = _countersigned_bundle(alice, director, tmp_path / "a", str(uuid.uuid4()))
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([export], register, tmp_path / "records", trust_roots=trust(ca))
        assert not result.refused, result.exports[0].problems
        assert (result.added, result.exports[0].events_added) == (1, 1)
        assert register.verify(tmp_path / "records") == []


def test_a_forged_countersignature_event_is_refused(alice: Signer, director: Signer,
                                                    mallory: Signer, ca: Path,
                                                    tmp_path: Path) -> None:
    # the event claims a countersignature the PDF does not hold (bytes appended instead)
    unsigned = _countersigned_bundle(alice, director, tmp_path / "a", str(uuid.uuid4()),
                                     sign=False)
    # Mallory countersigned, but the event names the Director
    lying = _countersigned_bundle(alice, mallory, tmp_path / "b", str(uuid.uuid4()),
                                  claimed_name="Director of Legal (Director, The Council)")
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([unsigned, lying], register, tmp_path / "records",
                               trust_roots=trust(ca))
        first, second = result.exports
        assert first.refused and any("the PDF holds 0" in p for p in first.problems)
        assert second.refused and any(
            "names 'Director of Legal (Director, The Council)', but the PDF was signed by "
            "Mallory Insider" in p for p in second.problems)
        assert list(register.entries()) == []
    assert not [p for p in (tmp_path / "records").rglob("*") if p.is_file()]


def test_an_untrusted_signer_is_refused_or_reported_as_untrusted(ca: Path,
                                                                 tmp_path: Path) -> None:
    """A self-made identity can carry anyone's name: refused unless the IG lead allows it, and
    then named as untrusted in the result and in the entries' provenance."""
    self_made = make_signer(tmp_path / "self")
    export, entries = laptop_bundle(self_made, tmp_path / "a", str(uuid.uuid4()), count=1)
    with open_register(tmp_path / "p.sqlite") as register:
        (refused,) = merge_exports([export], register, tmp_path / "records",
                                   trust_roots=trust(ca)).refused
        assert any(": untrusted: signed by Marigold Fairweather (certificate " in p
                   for p in refused.problems)
        assert list(register.entries()) == []
        taken = merge_exports([export], register, tmp_path / "records", trust_roots=trust(ca),
                              allow_untrusted=True)
        assert taken.added == 1 and len(taken.exports[0].untrusted) == 1
        held = register.get(entries[0].record_id)
        assert held is not None and "NOT TRUSTED here" in held.source


def test_provenance_is_what_the_merge_verified_not_what_the_bundle_claims(
        alice: Signer, ca: Path, tmp_path: Path) -> None:
    a_id = str(uuid.uuid4())
    export, entries = laptop_bundle(alice, tmp_path / "a", a_id, count=1)
    forged = forged_export(export, tmp_path / "b", edit=lambda es: [dataclasses.replace(
        es[0], source="register of the Chief Constable (hand-delivered)")])
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([forged], register, tmp_path / "records", trust_roots=trust(ca))
        assert result.added == 1
        held = register.get(entries[0].record_id)
        assert held is not None
        assert "Chief Constable" not in held.source
        assert held.source.startswith(f"register {a_id} (export forged.json")
        assert "Marigold Fairweather (certificate " in held.source and "trusted" in held.source


def test_a_symlink_in_a_bundle_is_refused_without_saying_what_it_points_at(
        alice: Signer, ca: Path, tmp_path: Path) -> None:
    export, entries = laptop_bundle(alice, tmp_path / "a", str(uuid.uuid4()), count=1)
    pdf = export.parent / entries[0].pdf_path
    messages = []
    for target in (pdf.with_suffix(".real"), Path("/etc/passwd"), Path("/nonexistent/x.pdf")):
        if target.suffix == ".real":
            pdf.rename(target)
        pdf.unlink(missing_ok=True)
        pdf.symlink_to(target)
        with open_register(tmp_path / f"p{len(messages)}.sqlite") as register:
            (refused,) = merge_exports([export], register, tmp_path / "records",
                                       trust_roots=trust(ca)).refused
        messages.append(refused.problems)
    assert messages[0] == messages[1] == messages[2]
    assert "symbolic link" in messages[0][0]


def test_nested_json_and_huge_paths_are_refusals(alice: Signer, ca: Path,
                                                 tmp_path: Path) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text('{"format": "isp-wizard-register-export", "entries": '
                      + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    export, _entries = laptop_bundle(alice, tmp_path / "a", str(uuid.uuid4()), count=1)
    long_path = forged_export(export, tmp_path / "b", edit=lambda es: [
        dataclasses.replace(es[0], pdf_path="d/" * 2500 + "x.pdf")])
    long_name = forged_export(export, tmp_path / "c", edit=lambda es: [
        dataclasses.replace(es[0], pdf_path="x" * 900 + ".pdf")])
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([nested, long_path, long_name], register, tmp_path / "records",
                               trust_roots=trust(ca))
    assert [len(r.problems) > 0 for r in result.exports] == [True, True, True]
    assert "nested deeper" in result.exports[0].problems[0]
    assert all(len(p) < 600 for r in result.exports for p in r.problems)


def test_a_full_disk_leaves_no_truncated_pdf(alice: Signer, ca: Path, tmp_path: Path) -> None:
    """The merge runs with a file-size limit smaller than a PDF (as a full disk would stop
    it): the export is refused and nothing partial is left in the records folder."""
    import subprocess
    import sys

    export, entries = laptop_bundle(alice, tmp_path / "a", str(uuid.uuid4()), count=1)
    size = (export.parent / entries[0].pdf_path).stat().st_size
    records = tmp_path / "records"
    register_path = tmp_path / "p.sqlite"
    open_register(register_path).close()
    script = f"""
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from isp_wizard.services.merge import merge_exports
from isp_wizard.store.register import open_register
with open_register(Path({str(register_path)!r})) as register:
    resource.setrlimit(resource.RLIMIT_FSIZE, ({size // 2}, {size // 2}))
    result = merge_exports([Path({str(export)!r})], register, Path({str(records)!r}),
                           trust_roots=[Path({str(ca / 'ca.pem')!r})])
print(result.exports[0].problems)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "cannot be taken in" in done.stdout
    assert [p for p in records.rglob("*") if p.is_file()] == []
    with open_register(register_path) as register:
        assert list(register.entries()) == []


def test_merged_files_and_folders_are_owner_only(alice: Signer, ca: Path,
                                                 tmp_path: Path) -> None:
    export, _ = laptop_bundle(alice, tmp_path / "a", str(uuid.uuid4()))
    old = os.umask(0o022)
    try:
        records = tmp_path / "p" / "records"
        with open_register(tmp_path / "p" / "register.sqlite") as register:
            merge_exports([export], register, records, trust_roots=trust(ca))
    finally:
        os.umask(old)
    for path in [records, *records.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_leftover_staging_folder_from_a_killed_merge_is_swept(
        alice: Signer, ca: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    dead = records / ".merging.pid999999999.abc"
    dead.mkdir(parents=True)
    (dead / "x.pdf").write_bytes(b"personal data")
    export, _ = laptop_bundle(alice, tmp_path / "a", str(uuid.uuid4()), count=1)
    with open_register(tmp_path / "p.sqlite") as register:
        merge_exports([export], register, records, trust_roots=trust(ca))
    assert not dead.exists()
    assert not list(records.glob(".merging*"))


def test_a_bundle_under_a_laptops_id_must_extend_that_laptops_chain(
        partnership, mallory: Signer, ca: Path, tmp_path: Path) -> None:
    """Laptop A's records, reordered, plus one of Mallory's (signed and trusted): the record
    set passes, but the chain is not the one merged from A before, so it is refused."""
    register, records, a_id, export, entries = partnership
    held = register.get(entries[0].record_id)
    assert held is not None and f"chain of 2 ending {entries[1].entry_hash})" in held.source
    folder = tmp_path / "m"
    shutil.copytree(export.parent, folder)
    record = make_record(tree_id="safeguarding", decision="share",
                         created=dt.datetime(2026, 3, 9, tzinfo=dt.UTC))
    pdf = sign_record(record, mallory, folder / f"{record.record_id}.pdf")
    extra = entry_from_record(record, pdf_path=pdf.name, pdf_sha256=file_sha256(pdf))
    forged = write_bundle(folder, a_id, [entries[1], entries[0], extra], name="forged.json")
    (refused,) = merge_exports([forged.folder / "forged.json"], register, records,
                               trust_roots=trust(ca)).refused
    assert any("its chain does not extend the one merged from that register before" in p
               for p in refused.problems), refused.problems
    # the laptop's own later export, which extends its chain, goes in
    later = write_bundle(folder, a_id, [*entries, extra], name="later.json")
    result = merge_exports([later.folder / "later.json"], register, records,
                           trust_roots=trust(ca))
    assert not result.refused and result.added == 1, result.exports[0].problems
