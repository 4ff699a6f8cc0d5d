"""The Partnership setup page, driven through its real widgets on a copy of the shipped rules:
each kind of entry edited and saved with the file's comments kept byte for byte outside the
entry; invalid input shown beside the field; a read-only or vanished folder and a file changed
on disk mid-edit give a plain message, write nothing and keep what was typed."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", root, ignore=shutil.ignore_patterns("__*"))
    contacts = root / "contacts.yaml"  # comments between entries and at the end, to be kept
    text = contacts.read_text(encoding="utf-8")
    text = text.replace("  - id: dpo\n", "  # The DPO: replace with the real person.\n"
                                         "  - id: dpo\n", 1) + "# end of contacts\n"
    contacts.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(root))
    return root


@pytest.fixture
def page(qtbot, rules: Path, make_window):  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(1366, 768)
    return window.show_page("partnership")


def choose(qtbot, page, kind: str, entry: str) -> None:  # type: ignore[no-untyped-def]
    page.kind.setCurrentIndex(page.kind.findData(kind))
    index = page.entry.findData(entry)
    assert index >= 0, entry
    page.entry.setCurrentIndex(index)


def type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QPlainTextEdit):
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        for i, line in enumerate(text.split("\n")):
            if i:
                qtbot.keyClick(widget, Qt.Key.Key_Return)
            qtbot.keyClicks(widget, line)


def entry_lines(text: str, entry_id: str) -> range:
    """The lines of the list entry ``entry_id`` (to the next entry or top-level key)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s*- id: {entry_id}$", line))
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"\s*- id: |\S|\s*#", lines[i])), len(lines))
    return range(start, end)


