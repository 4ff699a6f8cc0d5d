"""isp-wizard: guided information-sharing decisions with a signed record."""

__version__ = "0.1.0"
