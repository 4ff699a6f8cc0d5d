"""The rule format, defined once: trees, nodes, answers, conditions, catalogues and scenarios.

These pydantic models validate what the YAML loader reads and are exported as JSON Schema under
``rules/schema/`` so that editors can check rule files as they are typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    Tag,
    field_validator,
    model_validator,
)

from isp_wizard.vocabulary import GROUND_ROLES, OutcomeKey, RecordKindKey, TreeRecordKindKey

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Decision = OutcomeKey
RecordKind = RecordKindKey
TreeRecordKind = TreeRecordKindKey
NodeKind = Literal["question", "multi", "text", "date", "partner", "info", "outcome", "people",
                   "recipients", "each", "end"]
AnswerValue = str | list[str]
Flag = StrictBool
"""A yes/no field: only true and false, as the JSON Schema says (never "yes", "off" or 1)."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- conditions --------------------------------------------------------------------------------


class AnswerIs(Model):
    """True when the answer given at ``answer_of`` equals ``is`` / is one of ``in`` / includes."""

    answer_of: Id = Field(alias="answer-of")
    is_: str | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in")
    includes: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> AnswerIs:
        given = [x for x in (self.is_, self.in_, self.includes) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'is', 'in' or 'includes'")
        return self


class PartnerHas(Model):
    """True when the partner chosen at ``partner_of`` has ``attribute`` equal to ``is``."""

    partner_of: Id = Field(alias="partner-of")
    attribute: Literal["relevant_authority", "confirmed", "type", "public_authority", "id"]
    is_: Flag | str | None = Field(alias="is")


THIS_PERSON_ATTRIBUTES = ("category", "role", "label")
THIS_RECIPIENT_ATTRIBUTES = ("relevant_authority", "confirmed", "type", "public_authority", "id")


class ThisHas(Model):
    """Inside a repeated section (``each``): true when the person or recipient the section is
    being asked about has ``attribute`` equal to ``is`` (or one of ``in``).

    A person's ``category`` and ``role`` are their answers to the questions the section names
    as its ``category`` and ``role``; ``label`` is what the practitioner called them. A
    recipient's attributes are its partner's, as ``partner-of`` reads them.
    """

    this: Literal["person", "recipient"]
    attribute: Literal["category", "role", "label", "relevant_authority", "confirmed", "type",
                       "public_authority", "id"]
    is_: Flag | str | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in")

    @model_validator(mode="after")
    def _one_test(self) -> ThisHas:
        if (self.in_ is None) == (self.is_ is None):
            raise ValueError("give exactly one of 'is' or 'in'")
        allowed = THIS_PERSON_ATTRIBUTES if self.this == "person" else THIS_RECIPIENT_ATTRIBUTES
        if self.attribute not in allowed:
            raise ValueError(f"a {self.this} has no attribute {self.attribute!r}: use one of "
                             + ", ".join(allowed))
        return self


class AllOf(Model):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Model):
    any: list[Condition] = Field(min_length=1)


class NotOf(Model):
    not_: Condition = Field(alias="not")


_CONDITION_KEYS = {
    "answer-of": "answer",
    "answer_of": "answer",
    "partner-of": "partner",
    "partner_of": "partner",
    "all": "all",
    "any": "any",
    "not": "not",
    "not_": "not",
    "this": "this",
}
_CONDITION_TYPES: dict[type, str] = {AnswerIs: "answer", PartnerHas: "partner", AllOf: "all",
                                     AnyOf: "any", ThisHas: "this"}


def _condition_kind(value: object) -> str | None:
    if isinstance(value, dict):
        return next((_CONDITION_KEYS[k] for k in value if k in _CONDITION_KEYS), None)
    return "not" if isinstance(value, NotOf) else _CONDITION_TYPES.get(type(value))


Condition = Annotated[
    Annotated[AnswerIs, Tag("answer")] | Annotated[PartnerHas, Tag("partner")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")] | Annotated[ThisHas, Tag("this")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition needs one of: answer-of, partner-of, this, all, any, "
                             "not",
    ),
]


class Branch(Model):
    """Go to ``next`` when ``when`` holds; branches are tried in order, before the answer's own."""

    when: Condition
    next: Id


