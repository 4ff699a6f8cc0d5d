"""Questions answered by typing (``text``, ``date``) or by picking a partner (``partner``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import ClassVar, TypeVar

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.conditions import partner_attribute
from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    AnswerValue,
    DateNode,
    Partner,
    PartnerHas,
    PartnerNode,
    TextNode,
)
from isp_wizard.rulepack.nodes.base import Choice, RoutedNode, Tested, words_needed

TEXT_PLACEHOLDER = "…"
DATE_PLACEHOLDER = "2000-01-01"
OTHER_PARTNER_NAME = "Another organisation (not listed)"
T = TypeVar("T", TextNode, DateNode)


class _Typed(RoutedNode[T]):
    """An answer typed in, which may be left blank unless ``required``."""

    placeholder: ClassVar[Choice]
    """What the decision table enters here: every typed answer leads the same way."""

    @property
    def blank(self) -> AnswerValue | None:
        return None if self.spec.required else ""

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        """The placeholder, and each value the tree's conditions compare this answer with."""
        checked: list[AnswerValue] = []
        for value in dict.fromkeys(tested.values):
            with contextlib.suppress(InvalidAnswerError):
                checked.append(self.check(value, partners))
        values = [v for v in checked if isinstance(v, str) and v not in ("", self.placeholder[0])]
        values = list(dict.fromkeys(values))
        if not values:
            yield self.placeholder
            return
        yield self.placeholder[0], f"{self.placeholder[1][:-1]}, none of those tested)"
        for value in values:
            yield value, f"“{value}”"


class CompiledText(_Typed[TextNode]):
    """An answer in words (one line or several)."""

    kind = "text"
    placeholder = TEXT_PLACEHOLDER, "(text entered)"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        text = words_needed(value)
        if self.spec.required and not text.strip():
            raise InvalidAnswerError("this answer is required")
        if len(text) > self.spec.max_length:
            raise InvalidAnswerError(f"keep the answer under {self.spec.max_length} characters")
        return text


class CompiledDate(_Typed[DateNode]):
    """A date, typed as YYYY-MM-DD."""

    kind = "date"
    placeholder = DATE_PLACEHOLDER, "(date entered)"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        text = words_needed(value)
        if not text.strip():
            if self.spec.required:
                raise InvalidAnswerError("a date is required")
            return ""
        try:
            return dt.date.fromisoformat(text.strip()).isoformat()
        except ValueError as exc:
            raise InvalidAnswerError(f"{text!r} is not a date (use YYYY-MM-DD)") from exc


class CompiledPartner(RoutedNode[PartnerNode]):
    """One organisation from partners.yaml (or, if allowed, one not listed)."""

    kind = "partner"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        text = words_needed(value)
        if text in partners or (self.spec.allow_other and text == OTHER_PARTNER):
            return text
        raise InvalidAnswerError(f"{text!r} is not a partner organisation")

    def labels(self, value: AnswerValue, partners: Mapping[str, Partner]) -> list[str]:
        partner = partners.get(str(value))
        return [partner.name if partner else OTHER_PARTNER_NAME]

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        """One row per group of partners that the tree's conditions cannot tell apart."""
        groups: dict[tuple[object, ...], list[str]] = {}
        ids = [*partners, *([OTHER_PARTNER] if self.spec.allow_other else [])]
        for pid in ids:
            key = tuple(partner_attribute(pid, a, partners) for a in sorted(tested.attributes))
            groups.setdefault(key, []).append(pid)
        for members in groups.values():
            names = [partners[p].name if p in partners else "another organisation"
                     for p in members]
            yield members[0], "any of: " + ", ".join(names) if len(names) > 1 else names[0]

    def partner_test_problems(self, cond: PartnerHas) -> Iterator[str]:
        return iter(())
