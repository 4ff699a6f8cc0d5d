"""The monitoring figures, checked against records whose counts are known by construction."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_wizard.services.report_stats import (
    NOBODY_NAMED,
    OTHER_CONTACT_LABEL,
    OTHER_PARTNER_LABEL,
    UNKNOWN_STATUS,
    Catalogue,
    RecordFacts,
    compute_stats,
    summary_text,
)

CATALOGUE = Catalogue(
    trees={"s115": "Crime and Disorder Act s115", "safeguarding": "Safeguarding",
           "breach": "Something went wrong with a share"},
    partners={"police": "Police", "council": "The Council"},
    contacts={"dpo": "Data Protection Officer", "caldicott": "Caldicott Guardian"},
    breach_statuses={"ico": "Reported to the ICO", "contained": "Contained, not reportable"},
)
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


def fact(n: int, when: str, tree: str = "s115", decision: str | None = "share",
         **extra: object) -> RecordFacts:
    created = dt.datetime.fromisoformat(when)
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return RecordFacts(record_id=f"r{n}", created_utc=created, tree_id=tree,
                       tree_version=str(extra.pop("version", "1.0.0")),
                       tree_sha256=str(extra.pop("sha", "a" * 64)), decision=decision,
                       **extra)  # type: ignore[arg-type]


def known_set() -> list[RecordFacts]:
    return [
        fact(1, "2026-01-05T10:00", partners=("police",)),
        fact(2, "2026-01-20T10:00", decision="share_with_conditions",
             partners=("police", "council")),
        fact(3, "2026-02-03T10:00", decision="do_not_share", partners=("unknown-org",)),
        fact(4, "2026-02-10T10:00", tree="safeguarding", decision="seek_advice",
             consulted=("dpo", "caldicott")),
        fact(5, "2026-03-01T10:00", tree="safeguarding", decision="seek_advice"),
        fact(6, "2026-03-02T10:00", tree="safeguarding", decision="seek_advice",
             consulted=("somebody-new",), version="1.1.0", sha="b" * 64),
        fact(7, "2026-03-15T10:00", tree="breach", decision="seek_advice", breach_status="ico"),
        fact(8, "2026-03-16T10:00", tree="breach", decision="seek_advice", breach_status=None),
        # outside the period, either side; the first is overdue by the end of the period
        fact(9, "2025-12-31T23:59", review_date=dt.date(2026, 2, 1)),
        fact(10, "2026-04-01T00:00", review_date=dt.date(2026, 1, 1)),
        # training: never counted
        fact(11, "2026-01-06T10:00", training=True, review_date=dt.date(2026, 1, 7)),
        # in the period and overdue at its end; one due on the last day is not yet overdue
        fact(12, "2026-01-07T10:00", decision="do_not_share", review_date=dt.date(2026, 3, 1)),
        fact(13, "2026-01-08T10:00", decision="share", review_date=dt.date(2026, 3, 31)),
    ]


def test_counts_by_tree_decision_month_and_partner() -> None:
    stats = compute_stats(known_set(), START, END, CATALOGUE)
    assert stats.total == 10
    assert stats.training_excluded == 1
    assert dict(stats.by_tree) == {"Crime and Disorder Act s115": 5, "Safeguarding": 3,
                                   "Something went wrong with a share": 2}
    assert stats.by_decision == (("Share", 2), ("Share with conditions", 1),
                                 ("Do not share", 2), ("Seek advice", 3))
    assert stats.by_month == (("Jan 2026", 4), ("Feb 2026", 2), ("Mar 2026", 4))
    assert dict(stats.by_partner) == {"Police": 2, "The Council": 1, OTHER_PARTNER_LABEL: 1}
    assert stats.by_partner[0] == ("Police", 2)


def test_rates_seek_advice_and_breaches() -> None:
    stats = compute_stats(known_set(), START, END, CATALOGUE)
    assert (stats.shared, stats.declined, stats.decided) == (3, 2, 5)
    assert stats.share_rate == pytest.approx(0.6)
    assert stats.decline_rate == pytest.approx(0.4)
    assert stats.seek_advice == 3
    assert dict(stats.seek_advice_to) == {"Data Protection Officer": 1, "Caldicott Guardian": 1,
                                          NOBODY_NAMED: 1, OTHER_CONTACT_LABEL: 1}
    assert dict(stats.seek_advice_by_tree) == {"Safeguarding": 3}
    assert stats.breaches == 2
    assert dict(stats.breaches_by_status) == {"Reported to the ICO": 1, UNKNOWN_STATUS: 1}


def test_overdue_is_counted_at_the_end_of_the_period_whatever_the_period() -> None:
    stats = compute_stats(known_set(), START, END, CATALOGUE)
    assert stats.overdue == 2  # r9 (made before the period) and r12; not r13, r10 or r11
    assert dict(stats.overdue_by_tree) == {"Crime and Disorder Act s115": 2}
    later = compute_stats(known_set(), START, END, CATALOGUE, as_of=dt.date(2026, 4, 2))
    assert later.overdue == 4  # r10 exists by then and r13 is a day late


def test_rules_versions_in_use() -> None:
    stats = compute_stats(known_set(), START, END, CATALOGUE)
    seen = {(v.tree, v.version, v.sha256_prefix): v.records for v in stats.versions}
    assert seen[("Safeguarding", "1.0.0", "a" * 12)] == 2
    assert seen[("Safeguarding", "1.1.0", "b" * 12)] == 1
    assert sum(seen.values()) == stats.total


def test_period_bounds_are_utc_dates_both_included() -> None:
    london_midnight = dt.datetime(2026, 7, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    facts = [RecordFacts("a", london_midnight, "s115", "1.0.0", decision="share")]
    # 00:30 BST on 1 July is 23:30 UTC on 30 June
    assert compute_stats(facts, dt.date(2026, 6, 30), dt.date(2026, 6, 30)).total == 1
    assert compute_stats(facts, dt.date(2026, 7, 1), dt.date(2026, 7, 1)).total == 0


def test_an_empty_period_and_a_backwards_one() -> None:
    stats = compute_stats([], START, END, CATALOGUE)
    assert stats.total == 0 and stats.share_rate is None
    assert [n for _, n in stats.by_month] == [0, 0, 0]
    assert "No decisions were recorded" in summary_text(stats)
    with pytest.raises(ValueError):
        compute_stats([], END, START)


def test_summary_says_the_figures() -> None:
    text = summary_text(compute_stats(known_set(), START, END, CATALOGUE))
    assert "10 decision records were made across 3 trees" in text
    assert "60% shared" in text and "40% declined" in text
    assert "3 records ended by seeking advice, most often from: Caldicott Guardian." in text
    assert "2 breaches were recorded" in text
    assert "2 records were past their review date on 31 March 2026" in text
    assert "More than one version of a tree" in text


def test_summary_names_no_one_when_the_rules_named_no_one() -> None:
    facts = [fact(1, "2026-02-01T09:00", decision="seek_advice")]
    text = summary_text(compute_stats(facts, START, END, CATALOGUE))
    assert "1 record ended by seeking advice." in text


def test_breach_trees_and_their_status_labels() -> None:
    from isp_wizard.services.report_stats import is_breach_tree

    assert [is_breach_tree(t) for t in ("breach", "data-breach", "breach_response",
                                        "breaches", "s115")] == [True, True, True, False, False]
    catalogue = Catalogue()
    assert catalogue.breach_status("report-to-ico-72h") == "Report to ICO 72 hours"
    assert catalogue.breach_status("tell-dpo_and.art34") == "Tell DPO and art34"
    assert catalogue.breach_status(None) == UNKNOWN_STATUS
    facts = [fact(1, "2026-02-01T09:00", tree="data-breach", breach_status="contained"),
             fact(2, "2026-02-01T09:00", tree="data-breach", breach_status="contained")]
    stats = compute_stats(facts, START, END)
    assert stats.breaches_by_status == (("Contained", 2),)
    assert stats.by_decision[0] == ("Share", 0)  # breach records are not decisions to share


def test_the_rules_declare_which_trees_make_breach_records() -> None:
    catalogue = Catalogue(record_kinds={"incident": "breach", "breach-advice": "decision",
                                        "s115": "decision"})
    assert catalogue.is_breach("incident")  # declared, though "breach" is not in its id
    assert not catalogue.is_breach("breach-advice")  # declared a decision tree: believed
    assert not catalogue.is_breach("s115")
    assert catalogue.is_breach("data-breach")  # unknown to the rules: the id decides
    assert not catalogue.is_breach("withdrawn")
    facts = [fact(1, "2026-02-01T09:00", tree="incident", decision="seek_advice",
                  breach_status="contained"),
             fact(2, "2026-02-02T09:00", tree="breach-advice", decision="share"),
             fact(3, "2026-02-03T09:00", tree="data-breach", breach_status="ico")]
    stats = compute_stats(facts, START, END, catalogue)
    assert stats.breaches == 2
    assert dict(stats.breaches_by_status) == {"Contained": 1, "ICO": 1}
    assert dict(stats.by_decision)["Share"] == 1 and stats.shared == 1
    assert stats.seek_advice == 0


def test_the_shipped_rules_declare_the_breach_tree() -> None:
    from isp_wizard.paths import shipped_rules_dir
    from isp_wizard.rulepack import load_pack
    from isp_wizard.services.report_source import catalogue_from_pack

    catalogue = catalogue_from_pack(load_pack(shipped_rules_dir()))
    assert dict(catalogue.record_kinds) == {
        "breach": "breach", "prevent": "decision", "request": "decision", "s115": "decision",
        "safeguarding": "decision", "triage": "decision"}


def test_text_that_is_not_an_id_version_or_hash_is_never_passed_on() -> None:
    """An export altered by hand could put anything in these fields: none of it gets through."""
    facts = [
        fact(1, "2026-02-01T09:00", tree="Jane Doe's case", version="Jane Doe",
             sha="Jane Doe lives at 1 High St"),
        fact(2, "2026-02-01T09:00", tree="breach", breach_status="Jane Doe told the ICO"),
        fact(3, "2026-02-01T09:00", decision="Jane Doe", partners=("Jane Doe",),
             consulted=("Jane Doe",)),
    ]
    stats = compute_stats(facts, START, END, CATALOGUE)
    printed = repr(stats) + summary_text(stats)
    assert "Jane" not in printed
    assert ("Tree not in the rules", 1) in stats.by_tree
    assert ("Status not recorded", 1) in stats.breaches_by_status
    assert any(v.version == "unknown" and v.sha256_prefix == "" for v in stats.versions)


def test_months_cross_a_year_end() -> None:
    facts = [fact(1, "2025-12-15T09:00"), fact(2, "2026-02-01T09:00")]
    stats = compute_stats(facts, dt.date(2025, 11, 20), dt.date(2026, 2, 10))
    assert stats.by_month == (("Nov 2025", 0), ("Dec 2025", 1), ("Jan 2026", 0),
                              ("Feb 2026", 1))


@st.composite
def random_facts(draw: st.DrawFn) -> list[RecordFacts]:
    seed = draw(st.integers(0, 10_000))
    count = draw(st.integers(0, 150))
    rng = random.Random(seed)
    trees = ["s115", "safeguarding", "breach", "other-tree"]
    decisions = ["share", "share_with_conditions", "do_not_share", "seek_advice", None]
    base = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    return [RecordFacts(
        record_id=str(i), created_utc=base + dt.timedelta(hours=rng.randrange(0, 24 * 300)),
        tree_id=rng.choice(trees), tree_version=rng.choice(["1.0.0", "2.0.0"]),
        decision=rng.choice(decisions), partners=tuple(rng.sample(["police", "x", "council"],
                                                                  rng.randrange(0, 3))),
        training=rng.random() < 0.1,
        review_date=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 200)),
    ) for i in range(count)]


@settings(max_examples=60, deadline=None)
@given(random_facts())
def test_the_figures_add_up(facts: list[RecordFacts]) -> None:
    stats = compute_stats(facts, START, END, CATALOGUE)
    real = [f for f in facts if not f.training
            and START <= f.created_utc.date() <= END]
    assert stats.total == len(real)
    assert sum(n for _, n in stats.by_tree) == stats.total
    assert sum(n for _, n in stats.by_month) == stats.total
    assert sum(n for _, n in stats.by_decision) + stats.breaches == stats.total
    assert sum(v.records for v in stats.versions) == stats.total
    assert stats.shared + stats.declined + stats.seek_advice <= stats.total
    assert sum(n for _, n in stats.breaches_by_status) == stats.breaches
