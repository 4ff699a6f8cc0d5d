"""What the walk already established for the record's details, so nobody types it twice.

Keys are the details form's field paths ("shared_with.partner_id", "lawful_basis_reasoning",
"special_category_condition"). The app fills empty fields with these values and marks them as
known from the answers; the record prints what the route established beside anything the
practitioner changed, and never "Not recorded" for something the route established.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_wizard.engine.session import Outcome, Session
    from isp_wizard.rulepack.pack import RulePack

PREFILLED_FIELDS = ("shared_with.partner_id", "lawful_basis_reasoning",
                    "special_category_condition", "purpose", "isa_id", "date_received",
                    "requested_by.organisation", "how_received")


def established(session: Session, pack: RulePack) -> dict[str, str]:
    """Field path → the value the route established (ids where the form takes an id). After a
    hand-off the earlier walks count too; where two answers establish the same field, the later
    one on the route (the more specific) wins, and the partner the first one named."""
    found: dict[str, str] = {}
    outcome = session.outcome()
    for walk in session.walks:
        for key, value in _from_route(walk, pack):
            if key == "shared_with.partner_id":
                found.setdefault(key, value)
            else:
                found[key] = value
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


def per_recipient(outcome: Outcome | None) -> dict[str, str]:
    """For a decision with several recipients, what each receives and how it is sent, one
    recipient after another ("Police: the risk summary"), to prefill the form's information
    and channel; nothing for a decision with one recipient chosen as a partner. Not part of
    ``established``: the record draws each recipient's own receives and channel, so these
    are not signed a second time as what the route established."""
    if outcome is None:
        return {}
    receives = [f"{r.about.name}: {'; '.join(r.receives)}" for r in outcome.recipients
                if r.receives]
    channels = [f"{r.about.name}: {'; '.join(r.channel)}" for r in outcome.recipients
                if r.channel]
    found = {}
    if receives:
        found["information"] = "\n".join(receives)
    if channels:
        found["transfer_method"] = "; ".join(channels)
    return found


def _from_route(walk: Session, pack: RulePack) -> Iterator[tuple[str, str]]:
    """What each step of one walk's route establishes, in route order: the partner a partner
    question chose, the agreement and purpose its answers (and its outcome) name, and the words
    typed (or the date given, or the organisation chosen) where a question ``fills`` a field."""
    for key in walk.path:
        node = walk.tree.compiled[walk.node_id_of(key)]
        value = walk.answers.get(key)
        if node.kind == "partner" and isinstance(value, str) and value in pack.partners:
            yield "shared_with.partner_id", value
        fills = getattr(node.spec, "fills", None)
        if fills and isinstance(value, str) and value.strip():
            if node.kind != "partner":
                yield fills, value.strip()  # the words typed, or the date (ISO)
            elif value in pack.partners:
                yield fills, pack.partners[value].name
        said = [a.establishes for a in node.chosen(value)] if key in walk.answers else []
        if node.outcome is not None:
            said.append(node.outcome.establishes)
        for establishes in said:
            if establishes.isa and establishes.isa in pack.isas:
                yield "isa_id", establishes.isa
            if establishes.purpose:
                yield "purpose", establishes.purpose
            if establishes.how_received:
                yield "how_received", establishes.how_received


def shown(key: str, value: str, pack: RulePack) -> str:
    """An established value as a reader sees it (a partner's or an agreement's name, not its
    id)."""
    if key == "shared_with.partner_id" and value in pack.partners:
        return pack.partners[value].name
    if key == "isa_id" and value in pack.isas:
        return f"{pack.isas[value].title} ({value})"
    return value
