"""Drafts on real files: saving, listing, resuming after the rules changed, quarantine."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
from pathlib import Path

import pytest

from isp_wizard.engine.session import Session
from isp_wizard.errors import DraftError
from isp_wizard.rulepack import load_pack
from isp_wizard.rulepack.pack import RulePack
from isp_wizard.store.drafts import DraftStore

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack(DEMO)


def rules_copy(tmp_path: Path, *edits: tuple[str, str], drop_tree: bool = False) -> RulePack:
    """A copy of the demo rules, with text replaced in the tree, or without the tree."""
    root = tmp_path / "rules"
    shutil.copytree(DEMO, root)
    tree = root / "trees" / "demo.yaml"
    if drop_tree:
        tree.unlink()
        (root / "scenarios" / "demo.yaml").unlink()
    else:
        text = tree.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text
            text = text.replace(old, new)
        tree.write_text(text, encoding="utf-8")
    loaded = load_pack(root)
    assert drop_tree or "demo" in loaded.trees, loaded.problems
    return loaded


def started(pack: RulePack, *answers: str) -> Session:
    session = Session(pack.tree("demo"), pack.partners)
    for value in answers:
        session.answer(value)
    return session


def test_a_saved_draft_lists_and_resumes_exactly(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    session = started(pack, "no", "yes")
    draft_id = store.save(session, details={"case_reference": "CSP/2026/007"}, now=NOW)
    [summary] = store.list(pack)
    assert (summary.draft_id, summary.tree_id, summary.case_reference, summary.answered) == \
        (draft_id, "demo", "CSP/2026/007", 2)
    assert summary.updated == NOW and summary.note == "" and not summary.training
    resumed = store.load(draft_id, pack)
    assert resumed.session.answers == session.answers
    assert resumed.session.position == session.position
    assert resumed.session.current.id == "what"
    assert resumed.details == {"case_reference": "CSP/2026/007"}
    assert resumed.notes == []


def test_saving_again_replaces_the_draft_atomically(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    session = started(pack, "no")
    draft_id = store.save(session, training=True)
    session.answer("yes")
    assert store.save(session, draft_id=draft_id, training=True) == draft_id
    files = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert files == [f"{draft_id}.json"]  # no temporary files left behind
    path = tmp_path / "drafts" / files[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # drafts hold personal data
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == 1 and document["training"] is True
    assert document["tree"] == {"id": "demo", "title": pack.tree("demo").tree.title,
                                "version": "1.0.0", "sha256": pack.tree("demo").sha256}
    assert store.load(draft_id, pack).session.answers == {"emergency": "no", "purpose": "yes"}


def test_most_recent_drafts_list_first(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    older = store.save(started(pack, "no"), now=NOW)
    newer = store.save(started(pack, "yes"), now=NOW + dt.timedelta(minutes=5))
    assert [d.draft_id for d in store.list()] == [newer, older]


@pytest.mark.parametrize("content", [b'{"kind": "isp-wizard-draft", "format": 1, "tr',
                                     b"\xff\xfe not text", b"[1, 2, 3]",
                                     b'{"kind": "isp-wizard-draft", "format": 1}'])
def test_a_corrupt_draft_is_moved_aside_and_the_others_still_list(
        tmp_path: Path, pack: RulePack, content: bytes) -> None:
    store = DraftStore(tmp_path / "drafts")
    good = store.save(started(pack, "no"))
    (tmp_path / "drafts" / "20260401-broken.json").write_bytes(content)
    assert [d.draft_id for d in store.list(pack)] == [good]
    [message] = store.messages
    assert "20260401-broken.json" in message and "quarantine" in message
    quarantined = list((tmp_path / "drafts" / "quarantine").iterdir())
    assert len(quarantined) == 1 and quarantined[0].read_bytes() == content
    assert store.list(pack) and store.messages == []  # moved once, not again


def test_loading_a_corrupt_draft_quarantines_it_with_a_message(tmp_path: Path,
                                                               pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no"))
    path = tmp_path / "drafts" / f"{draft_id}.json"
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(DraftError, match="moved to"):
        store.load(draft_id, pack)
    assert not path.exists()


def test_a_draft_from_a_newer_app_is_left_alone(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no"))
    path = tmp_path / "drafts" / f"{draft_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["format"] = 99
    path.write_text(json.dumps(document), encoding="utf-8")
    assert store.list(pack) == []
    assert "newer version" in store.messages[0]
    assert path.exists()


def test_a_draft_whose_tree_is_gone_is_listed_with_a_note(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no", "yes"), details={"case_reference": "C1"})
    without = rules_copy(tmp_path, drop_tree=True)
    [summary] = store.list(without)
    assert "no longer in the rules" in summary.note
    assert summary.tree_title == pack.tree("demo").tree.title
    with pytest.raises(DraftError, match="no longer in the rules"):
        store.load(draft_id, without)
    assert store.load(draft_id, pack).session.answers  # still there, untouched


def test_resuming_after_the_rules_changed_says_so(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no", "yes"))
    changed = rules_copy(tmp_path, ("What will you share?", "What exactly will you share?"))
    [summary] = store.list(changed)
    assert "changed" in summary.note
    resumed = store.load(draft_id, changed)
    assert resumed.session.answers == {"emergency": "no", "purpose": "yes"}
    assert resumed.session.current.id == "what"
    assert any("have changed" in note for note in resumed.notes)


def test_an_answer_that_no_longer_fits_is_named_and_resumed_from(tmp_path: Path,
                                                                  pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no", "unsure"))
    changed = rules_copy(tmp_path, ('{value: unsure, label: "Not sure", next: ask-dpo}',
                                    '{value: maybe, label: "Maybe", next: ask-dpo}'))
    resumed = store.load(draft_id, changed)
    assert resumed.session.answers == {"emergency": "no"}
    assert resumed.session.current.id == "purpose"
    text = " ".join(resumed.notes)
    assert "Is there a clear and legitimate purpose for sharing?" in text
    assert "no longer fits" in text
    assert "not carried over" not in text  # named once, not twice


def test_answers_off_the_new_route_are_listed_not_silently_dropped(tmp_path: Path,
                                                                    pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no", "yes", "Name and address"))
    changed = rules_copy(tmp_path, ('{value: "no", label: "No", next: purpose}',
                                    '{value: "no", label: "No", next: do-not-share}'),
                         ('{value: unsure, label: "Not sure", next: act-now}',
                          '{value: unsure, label: "Not sure", next: purpose}'))
    resumed = store.load(draft_id, changed)
    assert resumed.session.answers == {"emergency": "no"}
    text = " ".join(resumed.notes)
    assert "not carried over" in text
    assert "Name and address" in text and "What will you share?" in text


def test_discard(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no"))
    store.discard(draft_id)
    assert store.list() == []
    with pytest.raises(DraftError, match="no draft"):
        store.discard(draft_id)


@pytest.mark.parametrize("bad", ["../settings", "a/b", "", ".hidden", "x" * 200])
def test_draft_ids_cannot_reach_outside_the_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(DraftError, match="not a draft id"):
        DraftStore(tmp_path / "drafts").discard(bad)


def test_an_empty_or_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert DraftStore(tmp_path / "nowhere").list() == []


def test_a_draft_that_cannot_be_saved_says_why(tmp_path: Path, pack: RulePack) -> None:
    folder = tmp_path / "drafts"
    folder.write_text("a file where the drafts folder should be", encoding="utf-8")
    with pytest.raises(DraftError, match="cannot be saved"):
        DraftStore(folder).save(started(pack, "no"))


def test_details_are_saved_as_plain_json(tmp_path: Path, pack: RulePack) -> None:
    store = DraftStore(tmp_path)
    draft_id = store.save(started(pack, "no"), details={"review_date": dt.date(2026, 9, 1)})
    assert store.load(draft_id, pack).details == {"review_date": "2026-09-01"}
    with pytest.raises(DraftError, match="cannot be saved"):
        store.save(started(pack, "no"), details={"score": float("nan")})


def test_answers_after_one_that_no_longer_fits_are_kept_for_later(tmp_path: Path,
                                                                   pack: RulePack) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(started(pack, "no", "yes", "Name and address"))
    changed = rules_copy(tmp_path, ('{value: "no", label: "No", next: purpose}',
                                    '{value: "none", label: "No", next: purpose}'))
    resumed = store.load(draft_id, changed)
    # The misfit is asked again; the later answers wait for the route to reach them.
    assert resumed.session.current.id == "emergency"
    assert resumed.session.answers == {"purpose": "yes", "what": "Name and address"}
    text = " ".join(resumed.notes)
    assert "Is anyone at immediate risk of serious harm?" in text and "no longer fits" in text
    resumed.session.answer("none")
    assert resumed.session.path == ["emergency", "purpose", "what", "share"]
