"""Convert a rules folder from rule format 1 (``legal_basis: [...]``) to format 2 (``grounds``).

Usage: python scripts/migrate_grounds.py RULES_DIR

Mechanical: each reference keeps its place but is given a role by its id — UK GDPR Art 6 (and
Annex 1), DPA 2018 s8, and Part 3's s35 are a lawful basis; Art 9, Art 10, DPA 2018 s10 and
Schedule 8 a condition; DPA 2018 Schedule 1
paragraphs the condition's paragraph; Schedule 2 an exemption; Art 5 a principle (moved to the
node's ``refs``); anything else a legal power or duty. An answer citing Art 9 or Art 10 is taken
to establish special category or criminal offence data. Check the result: the roles are a
guess from the ids, not a legal reading.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<before>.*?)legal_basis: \[(?P<ids>[^\]]*)\](?P<after>.*)$")
REFS = re.compile(r"^(?P<lead>\s*)refs: \[(?P<ids>[^\]]*)\]\s*$")


def role(ref: str) -> str:
    if ref.startswith(("uk-gdpr-6-", "uk-gdpr-annex1")) or ref in (
            "dpa-2018-s8", "dpa-2018-part3", "dpa-2018-s35"):
        return "lawful_basis"
    if ref.startswith(("uk-gdpr-9-", "dpa-2018-s10", "dpa-2018-sch8")) or ref == "uk-gdpr-10":
        return "condition"
    if ref.startswith("dpa-2018-sch1-"):
        return "schedule_1"
    if ref.startswith("dpa-2018-sch2-"):
        return "exemption"
    if ref in ("uk-gdpr-5", "uk-gdpr-4-1"):  # principles; the definition of personal data
        return "principles"
    return "power"


def grounds(ids: list[str], *, is_answer: bool) -> tuple[str, list[str]]:
    """The flow mapping for ``ids`` and the principles to move to ``refs``."""
    roles: dict[str, list[str]] = {}
    for ref in ids:
        roles.setdefault(role(ref), []).append(ref)
    principles = roles.pop("principles", [])
    parts = []
    data = []
    if is_answer and any(r.startswith("uk-gdpr-9-") for r in ids):
        data.append("special_category")
    if is_answer and "uk-gdpr-10" in ids:
        data.append("criminal_offence")
    if "uk-gdpr-4-1" in ids:  # cited to say the information is not personal data
        data.append("not_personal")
    for name in ("lawful_basis", "data", "condition", "schedule_1", "power", "exemption"):
        values = data if name == "data" else roles.get(name, [])
        if values:
            parts.append(f"{name}: [{', '.join(values)}]")
    return ("{" + ", ".join(parts) + "}") if parts else "", principles


def migrate(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            out.append(line)
            i += 1
            continue
        ids = [x.strip() for x in match["ids"].split(",") if x.strip()]
        inline = match["before"].strip().startswith("{") or "{" in match["lead"] + match["before"]
        is_answer = inline or _in_answer(lines, i)
        mapping, principles = grounds(ids, is_answer=is_answer)
        if inline:
            replacement = f"grounds: {mapping}" if mapping else ""
            new = f"{match['lead']}{match['before']}{replacement}{match['after']}"
            new = new.replace(", }", "}").replace(", , ", ", ")
            if not mapping:
                new = re.sub(r",\s*(\}|$)", r"\1", f"{match['lead']}{match['before']}".rstrip()
                             + match["after"])
            out.append(new)
        else:
            indent = match["lead"]
            if mapping:
                out.append(f"{indent}grounds: {mapping}{match['after']}")
            if principles:
                _add_refs(lines, out, i, indent, principles)
                principles = []
        if principles:
            raise SystemExit(f"line {i + 1}: principles in an inline answer: move them by hand")
        i += 1
    return "\n".join(out)


def _in_answer(lines: list[str], index: int) -> bool:
    """Whether the block mapping holding line ``index`` is an answer (under ``answers:``)."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    for j in range(index - 1, -1, -1):
        stripped = lines[j].lstrip()
        lead = len(lines[j]) - len(stripped)
        if stripped.startswith("- ") and lead == indent - 2:
            return any(lines[k].strip() == "answers:" for k in range(j - 1, max(j - 60, 0), -1)
                       if len(lines[k]) - len(lines[k].lstrip()) < lead + 1) and \
                "kind:" not in stripped
        if stripped and lead < indent - 2:
            return False
    return False


def _add_refs(lines: list[str], out: list[str], index: int, indent: str,
              principles: list[str]) -> None:
    """Add ``principles`` to the ``refs`` of the node holding line ``index`` (or give it one)."""
    width = len(indent)
    for j in range(index + 1, len(lines)):
        stripped = lines[j].lstrip()
        if stripped and len(lines[j]) - len(stripped) < width:
            break
        found = REFS.match(lines[j])
        if found and len(found["lead"]) == width:
            ids = [x.strip() for x in found["ids"].split(",") if x.strip()]
            lines[j] = f"{indent}refs: [{', '.join(dict.fromkeys(principles + ids))}]"
            return
    for j in range(len(out) - 1, -1, -1):
        stripped = out[j].lstrip()
        if stripped and len(out[j]) - len(stripped) < width:
            break
        found = REFS.match(out[j])
        if found and len(found["lead"]) == width:
            ids = [x.strip() for x in found["ids"].split(",") if x.strip()]
            out[j] = f"{indent}refs: [{', '.join(dict.fromkeys(ids + principles))}]"
            return
    out.append(f"{indent}refs: [{', '.join(principles)}]")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for path in sorted(Path(argv[0]).glob("trees/*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = migrate(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"migrated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
