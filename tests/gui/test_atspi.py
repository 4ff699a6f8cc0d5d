"""The app as a screen reader meets it: read through AT-SPI (the interface Orca uses), screen
by screen, from the real app under Xvfb with accessibility on, in a D-Bus session.

Needs Debian's xvfb, dbus, at-spi2-core and python3-pyatspi (system-packages.toml, installed by
``python3 dev.py test``). Missing, the test fails and says so: it never skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "atspi" / "driver.py"
CONTROLS = {"push button", "radio button", "check box", "text", "password text", "combo box",
            "spin button", "table", "tree", "link", "toggle button", "slider", "page tab"}


def _missing() -> list[str]:
    missing = [tool for tool in ("xvfb-run", "dbus-run-session", "Xvfb")
               if shutil.which(tool) is None]
    probe = subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True)
    if probe.returncode:
        missing.append("python3-pyatspi (for /usr/bin/python3)")
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        missing.append("at-spi2-core")
    return missing


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    missing = _missing()
    assert not missing, ("the AT-SPI test needs these system packages (python3 dev.py test "
                         f"installs them from system-packages.toml): {', '.join(missing)}")
    out = tmp_path_factory.mktemp("atspi") / "screens.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                             "DBUS_SESSION_BUS_ADDRESS")}
    env.update(QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
               NO_AT_BRIDGE="0", QT_ACCESSIBILITY="1")
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24 -nolisten tcp",
         "dbus-run-session", "--", sys.executable, str(DRIVER), str(out)],
        env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and out.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    found: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return found


def _objects(screens: dict[str, Any], screen: str) -> list[dict[str, Any]]:
    read = screens[screen]
    assert "error" not in read, f"{screen}: {read.get('error')}"
    objects: list[dict[str, Any]] = read["objects"]
    return objects


SCREENS = ["home", "question (choice)", "question (with references)",
           "question (text, with the route so far)",
           "question (an error)", "review", "details (errors)", "sign", "register", "settings",
           "scenarios", "rules", "treemap", "scenario player (playing)",
           "register (a record chosen by keyboard)", "question (people, an error)",
           "question (about a person)", "review (several people)",
           "scenario player (a different outcome)", "treemap (a question chosen)"]


@pytest.mark.parametrize("screen", SCREENS)
def test_every_focusable_object_is_a_named_visible_control(screens, screen: str) -> None:  # type: ignore[no-untyped-def]
    problems = []
    for obj in _objects(screens, screen):
        if not obj["focusable"]:
            continue
        what = f"{obj['role']} {obj['name']!r}"
        if not obj["name"].strip():
            problems.append(f"unnamed: {what}")
        if obj["role"] in ("filler", "panel", "unknown", "layered pane", "scroll pane"):
            problems.append(f"a focus stop that is no control: {what}")
        extents = obj["extents"]
        if extents is None or extents[2] <= 0 or extents[3] <= 0:
            problems.append(f"invisible: {what} at {extents}")
    assert problems == []


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_has_a_heading_and_distinct_links(screens, screen: str) -> None:  # type: ignore[no-untyped-def]
    objects = _objects(screens, screen)
    headings = [o["name"] for o in objects if o["role"] == "heading"]
    assert headings and all(h.strip() for h in headings), f"{screen}: no heading"
    links = [o["name"] for o in objects if o["role"] == "link"]
    assert len(links) == len(set(links)), f"{screen}: links that sound the same: {links}"
    texts = [o["text"] or "" for o in objects] + [o["name"] for o in objects]
    assert not any("\ufdd0" in t or "\ufdd1" in t for t in texts), "noncharacters read out"


def test_page_titles_are_headings(screens) -> None:  # type: ignore[no-untyped-def]
    def headings(screen: str) -> list[str]:
        return [o["name"] for o in _objects(screens, screen) if o["role"] == "heading"]

    assert "Sharing information about people: decide, record, sign" in headings("home")
    assert "Is anyone at immediate risk of serious harm?" in headings("question (choice)")
    assert "The outcome" in headings("review") and "Your answers" in headings("review")
    assert "Details for the record" in headings("details (errors)")
    assert "Sign and save the record" in headings("sign")
    assert "Settings" in headings("settings")
    assert "Scenarios" in headings("scenarios")


def test_headings_tell_their_level(screens) -> None:  # type: ignore[no-untyped-def]
    """A screen reader hears each heading's level (AT-SPI's object attribute "level"): the
    page's title is level 1, its sections level 2, a part of a section level 3."""
    def levels(screen: str) -> dict[str, str | None]:
        return {o["name"]: o.get("attributes", {}).get("level")
                for o in _objects(screens, screen) if o["role"] == "heading"}

    assert levels("home")["Sharing information about people: decide, record, sign"] == "1"
    assert levels("question (choice)")["Is anyone at immediate risk of serious harm?"] == "1"
    review = levels("review")
    assert review["The outcome"] == "1"
    assert review["The law behind this outcome"] == "2"
    assert review["Your answers"] == "2"
    assert review["Lawful basis (UK GDPR Article 6)"] == "3"
    assert levels("details (errors)")["Details for the record"] == "1"
    assert levels("settings")["Settings"] == "1"
    for screen in SCREENS:
        assert all(level in ("1", "2", "3", "4") for level in levels(screen).values()), screen


