"""Whatever is in a draft file, listing and resuming never crash: a draft resumes, or is named
with a DraftError, or is moved to quarantine with a message."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from isp_wizard.engine.session import Session
from isp_wizard.errors import DraftError
from isp_wizard.rulepack import load_pack
from isp_wizard.store.drafts import DraftStore

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
PACK = load_pack(DEMO)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["no", "yes", "unsure", "demo", "seen", "what"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=10,
)


def valid_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = DraftStore(Path(tmp))
        session = Session(PACK.tree("demo"), PACK.partners)
        session.answer("no")
        session.answer("yes")
        draft_id = store.save(session, details={"case_reference": "C1"})
        return json.loads((Path(tmp) / f"{draft_id}.json").read_text(encoding="utf-8"))


VALID = valid_document()
PATHS = [("format",), ("tree",), ("tree", "id"), ("tree", "sha256"), ("session",),
         ("session", "format"), ("session", "answers"), ("session", "answers", "emergency"),
         ("session", "answers", "purpose"), ("session", "position"), ("session", "tree"),
         ("details",), ("details", "case_reference"), ("updated",), ("training",), ("kind",)]


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3),
       drop=st.booleans())
def test_any_damage_to_a_draft_is_handled(changes: list[tuple[tuple[str, ...], Any]],
                                          drop: bool) -> None:
    document = copy.deepcopy(VALID)
    for path, value in changes:
        target = document
        for key in path[:-1]:
            if not isinstance(target, dict):
                break
            target = target.setdefault(key, {})
        if isinstance(target, dict):
            if drop:
                target.pop(path[-1], None)
            else:
                target[path[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "fuzzed.json").write_text(json.dumps(document), encoding="utf-8")
        store = DraftStore(folder)
        listed = store.list(PACK)
        assert len(listed) + len(store.messages) == 1
        if not listed:
            return
        try:
            resumed = store.load("fuzzed", PACK)
        except DraftError as exc:
            assert str(exc)
            return
        assert set(resumed.session.answers) <= {"emergency", "purpose", "what"}
        resumed.session.current  # noqa: B018 - the resumed session is usable
