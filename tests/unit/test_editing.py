"""Writing rule files back: only the edited entry's lines change, whatever the file around it."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from isp_wizard.rulepack.editing import (
    Change,
    EditError,
    OpenedFile,
    apply_change,
    field_shape,
    parse_field,
    shown_field,
)

CONTACTS = textwrap.dedent("""\
    # Whom to consult.
    contacts:
      - id: dpo   # the trees name this one
        role: Data Protection Officer
        name: "(your DPO)"
        placeholder: true

      # Legal services: keep this comment with its entry.
      - id: legal
        role: Legal services
        how: >-
          Phone the duty lawyer,
          then email.
    # end
    """)


def opened(text: str, name: str = "contacts.yaml") -> OpenedFile:
    return OpenedFile(Path(name), text, "0" * 64)


def test_editing_one_entry_leaves_every_other_byte() -> None:
    values = {"id": "dpo", "role": "Data Protection Officer", "name": "Jo Bloggs",
              "how": "", "when": "", "placeholder": False}
    new = apply_change(opened(CONTACTS), Change("contacts", "dpo", values))
    # the new name keeps the double quotes the old one was written with
    assert new == CONTACTS.replace('    name: "(your DPO)"\n    placeholder: true\n',
                                   '    name: "Jo Bloggs"\n    placeholder: false\n')
    assert "  - id: dpo   # the trees name this one\n" in new


def test_removing_an_entry_keeps_the_next_entrys_comment() -> None:
    new = apply_change(opened(CONTACTS), Change("contacts", "dpo", remove=True))
    assert new == "# Whom to consult.\ncontacts:\n\n" + CONTACTS.split("\n\n", 1)[1]


def test_adding_an_entry_goes_after_the_last_one_before_trailing_comments() -> None:
    values = {"id": "siro", "role": "Senior information risk owner", "name": "", "how": "",
              "when": "", "placeholder": False}
    new = apply_change(opened(CONTACTS), Change("contacts", "", values))
    assert new == CONTACTS.replace("# end\n", "  - id: siro\n    role: Senior information risk "
                                              "owner\n# end\n")


def test_governance_is_added_to_a_tree_that_has_none() -> None:
    tree = "id: t\ntitle: T  # short\nversion: 1.0.0\nstart: a\nnodes:\n  - {id: a}\n"
    values = {"sources": ["The protocol"], "approved_by": "A. Person, DPO",
              "approved_on": dt.date(2026, 12, 1), "next_review": dt.date(2027, 6, 1)}
    new = apply_change(opened(tree, "t.yaml"), Change("governance", "t", values))
    assert new == ("id: t\ntitle: T  # short\nversion: 1.0.0\ngovernance:\n"
                   "  sources: [The protocol]\n  approved_by: A. Person, DPO\n"
                   "  approved_on: 2026-12-01\n  next_review: 2027-06-01\n"
                   "start: a\nnodes:\n  - {id: a}\n")


def test_an_entry_gone_from_the_file_is_a_plain_error() -> None:
    with pytest.raises(EditError, match="no longer has contact 'nobody'"):
        apply_change(opened(CONTACTS), Change("contacts", "nobody", {"id": "nobody"}))


@pytest.mark.parametrize(("kind", "name", "typed", "value"), [
    ("partners", "relevant_authority", "unknown", None),
    ("partners", "relevant_authority", "Yes", True),
    ("partners", "confirmed", "no", False),
    ("partners", "channels", "secure email; phone ", ["secure email", "phone"]),
    ("isas", "review", "2027-03-31", dt.date(2027, 3, 31)),
    ("isas", "review", "", None),
    ("contacts", "name", "Jo Bloggs", "Jo Bloggs"),
])
def test_fields_read_as_typed_and_shown_back(kind: str, name: str, typed: str,
                                             value: object) -> None:
    assert parse_field(kind, name, typed) == value
    if value is not None:
        assert parse_field(kind, name, shown_field(value)) == value
    assert field_shape(kind, name) in ("text", "flag", "maybe", "list", "date")


def test_a_field_that_does_not_exist_is_named() -> None:
    with pytest.raises(EditError, match="a contact has no field 'phone'"):
        parse_field("contacts", "phone", "0123")