def test_change_links_and_the_route_are_links_named_with_their_question(screens) -> None:  # type: ignore[no-untyped-def]
    review = [o["name"] for o in _objects(screens, "review") if o["role"] == "link"
              and o["name"].startswith("Change")]
    assert review == ["Change: Is anyone at immediate risk of serious harm?",
                      "Change: Is there a clear and legitimate purpose for sharing?",
                      "Change: What will you share?"]
    route = [o["name"] for o in _objects(screens, "question (text, with the route so far)")
             if o["role"] == "link"]
    assert route == ["Go back to: Is anyone at immediate risk of serious harm?",
                     "Go back to: Is there a clear and legitimate purpose for sharing?"]


def test_the_error_summary_is_links_to_the_fields(screens) -> None:  # type: ignore[no-untyped-def]
    objects = _objects(screens, "details (errors)")
    links = [o for o in objects if o["role"] == "link"]
    assert [o["name"].split(":")[0] for o in links] == ["Case reference", "Review date"]
    assert links[0]["focused"], "the keyboard is on the first mistake's link"
    assert any(o["role"] == "heading" and o["name"] == "Please correct this before signing"
               for o in objects)


def test_the_outcomes_references_are_links_of_their_own_under_headings(screens) -> None:  # type: ignore[no-untyped-def]
    """The law behind an outcome is not anchors inside one rich text (heard as a single
    label): each reference is a link named after it, each section a heading."""
    objects = _objects(screens, "review")
    links = [o for o in objects if o["role"] == "link"]
    law = [o for o in links if not o["name"].startswith("Change: ")]
    assert [o["name"] for o in law] == [
        "UK GDPR Article 6(1)(e) — public task (opens legislation.gov.uk)"]
    assert law[0]["focusable"] and law[0]["description"] == \
        "https://www.legislation.gov.uk/eur/2016/679/article/6"
    headings = [o["name"] for o in objects if o["role"] == "heading"]
    assert headings == ["The outcome", "Status of the rules behind this record",
                        "The law behind this outcome", "Lawful basis (UK GDPR Article 6)",
                        "Your answers"]
    # the keyboard lands on the decision, named with it; no text object holds the law's
    # addresses as words to be read out
    outcome = next(o for o in objects if o["focused"])
    assert outcome["name"] == "The outcome: Share"
    assert not any("https://" in (o["text"] or "") + o["name"] for o in objects)


def test_a_questions_references_are_links_of_their_own_under_headings(screens) -> None:  # type: ignore[no-untyped-def]
    """The help beside a question is not one rich text whose legal links a screen reader
    cannot reach: each reference is a link named after it, each part of the help a heading."""
    objects = _objects(screens, "question (with references)")
    links = [o for o in objects if o["role"] == "link" and not o["name"].startswith("Go back")]
    assert [o["name"] for o in links] == [
        "Information sharing advice for safeguarding practitioners (2024) (opens gov.uk)"]
    assert links[0]["focusable"] and links[0]["description"] == (
        "https://www.gov.uk/government/publications/"
        "safeguarding-practitioners-information-sharing-advice")
    headings = {o["name"]: o.get("attributes", {}).get("level") for o in objects
                if o["role"] == "heading"}
    assert headings["Is there a clear and legitimate purpose for sharing?"] == "1"
    assert headings["The law and guidance"] == "2"
    # the citation is read as words after its link; no text reads an address out
    assert any("HM Government, Information sharing: advice" in o["name"] for o in objects)
    assert not any("https://" in (o["text"] or "") + o["name"] for o in objects)