# --- nodes -------------------------------------------------------------------------------------


DataCategory = Literal["special_category", "criminal_offence", "not_personal"]
DATA_CATEGORIES: tuple[DataCategory, ...] = ("special_category", "criminal_offence",
                                            "not_personal")


class Grounds(Model):
    """What an answer or an outcome contributes to the legal grounds of a share, by role.

    A share's grounds are the grounds of the answers chosen on its route plus the outcome's own.
    Principles and guidance are not grounds: cite them in ``refs``.
    """

    lawful_basis: list[Id] = Field(
        default_factory=list,
        description="UK GDPR Article 6 lawful basis (with DPA 2018 s8 where public task rests "
                    "on it), e.g. uk-gdpr-6-1-e.")
    data: list[DataCategory] = Field(
        default_factory=list,
        description="Kinds of data this answer establishes are involved: special_category "
                    "(Art 9) and/or criminal_offence (Art 10) — a share route that establishes "
                    "either needs a condition — or not_personal (anonymous figures, or only people "
                    "who have died: not personal data, UK GDPR Art 4(1), so a share of it needs "
                    "no lawful basis).")
    condition: list[Id] = Field(
        default_factory=list,
        description="The Article 9(2) point or the Article 10 provision (with DPA 2018 s10) the "
                    "condition rests on, e.g. uk-gdpr-9-2-g, uk-gdpr-10.")
    schedule_1: list[Id] = Field(
        default_factory=list,
        description="The DPA 2018 Schedule 1 paragraph that meets the condition, e.g. "
                    "dpa-2018-sch1-para10. Criminal offence data always needs one.")
    power: list[Id] = Field(
        default_factory=list,
        description="The legal power or duty to disclose (the gateway): CDA 1998 s115, CA 1989 "
                    "s47, Care Act 2014 s42, a court order…")
    exemption: list[Id] = Field(
        default_factory=list,
        description="An exemption relied on, e.g. DPA 2018 Schedule 2 para 2 (crime and "
                    "taxation). An exemption is not a lawful basis.")

    def ids(self) -> list[str]:
        """Every reference cited, role by role."""
        return [r for role in GROUND_ROLES for r in getattr(self, role)]

    @classmethod
    def merged(cls, parts: list[Grounds]) -> Grounds:
        """The grounds of several answers and an outcome together, each id once, in order."""
        roles = ("data", *GROUND_ROLES)
        return cls(**{role: list(dict.fromkeys(x for g in parts for x in getattr(g, role)))
                      for role in roles})

    def __bool__(self) -> bool:
        return bool(self.data) or bool(self.ids())


_LEGAL_BASIS_MOVED = (
    "'legal_basis' is the old rule format: since rule format 2 an answer's or outcome's grounds "
    "are typed by role, e.g. grounds: {lawful_basis: [uk-gdpr-6-1-e], condition: [uk-gdpr-10], "
    "schedule_1: [dpa-2018-sch1-para10], power: [cda-1998-s115]} (principles and guidance go "
    "in 'refs'); scripts/migrate_grounds.py converts a rules folder")


def _no_legal_basis(data: object) -> object:
    if isinstance(data, dict) and "legal_basis" in data:
        raise ValueError(_LEGAL_BASIS_MOVED)
    return data


class Establishes(Model):
    """What choosing an answer (or reaching an outcome) establishes for the record's details, so
    the practitioner does not type it again: the app prefills the field, marked as known from the
    answers, and the record prints both when it is changed. The last one on the route wins."""

    isa: Id | None = Field(
        default=None,
        description="The information sharing agreement (an id from isas.yaml) the sharing is "
                    "under.")
    purpose: str = Field(
        default="", max_length=1000,
        description="The purpose of sharing, in words, as the record's Purpose field states it.")
    how_received: str = Field(
        default="", max_length=300,
        description="How the request came in, in words (in writing, by phone…).")

    @field_validator("purpose", "how_received", mode="after")
    @classmethod
    def _visible(cls, value: str) -> str:
        """The words go into the record's details as they are: a direction override is refused
        there (and a control character has no place on a printed page), so either is named
        here, in the rule file, not when the practitioner signs."""
        import unicodedata

        bad = next((ch for ch in value if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                    "\u2068\u2069" or (ch not in "\n\t" and unicodedata.category(ch) == "Cc")),
                   None)
        if bad is not None:
            raise ValueError(f"remove the invisible character U+{ord(bad):04X}")
        return value

    def __bool__(self) -> bool:
        return bool(self.isa or self.purpose or self.how_received)


