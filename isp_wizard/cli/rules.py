"""``isp-wizard rules …``: validate, test, draw and tabulate the rule pack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import InputFileError, RulesFolderError, UsageError

if TYPE_CHECKING:
    from isp_wizard.engine.coverage import TreeCoverage
    from isp_wizard.folders import Locations
    from isp_wizard.rulepack.pack import RulePack


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rules = commands.add_parser("rules", help="check, test and document the rule pack")
    sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    validate = sub.add_parser("validate", help="check every rule file; exit 1 on problems")
    validate.add_argument("dir", nargs="?", type=Path, help="rules folder (default: in use)")
    validate.add_argument("--strict", action="store_true",
                          help="also list unconfirmed legal facts, and fail on warnings")
    validate.set_defaults(handler=cmd_validate)

    test = sub.add_parser("test", help="run every scenario against its tree")
    test.add_argument("dir", nargs="?", type=Path)
    test.add_argument("-v", "--verbose", action="store_true", help="list passing scenarios too")
    test.set_defaults(handler=cmd_test)

    graph = sub.add_parser("graph", help="draw a tree: Mermaid or DOT text, or an SVG or PNG map")
    graph.add_argument("tree")
    graph.add_argument("--format", choices=["mermaid", "dot", "svg", "png"], default="mermaid")
    graph.add_argument("--dir", type=Path)
    graph.add_argument("--out", type=Path, help="write to a file instead of the screen "
                       "(needed for png)")
    graph.set_defaults(handler=cmd_graph)

    new_tree = sub.add_parser("new-tree", help="write a commented starter tree and scenarios")
    new_tree.add_argument("id", help="the new tree's id, e.g. housing-referral")
    new_tree.add_argument("--title", help="the tree's title (default: from the id)")
    new_tree.add_argument("--dir", type=Path, help="rules folder (default: in use)")
    new_tree.set_defaults(handler=cmd_new_tree)

    diff = sub.add_parser("diff", help="what changed between two rules folders, route by route; "
                          "exit 1 when any route reaches a different outcome")
    diff.add_argument("old", type=Path, help="the rules folder before the edit")
    diff.add_argument("new", type=Path, help="the rules folder after the edit")
    diff.set_defaults(handler=cmd_diff)

    table = sub.add_parser("table", help="every route through a tree and where it ends")
    table.add_argument("tree")
    table.add_argument("--format", choices=["md", "csv", "json"], default="md")
    table.add_argument("--dir", type=Path)
    table.add_argument("--out", type=Path)
    table.set_defaults(handler=cmd_table)

    coverage = sub.add_parser("coverage", help="which nodes, answers and outcomes the "
                              "scenarios reach, and which none reaches")
    coverage.add_argument("dir", nargs="?", type=Path, help="rules folder (default: in use)")
    coverage.add_argument("--tree", action="append", help="only this tree (repeatable)")
    coverage.add_argument("--min", type=float, metavar="PERCENT",
                          help="exit 1 when any tree's nodes, answers or outcomes reached fall "
                               "below PERCENT")
    coverage.add_argument("--format", choices=["text", "json"], default="text")
    coverage.add_argument("--add-scenarios", action="store_true",
                          help="append to each tree's scenarios file one scenario per route "
                               "needed to reach what none reaches yet (from the decision "
                               "table; rewrite their cases afterwards)")
    coverage.set_defaults(handler=cmd_coverage)

    how = sub.add_parser("how", help="how is this outcome reached? every route to it, in words")
    how.add_argument("tree")
    how.add_argument("outcome", help="the outcome's node id")
    how.add_argument("--dir", type=Path)
    how.set_defaults(handler=cmd_how)

    text = sub.add_parser("text", help="all of a tree's text in reading order, with node ids, "
                          "for reviewers and translators")
    text.add_argument("tree")
    text.add_argument("--format", choices=["md", "pdf"], default="md")
    text.add_argument("--dir", type=Path)
    text.add_argument("--out", type=Path, help="write to a file (needed for pdf)")
    text.set_defaults(handler=cmd_text)

    schema = sub.add_parser("schema", help="write the JSON Schemas for editors")
    schema.add_argument("dir", nargs="?", type=Path)
    schema.add_argument("--check", action="store_true", help="exit 1 if they are out of date")
    schema.set_defaults(handler=cmd_schema)


def rules_dir(where: Locations, given: Path | None) -> Path:
    """The folder named on the command line, otherwise the run's rules folder."""
    return given if given is not None else where.rules_dir