def changed_outside(old: str, new: str, allowed: range) -> list[str]:
    """Old lines that changed although they lie outside ``allowed``."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    bad = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        touched = range(i1, i2) if i2 > i1 else range(i1, i1 + 1)
        bad += [f"line {i + 1}" for i in touched if i not in allowed
                and not (i == allowed.stop and i1 == i2)]  # an insertion right after the entry
    return bad


def review_and_save(qtbot, page) -> str:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    assert page.save_button.isEnabled(), page.error_summary.messages()
    diff = page.diff.toPlainText()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("Saved "), page.status.text()
    return diff


def test_a_contact_is_edited_and_comments_survive_byte_for_byte(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "contacts.yaml"
    before = path.read_text(encoding="utf-8")
    choose(qtbot, page, "contacts", "dpo")
    type_into(qtbot, page.fields["name"], "Jo Bloggs")
    type_into(qtbot, page.fields["how"], "01632 960 123, dpo@example.org")
    page.fields["placeholder"].setChecked(False)
    diff = review_and_save(qtbot, page)
    assert "+    name: Jo Bloggs" in diff and "-    placeholder: true" in diff
    after = path.read_text(encoding="utf-8")
    assert changed_outside(before, after, entry_lines(before, "dpo")) == []
    assert "  # The DPO: replace with the real person.\n" in after
    assert after.endswith("# end of contacts\n")
    assert after.splitlines()[:4] == before.splitlines()[:4]  # the header comment
    from isp_wizard.rulepack import load_pack

    dpo = load_pack(rules).contacts["dpo"]
    assert (dpo.name, dpo.how, dpo.placeholder) == ("Jo Bloggs", "01632 960 123, dpo@example.org",
                                                    False)


def test_a_partner_status_is_edited(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "partners.yaml"
    before = path.read_text(encoding="utf-8")
    choose(qtbot, page, "partners", "housing-association")
    status: QComboBox = page.fields["relevant_authority"]
    status.setCurrentIndex(status.findText("no"))
    type_into(qtbot, page.fields["s115_source"], "Legal services, opinion of 2 December 2026")
    page.fields["confirmed"].setChecked(True)
    type_into(qtbot, page.fields["channels"], "Secure email to the provider\nVerified phone call")
    review_and_save(qtbot, page)
    after = path.read_text(encoding="utf-8")
    assert changed_outside(before, after, entry_lines(before, "housing-association")) == []
    from isp_wizard.rulepack import load_pack

    partner = load_pack(rules).partners["housing-association"]
    assert partner.relevant_authority is False and partner.confirmed is True
    assert partner.channels == ["Secure email to the provider", "Verified phone call"]


def test_an_agreement_is_added(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "isas.yaml"
    before = path.read_text(encoding="utf-8")
    page.kind.setCurrentIndex(page.kind.findData("isas"))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, page.fields["id"], "youth-justice")
    type_into(qtbot, page.fields["title"], "Youth justice information sharing agreement")
    type_into(qtbot, page.fields["parties"], "council\npolice")
    type_into(qtbot, page.fields["purpose"], "Sharing about children in the youth justice system.")
    review = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    type_into(qtbot, page.fields["review"], review)
    diff = review_and_save(qtbot, page)
    assert "+  - id: youth-justice" in diff and "+    parties: [council, police]" in diff
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # appended after the last entry, nothing else touched
    assert page.current_target == "youth-justice"  # the page shows the saved entry
    from isp_wizard.rulepack import load_pack

    assert load_pack(rules).isas["youth-justice"].review == dt.date.fromisoformat(review)


def test_a_trees_governance_is_edited(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "trees" / "triage.yaml"
    before = path.read_text(encoding="utf-8")
    choose(qtbot, page, "governance", "triage")
    type_into(qtbot, page.fields["approved_by"], "Priya Shah, Data Protection Officer")
    type_into(qtbot, page.fields["next_review"], (dt.date.today() + dt.timedelta(days=180))
              .isoformat())
    review_and_save(qtbot, page)
    after = path.read_text(encoding="utf-8")
    lines = before.splitlines()
    start = lines.index("governance:")
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"\S", lines[i]))
    assert changed_outside(before, after, range(start, end)) == []
    from isp_wizard.rulepack import load_pack

    assert load_pack(rules).tree("triage").tree.governance.approved_by == \
        "Priya Shah, Data Protection Officer"


@pytest.mark.parametrize(("kind", "entry", "field", "typed", "message"), [
    ("contacts", "dpo", "id", "data-officer", "naming an unknown contact"),
    ("partners", "", "id", "police", "another partner already has the id 'police'"),
    ("isas", "asb-case-panel", "parties", "", "an agreement needs at least one party"),
    ("isas", "asb-case-panel", "review", "2020-01-31", "2020-01-31 has passed"),
    ("governance", "s115", "next_review", "2021-05-01", "2021-05-01 has passed"),
    ("isas", "asb-case-panel", "review", "31/01/2027", "is not a date written as YYYY-MM-DD"),
])
def test_invalid_input_is_shown_beside_the_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
        qtbot, page, rules: Path, kind: str, entry: str, field: str, typed: str,
        message: str) -> None:
    files = {p: p.read_bytes() for p in rules.rglob("*.yaml")}
    choose(qtbot, page, kind, entry)
    if kind == "partners":
        type_into(qtbot, page.fields["name"], "A second police force")
        type_into(qtbot, page.fields["type"], "police")
    type_into(qtbot, page.fields[field], typed)
    error = page.errors[field]
    assert error.isVisible() and message in error.text(), error.text()
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    assert not page.save_button.isEnabled()
    assert any(message in m for m in page.error_summary.messages())
    assert {p: p.read_bytes() for p in rules.rglob("*.yaml")} == files
    widget = page.fields[field]
    shown = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    assert shown == typed  # nothing typed is lost


def test_a_file_changed_on_disk_mid_edit_is_not_overwritten(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "contacts.yaml"
    choose(qtbot, page, "contacts", "dpo")
    type_into(qtbot, page.fields["name"], "Jo Bloggs")
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    theirs = path.read_text(encoding="utf-8").replace("Information governance lead",
                                                      "Head of information governance")
    path.write_text(theirs, encoding="utf-8")  # another IG lead saved meanwhile
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "changed by someone else since you opened it" in page.status.text()
    assert any("Nothing was saved" in m for m in page.error_summary.messages())
    assert path.read_text(encoding="utf-8") == theirs
    assert page.fields["name"].text() == "Jo Bloggs"


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for real: by permissions, or for root by a read-only bind
    mount (skipped where neither is possible)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)],
                             capture_output=True).returncode == 0 and \
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)],
                       capture_output=True).returncode == 0
    if not mounted:
        subprocess.run(["umount", str(folder)], capture_output=True)
        pytest.skip("running as root without a way to make a folder read-only")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_rules_folder_gives_a_plain_message(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    choose(qtbot, page, "partners", "council")
    type_into(qtbot, page.fields["note"], "Checked by legal services, December 2026")
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    before = (rules / "partners.yaml").read_bytes()
    with read_only(rules):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert "is read-only" in page.status.text() and "nothing was saved" in \
            page.status.text()
    assert (rules / "partners.yaml").read_bytes() == before
    assert page.fields["note"].text() == "Checked by legal services, December 2026"
    assert page.save_button.isEnabled()  # the same change can be saved once it is writable
    assert not [p for p in rules.iterdir() if p.name.endswith(".tmp")]


def test_an_unreachable_rules_folder_gives_a_plain_message(qtbot, page, rules: Path) -> None:  # type: ignore[no-untyped-def]
    choose(qtbot, page, "contacts", "dpo")
    type_into(qtbot, page.fields["name"], "Jo Bloggs")
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    rules.rename(rules.with_name("gone"))  # the network drive dropped
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "cannot be found" in page.status.text()
    assert page.fields["name"].text() == "Jo Bloggs"


def test_typed_values_are_kept_while_another_entry_is_looked_at(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    choose(qtbot, page, "contacts", "dpo")
    type_into(qtbot, page.fields["name"], "Jo Bloggs")
    choose(qtbot, page, "partners", "police")
    choose(qtbot, page, "contacts", "dpo")
    assert page.fields["name"].text() == "Jo Bloggs"
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.fields["name"].text() != "Jo Bloggs"


def test_legal_sign_off_confirms_a_fact_and_files_a_signed_approval(  # type: ignore[no-untyped-def]
        qtbot, page, rules: Path, identity: Path, isolated_home: Path) -> None:
    from gui_driving import PASSPHRASE

    from isp_wizard.record.verify import verify_record
    from isp_wizard.rulepack import load_pack

    page.show_view(1)
    listed = page.unconfirmed
    before = listed.count()
    assert before > 0
    first = listed.item(0)
    catalogue, item_id = first.data(Qt.ItemDataRole.UserRole)
    texts = [listed.item(i).text() for i in range(listed.count())]
    assert any("\nNote: " in t for t in texts)  # each fact with its note
    listed.setCurrentRow(0)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)  # nobody named yet
    assert "say who confirmed it" in page.sign_off_status.text()
    type_into(qtbot, page.confirmed_by, "Sam Patel, legal services")
    listed.setCurrentRow(0)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.sign_off_status.text().startswith(f"Confirmed {catalogue} {item_id}")
    assert page.unconfirmed.count() == before - 1
    entry = getattr(load_pack(rules), catalogue)[item_id]
    assert entry.confirmed and entry.confirmed_by.startswith("Sam Patel, legal services, ")

    governance = load_pack(rules).tree("triage").tree.governance
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)  # nothing filled in
    assert len(page.error_summary.messages()) == 3
    page.tree_checks["triage"].setChecked(True)
    type_into(qtbot, page.approver_role, "Data Protection Officer")
    type_into(qtbot, page.next_review, (dt.date.today() + dt.timedelta(days=365)).isoformat())
    type_into(qtbot, page.approval_passphrase, "not the passphrase")
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert page.sign_off_status.text() and "Approved" not in page.sign_off_status.text()
    assert page.approver_role.text() == "Data Protection Officer"  # kept for another try
    assert load_pack(rules).tree("triage").tree.governance == governance  # nothing written
    type_into(qtbot, page.approval_passphrase, PASSPHRASE)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert page.sign_off_status.text().startswith("Approved and signed"), \
        page.sign_off_status.text()
    assert page.approval_passphrase.text() == ""
    [pdf] = list((isolated_home / "data" / "records").glob("*.pdf"))
    report = verify_record(pdf, trust_roots=[])
    assert report.ok, report.all_problems
    assert report.record is not None and report.record.decision == "rules_approval"
    assert [t.id for t in report.record.trees if t.approved] == ["triage"]  # type: ignore[union-attr]
    assert load_pack(rules).tree("triage").tree.governance.approved_by == \
        "Sam Patel, Data Protection Officer"
