"""The record's details form as data: which fields, in which sections, typed how.

Keys are paths into ``RecordDetails`` ("requested_by.name", "advice.0.when"), so the form's
values turn into the record model with one ``model_validate`` and no field-by-field code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QT_TRANSLATE_NOOP

Kind = Literal["line", "text", "date", "subject", "partner", "isa", "channel", "contact"]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind = "line"
    hint: str = ""
    required: bool = False


def _t(text: str) -> str:
    return str(QT_TRANSLATE_NOOP("DetailsPage", text))


SECTIONS: tuple[tuple[str, tuple[FieldSpec, ...]], ...] = (
    (_t("The case"), (
        FieldSpec("case_reference", _t("Case reference"), hint=_t(
            "The reference in your case management system. Needed: it is how the record is "
            "found again."), required=True),
        FieldSpec("subject_category", _t("The person is"), "subject"),
        FieldSpec("subject_description", _t("Describe the person briefly"), hint=_t(
            "As little as identifies them, for example 'Child A, aged 12'. No full details.")),
    )),
    (_t("The request"), (
        FieldSpec("requested_by.name", _t("Requested by: name")),
        FieldSpec("requested_by.role", _t("Requested by: job title")),
        FieldSpec("requested_by.organisation", _t("Requested by: organisation")),
        FieldSpec("requested_by.contact", _t("Requested by: how to contact them")),
        FieldSpec("date_received", _t("Date the request was received"), "date"),
        FieldSpec("how_received", _t("How the request came in"), hint=_t(
            "For example: secure email, phone call, meeting.")),
    )),
    (_t("What, and why"), (
        FieldSpec("information", _t("What information"), "text", _t(
            "Only what is needed for the purpose.")),
        FieldSpec("purpose", _t("Purpose of sharing"), "text"),
        FieldSpec("lawful_basis_reasoning", _t("Why the lawful basis applies"), "text"),
        FieldSpec("why_necessary", _t("Why sharing is necessary and proportionate"), "text"),
        FieldSpec("special_category_condition", _t(
            "Special category or criminal offence data: the condition relied on"), hint=_t(
            "Health, ethnicity, sexuality, beliefs or offences need an extra condition. Leave "
            "blank if none is shared.")),
    )),
    (_t("Sharing"), (
        FieldSpec("shared_with.partner_id", _t("Shared with: organisation"), "partner"),
        FieldSpec("shared_with.person", _t("Shared with: person and job title")),
        FieldSpec("isa_id", _t("Information sharing agreement"), "isa"),
        FieldSpec("transfer_method", _t("How it will be sent"), "channel", _t(
            "Use a secure channel the receiving organisation accepts.")),
        FieldSpec("retention", _t("How long it will be kept")),
    )),
    (_t("Advice taken"), (
        FieldSpec("advice.0.who", _t("Advice from"), "contact"),
        FieldSpec("advice.0.when", _t("Date of the advice"), "date"),
        FieldSpec("advice.0.what", _t("What they advised"), "text"),
    )),
    (_t("Your decision"), (
        FieldSpec("reasons", _t("Your reasons"), "text", _t(
            "In your own words: why you decided as you did.")),
        FieldSpec("review_date", _t("Review date"), "date", _t(
            "When the decision, or the need to keep the information, should be looked at "
            "again.")),
        FieldSpec("notes", _t("Other notes"), "text"),
    )),
)

BREACH_SECTIONS: tuple[tuple[str, tuple[FieldSpec, ...]], ...] = (
    SECTIONS[0],
    (_t("The breach"), (
        FieldSpec("information", _t("What happened, and what information"), "text", _t(
            "What went where, to whom, and what you have done to contain it.")),
        FieldSpec("dpo_told_at", _t("When the DPO was told"), hint=_t(
            "Date and time, for example 2026-11-27 15:05.")),
        FieldSpec("others_told", _t("Who else was told, and when"), "text", _t(
            "For example the SIRO, the partner whose information it is, the people "
            "affected.")),
    )),
    SECTIONS[-1],
)
"""A breach record's form: no request, no recipient, no agreement; the breach's own facts."""

ALL_FIELDS: tuple[FieldSpec, ...] = tuple(dict.fromkeys(
    f for _, fields in (*SECTIONS, *BREACH_SECTIONS) for f in fields))


def sections_for(record_kind: str) -> tuple[tuple[str, tuple[FieldSpec, ...]], ...]:
    """The form's sections for a tree whose records are ``record_kind``."""
    return BREACH_SECTIONS if record_kind == "breach" else SECTIONS


