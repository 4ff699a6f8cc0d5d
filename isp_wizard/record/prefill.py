"""What the walk already established for the record's details, so nobody types it twice.

Keys are the details form's field paths ("shared_with.partner_id", "lawful_basis_reasoning",
"special_category_condition"). The app fills empty fields with these values and marks them as
known from the answers; the record prints what the route established beside anything the
practitioner changed, and never "Not recorded" for something the route established.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.rulepack.pack import RulePack

PREFILLED_FIELDS = ("shared_with.partner_id", "lawful_basis_reasoning",
                    "special_category_condition")


def established(session: Session, pack: RulePack) -> dict[str, str]:
    """Field path → the value the route established (ids where the form takes an id)."""
    found: dict[str, str] = {}
    outcome = session.outcome()
    for node_id in session.path:
        value = session.answers.get(node_id)
        if session.tree.compiled[node_id].kind == "partner" and isinstance(value, str) \
                and value in pack.partners:
            found.setdefault("shared_with.partner_id", value)
    if outcome is None or not outcome.grounds:
        return found
    grounds = outcome.grounds

    def titles(ids: list[str]) -> str:
        return "; ".join(pack.references[r].title if r in pack.references else r for r in ids)

    if grounds.lawful_basis:
        found["lawful_basis_reasoning"] = titles(grounds.lawful_basis)
    if grounds.condition or grounds.schedule_1:
        found["special_category_condition"] = titles(grounds.condition + grounds.schedule_1)
    return found


def shown(key: str, value: str, pack: RulePack) -> str:
    """An established value as a reader sees it (a partner's name, not its id)."""
    if key == "shared_with.partner_id" and value in pack.partners:
        return pack.partners[value].name
    return value
