"""What an auditor must be told about the rules a decision rested on (accountability, Art 5(2)).

A record states, on its first page, each of these that applies: the tree's rules are not approved
(no approver, or marked DRAFT); the decision was made before the tree's effective date; the route
relied on a status or a reference that is not confirmed; a contact it names is a placeholder.
``require_approved`` (the ``require_approved_rules`` setting, read by the CLI and the app) turns
them into a refusal for real records.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from isp_wizard.errors import RecordError

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.rulepack.pack import RulePack


def governance_notices(session: Session, pack: RulePack, when: dt.date) -> tuple[str, ...]:
    """Each governance fact a reader of this decision's record must see, in words."""
    notices: list[str] = []
    for walk in session.walks:  # after a hand-off, the earlier trees' rules count too
        tree = walk.tree.tree
        approver = tree.governance.approved_by.strip()
        if not approver or "DRAFT" in approver or tree.governance.approved_on is None:
            notices.append(f"The rules of “{tree.title}” (version {tree.version}) are not "
                           "approved: " + (approver.rstrip(".") or "no approver is recorded")
                           + ".")
        if when < tree.effective:
            notices.append(f"This decision was made on {when.isoformat()}, before the "
                           + ("tree's" if walk is session else f"“{tree.title}” tree's")
                           + f" effective date ({tree.effective.isoformat()}).")
    for walk in session.walks:
        for key in walk.path:
            value = walk.answers.get(key)
            partner = pack.partners.get(value) if isinstance(value, str) else None
            if partner is not None and walk.current_node_kind(key) == "partner" \
                    and not partner.confirmed and key not in walk.carried:
                notices.append(f"The route relied on {partner.name}, whose status is not "
                               "confirmed" + (f" ({partner.s115_source.strip().rstrip('.')})"
                                              if partner.s115_source else "") + ".")
    outcome = session.outcome()
    cited = list(outcome.grounds.ids()) if outcome is not None else []
    for ref_id in dict.fromkeys(cited):
        ref = pack.references.get(ref_id)
        if ref is not None and not ref.confirmed:
            notices.append(f"The grounds cite {ref.title}, which is not confirmed"
                           + (f": {ref.note.strip().rstrip('.')}" if ref.note else "") + ".")
    named = list(outcome.consult) if outcome is not None else []
    for walk in session.walks:
        for step in walk.explain():
            named += step.consult
    for contact_id in dict.fromkeys(named):
        contact = pack.contacts.get(contact_id)
        if contact is not None and contact.placeholder:
            notices.append(f"The contact “{contact.role}” named on this record is a placeholder, "
                           "not yet a real person or service.")
    return tuple(dict.fromkeys(notices))


def refuse_unapproved(notices: tuple[str, ...], *, training: bool) -> None:
    """RecordError naming what is missing, for a real record under ``require_approved_rules``."""
    if notices and not training:
        raise RecordError("real records need approved rules (the require_approved_rules "
                          "setting): " + " ".join(notices))
