"""Acubiz e-conomic Export: expense postings into an e-conomic cash journal, exactly once."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("acubiz-export")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