def flat_to_nested(values: Mapping[str, str]) -> dict[str, Any]:
    """{"requested_by.name": "x", "advice.0.who": "y"} → the nested shape of RecordDetails."""
    nested: dict[str, Any] = {}
    for key, value in values.items():
        parts = key.split(".")
        if parts[0] == "advice":
            advice = nested.setdefault("advice", [{}])
            advice[0][parts[2]] = value
            continue
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    advice = nested.get("advice")
    if advice and not any(str(v).strip() for v in advice[0].values()):
        nested["advice"] = []
    return nested


def nested_to_flat(data: Mapping[str, Any]) -> dict[str, str]:
    flat: dict[str, str] = {}
    for spec in ALL_FIELDS:
        value: Any = data
        for part in spec.key.split("."):
            if isinstance(value, list):
                value = value[int(part)] if len(value) > int(part) else None
            elif isinstance(value, Mapping):
                value = value.get(part)
            else:
                value = None
        if value not in (None, ""):
            flat[spec.key] = str(value)
    return flat


def problems(data: Mapping[str, Any]) -> dict[str, str]:
    """Field key → what is wrong, in plain words; empty when the details make a record."""
    from pydantic import ValidationError

    from isp_wizard.record.model import RecordDetails

    found: dict[str, str] = {}
    for spec in ALL_FIELDS:
        if spec.kind == "date":
            text = flat_value(data, spec.key)
            day = parse_date(text) if text else None
            if text and day is None:
                found[spec.key] = ("write the date as day/month/year or year-month-day, for "
                                   "example 31/03/2026 or 2026-03-31")
            elif day is not None and spec.key == "review_date" and day < today():
                found[spec.key] = ("the review date has passed: choose today or a later date "
                                   f"(today is {today():%d/%m/%Y})")
    try:
        RecordDetails.model_validate(_blank_dates_as_none(data))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = ".".join(str(p) for p in err["loc"])
            if key == "case_reference" and not flat_value(data, key):
                found.setdefault(key, "a case reference is needed")
            else:
                found.setdefault(key, str(err["msg"]).removeprefix("Value error, "))
    return found


_UK_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_date(text: str) -> dt.date | None:
    """A date as people in the UK write it (31/12/2026, 31-12-2026, 31.12.2026) or as ISO
    8601 (2026-12-31); None if it is no date."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    found = _UK_DATE.fullmatch(text)
    if found is None:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def today() -> dt.date:
    return dt.date.today()


def flat_value(data: Mapping[str, Any], key: str) -> str:
    return nested_to_flat(data).get(key, "").strip()


def to_details(data: Mapping[str, Any]) -> Any:
    from isp_wizard.record.model import RecordDetails

    return RecordDetails.model_validate(_blank_dates_as_none(data))


def _blank_dates_as_none(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = flat_to_nested({k: v.strip() for k, v in nested_to_flat(data).items()})
    for spec in ALL_FIELDS:
        if spec.kind == "date":
            parts = spec.key.split(".")
            holder: Any = cleaned
            for part in parts[:-1]:
                holder = holder[int(part)] if isinstance(holder, list) else holder.get(part, {})
            if isinstance(holder, dict) and holder.get(parts[-1]) == "":
                holder[parts[-1]] = None
            elif isinstance(holder, dict) and isinstance(holder.get(parts[-1]), str):
                day = parse_date(holder[parts[-1]])
                if day is not None:  # 31/12/2026 goes on the record as 2026-12-31
                    holder[parts[-1]] = day.isoformat()
    return cleaned
