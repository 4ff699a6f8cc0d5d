"""The board's monitoring figures: register facts and a period in, counts and categories out.

A pure function over plain data. Every label that can reach the report comes from a catalogue
(tree titles, partner names, contact roles, fixed decision and status names) or is a count, a
month or a version: no case reference, person's name or free text can get through, because the
input holds none (``RecordFacts`` carries ids, dates and categories only) and ids that the
catalogues do not know are folded into one "not listed" category rather than printed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from isp_wizard.vocabulary import DECISIONS, SHARING_DECISIONS

DECISION_LABELS: dict[str, str] = {t.key: t.short for t in DECISIONS}
NO_DECISION = "No decision recorded"
OTHER_PARTNER_LABEL = "Another organisation (not listed)"
OTHER_CONTACT_LABEL = "Someone else (not listed)"
NOBODY_NAMED = "Not named in the rules"
BREACH_WORD = "breach"
UNKNOWN_STATUS = "Status not recorded"

ACRONYMS = {"ico": "ICO", "dpo": "DPO", "gdpr": "GDPR", "uk": "UK", "art": "Art",
            "siro": "SIRO", "72h": "72 hours"}

UNKNOWN_TREE = "Tree not in the rules"
UNKNOWN = "unknown"
# What an id, a version and a hash look like. Anything else in a register (an export altered by
# hand, say) is never printed: it is shown as unknown instead.
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")
_VERSION = re.compile(r"\d{1,6}\.\d{1,6}\.\d{1,6}([-+][0-9A-Za-z.-]{1,40})?")
_HEX = re.compile(r"[0-9a-f]{1,64}")

Counts = tuple[tuple[str, int], ...]


def is_breach_tree(tree_id: str) -> bool:
    """The old test for a breach tree, by the word "breach" in its id ("breach", "data-breach",
    "breach_response" …). Trees now declare ``record_kind: breach`` in their rule file: this is
    used only for a tree the rules do not know (see ``Catalogue.is_breach``)."""
    return BREACH_WORD in tree_id.replace("_", "-").replace(".", "-").split("-")


@dataclass(frozen=True)
class RecordFacts:
    """What the report may know about one record: ids, dates and categories, nothing personal."""

    record_id: str
    created_utc: dt.datetime
    tree_id: str
    tree_version: str
    tree_sha256: str = ""
    decision: str | None = None
    review_date: dt.date | None = None
    partners: tuple[str, ...] = ()
    """The recipient partner's id (from partners.yaml, or whatever was typed in by hand)."""
    consulted: tuple[str, ...] = ()
    """Contact ids (from contacts.yaml) the outcome sent the practitioner to."""
    breach_status: str | None = None
    """For a breach record: the id of the breach tree's outcome it reached (its status)."""
    training: bool = False
    details_read: bool = True
    """False when the record itself could not be read: partners and advice are then unknown."""


@dataclass(frozen=True)
class Catalogue:
    """Display names for ids: tree titles, partner names and contact roles (never people's names)."""

    trees: Mapping[str, str] = field(default_factory=dict)
    partners: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, str] = field(default_factory=dict)
    breach_statuses: Mapping[str, str] = field(default_factory=dict)
    record_kinds: Mapping[str, str] = field(default_factory=dict)
    """Each tree's declared ``record_kind`` ("decision" or "breach"), from its rule file."""

    def is_breach(self, tree_id: str) -> bool:
        """Whether the tree's records are breach records (their outcome is the breach's status,
        and they are counted apart from decisions), as its rule file declares."""
        kind = self.record_kinds.get(tree_id)
        if kind is None:
            # A tree the rules do not know (withdrawn since, or the rules could not be loaded):
            # nothing declares its kind, so fall back to the old test of its id.
            return is_breach_tree(tree_id)
        return kind == "breach"

    def tree(self, tree_id: str) -> str:
        if tree_id in self.trees:
            return self.trees[tree_id]
        return tree_id if _ID.fullmatch(tree_id) else UNKNOWN_TREE

    def partner(self, partner_id: str) -> str:
        return self.partners.get(partner_id, OTHER_PARTNER_LABEL)

    def contact(self, contact_id: str) -> str:
        return self.contacts.get(contact_id, OTHER_CONTACT_LABEL)

    def breach_status(self, status: str | None) -> str:
        """A label for the breach outcome id a record reached: the catalogue's, else the id
        made readable ("report-to-ico" → "Report to ICO"). Ids hold only a-z, 0-9, '_', '.'
        and '-', so nothing personal can come through."""
        if not status or not _ID.fullmatch(status):
            return UNKNOWN_STATUS
        if status in self.breach_statuses:
            return self.breach_statuses[status]
        words = "".join(" " if c in "_.-" else c for c in status).split()
        words = [ACRONYMS.get(w, w) for w in words]
        if not words:
            return UNKNOWN_STATUS
        return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


