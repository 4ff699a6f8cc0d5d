"""The drawing libraries: the versions records are drawn with, and the ones installed here.

A record's pages are compared with a fresh drawing of its data byte for byte, which holds only
when this installation draws with the same versions of reportlab, python-bidi and
arabic-reshaper as the app that made the record. Those versions live in one file,
``drawing-libraries.txt`` beside this module (pip constraints: ``dev.py`` installs with it), so
``verify`` can tell a page that was changed from a page this installation cannot draw again.
"""

from __future__ import annotations

import re
from importlib import resources

CONSTRAINTS = "drawing-libraries.txt"

# distribution name → (module, attribute holding its version): read from the module itself,
# since a frozen build carries no package metadata
_MODULES = {
    "reportlab": ("reportlab", "Version"),
    "python-bidi": ("bidi", "VERSION"),
    "arabic-reshaper": ("arabic_reshaper", "__version__"),
    "markdown-it-py": ("markdown_it", "__version__"),  # splits guidance into the paragraphs drawn
}
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s#;]+)")


def parse_constraints(text: str) -> dict[str, str]:
    """``name==version`` lines of a pip constraints file (comments and blank lines skipped)."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        found = _PIN.match(line)
        if found:
            pins[found.group(1).lower()] = found.group(2)
    return pins


def drawn_with() -> dict[str, str]:
    """The exact versions records are drawn with (``drawing-libraries.txt``)."""
    text = resources.files("isp_wizard.record").joinpath(CONSTRAINTS).read_text(encoding="utf-8")
    return parse_constraints(text)


def installed_versions() -> dict[str, str]:
    """The versions of the drawing libraries this installation imports."""
    import importlib

    found: dict[str, str] = {}
    for name, (module, attribute) in _MODULES.items():
        try:
            found[name] = str(getattr(importlib.import_module(module), attribute))
        except (ImportError, AttributeError):
            found[name] = "unknown"
    return found


def version_differences() -> list[str]:
    """Each drawing library installed at another version than records are drawn with, as
    "reportlab 5.2.0 (records are drawn with 5.1.0)"; empty when they all agree."""
    here = installed_versions()
    return [f"{name} {here.get(name, 'unknown')} (records are drawn with {version})"
            for name, version in drawn_with().items() if here.get(name) != version]
