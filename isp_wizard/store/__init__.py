"""Drafts, the decision register and exports."""
