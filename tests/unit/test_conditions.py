"""Conditions are walked one way: every kind of condition has its visitor method."""

from __future__ import annotations

import typing
from collections.abc import Iterator

import pytest
from pydantic import TypeAdapter

from isp_wizard.rulepack import conditions
from isp_wizard.rulepack.conditions import Collect, asked_about, holds
from isp_wizard.rulepack.layout import describe
from isp_wizard.rulepack.models import AnswerIs, Condition, Partner

PARSE: TypeAdapter[Condition] = TypeAdapter(Condition)
NESTED = PARSE.validate_python({"all": [
    {"answer-of": "a", "is": "yes"},
    {"not": {"any": [{"answer-of": "b", "includes": "x"},
                     {"partner-of": "p", "attribute": "relevant_authority", "is": True}]}},
]})
PARTNERS = {"police": Partner(id="police", name="Police", type="police",
                              relevant_authority=True)}


def _kinds(annotation: object) -> set[type]:
    args = typing.get_args(annotation)
    if not args:
        return {annotation} if isinstance(annotation, type) else set()
    return set().union(*(_kinds(a) for a in args))


def test_every_kind_of_condition_in_the_rule_format_has_a_visitor_method() -> None:
    assert _kinds(Condition) == set(conditions._METHODS)
    for name in conditions._METHODS.values():
        assert name in conditions.ConditionVisitor.__abstractmethods__


def test_one_walk_serves_evaluation_description_and_lint() -> None:
    assert list(asked_about(NESTED)) == ["a", "b", "p"]
    assert describe(NESTED) == ("a is yes and not (b includes x or p relevant authority: yes)")
    assert holds(NESTED, {"a": "yes", "b": ["y"], "p": "other"}, PARTNERS)
    assert not holds(NESTED, {"a": "yes", "b": ["y"], "p": "police"}, PARTNERS)
    assert not holds(NESTED, {"a": "no"}, PARTNERS)


def test_a_visitor_that_lacks_a_kind_cannot_be_made() -> None:
    class OnlyAnswers(Collect[str]):  # forgets partner conditions
        def answer(self, cond: AnswerIs) -> Iterator[str]:
            yield cond.answer_of

    with pytest.raises(TypeError, match="partner"):
        OnlyAnswers()  # type: ignore[abstract]
