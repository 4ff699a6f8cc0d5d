"""Details prefilled per recipient: what each recipient receives and how it is sent, one
recipient after another, for a decision with several recipients; nothing for one without."""

from __future__ import annotations

from people_tree import HOUSEHOLD_ANSWERS, PARTNERS, household_tree, pack_for

from isp_wizard.engine.walk import walk
from isp_wizard.record.prefill import established, per_recipient


def test_each_recipient_s_information_and_channel_prefill_the_details() -> None:
    tree = household_tree()
    session = walk(tree, HOUSEHOLD_ANSWERS, PARTNERS)
    known = per_recipient(session.outcome())
    assert known["information"].splitlines() == [
        "Adult social care: The welfare picture; The fire-risk facts",
        "Housing: The fire-risk facts"]
    assert known["transfer_method"] == "Adult social care: Meeting; Housing: Secure email"


def test_a_decision_without_recipients_prefills_neither() -> None:
    tree = household_tree()
    session = walk(tree, {"basis": "none"}, PARTNERS)
    assert per_recipient(session.outcome()) == {}


def test_what_each_recipient_receives_is_not_signed_twice_as_established() -> None:
    """The record draws each recipient's receives and channel under its heading; the form's
    prefill is not kept a second time in the record's ``established`` (never drawn there)."""
    tree = household_tree()
    session = walk(tree, HOUSEHOLD_ANSWERS, PARTNERS)
    known = established(session, pack_for(tree))
    assert "information" not in known and "transfer_method" not in known
