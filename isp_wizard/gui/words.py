"""The vocabulary's labels as the GUI shows them: translated, under one context ("Vocabulary")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from isp_wizard.vocabulary import DECISIONS, OUTCOMES, SUBJECT_CATEGORIES

CONTEXT = "Vocabulary"


def decision_label(decision: str | None) -> str:
    """A decision as the app says it ("Seek advice before sharing"); an unknown key as it is."""
    if decision is not None and decision not in OUTCOMES:
        return decision
    return QCoreApplication.translate(CONTEXT, OUTCOMES.label(decision))


def subject_choices() -> list[tuple[str, str]]:
    """The subject categories for a drop-down: "Not recorded" first, then each category."""
    terms = [SUBJECT_CATEGORIES.fallback, *SUBJECT_CATEGORIES]
    return [(t.key, QCoreApplication.translate(CONTEXT, t.label)) for t in terms]


def decision_choices() -> list[tuple[str, str]]:
    """Each decision's key and translated label, in the vocabulary's order."""
    return [(t.key, decision_label(t.key)) for t in DECISIONS]