class Answer(Model):
    value: str = Field(min_length=1, max_length=80)
    label: str = Field(min_length=1)
    next: Id | None = None
    help: str = ""
    grounds: Grounds = Field(default_factory=Grounds)
    conditions: list[str] = Field(default_factory=list)
    consult: list[Id] = Field(default_factory=list)
    establishes: Establishes = Field(default_factory=Establishes)

    _old_format = model_validator(mode="before")(_no_legal_basis)

    @field_validator("value", mode="before")
    @classmethod
    def _value_as_text(cls, value: object) -> object:
        return _as_answer(value)


class NodeBase(Model):
    id: Id
    text: str = Field(min_length=1)
    help: str = ""
    why: str = ""
    refs: list[Id] = Field(default_factory=list)
    consult: list[Id] = Field(default_factory=list)


class Routed(NodeBase):
    branches: list[Branch] = Field(default_factory=list)
    next: Id | None = None


MAX_ANSWERS = 1000  # a real question has a handful; a bound keeps every check linear and quick


class QuestionNode(Routed):
    kind: Literal["question"]
    answers: list[Answer] = Field(default_factory=list, max_length=MAX_ANSWERS)


class MultiNode(Routed):
    kind: Literal["multi"]
    answers: list[Answer] = Field(default_factory=list, max_length=MAX_ANSWERS)
    min_choices: int = Field(default=0, ge=0, le=MAX_ANSWERS)


class TextNode(Routed):
    kind: Literal["text"]
    required: Flag = True
    multiline: Flag = False
    max_length: int = Field(default=5000, ge=1, le=100_000)
    fills: Literal["purpose"] | None = Field(
        default=None,
        description="The record's details field the words typed here establish ('purpose'): "
                    "prefilled in the app as known from the answers.")


class DateNode(Routed):
    kind: Literal["date"]
    required: Flag = True
    fills: Literal["date_received"] | None = Field(
        default=None,
        description="The record's details field the date given here establishes "
                    "('date_received'): prefilled in the app as known from the answers.")


class PartnerNode(Routed):
    kind: Literal["partner"]
    allow_other: Flag = True
    fills: Literal["requested_by.organisation"] | None = Field(
        default=None,
        description="The record's details field the organisation chosen here establishes "
                    "besides the recipient ('requested_by.organisation': who asked).")


class InfoNode(Routed):
    kind: Literal["info"]


class Carry(Model):
    """An answer a hand-off carries into the tree it continues with, so the practitioner is not
    asked the same thing twice: the answer given at ``from`` (in this tree) answers ``to`` (in
    the next). With ``values``, only those answers carry, each as the value it maps to."""

    from_: Id = Field(alias="from", description="The node in this tree whose answer carries.")
    to: Id = Field(description="The node it answers in the tree the walk continues with.")
    values: dict[str, str] | None = Field(
        default=None,
        description="This tree's answer → the answer it gives there; answers not listed are "
                    "asked again. Without it the answer carries as it is.")


MAX_PEOPLE = 50
"""The most people (or recipients) one decision names: a household, a meeting's agencies."""


class PeopleNode(Routed):
    """Who the decision concerns: several people, each named by a short label the practitioner
    chooses (initials, "Child 1" — never more than the record needs). Its answer is the list of
    labels; an ``each`` section then asks its questions once per person."""

    kind: Literal["people"]
    min_people: int = Field(default=1, ge=0, le=MAX_PEOPLE)
    max_people: int = Field(default=12, ge=1, le=MAX_PEOPLE)
    label_max: int = Field(default=60, ge=1, le=300)


class RecipientsNode(Routed):
    """To whom the information goes: several partner organisations from partners.yaml. Its
    answer is the list of partner ids; an ``each`` section asks its questions once per
    recipient (what it receives, the channel, the conditions)."""

    kind: Literal["recipients"]
    min_recipients: int = Field(default=1, ge=0, le=MAX_PEOPLE)
    max_recipients: int = Field(default=12, ge=1, le=MAX_PEOPLE)


