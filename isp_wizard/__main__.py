"""``python -m isp_wizard``: the same entry point as the ``isp-wizard`` command."""

from isp_wizard.cli import main

raise SystemExit(main())