def load(where: Locations, given: Path | None, *, cached: bool = True) -> RulePack:
    from isp_wizard.rulepack import load_pack

    return load_pack(rules_dir(where, given), cache_dir=where.cache_dir if cached else None)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        pack = load(args.where, args.dir)
    except RulesFolderError as exc:
        print(f"isp-wizard: {exc}", file=sys.stderr)
        return 2
    from isp_wizard.rulepack.lint import placeholder_contacts

    problems = list(pack.problems) + (placeholder_contacts(pack) if args.strict else [])
    shown = [p for p in problems if args.strict or p.severity != "note"]
    for problem in shown:
        print(problem)
    errors = len(pack.errors)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = sum(p.severity == "note" for p in problems)
    print(f"{len(pack.trees)} trees loaded, {len(pack.skipped)} skipped; "
          f"{errors} errors, {warnings} warnings, {notes} unconfirmed items"
          + ("" if args.strict or not notes else " (list them with --strict)"))
    failed = errors or (args.strict and (warnings or notes))
    return 1 if failed else 0


def cmd_test(args: argparse.Namespace) -> int:
    from isp_wizard.engine.walk import run_all_scenarios

    try:
        pack = load(args.where, args.dir)
    except RulesFolderError as exc:
        print(f"isp-wizard: {exc}", file=sys.stderr)
        return 2
    for problem in pack.errors:
        print(problem)
    results = run_all_scenarios(pack)
    for result in results:
        if not result.passed or args.verbose:
            status = "PASS" if result.passed else "FAIL"
            print(f"{status} {result.tree}: {result.scenario.name}: {result.message}")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or pack.errors or not results else 0


