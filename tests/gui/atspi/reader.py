#!/usr/bin/python3
"""Read the isp-wizard window as a screen reader does (AT-SPI) and print it as JSON.

Run with Debian's own Python (pyatspi is a Debian package, python3-pyatspi): every showing
object of the active window, with its role, name, states, extents and text.
"""

import contextlib
import json
import sys

import pyatspi

APP = sys.argv[1] if len(sys.argv) > 1 else "isp-wizard"


def application():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == APP:
            return app
    return None


def text_of(obj):
    try:
        return obj.queryText().getText(0, -1)
    except Exception:
        return None


def attributes_of(obj):
    """The object's attributes (a heading's "level"), as a screen reader reads them."""
    try:
        pairs = obj.getAttributes()
    except Exception:
        return {}
    return dict(pair.split(":", 1) for pair in pairs if ":" in pair)


def main():
    app = application()
    if app is None:
        print(json.dumps({"error": f"no application called {APP} on the accessibility bus"}))
        return 1
    window = None
    for i in range(app.childCount):
        candidate = app.getChildAtIndex(i)
        if candidate is not None and candidate.getState().contains(pyatspi.STATE_ACTIVE):
            window = candidate
    window = window or app.getChildAtIndex(0)
    found = []

    def walk(obj, depth):
        if obj is None or depth > 60:
            return
        try:
            states = obj.getState()
        except Exception:
            return
        if not (states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)):
            return
        try:
            ext = obj.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            extents = [ext.x, ext.y, ext.width, ext.height]
        except Exception:
            extents = None
        found.append({
            "role": obj.getRoleName(), "name": obj.name or "",
            "description": obj.description or "",
            "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
            "focused": states.contains(pyatspi.STATE_FOCUSED),
            "extents": extents, "text": text_of(obj), "depth": depth,
        })
        if found[-1]["role"] == "heading":
            found[-1]["attributes"] = attributes_of(obj)
        for i in range(obj.childCount):
            with contextlib.suppress(Exception):
                walk(obj.getChildAtIndex(i), depth + 1)

    walk(window, 0)
    print(json.dumps({"window": window.name if window else "", "objects": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
