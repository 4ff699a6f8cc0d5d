"""Records name every catalogue that decided them: version and SHA-256 beside the tree's."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import DecisionRecord, RecordDetails, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.record.sign import sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
PASS = "correct horse"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(DEMO, root)
    return root


def record_from(root: Path, practitioner) -> DecisionRecord:  # type: ignore[no-untyped-def]
    pack = load_pack(root)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes", "what": "a phone"})
    return build_record(session, pack, RecordDetails(case_reference="CSP-1"), practitioner,
                        training=False, now=NOW)


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("id")
    create_identity(folder / "me.p12", name="Priya Shah", role="Officer",
                    organisation="The Council", passphrase=PASS)
    return load_identity(folder / "me.p12", PASS)


def test_record_names_each_catalogue_with_its_version_and_sha256(rules: Path, identity,
                                                                 tmp_path: Path) -> None:
    partners = rules / "partners.yaml"
    partners.write_text(partners.read_text().replace("partners:\n", "version: 1.4.0\npartners:\n",
                                                     1))
    record = record_from(rules, identity.practitioner)
    named = {c.name: c for c in record.catalogues}
    assert list(named) == ["partners", "contacts", "isas", "references"]
    for name, ref in named.items():
        assert ref.sha256 == hashlib.sha256((rules / f"{name}.yaml").read_bytes()).hexdigest()
    assert named["partners"].version == "1.4.0" and named["contacts"].version is None

    rendered = render_record(record)
    out = tmp_path / "r.pdf"
    out.write_bytes(sign_new_record(rendered.pdf, record.canonical_json(), identity,
                                    rendered.places, cache_dir=tmp_path / "cache"))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert f"Catalogue partners.yaml version 1.4.0: SHA-256 {named['partners'].sha256}" in text
    assert "Catalogue contacts.yaml (no version given): SHA-256" in text
    report = verify_record(out, trust_roots=[])
    assert report.ok, report.all_problems
    assert report.record is not None and report.record.catalogues == record.catalogues


def test_a_changed_partner_status_changes_the_record_but_not_the_tree(rules: Path,
                                                                      identity) -> None:
    before = record_from(rules, identity.practitioner)
    partners = rules / "partners.yaml"
    partners.write_text(partners.read_text().replace("relevant_authority: true",
                                                     "relevant_authority: false"))
    after = record_from(rules, identity.practitioner)
    assert after.tree == before.tree
    changed = [a.name for a, b in zip(after.catalogues, before.catalogues, strict=True) if a != b]
    assert changed == ["partners"]


def test_a_record_made_before_catalogues_were_named_keeps_its_canonical_bytes(
        rules: Path, identity) -> None:
    record = record_from(rules, identity.practitioner).model_copy(update={"catalogues": ()})
    raw = record.canonical_json()
    assert b"catalogues" not in raw
    assert DecisionRecord.from_json(raw).canonical_json() == raw


def test_a_catalogue_version_must_be_a_version(rules: Path) -> None:
    isas = rules / "isas.yaml"
    isas.write_text(isas.read_text().replace("isas:\n", "version: last week\nisas:\n", 1))
    problems = [str(p) for p in load_pack(rules).errors]
    assert any("isas.yaml:2" in p and "version" in p for p in problems), problems