@dataclass(frozen=True)
class VersionUse:
    tree: str
    version: str
    sha256_prefix: str
    records: int


@dataclass(frozen=True)
class ReportStats:
    """Everything the monitoring report prints, already counted."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    total: int
    training_excluded: int
    by_tree: Counts
    by_decision: Counts
    by_partner: Counts
    by_month: Counts
    shared: int
    declined: int
    seek_advice: int
    seek_advice_by_tree: Counts
    seek_advice_to: Counts
    breaches: int
    breaches_by_status: Counts
    overdue: int
    overdue_by_tree: Counts
    versions: tuple[VersionUse, ...]
    details_unread: int = 0

    @property
    def decided(self) -> int:
        """Records that reached a decision to share or not (seek advice and breaches aside)."""
        return self.shared + self.declined

    @property
    def share_rate(self) -> float | None:
        return self.shared / self.decided if self.decided else None

    @property
    def decline_rate(self) -> float | None:
        return self.declined / self.decided if self.decided else None


def _sorted(counter: Counter[str]) -> Counts:
    """Largest first, then alphabetical, so the order is stable from run to run."""
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_label(year: int, month: int) -> str:
    return dt.date(year, month, 1).strftime("%b %Y")


MONTHS_AT_MOST = 24
"""Up to two years the report counts by month; up to ``QUARTERS_AT_MOST`` quarters by quarter
(a table of 120 months is not something a board can read); beyond that by year."""
QUARTERS_AT_MOST = 40


def by_time(stats: ReportStats) -> tuple[str, Counts]:
    """The records over the period, by month, by quarter or by year as its length calls for:
    the unit ("month", "quarter" or "year") and the counts. Quarters are calendar quarters,
    named by their months ("Jan–Mar 2026"), so they cannot be mistaken for financial ones."""
    months = months_between(stats.start, stats.end)
    if len(months) <= MONTHS_AT_MOST or len(months) != len(stats.by_month):
        return "month", stats.by_month
    quarters = {(y, (m - 1) // 3) for y, m in months}
    unit = "quarter" if len(quarters) <= QUARTERS_AT_MOST else "year"
    grouped: Counter[str] = Counter()
    order: list[str] = []
    for (year, month), (_, n) in zip(months, stats.by_month, strict=True):
        if unit == "quarter":
            first = (month - 1) // 3 * 3 + 1
            label = (f"{dt.date(year, first, 1):%b}–{dt.date(year, first + 2, 1):%b} {year}")
        else:
            label = str(year)
        if label not in grouped:
            order.append(label)
        grouped[label] += n
    return unit, tuple((label, grouped[label]) for label in order)


def compute_stats(facts: Iterable[RecordFacts], start: dt.date, end: dt.date,
                  catalogue: Catalogue | None = None, as_of: dt.date | None = None) -> ReportStats:
    """Count the records created from ``start`` to ``end`` (UTC dates, both included).

    Records past their review date are counted as at ``as_of`` (the period's end by default):
    every real record created by then whose review date fell before it, whatever its period —
    an overdue review from last quarter is still overdue.
    """
    if end < start:
        raise ValueError("the period ends before it starts")
    catalogue = catalogue or Catalogue()
    as_of = as_of or end
    by_tree: Counter[str] = Counter()
    by_decision: Counter[str] = Counter()
    by_partner: Counter[str] = Counter()
    by_month: Counter[tuple[int, int]] = Counter()
    advice_by_tree: Counter[str] = Counter()
    advice_to: Counter[str] = Counter()
    breach_status: Counter[str] = Counter()
    overdue_by_tree: Counter[str] = Counter()
    versions: Counter[tuple[str, str, str]] = Counter()
    total = training = shared = declined = advice = breaches = unread = 0
    for fact in facts:
        created = fact.created_utc.astimezone(dt.UTC).date() if fact.created_utc.tzinfo \
            else fact.created_utc.date()
        if fact.training:
            training += start <= created <= end
            continue
        tree = catalogue.tree(fact.tree_id)
        if fact.review_date is not None and created <= as_of and fact.review_date < as_of:
            overdue_by_tree[tree] += 1
        if not start <= created <= end:
            continue
        total += 1
        by_tree[tree] += 1
        by_month[(created.year, created.month)] += 1
        versions[(tree, fact.tree_version if _VERSION.fullmatch(fact.tree_version) else UNKNOWN,
                  fact.tree_sha256[:12] if _HEX.fullmatch(fact.tree_sha256) else "")] += 1
        unread += not fact.details_read
        if catalogue.is_breach(fact.tree_id):
            breaches += 1
            breach_status[catalogue.breach_status(fact.breach_status)] += 1
            continue
        by_decision[DECISION_LABELS.get(fact.decision or "", NO_DECISION)] += 1
        for partner in dict.fromkeys(fact.partners):
            by_partner[catalogue.partner(partner)] += 1
        if fact.decision in SHARING_DECISIONS:
            shared += 1
        elif fact.decision == "do_not_share":
            declined += 1
        elif fact.decision == "seek_advice":
            advice += 1
            advice_by_tree[tree] += 1
            for contact in dict.fromkeys(fact.consulted) or [None]:
                advice_to[catalogue.contact(contact) if contact else NOBODY_NAMED] += 1
    decision_order = [*DECISION_LABELS.values(), NO_DECISION]
    return ReportStats(
        start=start, end=end, as_of=as_of, total=total, training_excluded=training,
        by_tree=_sorted(by_tree),
        by_decision=tuple((label, by_decision[label]) for label in decision_order
                          if label in DECISION_LABELS.values() or by_decision[label]),
        by_partner=_sorted(by_partner),
        by_month=tuple((month_label(y, m), by_month[(y, m)]) for y, m in months_between(start, end)),
        shared=shared, declined=declined, seek_advice=advice,
        seek_advice_by_tree=_sorted(advice_by_tree), seek_advice_to=_sorted(advice_to),
        breaches=breaches, breaches_by_status=_sorted(breach_status),
        overdue=sum(overdue_by_tree.values()), overdue_by_tree=_sorted(overdue_by_tree),
        versions=tuple(VersionUse(tree, version, sha, n) for (tree, version, sha), n
                       in sorted(versions.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))),
        details_unread=unread,
    )


def summary_text(stats: ReportStats) -> str:
    """The one-paragraph summary printed at the top of the report (plain text, counts only)."""
    period = f"{stats.start:%d %B %Y} to {stats.end:%d %B %Y}"
    if stats.total == 0:
        return (f"No decisions were recorded in the register from {period}. "
                f"{_overdue_sentence(stats)}")
    parts = [f"From {period}, {_n(stats.total, 'decision record')} "
             f"{'was' if stats.total == 1 else 'were'} made across {_n(len(stats.by_tree), 'tree')}."]
    if stats.decided:
        parts.append(f"Of the {_n(stats.decided, 'decision')} whether to share, "
                     f"{_pct(stats.share_rate)} shared (with or without conditions) and "
                     f"{_pct(stats.decline_rate)} declined.")
    if stats.seek_advice:
        named = [label for label, _ in stats.seek_advice_to if label != NOBODY_NAMED]
        parts.append(f"{_n(stats.seek_advice, 'record')} ended by seeking advice"
                     + (f", most often from: {named[0]}." if named else "."))
    if stats.by_partner:
        parts.append(f"The partner named most often was {stats.by_partner[0][0]}, in "
                     f"{_n(stats.by_partner[0][1], 'record')}.")
    parts.append(f"{_n(stats.breaches, 'breach', 'breaches')} {'was' if stats.breaches == 1 else 'were'} "
                 f"recorded.")
    parts.append(_overdue_sentence(stats))
    if len({v.tree for v in stats.versions}) < len(stats.versions):
        parts.append("More than one version of a tree was in use during the period.")
    return " ".join(parts)


def _overdue_sentence(stats: ReportStats) -> str:
    if stats.overdue == 0:
        return f"No record was past its review date on {stats.as_of:%d %B %Y}."
    return (f"{_n(stats.overdue, 'record')} {'was' if stats.overdue == 1 else 'were'} past "
            f"{'its' if stats.overdue == 1 else 'their'} review date on {stats.as_of:%d %B %Y}.")


def _n(count: int, singular: str, plural: str | None = None) -> str:
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {word}"


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"