class EachNode(NodeBase):
    """A repeatable section: the questions from ``start`` up to an ``end`` node of this section
    are asked once for each person (or recipient) listed at ``over``; then the walk goes on at
    ``next``. Inside it, conditions may test ``this: person`` / ``this: recipient``, and the
    answers of the section's own questions are those given for the person being asked about.

    For people, ``category`` names the section question whose answer is the person's category
    (its answer values are person categories: child, adult_at_risk, adult, alleged_perpetrator,
    third_party) and ``role`` one whose answer describes their part in the case. For
    recipients, ``receives`` names the question whose answers are what that recipient receives
    and ``channel`` the one that says how it is sent.
    """

    kind: Literal["each"]
    over: Id = Field(description="The people or recipients node whose list this repeats over.")
    start: Id = Field(description="The section's first question.")
    next: Id = Field(description="Where the walk goes on after the last person or recipient.")
    category: Id | None = None
    role: Id | None = None
    receives: Id | None = None
    channel: Id | None = None

    def named_nodes(self) -> dict[str, str]:
        """The section questions this node gives a meaning, by meaning."""
        return {k: v for k, v in (("category", self.category), ("role", self.role),
                                  ("receives", self.receives), ("channel", self.channel)) if v}


class EndNode(NodeBase):
    """Where one person's (or recipient's) pass through a section ends: the decision for their
    data, the grounds their route establishes, the conditions on it. It is shown on the record
    under that person's or recipient's heading; the walk then goes on with the next one."""

    kind: Literal["end"]
    section: Id = Field(description="The each node whose section this ends.")
    decision: Decision
    grounds: Grounds = Field(default_factory=Grounds)
    conditions: list[str] = Field(default_factory=list)

    _old_format = model_validator(mode="before")(_no_legal_basis)


class OutcomeNode(NodeBase):
    kind: Literal["outcome"]
    decision: Decision | None = None
    grounds: Grounds = Field(default_factory=Grounds)
    conditions: list[str] = Field(default_factory=list)
    start_tree: Id | None = None
    carries: list[Carry] = Field(
        default_factory=list, max_length=MAX_ANSWERS,
        description="With start_tree: the answers given in this tree that answer questions of "
                    "the next one (the emergency question, the requester…), which are then not "
                    "asked again.")
    emergency: Flag = False
    establishes: Establishes = Field(default_factory=Establishes)

    _old_format = model_validator(mode="before")(_no_legal_basis)

    @model_validator(mode="after")
    def _decision_or_tree(self) -> OutcomeNode:
        if self.decision is None and self.start_tree is None:
            raise ValueError("an outcome needs a 'decision' or a 'start_tree' to continue with")
        if self.carries and self.start_tree is None:
            raise ValueError("'carries' needs a 'start_tree' to carry the answers into")
        return self


Node = Annotated[
    QuestionNode | MultiNode | TextNode | DateNode | PartnerNode | InfoNode | OutcomeNode
    | PeopleNode | RecipientsNode | EachNode | EndNode,
    Field(discriminator="kind"),
]
ChoiceNode = QuestionNode | MultiNode
OTHER_PARTNER = "other"
INFO_SEEN = "seen"


# --- trees -------------------------------------------------------------------------------------


class Governance(Model):
    sources: list[str] = Field(default_factory=list)
    approved_by: str = ""
    approved_on: dt.date | None = None
    next_review: dt.date | None = None


class BreachClock(Model):
    """Where a breach tree asks when the organisation became aware: the 72-hour clock of UK
    GDPR Article 33(1) starts there, and the record's headline gives its deadline."""

    date: Id = Field(description="The date node: the day the organisation became aware.")
    time: Id | None = Field(default=None,
                            description="A text node with the time of day (e.g. 14:30).")


