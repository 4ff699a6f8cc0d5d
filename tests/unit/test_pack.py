"""Loading a pack: what it holds, file hashes, node lines, and the SHA-256 keyed parse cache."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from isp_wizard.errors import RulesFolderError, UnknownTreeError
from isp_wizard.rulepack import load_pack
from isp_wizard.rulepack.cache import ParseCache
from isp_wizard.rulepack.pack import rule_files
from isp_wizard.rulepack.problems import Problem

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    return root


def test_the_pack_holds_trees_catalogues_and_scenarios(root: Path) -> None:
    pack = load_pack(root)
    assert pack.problems == [] and pack.skipped == {}
    assert list(pack.references) == ["uk-gdpr-6-1-e", "hmg-info-sharing-2024"]
    assert list(pack.partners) == ["council"]
    assert list(pack.contacts) == ["dpo"]
    assert list(pack.isas) == ["protocol"]
    assert [s.name for s in pack.scenarios_for("demo")] == ["emergency", "clear purpose"]
    assert pack.scenarios_for("other") == []
    assert pack.catalogue_lines["references"] == {"uk-gdpr-6-1-e": 3,
                                                  "hmg-info-sharing-2024": 9}


def test_a_loaded_tree_knows_its_file_hash_and_node_lines(root: Path) -> None:
    loaded = load_pack(root).tree("demo")
    path = root / "trees" / "demo.yaml"
    assert loaded.path == path
    assert loaded.display == "rules/trees/demo.yaml"
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.tree.version == "1.0.0"
    assert loaded.line("emergency") == 10 and loaded.line("ask-dpo") == 44
    assert loaded.line("nowhere") is None
    assert loaded.node("what").kind == "text"
    assert [o.id for o in loaded.outcomes] == ["act-now", "share", "do-not-share", "ask-dpo"]


def test_schema_messages_are_in_words_with_their_lines(root: Path) -> None:
    tree = root / "trees" / "demo.yaml"
    tree.write_text(tree.read_text().replace('next: do-not-share}', 'next: "Do Not Share"}')
                    .replace("decision: seek_advice", "decision: ask_someone"))
    assert [str(p) for p in load_pack(root).errors] == [
        "rules/trees/demo.yaml:23: nodes.1.answers.1.next: 'Do Not Share' is not a valid id "
        "(use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit)",
        "rules/trees/demo.yaml:47: nodes.6.decision: Input should be 'share', "
        "'share_with_conditions', 'do_not_share', 'seek_advice', 'danger_first', "
        "'report_and_tell_people', 'likely_reportable', 'not_reportable', 'dpo_to_assess' or "
        "'controller_to_assess'",
    ]


def test_a_problem_names_the_real_key_even_where_it_shares_a_union_name(root: Path) -> None:
    # "text" is both a node kind and a key; a missing key is named, not just its node.
    tree = root / "trees" / "demo.yaml"
    tree.write_text(tree.read_text()
                    .replace("    text: What will you share?", '    text: ""')
                    .replace("    text: Ask the Data Protection Officer before sharing. Record "
                             "that you asked.", "    txt: oops")
                    .replace("answers:\n      - {value: \"yes\", label: \"Yes\", next: act-now}",
                             "branches: [{when: {not: {answer-of: emergency, is: []}}, "
                             "next: act-now}]\n    answers:\n      - {value: \"yes\", "
                             "label: \"Yes\", next: act-now}"))
    assert [str(p) for p in load_pack(root).errors] == [
        "rules/trees/demo.yaml:13: nodes.0.branches.0.when.not.is: Input should be a valid "
        "string",
        "rules/trees/demo.yaml:28: nodes.2.text: String should have at least 1 character",
        "rules/trees/demo.yaml:45: nodes.6.text: Field required",
        "rules/trees/demo.yaml:47: nodes.6.txt: Extra inputs are not permitted",
    ]


def test_the_members_of_a_union_give_one_problem(root: Path) -> None:
    scenarios = root / "scenarios" / "demo.yaml"
    scenarios.write_text(scenarios.read_text().replace('answers: {emergency: "yes"}',
                                                       "answers: {emergency: null}"))
    assert [str(p) for p in load_pack(root).errors] == [
        "rules/scenarios/demo.yaml:6: scenarios.0.answers.emergency: Input should be a valid "
        "string; or Input should be a valid list"]


def test_a_per_person_answer_in_the_wrong_shape_says_what_is_expected(root: Path) -> None:
    scenarios = root / "scenarios" / "demo.yaml"
    scenarios.write_text(scenarios.read_text().replace('answers: {emergency: "yes"}',
                                                       "answers: {emergency: {a: 1}}"))
    assert [str(p) for p in load_pack(root).errors] == [
        "rules/scenarios/demo.yaml:6: scenarios.0.answers: Value error, emergency: a: expected "
        "node id → answer for that person or recipient"]


def test_an_unknown_tree_is_a_clear_error(root: Path) -> None:
    with pytest.raises(UnknownTreeError, match="no tree called 'nope' \\(trees: demo\\)"):
        load_pack(root).tree("nope")


def test_asking_for_a_skipped_tree_says_why(root: Path) -> None:
    tree = root / "trees" / "demo.yaml"
    tree.write_text(tree.read_text().replace("next: what", "next: nowhere"))
    with pytest.raises(UnknownTreeError, match=r"tree 'demo' \(rules/trees/demo.yaml\) has "
                                               "errors and was skipped"):
        load_pack(root).tree("demo")


def test_a_missing_folder_and_an_empty_one(tmp_path: Path) -> None:
    with pytest.raises(RulesFolderError, match="does not exist"):
        load_pack(tmp_path / "missing")
    pack = load_pack(tmp_path)
    messages = [str(p) for p in pack.problems]
    assert f"{tmp_path.name}/trees: no trees found in trees/" in messages
    assert sum("file is missing" in m for m in messages) == 4


def test_rule_files_in_a_stable_order_without_hidden_files(root: Path) -> None:
    (root / "trees" / "a.yml").write_text("x", encoding="utf-8")
    (root / "trees" / "notes.txt").write_text("x", encoding="utf-8")
    (root / "trees" / "._demo.yaml").write_bytes(b"\x00\x05\x16\x07 Mac OS X")
    (root / "trees" / ".#demo.yaml").symlink_to("someone@laptop.1234:1700000000")
    names = [str(p.relative_to(root)) for p in rule_files(root)]
    assert names == ["references.yaml", "partners.yaml", "contacts.yaml", "isas.yaml",
                     "trees/a.yml", "trees/demo.yaml", "scenarios/demo.yaml"]
    (root / "trees" / "a.yml").unlink()
    assert load_pack(root).problems == []  # editors' lock files and macOS copies are ignored


def test_a_custom_lint_is_used_and_its_errors_drop_the_tree(root: Path) -> None:
    def picky(pack):  # type: ignore[no-untyped-def]
        return [Problem(pack.trees["demo"].display, 1, "not today")]

    pack = load_pack(root, lint=picky)
    assert pack.trees == {} and pack.skipped == {"demo": "rules/trees/demo.yaml"}


# --- the parse cache -----------------------------------------------------------------------------


def test_a_warm_load_equals_a_cold_one_and_uses_the_cache(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = load_pack(root)
    first = load_pack(root, cache_dir=cache)
    entries = sorted((cache / "parsed-rules").glob("*.json"))
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in rule_files(root)}
    assert {p.stem for p in entries} == expected
    warm = load_pack(root, cache_dir=cache)
    for pack in (first, warm):
        assert pack.trees["demo"].tree == cold.trees["demo"].tree
        assert pack.trees["demo"].node_lines == cold.trees["demo"].node_lines
        assert pack.trees["demo"].sha256 == cold.trees["demo"].sha256
        assert pack.references == cold.references
        assert pack.problems == cold.problems
    # The warm load really reads the cache: a file's cached data wins over parsing it again.
    sha = cold.trees["demo"].sha256
    entry = json.loads((cache / "parsed-rules" / f"{sha}.json").read_text())
    entry["data"]["title"] = "From the cache"
    (cache / "parsed-rules" / f"{sha}.json").write_text(json.dumps(entry))
    assert load_pack(root, cache_dir=cache).trees["demo"].tree.title == "From the cache"


def test_a_changed_file_is_parsed_again(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_pack(root, cache_dir=cache)
    path = root / "trees" / "demo.yaml"
    path.write_text(path.read_text().replace("title: Demonstration", "title: Changed"))
    pack = load_pack(root, cache_dir=cache)
    assert pack.trees["demo"].tree.title.startswith("Changed")
    assert pack.trees["demo"].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": "0", "data": {}}',
                                    b'{"format": "3"}', b"[]"])
def test_a_damaged_cache_entry_is_ignored(root: Path, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    cold = load_pack(root, cache_dir=cache)
    for entry in (cache / "parsed-rules").glob("*.json"):
        entry.write_bytes(damage)
    warm = load_pack(root, cache_dir=cache)
    assert warm.problems == [] and warm.trees["demo"].tree == cold.trees["demo"].tree


def test_a_stale_cache_entry_that_does_not_validate_gives_way_to_the_file(
        root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = load_pack(root, cache_dir=cache)
    sha = cold.trees["demo"].sha256
    ParseCache(cache).put(sha, {"id": "demo", "nodes": "not a list"}, {})
    warm = load_pack(root, cache_dir=cache)
    assert warm.problems == []
    assert warm.trees["demo"].tree == cold.trees["demo"].tree
    assert ParseCache(cache).get(sha).data["title"].startswith("Demonstration")  # type: ignore[union-attr]


def test_a_broken_file_is_not_cached_and_keeps_its_line_numbers(root: Path,
                                                                tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bad = root / "trees" / "bad.yaml"
    bad.write_text((root / "trees" / "demo.yaml").read_text()
                   .replace("id: demo", "id: bad").replace("version: 1.0.0", "version: one"))
    for _ in range(2):
        pack = load_pack(root, cache_dir=cache)
        assert [str(p) for p in pack.errors] == \
            ["rules/trees/bad.yaml:5: version: 'one' is not a version number like 1.0.0"]
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert ParseCache(cache).get(sha) is None


def test_an_unwritable_cache_only_costs_speed(root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    pack = load_pack(root, cache_dir=blocker)
    assert pack.problems == [] and "demo" in pack.trees
