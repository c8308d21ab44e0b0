"""Errors that stop a whole file from loading. Row-level problems are quarantined, not raised."""


class LandingFileError(Exception):
    """A landing file cannot be loaded at all; the message names the file (and line or column)."""
