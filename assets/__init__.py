"""Fonts and texts the app ships: installed with it as the package data isp_wizard.shipped_assets."""
