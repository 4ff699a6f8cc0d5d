"""The words and colours every part of the app uses for decisions, record kinds and the people
records are about — defined once, here.

The GUI, the signed PDF, the monitoring report, the SVG tree map, the Mermaid/DOT graphs and the
command line all take their labels and colours from this module; a test fails if a decision label
is written out anywhere else. This module sits below everything and imports nothing of the app.

A vocabulary is an ordered set of ``Term`` s looked up by key. To add one (say the outcomes a
breach record can reach), declare another ``Vocabulary`` of terms below and, if a record kind uses
it, name it as that kind's ``outcomes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

DecisionKey = Literal["share", "share_with_conditions", "do_not_share", "seek_advice"]
RecordKindKey = Literal["decision", "breach", "rules_approval"]
TreeRecordKindKey = Literal["decision", "breach"]
"""The kinds of record a tree makes (a rules approval is made by the Partnership page)."""
BreachOutcomeKey = Literal["danger_first", "report_and_tell_people", "likely_reportable",
                           "not_reportable", "dpo_to_assess", "controller_to_assess"]
OutcomeKey = Literal["share", "share_with_conditions", "do_not_share", "seek_advice",
                     "danger_first", "report_and_tell_people", "likely_reportable",
                     "not_reportable", "dpo_to_assess", "controller_to_assess"]
"""What an outcome may reach: a decision, or (in a tree whose records are breaches) a breach
outcome."""
SubjectKey = Literal["", "child", "adult_at_risk", "adult", "family", "group", "other"]
GROUND_ROLES: tuple[str, ...] = ("lawful_basis", "condition", "schedule_1", "power", "exemption")
"""The roles a reference can play in the grounds of a share, in the order a record prints them."""
PersonCategoryKey = Literal["child", "adult_at_risk", "adult", "alleged_perpetrator",
                            "third_party"]

GREY = ("#4a4f57", "#ffffff")


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary: its key (what files and the register store), what people read,
    and how it is drawn."""

    key: str
    label: str
    """The full wording: the app, the signed record, the command line."""
    short_label: str = ""
    """Where room is short: chart bars, the report's tables, the tree map's legend."""
    colour: str = GREY[0]
    """On a light background (also the fill behind white text: every colour meets 4.5:1)."""
    high_contrast_colour: str = GREY[1]
    """On the high-contrast theme's black background."""
    chart_colour: str = ""
    """A bar's fill in the monitoring report (Okabe–Ito, told apart with colour-vision
    differences); the ordinary colour when empty."""
    icon: str = ""
    """A glyph (in DejaVu Sans) that says the same as the colour, for readers who cannot tell
    colours apart."""
    outcomes: Vocabulary | None = None
    """For a record kind: the outcomes its records reach."""

    @property
    def short(self) -> str:
        return self.short_label or self.label

    def colour_for(self, high_contrast: bool) -> str:
        return self.high_contrast_colour if high_contrast else self.colour

    @property
    def fill(self) -> str:
        return self.chart_colour or self.colour


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms, looked up by key; ``fallback`` answers for keys it does not
    hold (an old register, a tree that ends by continuing with another)."""

    name: str
    terms: tuple[Term, ...]
    fallback: Term
    _by_key: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {t.key: t for t in self.terms}
        if len(by_key) != len(self.terms):
            raise ValueError(f"{self.name}: two terms share a key")
        object.__setattr__(self, "_by_key", by_key)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.terms)

    def get(self, key: str | None) -> Term:
        return self._by_key.get(key or "", self.fallback)

    def label(self, key: str | None) -> str:
        return self.get(key).label

    def short_label(self, key: str | None) -> str:
        return self.get(key).short

    def colour(self, key: str | None, high_contrast: bool = False) -> str:
        return self.get(key).colour_for(high_contrast)


SHARE = Term("share", "Share", colour="#1b7f3b", high_contrast_colour="#7CFC8A",
             chart_colour="#009E73", icon="✔")
SHARE_WITH_CONDITIONS = Term(
    "share_with_conditions", "Share with conditions", colour="#7a5c00",
    high_contrast_colour="#ffd54f", chart_colour="#56B4E9", icon="✔")
DO_NOT_SHARE = Term("do_not_share", "Do not share", colour="#b3261e",
                    high_contrast_colour="#ff8a80", chart_colour="#D55E00", icon="✘")
SEEK_ADVICE = Term("seek_advice", "Seek advice before sharing", "Seek advice",
                   colour="#1f5fa8", high_contrast_colour="#80d8ff", chart_colour="#E69F00",
                   icon="?")
CONTINUE = Term("", "Continue with another tree", colour="#5b4b8a",
                high_contrast_colour="#e1bee7", icon="➜")
"""What an outcome that starts another tree shows in place of a decision."""

DECISIONS = Vocabulary("decision", (SHARE, SHARE_WITH_CONDITIONS, DO_NOT_SHARE, SEEK_ADVICE),
                       fallback=CONTINUE)
SHARING_DECISIONS: frozenset[str] = frozenset({SHARE.key, SHARE_WITH_CONDITIONS.key})
"""The decisions that share something: they need a legal basis."""

BREACH_OUTCOMES = Vocabulary("breach outcome", (
    Term("danger_first", "Danger first: call 999, then the DPO", "Danger first",
         colour="#b3261e", high_contrast_colour="#ff8a80", chart_colour="#D55E00", icon="!"),
    Term("report_and_tell_people", "Likely reportable, and the people affected told",
         "Report and tell people", colour="#b3261e", high_contrast_colour="#ff8a80",
         chart_colour="#CC79A7", icon="!"),
    Term("likely_reportable", "Likely reportable to the ICO", "Likely reportable",
         colour="#7a5c00", high_contrast_colour="#ffd54f", chart_colour="#E69F00", icon="!"),
    Term("not_reportable", "Likely not reportable: record only", "Record only",
         colour="#1b7f3b", high_contrast_colour="#7CFC8A", chart_colour="#009E73", icon="✔"),
    Term("dpo_to_assess", "The DPO assesses it now", "DPO to assess", colour="#1f5fa8",
         high_contrast_colour="#80d8ff", chart_colour="#56B4E9", icon="?"),
    Term("controller_to_assess", "The controller assesses it: tell them now",
         "Controller to assess", colour="#1f5fa8", high_contrast_colour="#80d8ff",
         chart_colour="#0072B2", icon="?"),
), fallback=Term("", "Status not recorded"))
"""What a breach record's outcome says: how the breach stands for reporting (UK GDPR Art 33/34);
the DPO decides."""

OUTCOMES = Vocabulary("outcome", (*DECISIONS, *BREACH_OUTCOMES), fallback=CONTINUE)
"""Every outcome a record may carry, whatever its kind: look a record's outcome up here."""

