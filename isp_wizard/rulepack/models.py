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

from isp_wizard.vocabulary import DecisionKey, RecordKindKey

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Decision = DecisionKey
RecordKind = RecordKindKey
NodeKind = Literal["question", "multi", "text", "date", "partner", "info", "outcome"]
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
}
_CONDITION_TYPES: dict[type, str] = {AnswerIs: "answer", PartnerHas: "partner", AllOf: "all", AnyOf: "any"}


def _condition_kind(value: object) -> str | None:
    if isinstance(value, dict):
        return next((_CONDITION_KEYS[k] for k in value if k in _CONDITION_KEYS), None)
    return "not" if isinstance(value, NotOf) else _CONDITION_TYPES.get(type(value))


Condition = Annotated[
    Annotated[AnswerIs, Tag("answer")] | Annotated[PartnerHas, Tag("partner")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition needs one of: answer-of, partner-of, all, any, not",
    ),
]


class Branch(Model):
    """Go to ``next`` when ``when`` holds; branches are tried in order, before the answer's own."""

    when: Condition
    next: Id


# --- nodes -------------------------------------------------------------------------------------


class Answer(Model):
    value: str = Field(min_length=1, max_length=80)
    label: str = Field(min_length=1)
    next: Id | None = None
    help: str = ""
    legal_basis: list[Id] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    consult: list[Id] = Field(default_factory=list)

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


class DateNode(Routed):
    kind: Literal["date"]
    required: Flag = True


class PartnerNode(Routed):
    kind: Literal["partner"]
    allow_other: Flag = True


class InfoNode(Routed):
    kind: Literal["info"]


class OutcomeNode(NodeBase):
    kind: Literal["outcome"]
    decision: Decision | None = None
    legal_basis: list[Id] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    start_tree: Id | None = None
    emergency: Flag = False

    @model_validator(mode="after")
    def _decision_or_tree(self) -> OutcomeNode:
        if self.decision is None and self.start_tree is None:
            raise ValueError("an outcome needs a 'decision' or a 'start_tree' to continue with")
        return self


Node = Annotated[
    QuestionNode | MultiNode | TextNode | DateNode | PartnerNode | InfoNode | OutcomeNode,
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


class Tree(Model):
    id: Id
    title: str = Field(min_length=1)
    version: str = Field(pattern=VERSION_PATTERN)
    effective: dt.date
    summary: str = Field(min_length=1)
    audience: str = ""
    record_kind: RecordKind = Field(
        default="decision",
        description="What the tree's records are: 'decision' (whether to share; the default) or "
                    "'breach' (something went wrong with a share; the outcome reached is the "
                    "breach's status, and the monitoring report counts it apart).")
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
    note: str = ""


class Partner(Model):
    id: Id
    name: str = Field(min_length=1)
    type: str = Field(min_length=1)
    public_authority: Flag = True
    relevant_authority: Flag | None = None
    s115_source: str = ""
    confirmed: Flag = True
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
    expected: Id
    expected_decision: Decision | None = None
    notes: str = ""

    @field_validator("answers", mode="before")
    @classmethod
    def _answers_as_text(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {k: _as_answer(v) for k, v in value.items()}


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
