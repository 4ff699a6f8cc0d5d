"""Walking a tree: the Session, headless walks, scenarios and decision tables."""

from isp_wizard.engine.session import Outcome, Session, Step
from isp_wizard.engine.walk import walk

__all__ = ["Outcome", "Session", "Step", "walk"]
