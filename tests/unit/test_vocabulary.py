"""One vocabulary: every decision label is written once, in isp_wizard/vocabulary.py."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from isp_wizard import vocabulary
from isp_wizard.record import model as record_model
from isp_wizard.rulepack import models
from isp_wizard.vocabulary import (
    BREACH_OUTCOMES,
    DECISIONS,
    OUTCOMES,
    RECORD_KINDS,
    SUBJECT_CATEGORIES,
    BreachOutcomeKey,
    Term,
    Vocabulary,
)

PACKAGE = Path(vocabulary.__file__).parent
# (file, literal): a word that is also a decision label but means something else there.
NOT_A_DECISION = {
    ("services/report_pdf.py", "Share"),  # the column "share of the total", a percentage
}


def _labels() -> set[str]:
    terms = [*DECISIONS, DECISIONS.fallback]
    return {t.label for t in terms} | {t.short for t in terms}


def _literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant in a module, f-string pieces included, stripped of spaces."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value.strip()) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_decision_label_is_written_outside_the_vocabulary() -> None:
    labels = _labels() | {"Share, with conditions"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "vocabulary.py":
            continue
        found += [f"{name}:{line}: {text!r}" for line, text in _literals(path)
                  if text.rstrip(".").casefold() in {x.casefold() for x in labels}
                  and (name, text) not in NOT_A_DECISION]
    assert found == []


def test_the_check_sees_a_label_written_out(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('LABELS = {"seek_advice": "Seek advice before sharing"}\n'
                      'x = f"{1} Do not share"\n', encoding="utf-8")
    texts = {text for _, text in _literals(sample)}
    assert "Seek advice before sharing" in texts
    assert "Do not share" in texts


def test_the_copies_that_disagreed_now_agree() -> None:
    assert DECISIONS.label("seek_advice") == "Seek advice before sharing"
    assert DECISIONS.short_label("seek_advice") == "Seek advice"
    assert DECISIONS.label("share_with_conditions") == "Share with conditions"


def test_the_rule_format_and_the_record_use_the_vocabulary_keys() -> None:
    assert typing.get_args(models.Decision) == OUTCOMES.keys()
    assert typing.get_args(record_model.Decision) == OUTCOMES.keys()
    assert OUTCOMES.keys() == (*DECISIONS.keys(), *BREACH_OUTCOMES.keys())
    assert typing.get_args(BreachOutcomeKey) == BREACH_OUTCOMES.keys()
    assert RECORD_KINDS.get("breach").outcomes is BREACH_OUTCOMES
    assert typing.get_args(models.RecordKind) == RECORD_KINDS.keys()
    assert typing.get_args(record_model.SubjectCategory) == ("", *SUBJECT_CATEGORIES.keys())


def test_every_record_kind_of_the_rule_format_has_a_term() -> None:
    for key in typing.get_args(models.RecordKind):
        assert RECORD_KINDS.get(key).key == key


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("term", [*OUTCOMES, OUTCOMES.fallback], ids=lambda t: t.key or "none")
def test_decision_colours_are_readable(term: Term) -> None:
    # text on white, white text on the colour (the PDF's banner), text on high contrast's black
    assert _contrast(term.colour, "#ffffff") >= 4.5
    assert _contrast(term.high_contrast_colour, "#000000") >= 4.5
    assert term.icon


def test_a_vocabulary_refuses_two_terms_with_one_key() -> None:
    with pytest.raises(ValueError, match="share a key"):
        Vocabulary("x", (Term("a", "A"), Term("a", "B")), fallback=Term("", "?"))


def test_an_unknown_key_gets_the_fallback() -> None:
    assert DECISIONS.label(None) == "Continue with another tree"
    assert SUBJECT_CATEGORIES.label("") == "Not recorded"
    assert RECORD_KINDS.get("decision").outcomes is DECISIONS
