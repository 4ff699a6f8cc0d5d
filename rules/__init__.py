"""The rules the app ships: installed with it as the package data isp_wizard.shipped_rules.

A council's own rules folder does not need this file.
"""
