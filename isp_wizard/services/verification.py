"""One check of signed records, for ``isp-wizard verify``, ``register verify`` and the Register
page's "Verify selected" and "Verify all": the same checks, the same exit codes and the same
result words (the record holds / ALTERED / NOT TRUSTED / NOT CHECKED IN FULL) wherever they run.

Every text taken from a file or a register is made safe to show (``printable.safe``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_wizard.printable import safe

if TYPE_CHECKING:
    from isp_wizard.folders import Locations
    from isp_wizard.record.verify import SignatureCheck, VerificationReport
    from isp_wizard.services.filed import RegisterCheck
    from isp_wizard.store.chain import Finding
    from isp_wizard.store.pdfs import PdfStore
    from isp_wizard.store.register import Register

EXIT_HOLDS, EXIT_ALTERED, EXIT_NOT_CHECKED, EXIT_UNTRUSTED = 0, 1, 2, 3


@dataclass(frozen=True)
class Verdict:
    """What checking one record's PDF found: its exit code, a one-word result for scripts, and
    the report in words (``describe``)."""

    path: Path
    report: VerificationReport | None  # None: the file could not be read as a record
    filed: RegisterCheck | None
    code: int
    result: str  # holds, holds-untrusted-allowed, not-trusted, pages-not-compared, altered, ...
    headline: str  # the words after "Result:"
    register_problems: tuple[str, ...] = ()  # what `register verify` found about this record
    unreadable: str = ""
    allow_untrusted: bool = False

    @property
    def holds(self) -> bool:
        return self.code == EXIT_HOLDS


def verify_pdf(pdf: Path, *, trust_roots: Sequence[Path], locations: Locations,
               crls: Sequence[Path] = (), at: dt.datetime | None = None,
               allow_untrusted: bool = False, require_registered: bool = False) -> Verdict:
    """``isp-wizard verify``: the record at ``pdf`` and, if it is filed, the register's entry
    for it. Raises WizardError when the file is not a signed record at all."""
    from isp_wizard.record.verify import verify_record
    from isp_wizard.services.filed import check_against_register

    report = verify_record(pdf, trust_roots=list(trust_roots), crls=list(crls), at=at)
    filed = check_against_register(pdf, report, locations)
    code, result = outcome(report, filed, allow_untrusted, require_registered=require_registered)
    return Verdict(pdf, report, filed, code, result, headline(report, filed, allow_untrusted),
                   allow_untrusted=allow_untrusted)


def verify_filed(record_ids: Sequence[str], *, training: bool, locations: Locations,
                 trust_roots: Sequence[Path], crls: Sequence[Path] = ()) -> list[Verdict]:
    """The filed records with these ids, each checked as ``isp-wizard verify`` checks its PDF
    and as ``register verify`` checks it in the register (the chain, its PDF's SHA-256, its
    entry against the signed record and its events against the PDF's signatures) — without
    re-reading any other record's PDF."""
    from isp_wizard.errors import WizardError
    from isp_wizard.store.binding import check_record_pdf
    from isp_wizard.store.pdfcheck import check_pdfs, resolve_pdf
    from isp_wizard.store.register import open_register

    register_path, records_dir = locations.register_for(training), locations.records_for(training)
    with open_register(register_path, create=False, read_only=True) as register:
        entries = list(register.entries())
        chain = register.verify(None)
    verdicts = []
    for record_id in record_ids:
        history = [e for e in entries if e.record_id == record_id]
        problems = [f.message for f in chain if f.record_id == record_id]
        if not history or not history[0].is_record:
            verdicts.append(_not_checked(Path(record_id), f"{record_id} is not in the register"))
            continue
        problems += [f.message for f in check_pdfs(history, records_dir)
                     if f.record_id == record_id]  # other records' files are theirs to explain
        pdf = resolve_pdf(history[0], records_dir)
        try:
            verdict = verify_pdf(pdf, trust_roots=trust_roots, locations=locations, crls=crls)
        except (WizardError, OSError) as exc:
            if not problems:  # as filed, yet no record: what `register verify` calls not as signed
                problems.append(f"the PDF is not a record that verifies: {exc}")
            verdicts.append(_not_checked(pdf, str(exc), problems))
            continue
        assert verdict.report is not None
        problems += check_record_pdf(pdf, history, trust_roots=trust_roots,
                                     report=verdict.report).problems
        verdicts.append(_with_register(verdict, _unique(problems)))
    return verdicts


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _not_checked(path: Path, why: str, problems: Sequence[str] = ()) -> Verdict:
    """A PDF that cannot be read as a record: not checked; ALTERED when the register says
    why (the file it holds for the record is missing or changed), as ``register verify``."""
    if problems:
        return Verdict(path, None, None, EXIT_ALTERED, "register-finding",
                       f"ALTERED — {safe(problems[0])}: do not rely on this record",
                       _unique(list(problems)), unreadable=why)
    return Verdict(path, None, None, EXIT_NOT_CHECKED, "unreadable",
                   f"NOT CHECKED — {safe(why)}", unreadable=why)


def _with_register(verdict: Verdict, problems: tuple[str, ...]) -> Verdict:
    """A record whose register entry, events or chain do not hold is ALTERED, however intact
    its PDF: the register no longer says what was signed."""
    if not problems:
        return verdict
    if verdict.code == EXIT_ALTERED:
        return _replace(verdict, register_problems=problems)
    return _replace(verdict, register_problems=problems, code=EXIT_ALTERED,
                    result="register-altered",
                    headline="ALTERED — the register does not match the record signed in the "
                             "PDF: do not rely on this entry")


def _replace(verdict: Verdict, **changes: Any) -> Verdict:
    import dataclasses

    return dataclasses.replace(verdict, **changes)


def outcome(report: VerificationReport, filed: RegisterCheck | None, allow_untrusted: bool, *,
            require_registered: bool = False) -> tuple[int, str]:
    """The exit code and a one-word result for scripts."""
    from isp_wizard.services.filed import MATCHES

    if report.altered:
        return EXIT_ALTERED, "altered"
    if report.revoked:
        return EXIT_ALTERED, "revoked"
    if filed is not None and filed.differs:
        return EXIT_ALTERED, "not-the-filed-version"
    if require_registered and (filed is None or filed.status != MATCHES):
        return EXIT_ALTERED, "not-registered"
    if not report.ok:  # every other check holds, but the pages could not be compared here
        return EXIT_NOT_CHECKED, "pages-not-compared"
    if not report.trusted:
        return (EXIT_HOLDS, "holds-untrusted-allowed") if allow_untrusted else \
            (EXIT_UNTRUSTED, "not-trusted")
    return EXIT_HOLDS, "holds"


def headline(report: VerificationReport, filed: RegisterCheck | None,
             allow_untrusted: bool) -> str:
    """The result in words: "the record holds", or what stops it holding, first word in
    capitals (ALTERED, REVOKED, NOT CHECKED IN FULL, NOT TRUSTED)."""
    if report.altered:
        return "ALTERED — do not rely on this record"
    if filed is not None and filed.differs:
        return "the record is intact, but it is not the version filed in the register"
    if report.revoked:
        revoked = ", ".join(signer_name(s) for s in report.signatures if s.revoked)
        return (f"REVOKED — signed by {revoked} with an identity that was revoked before the "
                "record can be shown to have been signed: do not rely on this record")
    if not report.ok:
        return ("NOT CHECKED IN FULL — every other check holds, but this installation cannot "
                "draw the pages as records are drawn, so it cannot show that they are what was "
                "signed: verify with the app as installed by its set-up")
    if not report.trusted:
        from isp_wizard.record.trust import NO_TRUSTED_TIME

        if any(NO_TRUSTED_TIME in s.trust_note for s in report.signatures):
            return (f"NOT TRUSTED — intact, but it {NO_TRUSTED_TIME}: a certificate has "
                    "expired and the record was never time-stamped")
        explained = [s for s in report.signatures
                     if not s.trusted and "revocation" in s.trust_note]
        if explained:  # a CA this computer trusts, but its revocation list does not serve
            return (f"NOT TRUSTED — intact, but for {signer_name(explained[0])} "
                    f"{safe(explained[0].trust_note)}")
        untrusted = ", ".join(signer_name(s) for s in report.signatures if not s.trusted)
        if allow_untrusted:
            return (f"NOT TRUSTED — intact, but signed by {untrusted}, whom this computer "
                    "does not trust (accepted with --allow-untrusted)")
        return (f"NOT TRUSTED — intact, but signed by {untrusted}, whom this computer does "
                "not trust: anyone can make an identity with any name; check the certificate "
                "fingerprint with the signer, or trust your organisation's CA")
    return "the record holds"


def describe(verdict: Verdict) -> str:
    """The verification report in words, as ``isp-wizard verify`` prints it."""
    report, filed = verdict.report, verdict.filed
    lines = [f"{safe(str(verdict.path))}:"]
    if report is None:
        lines.append(f"  Not a record that can be checked: {safe(verdict.unreadable)}")
        lines += [f"  Register: {safe(p)}" for p in verdict.register_problems]
        lines.append("  Result: " + safe(verdict.headline))
        return "\n".join(lines)
    record = report.record
    if record is not None:
        lines.append(f"  Record {safe(record.record_id)} · {record.decision_label} · case "
                     f"{safe(short(record.case_reference))}")
        if record.training:
            lines.append("  TRAINING record, not a real decision")
    for sig in report.signatures:
        who = ", ".join(safe(x) for x in (sig.signer.name, sig.signer.role,
                                          sig.signer.organisation) if x)
        when = sig.signing_time.strftime("%Y-%m-%d %H:%M:%S %Z") if sig.signing_time else "?"
        state = "intact" if sig.ok else "NOT INTACT"
        trust = "trusted here" if sig.trusted else "NOT TRUSTED here"
        if sig.revoked:
            trust = "REVOKED identity"
        lines.append(f"  {safe(sig.role_in_record).capitalize()}: {state}; {who}; {when}; "
                     f"{trust}; certificate SHA-256 {sig.signer.certificate_fingerprint}")
        if sig.trust_note:
            lines.append(f"    trust: {safe(sig.trust_note)}")
        if sig.stamp:
            lines.append("    stamp reads: " + safe(" / ".join(sig.stamp)))
    for stamp in report.timestamps:
        at = stamp.time.strftime("%Y-%m-%d %H:%M:%S UTC") if stamp.time else "?"
        lines.append(f"  Time-stamp {safe(stamp.field)}: "
                     f"{'intact' if stamp.intact else 'NOT INTACT'}; {safe(stamp.authority)}; "
                     f"{at}; {'trusted here' if stamp.trusted else 'NOT TRUSTED here'}"
                     + (f" ({safe(stamp.note)})" if stamp.note else ""))
    lines.append(f"  Long-term validation: PAdES {report.level}"
                 + (" (no trusted time: valid only while the certificates are)"
                    if report.level == "B-B" else "")
                 + (f"; validated as of {report.at:%Y-%m-%d %H:%M} UTC" if report.at else ""))
    if not report.json_intact or not report.json_matches_pages:
        lines.append("  Record data: DOES NOT MATCH")
    elif report.pages_not_compared:
        lines.append("  Record data: intact; the pages were NOT COMPARED with it here")
    else:
        lines.append("  Record data: intact, and the pages show it and nothing else")
    if filed is not None:
        lines.append(f"  Register: {safe(filed.message)}")
    lines += [f"  Register: {safe(p)}" for p in verdict.register_problems]
    for problem in report.all_problems:
        lines.append(f"  Problem: {safe(problem)}")
    lines.append("  Result: " + verdict.headline)
    return "\n".join(lines)


def signer_name(sig: SignatureCheck) -> str:
    return safe(sig.signer.name or "an unnamed signer")


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the whole register -----------------------------------------------------------------------


@dataclass
class RegisterVerdict:
    """What ``register verify`` found in a whole register."""

    location: str
    count: int  # records (not events) in the register
    findings: list[Finding] = field(default_factory=list)
    untrusted: list[str] = field(default_factory=list)
    checked: str = ""  # what was checked, in words
    require_trusted: bool = False

    @property
    def code(self) -> int:
        return EXIT_ALTERED if self.findings else EXIT_HOLDS

    def lines(self) -> list[str]:
        """The findings, a note on untrusted signers, and the summary line."""
        out = [safe(str(f)) for f in self.findings]
        if self.untrusted and not self.require_trusted:
            out.append(f"Note: {plural(len(self.untrusted), 'record')} signed by identities no "
                       "trust anchor here vouches for (--require-trusted makes each a finding).")
        where = safe(self.location)
        if self.findings:
            out.append(f"{plural(len(self.findings), 'finding')} in "
                       f"{plural(self.count, 'record')} ({where}).")
        else:
            out.append(f"{plural(self.count, 'record')} verified: {self.checked} intact "
                       f"({where}).")
        return out


def plural(count: int, noun: str) -> str:
    """"1 record", "2 records", "1,204 records"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def verify_register(register: Register, pdfs: PdfStore | Path | None, *,
                    trust_roots: Sequence[Path], hashes_only: bool = False,
                    require_trusted: bool = False) -> RegisterVerdict:
    """``register verify``: the chain; with ``pdfs``, every PDF's SHA-256; unless
    ``hashes_only``, every entry and countersignature against the record signed in its PDF."""
    from isp_wizard.store.binding import check_signed
    from isp_wizard.store.pdfs import FolderPdfs, PdfStore

    entries = list(register.entries())
    found = RegisterVerdict(register.location, sum(1 for e in entries if e.is_record),
                            require_trusted=require_trusted)
    found.findings = register.verify(pdfs)
    if pdfs is not None and not hashes_only:
        store = pdfs if isinstance(pdfs, PdfStore) else FolderPdfs(pdfs)
        audit = check_signed(entries, store, trust_roots=trust_roots,
                             require_trusted=require_trusted)
        found.findings += audit.findings
        found.untrusted = audit.untrusted
    found.checked = ("the chain is" if pdfs is None else
                     "the chain and every PDF's SHA-256 are" if hashes_only else
                     "the chain, every PDF, and every entry and countersignature against the "
                     "signed record are")
    return found