class Tree(Model):
    id: Id
    title: str = Field(min_length=1)
    version: str = Field(pattern=VERSION_PATTERN)
    effective: dt.date
    summary: str = Field(min_length=1)
    audience: str = ""
    record_kind: TreeRecordKind = Field(
        default="decision",
        description="What the tree's records are: 'decision' (whether to share; the default) or "
                    "'breach' (something went wrong with a share; the outcome reached is the "
                    "breach's status, and the monitoring report counts it apart).")
    breach_clock: BreachClock | None = Field(
        default=None,
        description="For a breach tree: the nodes that ask when the organisation became aware.")
    governance: Governance = Field(default_factory=Governance)
    start: Id
    nodes: list[Node] = Field(min_length=1)


# --- catalogues --------------------------------------------------------------------------------


class Reference(Model):
    id: Id
    title: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    summary: str = ""
    url: str = ""
    kind: Literal["statute", "regulation", "guidance", "case", "code", "protocol", "other"] = (
        "other"
    )
    confirmed: Flag = True
    confirmed_by: str = Field(default="", description="Who confirmed it (name and role), "
                              "when it was confirmed through the Partnership page")
    note: str = ""


class Partner(Model):
    id: Id
    name: str = Field(min_length=1)
    type: str = Field(min_length=1)
    public_authority: Flag = True
    relevant_authority: Flag | None = None
    s115_source: str = ""
    confirmed: Flag = True
    confirmed_by: str = Field(default="", description="Who confirmed the status (name and role)")
    isas: list[Id] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    note: str = ""


class Contact(Model):
    id: Id
    role: str = Field(min_length=1)
    name: str = ""
    how: str = ""
    when: str = ""
    placeholder: Flag = False


class Isa(Model):
    id: Id
    title: str = Field(min_length=1)
    parties: list[Id] = Field(default_factory=list)
    purpose: str = ""
    data: str = ""
    review: dt.date | None = None
    note: str = ""


CatalogueVersion = Annotated[str, Field(pattern=VERSION_PATTERN)] | None
"""A catalogue's own version (optional): records name it beside the file's SHA-256."""


class ReferencesFile(Model):
    version: CatalogueVersion = None
    references: list[Reference]


class PartnersFile(Model):
    version: CatalogueVersion = None
    partners: list[Partner]


class ContactsFile(Model):
    version: CatalogueVersion = None
    contacts: list[Contact]


class IsasFile(Model):
    version: CatalogueVersion = None
    isas: list[Isa]


# --- scenarios ---------------------------------------------------------------------------------


class Scenario(Model):
    name: str = Field(min_length=1)
    case: str = Field(min_length=1)
    answers: dict[str, AnswerValue]
    then: dict[Id, dict[str, AnswerValue]] = Field(
        default_factory=dict,
        description="Answers for the trees the walk continues with (an outcome's start_tree): "
                    "tree id → node id → answer. Without them the scenario ends at the hand-off.")
    expected: Id
    expected_decision: Decision | None = None
    notes: str = ""

    @field_validator("answers", mode="before")
    @classmethod
    def _answers_as_text(cls, value: object) -> object:
        return flat_answers(value)


    @field_validator("then", mode="before")
    @classmethod
    def _later_answers_as_text(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {tree: flat_answers(answers) for tree, answers in value.items()}


def flat_answers(value: object) -> object:
    """Answers as node id (or ``node@item``) → answer. A repeated section's answers may be
    given nested, under the section's each node, then each person's label (or recipient's
    partner id), then node id → answer::

        household: [Adult A, Child 1]
        each-person:
          Adult A: {person-category: adult, person-risk: yes}
          Child 1: {person-category: child}

    which is the same as ``person-category@Adult A: adult`` and so on."""
    if not isinstance(value, dict):
        return value
    flat: dict[object, object] = {}
    for key, answer in value.items():
        if isinstance(answer, dict):
            for item, own in answer.items():
                if not isinstance(own, dict):
                    raise ValueError(f"{key}: {item}: expected node id → answer for that "
                                     "person or recipient")
                for node_id, given in own.items():
                    flat[f"{node_id}@{_as_answer(item)}"] = _as_answer(given)
        else:
            flat[key] = _as_answer(answer)
    return flat


def _as_answer(value: object) -> object:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dt.date, int, float)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, list):
        return [_as_answer(v) for v in value]
    return value


class ScenariosFile(Model):
    tree: Id
    scenarios: list[Scenario]


AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
Branch.model_rebuild()
