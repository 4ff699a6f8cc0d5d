"""Every page of the desktop app, in one table: its key, where its class is, and its place in
the navigation bar. The window builds a page the first time it is shown (Home at start-up), so
adding a page is one line here and one :class:`isp_wizard.gui.framework.Page` subclass.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_wizard.gui.framework import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    where: str            # "module:Class"
    nav_label: str = ""   # in the navigation bar, with its Alt letter; "" for the walk's pages

    def load(self) -> type[Page]:
        module, name = self.where.split(":")
        page_class: type[Page] = getattr(importlib.import_module(module), name)
        return page_class


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Qt's marker, typed: pyside6-lupdate files ``text`` under ``context`` (the window
    translates navigation labels as "MainWindow"); the text itself is returned unchanged."""
    return text


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "isp_wizard.gui.pages.home:HomePage",
             QT_TRANSLATE_NOOP("MainWindow", "&Home")),
    PageSpec("register", "isp_wizard.gui.pages.register_view:RegisterPage",
             QT_TRANSLATE_NOOP("MainWindow", "Re&gister")),
    PageSpec("settings", "isp_wizard.gui.pages.settings:SettingsPage",
             QT_TRANSLATE_NOOP("MainWindow", "Se&ttings")),
    PageSpec("scenarios", "isp_wizard.gui.pages.scenarios:ScenarioPlayer",
             QT_TRANSLATE_NOOP("MainWindow", "S&cenarios")),
    PageSpec("treemap", "isp_wizard.gui.pages.treemap_page:MapPage",
             QT_TRANSLATE_NOOP("MainWindow", "Tree &map")),
    PageSpec("rules", "isp_wizard.gui.pages.rules_page:RulesPage",
             QT_TRANSLATE_NOOP("MainWindow", "R&ules")),
    PageSpec("partnership", "isp_wizard.gui.pages.partnership:PartnershipPage",
             QT_TRANSLATE_NOOP("MainWindow", "&Partnership")),
    PageSpec("question", "isp_wizard.gui.pages.question:QuestionPage"),
    PageSpec("review", "isp_wizard.gui.pages.review:ReviewPage"),
    PageSpec("details", "isp_wizard.gui.pages.details:DetailsPage"),
    PageSpec("sign", "isp_wizard.gui.pages.sign:SignPage"),
)
SPECS = {spec.key: spec for spec in PAGES}
