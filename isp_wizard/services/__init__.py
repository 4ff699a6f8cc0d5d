"""Sequences of core calls that the GUI and the CLI share, written once."""
