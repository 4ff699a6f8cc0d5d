"""The rules approval record: who approved which rules, when, and what was still unconfirmed.

Made by the Partnership page (or ``isp-wizard rules approve``) when the IG lead or the DPO
approves trees: each tree and catalogue with its version and SHA-256, every legal fact confirmed
and by whom, what remains unconfirmed. It is signed like a decision record, filed in the register
as its own kind of entry (record kind ``rules_approval``), and ``verify`` checks it as any record:
its ``record.json`` carries ``"kind": "rules_approval"``.

It answers the register's and verify's questions with the same names a ``DecisionRecord`` uses
(``record_id``, ``tree``, ``decision``, ``case_reference``, ``practitioner``, ``review_date``,
``training``), so filing, binding and verification need no second path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from isp_wizard.errors import NotARecordError, RecordError
from isp_wizard.record.model import (
    CatalogueRef,
    DecisionRecord,
    Practitioner,
    TreeRef,
    _Part,
    catalogue_refs,
)
from isp_wizard.vocabulary import RECORD_KINDS

if TYPE_CHECKING:
    from isp_wizard.rulepack.pack import RulePack

KIND: Literal["rules_approval"] = "rules_approval"
SCHEMA_VERSION = 2
"""2: the same data, drawn as an archival PDF like decision record format 3; format 1 approvals
are drawn by ``record.approval_layout_v1``."""
RULES_ID = "rules"
"""The register's tree column for an approval: it covers the whole rules folder."""


class ApprovedTree(_Part):
    id: str
    title: str
    version: str
    sha256: str
    approved: bool


class FactItem(_Part):
    """A legal fact of a catalogue (a reference, a partner's s115 status) and who confirmed it."""

    catalogue: str
    id: str
    title: str
    note: str = ""
    confirmed_by: str = ""


class RulesApproval(_Part):
    schema_version: int = SCHEMA_VERSION
    kind: Literal["rules_approval"] = KIND
    record_id: str
    created_utc: dt.datetime
    created_local: dt.datetime
    practitioner: Practitioner
    """The approver, as their certificate names them."""
    approver_role: str
    approved_on: dt.date
    next_review: dt.date
    trees: tuple[ApprovedTree, ...]
    catalogues: tuple[CatalogueRef, ...]
    confirmed: tuple[FactItem, ...] = ()
    unconfirmed: tuple[FactItem, ...] = ()
    training: bool = False
    app_version: str

    # --- what the register files (the names a DecisionRecord uses) --------------------------

    @property
    def tree(self) -> TreeRef:
        """The rules folder as a whole: the approved trees' versions and one SHA-256 over every
        tree's and catalogue's SHA-256 (``manifest_sha256``)."""
        approved = [t for t in self.trees if t.approved]
        return TreeRef(id=RULES_ID, title="Rules approval",
                       version=", ".join(f"{t.id} {t.version}" for t in approved)[:200],
                       sha256=self.manifest_sha256)

    @property
    def manifest_sha256(self) -> str:
        lines = [f"tree {t.id} {t.version} {t.sha256}" for t in self.trees]
        lines += [f"catalogue {c.name} {c.version or ''} {c.sha256}" for c in self.catalogues]
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    @property
    def decision(self) -> str:
        return KIND

    @property
    def decision_label(self) -> str:
        return RECORD_KINDS.label(KIND)

    @property
    def case_reference(self) -> str:
        return f"Rules approval {self.approved_on.isoformat()}"

    @property
    def review_date(self) -> dt.date:
        return self.next_review

    # --- canonical form ----------------------------------------------------------------------

    def canonical_json(self) -> bytes:
        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> RulesApproval:
        try:
            raw = json.loads(data)
            version = raw.get("schema_version") if isinstance(raw, dict) else None
            if isinstance(version, int) and version > SCHEMA_VERSION:
                raise RecordError(f"the rules approval uses format {version}, newer than this "
                                  "version of the application understands; please update it")
            return cls.model_validate(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise NotARecordError(f"the rules approval data is not valid ({exc})") from exc


AnyRecord = DecisionRecord | RulesApproval
"""What a signed record of this app holds."""


def read_any_record(raw: bytes) -> AnyRecord:
    """The record attached to a signed PDF, whichever kind it is."""
    try:
        kind = json.loads(raw).get("kind") if raw.lstrip().startswith(b"{") else None
    except (ValueError, UnicodeDecodeError, AttributeError):
        kind = None
    if kind == KIND:
        try:
            return RulesApproval.from_json(raw)
        except ValidationError as exc:
            raise NotARecordError(f"the rules approval data is not valid ({exc})") from exc
    return DecisionRecord.from_json(raw)


def facts(pack: RulePack) -> tuple[list[FactItem], list[FactItem]]:
    """The legal facts the pack marks (references and partners' s115 statuses): those
    confirmed, with who confirmed them, and those still unconfirmed, with their notes."""
    confirmed: list[FactItem] = []
    unconfirmed: list[FactItem] = []
    for ref in pack.references.values():
        item = FactItem(catalogue="references", id=ref.id, title=ref.title, note=ref.note,
                        confirmed_by=ref.confirmed_by)
        (confirmed if ref.confirmed else unconfirmed).append(item)
    for partner in pack.partners.values():
        if partner.relevant_authority is None and partner.confirmed:
            continue  # no status claimed, nothing to confirm
        item = FactItem(catalogue="partners", id=partner.id,
                        title=f"{partner.name}: relevant authority under s115 — "
                              + {True: "yes", False: "no", None: "not known"}[
                                  partner.relevant_authority],
                        note=partner.note or partner.s115_source,
                        confirmed_by=partner.confirmed_by)
        (confirmed if partner.confirmed else unconfirmed).append(item)
    return confirmed, unconfirmed


def build_approval(pack: RulePack, approved: list[str], *, approver: Practitioner, role: str,
                   approved_on: dt.date, next_review: dt.date, training: bool,
                   now: dt.datetime) -> RulesApproval:
    """The approval of the trees ``approved`` of ``pack`` as it now stands."""
    from isp_wizard import __version__

    unknown = [t for t in approved if t not in pack.trees]
    if unknown:
        raise RecordError(f"no tree called {', '.join(map(repr, unknown))} to approve")
    if not approved:
        raise RecordError("choose at least one tree to approve")
    if next_review <= approved_on:
        raise RecordError("the next review must come after the approval")
    if now.tzinfo is None:
        raise RecordError("the record time must carry a time zone")
    now = now.replace(microsecond=0)
    confirmed, unconfirmed = facts(pack)
    return RulesApproval(
        record_id=str(uuid.uuid4()), created_utc=now.astimezone(dt.UTC),
        created_local=now.astimezone(), practitioner=approver, approver_role=role,
        approved_on=approved_on, next_review=next_review,
        trees=tuple(ApprovedTree(id=t.id, title=t.tree.title, version=t.tree.version,
                                 sha256=t.sha256, approved=t.id in approved)
                    for t in sorted(pack.trees.values(), key=lambda t: t.id)),
        catalogues=catalogue_refs(pack), confirmed=tuple(confirmed),
        unconfirmed=tuple(unconfirmed), training=training, app_version=__version__)
