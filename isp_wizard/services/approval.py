"""Legal sign-off: confirming the rules' unconfirmed facts, and approving trees with a signed
rules approval record filed in the register. The Partnership page and the CLI both run this.

Confirming an item writes ``confirmed: true`` and ``confirmed_by`` into its catalogue entry
(``rulepack/editing.py``: checked, atomic, comments kept). Approving writes each approved tree's
governance (approved by, on, next review), then draws, signs and files the approval record for
the rules as they now stand, exactly as a decision record is filed (``services/finish.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import RecordError

if TYPE_CHECKING:
    from isp_wizard.folders import Locations
    from isp_wizard.record.approval import RulesApproval
    from isp_wizard.rulepack.pack import RulePack
    from isp_wizard.store.register import RegisterEntry

CONFIRMABLE = ("references", "partners")


def confirm_item(pack: RulePack, catalogue: str, item_id: str, by: str,
                 today: dt.date | None = None) -> Path:
    """Mark one legal fact confirmed by ``by`` (name and role, and the date is added); the file
    written. EditError when it cannot be (nothing is written then)."""
    from isp_wizard.rulepack.editing import Change, EditError, entry_values, propose, save

    if catalogue not in CONFIRMABLE:
        raise EditError(f"only references and partners' statuses are confirmed, not "
                        f"{catalogue!r}")
    if not by.strip():
        raise EditError("say who confirmed it (name and role)")
    values = entry_values(pack, catalogue, item_id)
    if values.get("confirmed"):
        raise EditError(f"{catalogue} {item_id!r} is already confirmed")
    when = (today or dt.date.today()).isoformat()
    values.update(confirmed=True, confirmed_by=f"{' '.join(by.split())}, {when}")
    proposal = propose(pack, Change(catalogue, item_id, values), today)
    save(proposal)
    return proposal.opened.path


@dataclass(frozen=True)
class Approved:
    record: RulesApproval
    pdf_path: Path
    entry: RegisterEntry


def approve_rules(rules_dir: Path, trees: Sequence[str], *, role: str, next_review: dt.date,
                  identity_path: Path, passphrase: str, locations: Locations,
                  approved_on: dt.date | None = None, training: bool = False,
                  now: dt.datetime | None = None) -> Approved:
    """Approve ``trees``: their governance written, then the approval record signed and filed.

    The identity is unlocked first, so a wrong passphrase changes nothing."""
    from isp_wizard.fsutil import PRIVATE_FOLDER, make_folder
    from isp_wizard.record.approval import build_approval
    from isp_wizard.record.approval_pdf import render_approval
    from isp_wizard.record.identity import load_identity
    from isp_wizard.record.rendered import approval_info
    from isp_wizard.record.sign import sign_new_record
    from isp_wizard.rulepack import load_pack
    from isp_wizard.rulepack.editing import Change, entry_values, propose, save
    from isp_wizard.services.filing import file_record
    from isp_wizard.services.records import write_pdf

    if not role.strip():
        raise RecordError("say in what role you approve the rules")
    identity = load_identity(identity_path, passphrase)
    now = now or dt.datetime.now(dt.UTC)
    approved_on = approved_on or now.astimezone().date()
    if next_review <= approved_on:
        raise RecordError("the next review must come after the approval")
    pack = load_pack(rules_dir)
    if pack.errors:
        raise RecordError("the rules have errors ('isp-wizard rules validate' lists them); "
                          "rules that do not load cleanly cannot be approved")
    approver = f"{identity.practitioner.name}, {' '.join(role.split())}"
    for tree_id in trees:
        values = entry_values(pack, "governance", tree_id)
        values.update(approved_by=approver, approved_on=approved_on, next_review=next_review)
        if values != entry_values(pack, "governance", tree_id):
            save(propose(pack, Change("governance", tree_id, values), approved_on))
            pack = load_pack(rules_dir)
    record = build_approval(pack, list(trees), approver=identity.practitioner, role=role,
                            approved_on=approved_on, next_review=next_review,
                            training=training, now=now)
    rendered = render_approval(record)
    signed = sign_new_record(rendered.pdf, record.canonical_json(), identity, rendered.places,
                             cache_dir=locations.cache_dir, created=record.created_utc,
                             info=approval_info(record))
    records_dir = locations.records_for(training)
    make_folder(records_dir, mode=PRIVATE_FOLDER)
    unfiled = records_dir / f".unfiled.pid{os.getpid()}.{uuid.uuid4().hex}.pdf"
    try:
        write_pdf(unfiled, signed)
        entry = file_record(record, unfiled, locations=locations, training=training)
    finally:
        unfiled.unlink(missing_ok=True)
    return Approved(record, records_dir / entry.pdf_path, entry)
