"""The decision record: what a signed PDF holds, as data with one canonical JSON form.

Kept light (pydantic only) because the CLI and the GUI import it at launch. The register reads
its columns straight off a ``DecisionRecord``: ``record_id``, ``created_utc``, ``tree``,
``decision``, ``case_reference``, ``practitioner``, ``review_date`` and ``training``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from isp_wizard.errors import NotARecordError, RecordError
from isp_wizard.vocabulary import GROUND_ROLES, OUTCOMES, OutcomeKey, SubjectKey

if TYPE_CHECKING:
    from isp_wizard.engine.session import ItemOutcome, Session
    from isp_wizard.rulepack.models import Grounds
    from isp_wizard.rulepack.pack import RulePack

SCHEMA_VERSION = 3
"""2: the outcome's legal grounds are typed by role (``outcome.grounds``), the outcome carries its
references, and each step its contacts and kind. Format 1 records (``outcome.legal_basis``) still
load and verify.
3: the same data, drawn as an archival PDF (every font embedded, a line end before every
``endstream``); format 2 records are drawn by ``record.layout_v2``."""
Decision = OutcomeKey
SubjectCategory = SubjectKey


GROUND_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lawful basis (UK GDPR Article 6)", ("lawful_basis",)),
    ("Condition for special category or criminal offence data (UK GDPR Article 9 or 10, "
     "DPA 2018 Schedule 1)", ("condition", "schedule_1")),
    ("Legal power or duty to share (the gateway)", ("power",)),
    ("Exemption relied on (DPA 2018 Schedule 2)", ("exemption",)),
)
"""How the record and the app head each role of a share's legal grounds, in order."""
PRINCIPLES_HEADING = "Principles and guidance (references, not grounds)"
DATA_LABELS: dict[str, str] = {
    "special_category": "special category data (UK GDPR Article 9)",
    "criminal_offence": "criminal offence data (UK GDPR Article 10)",
    "not_personal": "information that is not personal data (anonymous, or only about people who have died: UK GDPR Article 4(1))",
}


def _empty(value: object) -> bool:
    """Fields added after record format 1 are left out of the JSON while empty, so that a
    format 1 record read back gives the same canonical bytes it was signed with."""
    return not value


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Practitioner(_Part):
    """Who made the decision (or countersigned it), as their certificate names them."""

    name: str
    role: str
    organisation: str
    email: str = ""
    certificate_fingerprint: str = ""  # SHA-256 of the DER certificate, lower-case hex


CASE_REFERENCE_MAX = 100
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 20_000
ADVICE_MAX = 20
LONG_FIELDS = frozenset({
    "information", "purpose", "lawful_basis_reasoning", "why_necessary",
    "special_category_condition", "retention", "transfer_method", "reasons", "notes", "what",
    "subject_description",
})
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_limit(field: str) -> int:
    """The most characters a details field may hold (the GUI, the CLI and the record use it)."""
    if field == "case_reference":
        return CASE_REFERENCE_MAX
    return LONG_TEXT_MAX if field in LONG_FIELDS else SHORT_TEXT_MAX