@pytest.mark.parametrize("screen", ["scenario player (a different outcome)",
                                    "treemap (a question chosen)"])
def test_a_questions_references_elsewhere_are_links_of_their_own(screens, screen: str) -> None:  # type: ignore[no-untyped-def]
    """Where the scenario player's result and the tree map's node page show a question's help
    (here 'purpose', the question read above), each reference is a link of its own, named
    after it, under the help's headings, as beside the question itself."""
    objects = _objects(screens, screen)
    links = [o["name"] for o in objects if o["role"] == "link"]
    assert "Information sharing advice for safeguarding practitioners (2024) (opens gov.uk)" \
        in links
    assert len(links) == len(set(links))
    asked = [o["name"] for o in _objects(screens, "question (with references)")
             if o["role"] == "link" and not o["name"].startswith("Go back")]
    assert set(asked) <= set(links)
    link = next(o for o in objects if o["name"] == asked[0])
    assert link["focusable"] and link["description"].startswith("https://www.gov.uk/")
    assert "The law and guidance" in [o["name"] for o in objects if o["role"] == "heading"]
    assert not any("https://" in (o["text"] or "") + o["name"] for o in objects)


def test_a_register_record_chosen_by_keyboard_is_read_out_whole(screens) -> None:  # type: ignore[no-untyped-def]
    objects = _objects(screens, "register (a record chosen by keyboard)")
    table = [o for o in objects if o["role"] == "table" and o["focused"]]
    assert table and table[0]["name"] == "Records in the register"
    assert "Space adds it to the selection" in table[0]["description"]
    cells = [o for o in objects if o["role"] == "table cell" and o["name"].startswith("Case AT-1: ")]
    assert cells, [o for o in objects if o["role"] == "table cell"][:3]
    assert all("decided by Sam Patel" in c["name"] for c in cells)


def test_people_are_added_and_removed_by_named_controls_and_mistakes_are_read_with_the_field(
        screens) -> None:  # type: ignore[no-untyped-def]
    objects = _objects(screens, "question (people, an error)")
    buttons = [o["name"] for o in objects if o["role"] == "push button"]
    assert [b for b in buttons if b.startswith("Remove")] == [
        "Remove Adult A", "Remove Child 1", "Remove Child 2"]
    assert "Add person" in buttons
    field = next(o for o in objects if o["role"] == "text"
                 and o["name"] == "Label for the next person")
    assert field["focused"], "the keyboard stays in the field with the mistake"
    assert field["description"].startswith("“child 1” is already listed")
    assert "People named so far" in [o["name"] for o in objects if o["role"] == "heading"]


def test_a_question_about_one_person_says_whom_it_is_about(screens) -> None:  # type: ignore[no-untyped-def]
    objects = _objects(screens, "question (about a person)")
    headings = [o["name"] for o in objects if o["role"] == "heading"]
    assert headings.index("About: Adult A") < headings.index(
        "About: Adult A. Which category?")  # the heading, then the question saying it too
    answers = [o for o in objects if o["role"] == "radio button"]
    assert answers and all(o["description"].startswith("About: Adult A.") for o in answers)


def test_the_review_groups_answers_by_person_and_recipient(screens) -> None:  # type: ignore[no-untyped-def]
    objects = _objects(screens, "review (several people)")
    headings = [o["name"] for o in objects if o["role"] == "heading"]
    about = [h for h in headings if h.startswith("About: ")]
    assert about == ["About: Adult A", "About: Child 1", "About: Child 2",
                     "About: The Council"]
    changes = [o["name"] for o in objects if o["role"] == "link"
               and o["name"].startswith("Change: ")]
    assert "Change: Which category? (Child 2)" in changes
    assert len(changes) == len(set(changes))
