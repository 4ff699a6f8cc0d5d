"""Text from files made safe to print on a terminal (see ``isp_wizard.printable``, which the
services and the GUI use too)."""

from isp_wizard.printable import safe, shown

__all__ = ["safe", "shown"]