def cmd_graph(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.export import to_dot, to_mermaid

    tree = load(args.where, args.dir).tree(args.tree).tree
    if args.format in ("mermaid", "dot"):
        _emit(to_mermaid(tree) if args.format == "mermaid" else to_dot(tree), args.out)
        return 0
    from isp_wizard.rulepack.svg import tree_svg

    svg = tree_svg(tree)
    if args.format == "svg":
        _emit(svg, args.out)
        return 0
    if args.out is None:
        raise UsageError("a PNG needs a file: add --out MAP.png")
    try:
        from isp_wizard.gui.svg_render import svg_to_png
    except ImportError as exc:
        raise UsageError(f"PNG needs the Qt libraries, which cannot load here ({exc}); "
                         "use --format svg") from exc
    width, height = svg_to_png(svg, args.out)
    print(f"wrote {args.out} ({width}×{height} pixels)")
    return 0


def cmd_new_tree(args: argparse.Namespace) -> int:
    import datetime as dt

    from isp_wizard.rulepack.scaffold import ID_PATTERN, starter_scenarios, starter_tree

    if not ID_PATTERN.match(args.id) or len(args.id) > 80:
        raise UsageError(f"{args.id!r} is not a usable id: use lower-case letters, digits, "
                         "'-', '_' or '.', starting with a letter or digit")
    root = rules_dir(args.where, args.dir)
    if not root.is_dir():
        raise RulesFolderError(f"{root}: the rules folder does not exist")
    tree_file = root / "trees" / f"{args.id}.yaml"
    scenarios_file = root / "scenarios" / f"{args.id}.yaml"
    for path in (tree_file, scenarios_file):
        if path.exists():
            raise UsageError(f"{path} already exists; choose another id or remove it")
    pack = load(args.where, root, cached=False)
    if args.id in pack.trees:
        raise UsageError(f"a tree called {args.id!r} already exists ({pack.trees[args.id].display})")
    basis = next((r for r in ("uk-gdpr-6-1-e",) if r in pack.references),
                 next(iter(pack.references), None))
    try:
        tree_file.parent.mkdir(exist_ok=True)
        scenarios_file.parent.mkdir(exist_ok=True)
        tree_file.write_text(starter_tree(args.id, args.title, today=dt.date.today(),
                                          legal_basis=basis), encoding="utf-8")
        scenarios_file.write_text(starter_scenarios(args.id), encoding="utf-8")
    except OSError as exc:
        tree_file.unlink(missing_ok=True)  # never leave half a starter behind
        raise InputFileError(f"cannot write the starter files in {root}: {exc.strerror or exc}; "
                             "give a rules folder you can write to with --dir") from exc
    print(f"wrote {tree_file}")
    print(f"wrote {scenarios_file}")
    problems = [p for p in load(args.where, root, cached=False).problems
                if p.path.endswith((f"{args.id}.yaml",)) and p.severity != "note"]
    for problem in problems:
        print(problem)
    print("next: edit the tree, then run 'isp-wizard rules validate' and 'isp-wizard rules test'")
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from isp_wizard.engine.diff import diff_packs, diff_text

    old, new = load(args.where, args.old, cached=False), load(args.where, args.new, cached=False)
    result = diff_packs(old, new)
    sys.stdout.write(diff_text(result))
    return 1 if result.outcomes_changed else 0


def cmd_table(args: argparse.Namespace) -> int:
    from isp_wizard.engine.routes import omission_lines, render_table, route_table

    pack = load(args.where, args.dir)
    tree = pack.tree(args.tree)
    table = route_table(tree, pack.partners)
    _emit(render_table(tree, table, args.format), args.out)
    for line in omission_lines(table.omitted):
        print(f"isp-wizard: {line}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.schema import write_schemas

    target = rules_dir(args.where, args.dir) / "schema"
    changed = write_schemas(target, check_only=args.check)
    for name in changed:
        print(f"{'out of date' if args.check else 'wrote'}: {target / name}")
    return 1 if args.check and changed else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    import json

    from isp_wizard.engine.coverage import coverage_text, pack_coverage

    try:
        pack = load(args.where, args.dir)
    except RulesFolderError as exc:
        print(f"isp-wizard: {exc}", file=sys.stderr)
        return 2
    if args.min is not None and not 0 <= args.min <= 100:
        raise UsageError("--min takes a percentage from 0 to 100")
    found = pack_coverage(pack, args.tree)
    if args.add_scenarios:
        _add_scenarios(pack, found)
        pack = load(args.where, args.dir, cached=False)
        found = pack_coverage(pack, args.tree)
    if args.format == "json":
        sys.stdout.write(json.dumps([c.to_json() for c in found], indent=2,
                                    ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(coverage_text(found))
    if args.min is None:
        return 0
    below = [c for c in found if c.lowest() < args.min]
    for cov in below:
        print(f"isp-wizard: {cov.tree} reaches {cov.lowest():.1f} %, below --min {args.min:g} %",
              file=sys.stderr)
    return 1 if below else 0


def _add_scenarios(pack: RulePack, found: list[TreeCoverage]) -> None:
    from isp_wizard.engine.coverage import suggest_scenarios
    from isp_wizard.rulepack.scenario_writer import append_scenario

    for cov in found:
        suggested, left = suggest_scenarios(pack.tree(cov.tree), cov, pack.partners)
        target = next((g.path for g in pack.scenario_sets if g.tree == cov.tree),
                      pack.root / "scenarios" / f"{cov.tree}.yaml")
        for item in suggested:
            append_scenario(target, cov.tree, item.scenario)
        if suggested:
            print(f"{cov.tree}: added {len(suggested)} scenarios to {target}", file=sys.stderr)
        for what in left:
            print(f"isp-wizard: {cov.tree}: no route reaches {what}; the tree needs a change",
                  file=sys.stderr)


def cmd_how(args: argparse.Namespace) -> int:
    from isp_wizard.engine.coverage import how_reached_text
    from isp_wizard.errors import ScenarioError

    pack = load(args.where, args.dir)
    tree = pack.tree(args.tree)
    try:
        sys.stdout.write(how_reached_text(tree, args.outcome, pack.partners))
    except ScenarioError as exc:
        outcomes = ", ".join(n.id for n in tree.compiled.values() if n.is_outcome)
        raise UsageError(f"{exc} (outcomes: {outcomes})") from exc
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.text import tree_markdown

    pack = load(args.where, args.dir)
    tree = pack.tree(args.tree)
    if args.format == "md":
        _emit(tree_markdown(tree, pack), args.out)
        return 0
    if args.out is None:
        raise UsageError("a PDF needs a file: add --out TREE.pdf")
    from isp_wizard.record.textpdf import tree_text_pdf

    data = tree_text_pdf(tree, pack)
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    print(f"wrote {args.out}")
    return 0
