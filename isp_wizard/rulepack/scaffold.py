"""``rules new-tree``: a commented starter tree that validates, and a starter scenarios file.

The starter teaches the format by example: a question, an information page, a free-text answer
and the four kinds of decision, each with a comment saying what to change.
"""

from __future__ import annotations

import datetime as dt
import re

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")

TREE_TEMPLATE = """\
# yaml-language-server: $schema=../schema/tree.schema.json
# A starter tree written by `isp-wizard rules new-tree {tree_id}`. Replace the wording with your
# own, keep every node's `id` unique, and check it with:
#   isp-wizard rules validate       (the format and the routes)
#   isp-wizard rules test           (the scenarios in scenarios/{tree_id}.yaml)
#   isp-wizard rules graph {tree_id} --format svg --out {tree_id}.svg   (a map to review)
id: {tree_id}
title: {title}
# Raise the version (major.minor.patch) whenever the wording or a route changes: every record
# names the version and the SHA-256 of this file.
version: 0.1.0
effective: {today}
summary: >-
  One or two sentences saying when a practitioner should use this tree.
audience: Frontline practitioners in the partnership
governance:
  sources: []          # the documents these questions come from
  approved_by: ""      # who signed the tree off (e.g. the Data Protection Officer)
  approved_on: null
  next_review: null
start: risk            # the id of the first question
nodes:
  # A question: one answer is chosen; each answer names the node that comes next.
  - id: risk
    kind: question
    text: Is anyone at immediate risk of serious harm?
    help: >-
      Guidance shown beside the question. **Markdown** is allowed.
    why: Why the question is asked; printed in the record's trail.
    answers:
      - {{value: "yes", label: "Yes", next: act-now}}
      - {{value: "no", label: "No", next: purpose}}
  # Answers must stay text: write "yes" and "no" in quotes.
  - id: purpose
    kind: question
    text: Is there a clear and legitimate purpose for sharing?
    answers:
      - {{value: "yes", label: "Yes", next: guidance}}
      - {{value: "no", label: "No", next: do-not-share}}
      - {{value: unsure, label: "Not sure", next: ask-advice}}
  # An information page: no answer, the practitioner reads it and goes on.
  - id: guidance
    kind: info
    text: Share only what is needed, with the person who needs it, by a secure route.
    next: what
  # A free-text answer, printed in the record.
  - id: what
    kind: text
    text: What information will you share?
    next: share
  # Outcomes end the walk. `decision` is one of: share, share_with_conditions, do_not_share,
  # seek_advice. Every route to a decision to share needs grounds (ids from references.yaml),
  # typed by role: lawful_basis (UK GDPR Art 6), data + condition + schedule_1 (Art 9/10 and
  # DPA 2018 Schedule 1), power (the gateway), exemption (Schedule 2). Principles go in refs.
  - id: act-now
    kind: outcome
    text: Act now to protect the person; share what is needed and record it afterwards.
    decision: share
    emergency: true{legal_basis}
  - id: share
    kind: outcome
    text: You may share. Record what you shared, with whom and why.
    decision: share_with_conditions{legal_basis}
    conditions:
      - Share the minimum necessary.
      - Use a secure channel.
  - id: do-not-share
    kind: outcome
    text: Do not share. Record the decision and your reasons.
    decision: do_not_share
  - id: ask-advice
    kind: outcome
    text: Ask for advice before sharing. Record that you asked.
    decision: seek_advice
"""

SCENARIOS_TEMPLATE = """\
# yaml-language-server: $schema=../schema/scenarios.schema.json
# Scenarios for the tree `{tree_id}`: each is a case, the answers a practitioner would give, and
# the outcome the tree must reach. `isp-wizard rules test` runs them; trainers play them.
tree: {tree_id}
scenarios:
  - name: immediate risk
    case: A neighbour reports a child alone in a burning flat.
    answers: {{risk: "yes"}}
    expected: act-now
    expected_decision: share
  - name: unclear purpose
    case: A caller who will not say why asks for a resident's address.
    answers: {{risk: "no", purpose: unsure}}
    expected: ask-advice
    expected_decision: seek_advice
"""


def starter_tree(tree_id: str, title: str | None = None, *, today: dt.date,
                 legal_basis: str | None = None) -> str:
    """The starter tree's YAML. ``legal_basis`` is the UK GDPR Article 6 reference id the share
    outcomes rest on."""
    basis = f"\n    grounds: {{lawful_basis: [{legal_basis}]}}" if legal_basis else ""
    title = title or tree_id.replace("-", " ").replace("_", " ").capitalize()
    return TREE_TEMPLATE.format(tree_id=tree_id, title=_yaml_text(title),
                                today=today.isoformat(), legal_basis=basis)


def starter_scenarios(tree_id: str) -> str:
    return SCENARIOS_TEMPLATE.format(tree_id=tree_id)


def _yaml_text(text: str) -> str:
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)
