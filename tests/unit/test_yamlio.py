"""Reading rule files: plain data only, yes/no stay text, line numbers, every problem named."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_wizard.rulepack.problems import Problem, ProblemsFound
from isp_wizard.rulepack.yamlio import MAX_BYTES, RulesLoader, gc_paused, parse, read_bytes


def load(text: str | bytes):  # type: ignore[no-untyped-def]
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse(raw, Path("f.yaml"), "rules/f.yaml", "sha")


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        load(text)
    return [str(p) for p in caught.value.problems]


def test_the_c_loader_is_used_when_pyyaml_has_it() -> None:
    assert issubclass(RulesLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "y", "n", "On"])
def test_yaml_1_1_booleans_stay_text(word: str) -> None:
    assert load(f"value: {word}\n").data == {"value": word}


@pytest.mark.parametrize(("word", "expected"), [("true", True), ("False", False),
                                                ("TRUE", True)])
def test_true_and_false_are_booleans(word: str, expected: bool) -> None:
    assert load(f"flag: {word}\n").data == {"flag": expected}


def test_dates_numbers_and_nulls() -> None:
    data = load("d: 2026-01-01\ni: 3\nf: 1.5\nn: ~\ns: '3'\n").data
    assert data == {"d": "2026-01-01", "i": 3, "f": 1.5, "n": None, "s": "3"}


def test_a_byte_order_mark_and_windows_line_endings_are_fine() -> None:
    doc = load("\ufeffid: x\r\nvalue: yes\r\n".encode())
    assert doc.data == {"id": "x", "value": "yes"}


def test_the_document_keeps_its_hash_and_the_line_of_each_id() -> None:
    doc = load("id: tree\nnodes:\n  - id: a\n    text: A\n  - id: b\n    text: B\n")
    assert doc.sha256 == "sha"
    assert doc.id_lines == {"tree": 1, "a": 3, "b": 5}
    assert doc.line_of(["nodes", 1, "text"]) == 6
    assert doc.line_of(["nodes", 0]) == 3
    assert doc.line_of(["nodes", 7, "text"]) == 3  # past the end: the deepest line reached
    assert doc.line_of(["missing"]) == 1


def test_every_duplicate_key_is_reported_with_its_line() -> None:
    found = problems("id: a\ntitle: A\ntitle: B\nnodes:\n  - id: x\n    id: y\n")
    assert found == ["rules/f.yaml:3: duplicate key 'title'",
                     "rules/f.yaml:6: duplicate key 'id'"]


def test_anchors_aliases_and_merge_keys_are_refused() -> None:
    message = "anchors and aliases (& and *) are not allowed in rule files; write the value " \
              "out in full"
    assert problems("a: &x [1]\nb: 2\nc: *x\nd: [*x, *x]\n") == \
        [f"rules/f.yaml:{line}: {message}" for line in (1, 3, 4)]
    assert problems("a: &x plain\nb: *x\n") == \
        [f"rules/f.yaml:{line}: {message}" for line in (1, 2)]
    assert problems("a: &x 1\nb: *x\nc: 1\nc: 2\n") == [
        f"rules/f.yaml:1: {message}", f"rules/f.yaml:2: {message}",
        "rules/f.yaml:4: duplicate key 'c'"]
    assert problems("a:\n  <<: {b: 1}\n") == \
        ["rules/f.yaml:2: merge keys (<<) are not allowed in rule files"]


@pytest.mark.parametrize("text", [
    "a: !!python/object:os.system ls\n",
    "a: !!binary aGVsbG8=\n",
    "a: !custom x\n",
    "a: !!set {x, y}\n",
    "a: !!omap [b: 1]\n",
])
def test_tags_other_than_plain_data_are_refused(text: str) -> None:
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("rules/f.yaml:1: ")


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "~: 1\n", "? {a: 1}\n: 2\n"])
def test_keys_must_be_plain_text(text: str) -> None:
    assert problems(text) == ["rules/f.yaml:1: a key must be plain text"]


def test_a_syntax_error_names_its_line() -> None:
    found = problems("id: a\nnodes: [unclosed\nnext: b\n")
    assert len(found) == 1
    assert found[0].startswith("rules/f.yaml:")
    assert "not valid YAML" in found[0]
    assert "\n" not in found[0]


def test_a_tab_is_explained() -> None:
    assert problems("id: a\nnodes:\n\t- id: b\n") == \
        ["rules/f.yaml:3: not valid YAML: a tab character; YAML must be indented with spaces"]


def test_a_control_character_is_named_on_its_line() -> None:
    assert problems(b"id: a\ntext: b\x00c\n") == \
        ["rules/f.yaml:2: not valid YAML: the control character U+0000 is not allowed"]


def test_two_documents_in_one_file_are_refused() -> None:
    found = problems("a: 1\n---\nb: 2\n")
    assert found == ["rules/f.yaml:2: not valid YAML: expected a single document in the stream "
                     "but found another document"]


@pytest.mark.parametrize("text", [b"", b"   \n\n", b"# only a comment\n", b"---\n"])
def test_an_empty_file(text: bytes) -> None:
    assert problems(text) == ["rules/f.yaml: file is empty"]


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    assert problems(b"id: a\ntitle: caf\xe9\n") == \
        ["rules/f.yaml:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"]
    assert problems("id: a\n".encode("utf-16"))[0].startswith("rules/f.yaml:1: not UTF-8")


def test_read_bytes_refuses_large_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ProblemsFound, match="too large"):
        read_bytes(big, "big.yaml")
    with pytest.raises(ProblemsFound) as caught:
        read_bytes(tmp_path / "missing.yaml", "missing.yaml")
    assert caught.value.problems[0].line is None
    assert "cannot read file" in caught.value.problems[0].message
    small = tmp_path / "small.yaml"
    small.write_bytes(b"a: 1\n")
    assert read_bytes(small, "small.yaml") == b"a: 1\n"


def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_problems_read_as_path_line_message() -> None:
    assert str(Problem("a.yaml", 3, "bad")) == "a.yaml:3: bad"
    assert str(Problem("a.yaml", None, "bad")) == "a.yaml: bad"
    assert str(Problem("a.yaml", 2, "old", "warning")) == "a.yaml:2: warning: old"
    assert Problem("a.yaml", 2, "m").to_json() == \
        {"path": "a.yaml", "line": 2, "message": "m", "severity": "error"}


@pytest.mark.parametrize("depth", [65, 900, 5000])
def test_deep_nesting_is_refused_not_a_crash(depth: int) -> None:
    found = problems("id: deep\nnodes: " + "[" * depth + "]" * depth + "\n")
    assert len(found) == 1
    assert found[0].startswith("rules/f.yaml:2: ")
    assert "nested" in found[0] or "nesting" in found[0]


def test_sixty_levels_of_nesting_are_still_read() -> None:
    data = load("a: " + "[" * 60 + "1" + "]" * 60 + "\n").data["a"]
    for _ in range(60):
        (data,) = data
    assert data == 1


def test_without_libyaml_the_pure_safe_loader_reads_the_same(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    import importlib.util

    from isp_wizard.rulepack import yamlio

    monkeypatch.delattr(yaml, "CSafeLoader")
    spec = importlib.util.spec_from_file_location("yamlio_without_libyaml", yamlio.__file__)
    assert spec is not None and spec.loader is not None
    pure = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, pure)
    spec.loader.exec_module(pure)
    assert issubclass(pure.RulesLoader, yaml.SafeLoader)
    assert pure._BaseLoader is yaml.SafeLoader
    text = b"id: a\nvalue: yes\nflag: true\nd: 2026-01-01\nnodes:\n  - id: b\n"
    doc = pure.parse(text, Path("f.yaml"), "f.yaml", "sha")
    assert doc.data == load(text).data
    assert doc.id_lines == {"a": 1, "b": 6}
    with pytest.raises(ProblemsFound, match="duplicate key"):
        pure.parse(b"a: 1\na: 2\n", Path("f.yaml"), "f.yaml", "sha")


YAMLISH = st.lists(st.sampled_from(["id: a", "\n", "  ", "- ", ": ", "[", "]", "{", "}", ",",
                                    "&x ", "*x", "!!str ", "<<: ", "? ", "#", "\t", "'", '"',
                                    "yes", "1.5", "~", "---\n", "...\n", "|\n", "\x00", "é"]),
                   max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(YAMLISH.map(str.encode), st.binary(max_size=200)))
def test_any_bytes_give_data_or_problems_never_a_crash(raw: bytes) -> None:
    try:
        doc = parse(raw, Path("f.yaml"), "rules/f.yaml", "sha")
    except ProblemsFound as found:
        assert found.problems
        for problem in found.problems:
            assert problem.path == "rules/f.yaml"
            assert problem.line is None or problem.line >= 1
            assert "\n" not in problem.message
    else:
        assert doc.data is not None
