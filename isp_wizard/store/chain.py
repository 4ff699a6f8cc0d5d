"""The register's hash chain: how an entry's hash is made, and how a chain is checked.

An entry's hash is the SHA-256 of the canonical JSON of ``{"content": …, "prev": …}``: its content
fields and the previous entry's hash (``GENESIS`` for the first). Fields added to the register
after its first version (``review_date``, ``source``) are hashed only when they are set, so
entries written before they existed keep their hashes when the register is upgraded.

``check_chain`` works on any sequence of entries in stored order plus the head the register
recorded, so the same check serves the SQLite register, a JSON export and a later server register.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isp_wizard.store.register import RegisterEntry

GENESIS = "0" * 64

CONTENT_FIELDS = (
    "record_id", "created_utc", "tree_id", "tree_version", "tree_sha256", "decision",
    "case_reference", "practitioner", "review_date", "training", "pdf_path", "pdf_sha256",
    "source", "kind", "prev_pdf_sha256",
)
# Added in schema versions 2 and 3: hashed only when non-empty (see the module docstring).
LATER_FIELDS = ("review_date", "source", "kind", "prev_pdf_sha256")

HASH_RULE = ("entry_hash = SHA-256 of the UTF-8 canonical JSON (keys sorted, no spaces, "
             "non-ASCII kept) of {\"content\": {the content fields, leaving out review_date, "
             "source, kind and prev_pdf_sha256 when empty}, \"prev\": prev_hash}; the first entry's prev_hash is 64 zeros")


@dataclass(frozen=True)
class Finding:
    """Something wrong found by a check, named by the record it concerns."""

    record_id: str
    kind: str  # edited, deleted, inserted, reordered, head-missing, pdf-missing, pdf-altered,
    # unregistered-pdf, event-broken
    message: str

    def __str__(self) -> str:
        return f"{self.record_id or '(register)'}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class ChainHead:
    """What the register recorded about its latest entry when it was written."""

    count: int
    hash: str


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def content_of(entry: RegisterEntry | Mapping[str, Any]) -> dict[str, Any]:
    get = entry.get if isinstance(entry, Mapping) else lambda name: getattr(entry, name)
    content = {name: get(name) for name in CONTENT_FIELDS}
    content["training"] = bool(content["training"])
    for name in LATER_FIELDS:
        if not content[name]:
            del content[name]
    return content


def entry_hash(entry: RegisterEntry | Mapping[str, Any], prev_hash: str) -> str:
    payload = canonical_json({"content": content_of(entry), "prev": prev_hash})
    return hashlib.sha256(payload).hexdigest()


def check_chain(entries: Sequence[RegisterEntry], head: ChainHead | None) -> list[Finding]:
    """Every edit, deletion, insertion and reordering the chain shows, by record id.

    The order the entries were written in is rebuilt from their links; it is then compared with
    the stored order and with the head the register recorded at its last append.
    """
    findings: list[Finding] = []
    for entry in entries:
        if entry_hash(entry, entry.prev_hash) != entry.entry_hash:
            findings.append(Finding(entry.record_id, "edited",
                                    "its content no longer matches its hash: the entry was "
                                    "changed after it was written"))
    written, roots_missing, inserted = _written_order(entries)
    for i in roots_missing:
        before = f" ({entries[i - 1].record_id})" if i else ""
        findings.append(Finding(entries[i].record_id, "deleted",
                                "the entry it was chained to is missing: a record just before "
                                f"it was deleted, or the one before it{before} was altered and "
                                "its hash recomputed"))
    inserted_set = set(inserted)
    chain = [i for i in written if i not in inserted_set]
    inserted += _beyond_head(entries, chain, head, findings)
    inserted_set = set(inserted)
    for i in inserted:
        findings.append(Finding(entries[i].record_id, "inserted",
                                "it was added to the register without going through the app "
                                "(it is not part of the chain as written)"))
    chain = [i for i in chain if i not in inserted_set]
    rank = {i: r for r, i in enumerate(chain)}
    stored_ranks = [rank[i] for i in range(len(entries)) if i in rank]
    kept = _longest_increasing(stored_ranks)
    for r in stored_ranks:
        if r not in kept:
            i = chain[r]
            before = entries[chain[r - 1]].record_id if r else "the start of the register"
            findings.append(Finding(entries[i].record_id, "reordered",
                                    f"it is stored out of the order it was written in (it was "
                                    f"written just after {before})"))
    order = {e.record_id: i for i, e in enumerate(entries)}
    findings.sort(key=lambda f: order.get(f.record_id, len(entries)))
    return findings


def _written_order(entries: Sequence[RegisterEntry]) -> tuple[list[int], list[int], list[int]]:
    """(indices in written order, entries whose predecessor is missing, entries off the chain)."""
    by_hash: dict[str, int] = {}
    for i, entry in enumerate(entries):
        by_hash.setdefault(entry.entry_hash, i)
    children: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        children[entry.prev_hash].append(i)
    length = _continuations(entries, children)
    placed = [False] * len(entries)
    written: list[int] = []

    def follow(i: int) -> None:
        while True:
            placed[i] = True
            written.append(i)
            kids = [k for k in children.get(entries[i].entry_hash, []) if not placed[k]]
            if not kids:
                return
            i = max(kids, key=lambda k: (length[k], -k))

    firsts = children.get(GENESIS, [])
    if firsts:
        follow(max(firsts, key=lambda k: (length[k], -k)))
    missing: list[int] = []
    for i, entry in enumerate(entries):
        if not placed[i] and entry.prev_hash != GENESIS and entry.prev_hash not in by_hash:
            missing.append(i)
            follow(i)
    inserted: list[int] = []
    for i in range(len(entries)):
        if not placed[i]:
            before = len(written)
            follow(i)
            inserted += written[before:]
    return written, missing, inserted


def _continuations(entries: Sequence[RegisterEntry], children: Mapping[str, list[int]]
                   ) -> list[int]:
    """For each entry, how long a chain follows from it (cycles from forged rows are cut)."""
    length = [0] * len(entries)
    state = [0] * len(entries)  # 0 new, 1 in progress, 2 done
    for start in range(len(entries)):
        if state[start]:
            continue
        stack = [start]
        while stack:
            i = stack[-1]
            if state[i] == 0:
                state[i] = 1
                stack += [k for k in children.get(entries[i].entry_hash, []) if state[k] == 0]
                continue
            stack.pop()
            if state[i] == 1:
                kids = children.get(entries[i].entry_hash, [])
                length[i] = 1 + max((length[k] for k in kids if state[k] == 2), default=0)
                state[i] = 2
    return length


def _beyond_head(entries: Sequence[RegisterEntry], chain: list[int], head: ChainHead | None,
                 findings: list[Finding]) -> list[int]:
    """Check the end of the chain against the recorded head; returns entries added after it."""
    if head is None:
        if entries:
            findings.append(Finding("", "head-missing", "the register's note of its latest "
                                    "entry is missing: it was removed outside the app, so "
                                    "records deleted from the end cannot be ruled out"))
        return []
    if not entries and head.count == 0:
        return []
    last = entries[chain[-1]] if chain else None
    if last is not None and last.entry_hash == head.hash:
        if head.count != len(chain) and not findings:
            findings.append(Finding("", "deleted", f"the register recorded {head.count} "
                                    f"entries but holds {len(chain)} in its chain"))
        return []
    hashes = [entries[i].entry_hash for i in chain]
    if head.hash in hashes:
        return chain[hashes.index(head.hash) + 1:]
    missing = max(head.count - len(chain), 1)
    findings.append(Finding(last.record_id if last else "", "deleted",
                            f"the latest entry the register recorded is missing: "
                            f"{'the last record' if missing == 1 else f'{missing} records'} "
                            f"after this one {'was' if missing == 1 else 'were'} deleted, or the "
                            f"last one was altered and its hash recomputed"))
    return []


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """The values of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        parent[i] = tail_at[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i != -1:
        kept.add(values[i])
        i = parent[i]
    return kept
