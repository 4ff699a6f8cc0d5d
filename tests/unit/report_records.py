"""Real signed decision records filed in a real register, for the report and merge tests.

Each record carries a case reference, names and free text that must never reach the monitoring
report (``SECRETS`` lists them).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from isp_wizard.record.model import (
    Advice,
    ConsultContact,
    DecisionRecord,
    Practitioner,
    RecordDetails,
    RecordOutcome,
    RecordStep,
    Requester,
    SharedWith,
    TreeRef,
)

PASSPHRASE = "correct horse battery"
SECRETS = ("CASE-7731-ZQ", "Zebedee Quartermaine", "Ysolde Pemberton-Vane",
           "lives at 14 Larkspur Close", "Marigold Fairweather", "DC Octavia Brightwater",
           "Dr Fennimore Ashcombe")


@dataclass
class Signer:
    identity: object
    cache_dir: Path

    @property
    def certificate(self) -> Path:
        """The signer's certificate: as a trust anchor, it makes the signer trusted."""
        return self.cache_dir.parent / "identity.pem"


def make_signer(folder: Path) -> Signer:
    from isp_wizard.record.identity import create_identity, load_identity

    p12 = folder / "identity.p12"
    create_identity(p12, name="Marigold Fairweather", role="Community safety officer",
                    organisation="The Council", passphrase=PASSPHRASE)
    return Signer(load_identity(p12, PASSPHRASE), folder / "cache")


def make_record(*, tree_id: str, decision: str, created: dt.datetime,
                partner_id: str = "", consult: tuple[str, ...] = (), outcome: str = "end",
                review: dt.date | None = None, version: str = "1.0.0",
                case_reference: str = "CASE-7731-ZQ", training: bool = False) -> DecisionRecord:
    return DecisionRecord(
        record_id=str(uuid.uuid4()),
        created_utc=created, created_local=created,
        tree=TreeRef(id=tree_id, title=f"Tree {tree_id}", version=version,
                     sha256=(tree_id.encode().hex() * 64)[:64]),
        steps=(RecordStep(node_id="who", question="Who is it about?",
                          value="Zebedee Quartermaine",
                          labels=("Zebedee Quartermaine lives at 14 Larkspur Close",)),),
        outcome=RecordOutcome(
            node_id=outcome, decision=decision, text="The outcome's own text.",
            consult=tuple(ConsultContact(id=c, role=f"Role {c}", name="Dr Fennimore Ashcombe")
                          for c in consult)),
        details=RecordDetails(
            case_reference=case_reference, subject_description="Zebedee Quartermaine",
            requested_by=Requester(name="DC Octavia Brightwater", organisation="Police"),
            information="lives at 14 Larkspur Close",
            advice=(Advice(who="Ysolde Pemberton-Vane", what="Share the minimum"),),
            shared_with=SharedWith(partner_id=partner_id, person="DC Octavia Brightwater"),
            review_date=review, notes="Ysolde Pemberton-Vane agreed"),
        practitioner=Practitioner(name="Marigold Fairweather", role="Community safety officer",
                                  organisation="The Council"),
        training=training, app_version="test",
    )


def sign_record(record: DecisionRecord, signer: Signer, out: Path) -> Path:
    from isp_wizard.record.pdf import render_record
    from isp_wizard.record.sign import sign_new_record

    rendered = render_record(record)
    signed = sign_new_record(rendered.pdf, record.canonical_json(), signer.identity,  # type: ignore[arg-type]
                             rendered.places, cache_dir=signer.cache_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(signed)
    return out


def file_signed(record: DecisionRecord, signer: Signer, register: object, records_dir: Path
                ) -> None:
    """Sign ``record`` and file it into ``register`` with its PDF in ``records_dir``."""
    from isp_wizard.store.pdfcheck import file_sha256
    from isp_wizard.store.register import entry_from_record

    pdf = sign_record(record, signer, records_dir / f"{record.record_id}.pdf")
    register.append(entry_from_record(record, pdf_path=pdf.name,  # type: ignore[attr-defined]
                                      pdf_sha256=file_sha256(pdf)))
