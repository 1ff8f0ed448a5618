"""zccheck: eligibility and material-completeness checker for Chinese professional-title applications."""

__version__ = "0.1.0"