RECORD_KINDS = Vocabulary("record kind", (
    Term("decision", "Information sharing decision record", "Decision", outcomes=DECISIONS),
    Term("breach", "Information sharing breach record", "Breach", outcomes=BREACH_OUTCOMES),
    Term("rules_approval", "Rules approval record", "Rules approval"),
), fallback=Term("", "Record"))

CHILD = Term("child", "Child or young person")
ADULT_AT_RISK = Term("adult_at_risk", "Adult at risk")
ADULT = Term("adult", "Adult")
SUBJECT_CATEGORIES = Vocabulary("subject category", (
    CHILD,
    ADULT_AT_RISK,
    ADULT,
    Term("family", "Family or household"),
    Term("group", "Group"),
    Term("other", "Other"),
), fallback=Term("", "Not recorded"))

PERSON_CATEGORIES = Vocabulary("person category", (
    CHILD,
    Term("adult_at_risk", "Adult with care and support needs", "Adult at risk"),
    Term("adult", "Other adult (no care and support needs)", "Other adult"),
    Term("alleged_perpetrator", "Alleged perpetrator", "Perpetrator"),
    Term("third_party", "Third party", "Third party"),
), fallback=Term("", "Category not recorded"))
"""Who one person of a decision about several people is: it decides which Schedule 1 condition
can cover their data (para 18 only for a child or an adult with care and support needs)."""