class _Entered(_Part):
    """Text typed by a practitioner: bounded (a record stays a few pages and verifies quickly)
    and free of invisible direction overrides, which would make the same text read one way on
    the PDF and another in the app; a case reference is one line of visible characters."""

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: object, info: ValidationInfo) -> object:
        import unicodedata

        name = info.field_name or ""
        if isinstance(value, tuple) and len(value) > ADVICE_MAX:
            raise ValueError(f"at most {ADVICE_MAX} entries (this has {len(value)})")
        if not isinstance(value, str):
            return value
        limit = text_limit(name)
        if len(value) > limit:
            raise ValueError(f"at most {limit:,} characters (this has {len(value):,})")
        bad = next((ch for ch in value if ch in DIRECTION_CONTROLS), None)
        if name == "case_reference" and bad is None:
            bad = next((ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf")), None)
        if bad is not None:
            raise ValueError(f"remove the invisible character U+{ord(bad):04X}"
                             + (": a case reference is one line of visible characters"
                                if name == "case_reference" else ""))
        return value


class Requester(_Entered):
    """Who asked for the information (ICO Annex B: requester's name, position, organisation)."""

    name: str = ""
    role: str = ""
    organisation: str = ""
    contact: str = ""


class Advice(_Entered):
    """Advice taken before deciding: the DPO's view or anyone else's (ICO Annex B)."""

    who: str = ""
    when: dt.date | None = None
    what: str = ""


class SharedWith(_Entered):
    """The partner organisation (an id from partners.yaml, or free text) and the person."""

    partner_id: str = ""
    person: str = ""
    partner_name: str = ""  # filled from partners.yaml when the record is built


class RecordDetails(_Entered):
    """What the practitioner enters, after the ICO Data Sharing Code's Annex B request form.

    Only ``case_reference`` is required: it is what ties the record to the case file and what the
    register is searched by, and a record nobody can find again is no record. Everything else may
    be blank (the PDF prints "Not recorded"), because a decision not to share, or an emergency
    share recorded afterwards, may have no requester, no transfer and no ISA. The person is
    described minimally: a case reference and a category, not their full details.
    """

    case_reference: str = Field(min_length=1)
    subject_description: str = ""
    subject_category: SubjectCategory = ""
    requested_by: Requester = Field(default_factory=Requester)
    date_received: dt.date | None = None
    how_received: str = ""
    information: str = ""
    purpose: str = ""
    lawful_basis_reasoning: str = ""
    why_necessary: str = ""
    special_category_condition: str = ""
    isa_id: str = ""
    isa_title: str = ""  # filled from isas.yaml when the record is built
    advice: tuple[Advice, ...] = ()
    retention: str = ""
    transfer_method: str = ""
    shared_with: SharedWith = Field(default_factory=SharedWith)
    reasons: str = ""
    review_date: dt.date | None = None
    notes: str = ""
    dpo_told_at: dt.datetime | None = Field(default=None, exclude_if=_empty)
    """Breach records: when the DPO was told."""
    others_told: str = Field(default="", exclude_if=_empty)
    """Breach records: who else was told (the SIRO, a partner, the people affected…), when."""

    @field_validator("case_reference")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a case reference is needed")
        return value


class TreeRef(_Part):
    id: str
    title: str
    version: str
    sha256: str


class CatalogueRef(_Part):
    """A catalogue the decision drew on (partners, contacts, agreements, references): a changed
    partner status changes routes without changing the tree file, so records name these too."""

    name: str
    version: str | None = None
    sha256: str


class LegalReference(_Part):
    id: str
    title: str
    citation: str


class ConsultContact(_Part):
    id: str
    role: str
    name: str = ""
    how: str = ""


ITEMS_MAX = 50
"""The most people, or recipients, one record names (the rule format's MAX_PEOPLE)."""
LABEL_MAX = 300
"""The longest person's label (the rule format's largest label_max)."""
EARLIER_WALKS_MAX = 20
"""The most trees one decision is handed through before the one that decides."""
STEPS_MAX = 5000
"""The most steps one walk records (a long tree asked of many people and recipients)."""
TEXT_MAX = 100_000
"""The longest text anywhere in a record's data: five times the longest details field, far
above any rule text. Drawing a single text takes time growing with the square of its length,
so a record claiming more is refused before it is drawn (verify would otherwise hang)."""


def _longest_text(data: object) -> int:
    """The length of the longest string in parsed JSON, without recursion."""
    longest = 0
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            longest = max(longest, len(item))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return longest


class RecordAbout(_Part):
    """Whom a question inside a repeated section was asked about."""

    kind: str
    """"person" or "recipient"."""
    item: str
    """The person's label, or the recipient's partner id."""
    name: str
    """The label, or the partner's name."""


class RecordStep(_Part):
    """One question on the route, the answer given and what it drew on (format 2: also the
    contacts the question named, and ``kind`` "info" for guidance the practitioner passed)."""

    node_id: str
    question: str
    value: str | tuple[str, ...]
    labels: tuple[str, ...]
    refs: tuple[LegalReference, ...] = ()
    why: str = ""
    guidance: str = ""
    kind: str = Field(default="question", exclude_if=lambda v: v == "question")
    consult: tuple[ConsultContact, ...] = Field(default=(), exclude_if=_empty)
    carried_from: str = Field(default="", exclude_if=_empty)
    """After a hand-off: "tree:node" of the earlier walk's question whose answer this carries;
    the question itself was not asked again."""
    about: RecordAbout | None = Field(default=None, exclude_if=_empty)
    """Format 3: the person or recipient the question was asked about (``node_id`` is then
    the ``node@item`` key the answer was kept under)."""


class RecordGrounds(_Part):
    """The legal grounds the route established for a share, by role (see rulepack Grounds)."""

    lawful_basis: tuple[LegalReference, ...] = ()
    data: tuple[str, ...] = ()
    condition: tuple[LegalReference, ...] = ()
    schedule_1: tuple[LegalReference, ...] = ()
    power: tuple[LegalReference, ...] = ()
    exemption: tuple[LegalReference, ...] = ()

    def __bool__(self) -> bool:
        return any((self.lawful_basis, self.data, self.condition, self.schedule_1, self.power,
                    self.exemption))


class RecordOutcome(_Part):
    node_id: str
    decision: Decision
    text: str
    legal_basis: tuple[LegalReference, ...] = ()
    """Format 1 only: every reference the route cited, whatever its role."""
    grounds: RecordGrounds = Field(default_factory=RecordGrounds, exclude_if=_empty)
    refs: tuple[LegalReference, ...] = Field(default=(), exclude_if=_empty)
    """Principles and guidance the outcome cites (on a refusal: what explains it)."""
    conditions: tuple[str, ...] = ()
    consult: tuple[ConsultContact, ...] = ()
    emergency: bool = False


class RecordPerson(_Part):
    """One person a decision about several people concerns, and the result for their data:
    their category, the decision, and the Art 6 basis and Art 9/10 condition for it."""

    label: str = Field(max_length=LABEL_MAX)
    category: str = ""
    """A key of ``vocabulary.PERSON_CATEGORIES`` (empty if the tree does not ask it)."""
    role: tuple[str, ...] = ()
    decision: Decision
    text: str
    grounds: RecordGrounds = Field(default_factory=RecordGrounds, exclude_if=_empty)
    conditions: tuple[str, ...] = Field(default=(), exclude_if=_empty)


class RecordRecipient(_Part):
    """One organisation the information goes to: what it receives, how, on what conditions."""

    partner_id: str
    name: str
    decision: Decision
    text: str
    receives: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    conditions: tuple[str, ...] = Field(default=(), exclude_if=_empty)
    grounds: RecordGrounds = Field(default_factory=RecordGrounds, exclude_if=_empty)


class EarlierWalk(_Part):
    """A walk that came before the one that decided, and handed off to the next (triage to
    safeguarding, request to s115): its tree, every step, and the outcome that handed off."""

    tree: TreeRef
    steps: tuple[RecordStep, ...] = Field(max_length=STEPS_MAX)
    handed_off_at: str
    """The outcome node that continued with the next tree."""
    handed_off_text: str


class DecisionRecord(_Part):
    schema_version: int = SCHEMA_VERSION
    record_id: str
    created_utc: dt.datetime
    created_local: dt.datetime
    tree: TreeRef
    catalogues: tuple[CatalogueRef, ...] = ()
    steps: tuple[RecordStep, ...] = Field(max_length=STEPS_MAX)
    outcome: RecordOutcome
    details: RecordDetails
    practitioner: Practitioner
    training: bool = False
    app_version: str
    record_kind: str = Field(default="decision", exclude_if=lambda v: v == "decision")
    """What the record is (the tree's ``record_kind``): a decision, or a breach."""
    established: dict[str, str] = Field(default_factory=dict, exclude_if=_empty)
    """What the route established for details fields (field path → words): printed beside
    a value the practitioner changed, and in place of one left blank (``record.prefill``)."""

    @field_validator("established", mode="after")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        """Only the details fields a route can establish: words under any other key would be
        signed without ever being drawn."""
        from isp_wizard.record.prefill import PREFILLED_FIELDS

        unknown = sorted(set(value) - set(PREFILLED_FIELDS))
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a details field a route establishes")
        return value
    aware_at: dt.datetime | None = Field(default=None, exclude_if=_empty)
    """Breach records: when the organisation became aware, as the walk gave it (local time)."""
    notices: tuple[str, ...] = Field(default=(), exclude_if=_empty)
    """Governance facts a reader must see: rules not approved, before the effective date,
    unconfirmed statuses relied on, placeholder contacts (``record.governance``)."""
    earlier_walks: tuple[EarlierWalk, ...] = Field(default=(), exclude_if=_empty,
                                                   max_length=EARLIER_WALKS_MAX)
    """The walks before ``tree``'s, first to last, when the decision was handed off between
    trees: the record holds every step of every tree walked, in order."""
    people: tuple[RecordPerson, ...] = Field(default=(), exclude_if=_empty, max_length=ITEMS_MAX)
    """Format 3, a decision about several people: each person and the result for their data."""
    recipients: tuple[RecordRecipient, ...] = Field(default=(), exclude_if=_empty,
                                                    max_length=ITEMS_MAX)
    """Format 3, a decision with several recipients: what each receives, how, on what terms."""

    @model_validator(mode="after")
    def _drawn_by_its_format(self) -> DecisionRecord:
        """Fields only format 3 draws: an older record holding them would verify with pages
        that do not show them (its own layout ignores them), so it is not a record."""
        if self.schema_version >= 3:
            return self
        steps = (*self.steps, *(s for w in self.earlier_walks for s in w.steps))
        held = [name for name, there in (
            ("people", self.people), ("recipients", self.recipients),
            ("earlier walks", self.earlier_walks),
            ("questions about a person or recipient", any(s.about for s in steps)),
            ("carried answers", any(s.carried_from for s in steps))) if there]
        if held:
            raise ValueError(f"a format {self.schema_version} record cannot hold "
                             f"{', '.join(held)}: only format 3 records show them")
        return self

    # --- what the register files -----------------------------------------------------------

    @property
    def decision(self) -> str:
        return self.outcome.decision

    @property
    def decision_label(self) -> str:
        return OUTCOMES.label(self.outcome.decision)

    @property
    def report_deadline(self) -> dt.datetime | None:
        """Breach records: 72 hours from awareness, when the ICO must have any report (UK GDPR
        Art 33(1))."""
        return self.aware_at + dt.timedelta(hours=72) if self.aware_at else None

    @property
    def case_reference(self) -> str:
        return self.details.case_reference

    @property
    def review_date(self) -> dt.date | None:
        return self.details.review_date

    # --- canonical form --------------------------------------------------------------------

    def canonical_json(self) -> bytes:
        """Sorted keys, no insignificant whitespace, UTF-8: the same bytes for the same record."""
        data = self.model_dump(mode="json")
        if not data["catalogues"]:
            del data["catalogues"]  # records made before catalogues were named keep their bytes
        return json.dumps(data, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> DecisionRecord:
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise NotARecordError(f"the record data is not JSON: {exc}") from exc
        if not isinstance(raw, dict) or "record_id" not in raw:
            raise NotARecordError("the data is not a decision record")
        too_long = _longest_text(raw)
        if too_long > TEXT_MAX:
            raise NotARecordError(f"the record data holds a text of {too_long:,} characters; no "
                                  f"record holds one longer than {TEXT_MAX:,}")
        version = raw.get("schema_version")
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise RecordError(f"the record uses format {version}, newer than this version of "
                              "the application understands; please update it")
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise NotARecordError(f"the record data is not valid ({where}: {first['msg']})") \
                from exc


def build_record(session: Session, pack: RulePack, details: RecordDetails,
                 practitioner: Practitioner, *, training: bool,
                 now: dt.datetime, require_approved: bool = False) -> DecisionRecord:
    """The record of ``session``'s decision; RecordError if it has not reached one, or if
    ``require_approved`` and the rules' governance is not in order for a real record."""
    from isp_wizard import __version__

    outcome = session.outcome()
    if outcome is None:
        raise RecordError("the questions have not reached a decision yet")
    if outcome.decision is None:
        raise RecordError("this route continues in another tree; finish that one to make a "
                          "record")
    if now.tzinfo is None:
        raise RecordError("the record time must carry a time zone")
    now = now.replace(microsecond=0)
    from isp_wizard.record.governance import governance_notices, refuse_unapproved
    from isp_wizard.record.prefill import established, shown

    notices = governance_notices(session, pack, now.astimezone().date())
    if require_approved:
        refuse_unapproved(notices, training=training)
    steps = record_steps(session, pack)
    tree = session.tree
    return DecisionRecord(
        record_id=str(uuid.uuid4()),
        created_utc=now.astimezone(dt.UTC),
        created_local=now.astimezone(),
        tree=TreeRef(id=tree.id, title=tree.tree.title, version=tree.tree.version,
                     sha256=tree.sha256),
        catalogues=catalogue_refs(pack),
        steps=steps,
        outcome=RecordOutcome(
            node_id=outcome.node_id, decision=outcome.decision, text=outcome.text,
            grounds=_grounds(outcome.grounds, pack),
            refs=tuple(_reference(pack, r) for r in outcome.refs),
            conditions=outcome.conditions,
            consult=tuple(_contact(pack, c) for c in outcome.consult),
            emergency=outcome.emergency,
        ),
        details=_resolved(details, pack),
        practitioner=practitioner,
        training=training,
        app_version=__version__,
        record_kind=tree.tree.record_kind,
        established={key: shown(key, value, pack)
                     for key, value in established(session, pack).items()},
        aware_at=awareness(session, now.astimezone().tzinfo),
        notices=notices,
        earlier_walks=tuple(_earlier_walk(walk, pack) for walk in session.earlier),
        people=tuple(_person(item, pack) for item in outcome.people),
        recipients=tuple(_recipient(item, pack) for item in outcome.recipients),
    )


def _person(item: ItemOutcome, pack: RulePack) -> RecordPerson:
    return RecordPerson(
        label=item.about.item, category=item.category, role=item.role,
        decision=item.decision, text=item.text, grounds=_grounds(item.grounds, pack),
        conditions=item.conditions)


def _recipient(item: ItemOutcome, pack: RulePack) -> RecordRecipient:
    return RecordRecipient(
        partner_id=item.about.item, name=item.about.name, decision=item.decision,
        text=item.text, receives=item.receives, channel=item.channel,
        conditions=item.conditions, grounds=_grounds(item.grounds, pack))


def record_steps(session: Session, pack: RulePack) -> tuple[RecordStep, ...]:
    """The steps of one walk as the record holds them (carried answers marked as such)."""
    return tuple(
        RecordStep(
            node_id=step.node_id, question=step.text,
            value=tuple(step.value) if isinstance(step.value, list) else step.value,
            labels=step.labels, refs=tuple(_reference(pack, r) for r in step.refs),
            why=step.why, guidance=step.help, kind=step.kind,
            consult=tuple(_contact(pack, c) for c in step.consult),
            carried_from=str(step.carried) if step.carried else "",
            about=RecordAbout(kind=step.about.about, item=step.about.item,
                              name=step.about.name) if step.about else None,
        )
        for step in session.explain()
    )


def _earlier_walk(walk: Session, pack: RulePack) -> EarlierWalk:
    outcome = walk.outcome()
    assert outcome is not None and outcome.start_tree, "an earlier walk ends in a hand-off"
    tree = walk.tree
    return EarlierWalk(
        tree=TreeRef(id=tree.id, title=tree.tree.title, version=tree.tree.version,
                     sha256=tree.sha256),
        steps=record_steps(walk, pack), handed_off_at=outcome.node_id,
        handed_off_text=outcome.text)


CATALOGUE_ORDER = ("partners", "contacts", "isas", "references")


def catalogue_refs(pack: RulePack) -> tuple[CatalogueRef, ...]:
    """The catalogues a route may draw on (partner statuses steer branches; contacts, agreements
    and references are printed on the record), each with its version and SHA-256."""
    return tuple(CatalogueRef(name=name, version=info.version, sha256=info.sha256)
                 for name in CATALOGUE_ORDER if (info := pack.catalogues.get(name)) is not None)


def awareness(session: Session, zone: dt.tzinfo | None) -> dt.datetime | None:
    """When the organisation became aware of a breach, from the answers at the tree's
    ``breach_clock`` (a date, and a time of day such as "14:30" or "about 9.15"), in ``zone``;
    the start of that day when no time can be read; None when the tree has no clock."""
    import re

    clock = session.tree.tree.breach_clock
    if clock is None:
        return None
    day = session.answers.get(clock.date)
    if not isinstance(day, str) or not day:
        return None
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    said = session.answers.get(clock.time) if clock.time else None
    found = re.search(r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b", said) if isinstance(said, str) \
        else None
    time = dt.time(int(found[1]), int(found[2])) if found else dt.time(0, 0)
    return dt.datetime.combine(date, time, tzinfo=zone)


def _resolved(details: RecordDetails, pack: RulePack) -> RecordDetails:
    """``details`` with the names of the partner and the ISA its ids refer to."""
    update: dict[str, object] = {}
    partner = pack.partners.get(details.shared_with.partner_id)
    if partner is not None and not details.shared_with.partner_name:
        update["shared_with"] = details.shared_with.model_copy(
            update={"partner_name": partner.name})
    isa = pack.isas.get(details.isa_id)
    if isa is not None and not details.isa_title:
        update["isa_title"] = isa.title
    return details.model_copy(update=update) if update else details


def _grounds(grounds: Grounds, pack: RulePack) -> RecordGrounds:
    return RecordGrounds(
        data=tuple(grounds.data),
        **{role: tuple(_reference(pack, r) for r in getattr(grounds, role))
           for role in GROUND_ROLES})


def _reference(pack: RulePack, ref_id: str) -> LegalReference:
    ref = pack.references.get(ref_id)
    if ref is None:
        return LegalReference(id=ref_id, title=ref_id, citation="")
    return LegalReference(id=ref.id, title=ref.title, citation=ref.citation)


def _contact(pack: RulePack, contact_id: str) -> ConsultContact:
    contact = pack.contacts.get(contact_id)
    if contact is None:
        return ConsultContact(id=contact_id, role=contact_id)
    return ConsultContact(id=contact.id, role=contact.role, name=contact.name, how=contact.how)
