"""Pages other than the walk's own meet a decision about several people: the tree map lights
each node of the route once (a person's questions are one node, however many people), and the
scenario player names an answer given about one person."""

from __future__ import annotations

from gui_driving import start_household


def _answer(page, value) -> None:  # type: ignore[no-untyped-def]
    page.input.set_value(value)
    page.next_button.click()


def test_the_tree_map_lights_a_person_s_questions_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = start_household(window)
    for value in ("public-task", ["Adult A", "Child 1"], "adult", "yes", "child"):
        _answer(page, value)
    session = window.walk.session
    assert session.current_key == "child-harm@Child 1"
    window.ctx.pack.trees["household"] = session.tree  # as if the rules held it
    treemap = window.show_page("treemap")
    view = treemap.panel.view
    assert view.route == ["basis", "household", "category", "adult-crime", "child-harm"]
    assert view.current == "child-harm"


def test_the_scenario_player_names_an_answer_about_one_person(window) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.pages.scenarios import _labels

    page = start_household(window)
    for value in ("public-task", ["Adult A", "Child 1"], "adult"):
        _answer(page, value)
    session = window.walk.session
    assert _labels(session, "category@Adult A", "adult") == "Adult"
