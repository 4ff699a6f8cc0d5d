"""Drafts: a session saved after every answer, so that closing the app or a crash loses nothing.

Each draft is one JSON file in the drafts folder, written atomically (temporary file in the same
folder, fsync, rename), so a reader sees the previous save or the new one, never half of one.
A draft names its tree's id, version and SHA-256; resuming it after the rules changed keeps the
answers that still fit and says what changed. A draft that cannot be read is moved aside to
``quarantine/`` with a message, and the others still list.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_wizard.errors import DraftError
from isp_wizard.fsutil import make_folder, write_atomically

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.rulepack.pack import RulePack

DRAFT_FORMAT = 1
DRAFT_KIND = "isp-wizard-draft"
QUARANTINE = "quarantine"
_DRAFT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_STALE_TEMP_S = 600  # temporary files older than this were left by a crash
_SAVE_ATTEMPTS = 5
DRAFT_LIMIT = 4 * 1024 * 1024  # bytes: a draft is a few kB; more is damage or an attack
SHOWN_LIMIT = 200  # characters of a draft's title or case reference in a listing


class _NewerDraft(DraftError):
    """A draft saved by a newer version of the app: left alone, not quarantined."""


@dataclass(frozen=True)
class DraftSummary:
    """What the home page and ``drafts list`` show about a draft without resuming it."""

    draft_id: str
    tree_id: str
    tree_title: str
    tree_version: str
    case_reference: str
    updated: dt.datetime
    answered: int
    training: bool = False
    note: str = ""  # e.g. the tree is no longer in the rules


@dataclass
class ResumedDraft:
    draft_id: str
    session: Session
    details: dict[str, Any]
    training: bool
    notes: list[str] = field(default_factory=list)


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.messages: list[str] = []  # what the last list() had to move aside

    # --- saving ------------------------------------------------------------------------------

    def save(self, session: Session, *, draft_id: str | None = None,
             details: dict[str, Any] | None = None, training: bool = False,
             now: dt.datetime | None = None) -> str:
        """Write ``session`` to its draft (a new one if ``draft_id`` is None); returns the id."""
        now = now or dt.datetime.now(dt.UTC)
        if draft_id is None:
            draft_id = f"{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"
        path = self._path(draft_id)
        document = {
            "kind": DRAFT_KIND,
            "format": DRAFT_FORMAT,
            "draft_id": draft_id,
            "updated": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "training": bool(training),
            "tree": {"id": session.tree.id, "title": session.tree.tree.title,
                     "version": session.tree.tree.version, "sha256": session.tree.sha256},
            "session": session.to_json(),
            "details": dict(details or {}),
        }
        try:
            # dates and the like become text; NaN is refused (it is not JSON)
            data = json.dumps(document, ensure_ascii=False, indent=1, default=str,
                              allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise DraftError(f"the draft's details cannot be saved: {exc}") from exc
        if not self.folder.exists():
            make_folder(self.folder, mode=0o700)  # owner-only: drafts hold personal data
        for attempt in range(_SAVE_ATTEMPTS):
            try:
                write_atomically(path, data.encode("utf-8"), mode=0o600)
                break
            except PermissionError:
                # Windows refuses to replace a file another program (a virus scanner, a
                # backup tool) has open for a moment; try again shortly
                if attempt == _SAVE_ATTEMPTS - 1 or not path.exists():
                    raise DraftError(f"the draft cannot be saved in {self.folder}: "
                                     "permission denied") from None
                time.sleep(0.05 * (attempt + 1))
            except OSError as exc:
                raise DraftError(f"the draft cannot be saved in {self.folder}: "
                                 f"{exc.strerror}") from exc
        return draft_id

    # --- listing -----------------------------------------------------------------------------

    def list(self, pack: RulePack | None = None) -> list[DraftSummary]:
        """Every readable draft, most recent first. Unreadable ones are moved to quarantine and
        described in ``self.messages``. Given the pack, drafts it cannot resume say why."""
        self.messages = []
        if not self.folder.is_dir():
            return []
        self._sweep_temporary_files()
        found = []
        for path in self.folder.glob("*.json"):
            try:
                document = self._read(path)
            except _NewerDraft as exc:
                self.messages.append(f"The draft {path.name} was left as it is: {exc}.")
                continue
            except DraftError as exc:
                self.messages.append(self._quarantine(path, str(exc)))
                continue
            found.append(_summary(path.stem, document, pack))
        return sorted(found, key=lambda s: s.updated, reverse=True)

    def read(self, draft_id: str, *, quarantine: bool = True) -> dict[str, Any]:
        """The draft as saved (checked for shape); a corrupt one is quarantined, unless
        ``quarantine`` is False (a command that only reads, such as ``drafts show``)."""
        path = self._path(draft_id)
        if not path.exists():
            raise DraftError(f"there is no draft {draft_id!r}")
        try:
            return self._read(path)
        except _NewerDraft:
            raise
        except DraftError as exc:
            if not quarantine:
                raise DraftError(f"the draft {draft_id} cannot be read ({exc}); it was left "
                                 "as it is") from exc
            raise DraftError(self._quarantine(path, str(exc))) from exc

    # --- resuming ----------------------------------------------------------------------------

    def load(self, draft_id: str, pack: RulePack, *, quarantine: bool = True) -> ResumedDraft:
        """Resume a draft against the rules in ``pack``, keeping every answer that still fits
        and saying in ``notes`` what changed. ``quarantine`` as for ``read``."""
        from isp_wizard.engine.session import Session
        from isp_wizard.rulepack.models import INFO_SEEN

        document = self.read(draft_id, quarantine=quarantine)
        tree_ref = document["tree"]
        tree = pack.trees.get(tree_ref["id"])
        if tree is None:
            title = tree_ref.get("title") or tree_ref["id"]
            why = ("has errors in the rules and did not load" if tree_ref["id"] in pack.skipped
                   else "is no longer in the rules")
            raise DraftError(f"the draft {draft_id} is for “{title}”, which {why}, so it cannot "
                             "be resumed; its answers stay in the draft until you discard it")
        saved = document["session"].get("answers", {})
        try:
            session = Session.from_json(document["session"], tree, pack.partners, lenient=True,
                                        trees=pack.trees)
        except (DraftError, RecursionError) as exc:
            reason = str(exc) if isinstance(exc, DraftError) else "it is nested too deeply"
            if not quarantine:
                raise DraftError(f"the draft {draft_id} cannot be resumed ({reason}); it was "
                                 "left as it is") from None
            path = self._path(draft_id)
            raise DraftError(self._quarantine(path, reason)) from None
        notes = list(session.notes)
        if tree_ref.get("version") and tree_ref.get("version") != tree.tree.version \
                and tree_ref.get("sha256") != tree.sha256:
            notes.insert(0, f"The draft was saved with version {tree_ref['version']} of these "
                            f"rules; version {tree.tree.version} is in use now.")
        named = session.current.id  # an answer that no longer fits is already named there
        set_aside = [n for n, v in saved.items()
                     if n not in session.answers and v != INFO_SEEN and n != named]
        if set_aside:
            described = "; ".join(_describe(tree, node_id, saved[node_id])
                                  for node_id in set_aside)
            notes.append("These earlier answers were not carried over and may need giving "
                         f"again: {described}.")
        return ResumedDraft(draft_id, session, dict(document.get("details") or {}),
                            bool(document.get("training")), notes)

    def discard(self, draft_id: str) -> None:
        path = self._path(draft_id)
        try:
            path.unlink()
        except FileNotFoundError:
            raise DraftError(f"there is no draft {draft_id!r}") from None
        except OSError as exc:
            raise DraftError(f"the draft {draft_id} cannot be removed: {exc.strerror}") from exc

    # --- inside ------------------------------------------------------------------------------

    def _path(self, draft_id: str) -> Path:
        if not _DRAFT_ID.fullmatch(draft_id):
            raise DraftError(f"{draft_id!r} is not a draft id")
        return self.folder / f"{draft_id}.json"

    def _read(self, path: Path) -> dict[str, Any]:
        from isp_wizard.fsutil import NotRegularFileError, TooLargeError, read_limited

        try:
            document = json.loads(read_limited(path, DRAFT_LIMIT).decode("utf-8"))
        except TooLargeError:
            raise DraftError(f"it is larger than any draft ({DRAFT_LIMIT:,} bytes at "
                             "most)") from None
        except NotRegularFileError:
            raise DraftError("it is not a regular file") from None
        except OSError as exc:
            raise DraftError(f"it cannot be read: {exc.strerror}") from exc
        except RecursionError:
            raise DraftError("it is nested more deeply than any draft") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise DraftError(f"it is not valid JSON: {str(exc)[:200]}") from exc
        version = document.get("format") if isinstance(document, dict) else None
        if isinstance(version, int) and version > DRAFT_FORMAT \
                and document.get("kind") == DRAFT_KIND:
            raise _NewerDraft(f"it was saved by a newer version of the app (draft format "
                              f"{version}); update the app to resume it")
        problem = _shape_problem(document)
        if problem:
            raise DraftError(problem)
        return document  # type: ignore[no-any-return]

    def _quarantine(self, path: Path, reason: str) -> str:
        target_dir = self.folder / QUARANTINE
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = target_dir / f"{path.stem}.{stamp}{path.suffix}"
        try:
            target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(path, target)
        except OSError as exc:
            return (f"The draft {path.name} cannot be read ({reason}) and could not be moved "
                    f"aside: {exc.strerror}.")
        return (f"The draft {path.name} could not be read ({reason}); it was moved to "
                f"{target} so that the other drafts still work.")

    def _sweep_temporary_files(self) -> None:
        cutoff = time.time() - _STALE_TEMP_S
        for temp in self.folder.glob(".*.tmp"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
            except OSError:
                pass


def _shape_problem(document: Any) -> str:
    if not isinstance(document, dict) or document.get("kind") != DRAFT_KIND:
        return "it is not an isp-wizard draft"
    if document.get("format") != DRAFT_FORMAT:
        return f"its format {document.get('format')!r} is not known"
    tree = document.get("tree")
    session = document.get("session")
    if not isinstance(tree, dict) or not isinstance(tree.get("id"), str):
        return "it does not name its tree"
    if not isinstance(session, dict) or not isinstance(session.get("answers"), dict):
        return "it holds no answers"
    if not isinstance(document.get("details", {}), dict):
        return "its details are damaged"
    try:
        _updated(document)
    except (KeyError, TypeError, ValueError):
        return "its time of saving is damaged"
    return ""


def _updated(document: dict[str, Any]) -> dt.datetime:
    when = dt.datetime.fromisoformat(document["updated"])
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _summary(draft_id: str, document: dict[str, Any], pack: RulePack | None) -> DraftSummary:
    from isp_wizard.rulepack.models import INFO_SEEN

    tree = document["tree"]
    answers = document["session"]["answers"]
    note = ""
    if pack is not None:
        loaded = pack.trees.get(tree["id"])
        if loaded is None and tree["id"] in pack.skipped:
            note = "this tree has errors in the rules and did not load; resume it once fixed"
        elif loaded is None:
            note = "this tree is no longer in the rules, so the draft cannot be resumed"
        elif tree.get("sha256") and loaded.sha256 != tree.get("sha256"):
            note = "the rules have changed since this was saved; answers will be re-checked"
    details = document.get("details") or {}
    return DraftSummary(
        draft_id=draft_id,
        tree_id=tree["id"][:SHOWN_LIMIT],
        tree_title=str(tree.get("title") or tree["id"])[:SHOWN_LIMIT],
        tree_version=str(tree.get("version") or "")[:SHOWN_LIMIT],
        case_reference=str(details.get("case_reference") or "")[:SHOWN_LIMIT],
        updated=_updated(document),
        answered=sum(1 for v in answers.values() if v != INFO_SEEN),
        training=bool(document.get("training")),
        note=note,
    )


def _describe(tree: Any, key: str, value: Any) -> str:
    from isp_wizard.rulepack.sections import split_key

    node_id, item = split_key(key)
    node = tree.nodes.get(node_id)
    question = f"“{node.text}”" if node is not None else f"question {node_id!r} (now removed)"
    if item is not None:
        question += f" about {item}"
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"{question}: {shown or '(blank)'}"
