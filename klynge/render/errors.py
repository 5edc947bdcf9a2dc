"""The engine's errors: each ``str()`` is one line a user can act on."""

from __future__ import annotations


class RenderError(Exception):
    """Rendering failed. ``str()`` is one line naming the document (and cell) and the error."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


class BuildRunning(RenderError):
    """Another build holds the project's build lock."""


class RefusedLink(RenderError):
    """A page links to a file it may not publish; ``target`` is the link as the page has it."""

    def __init__(self, message: str, target: str = ""):
        super().__init__(message)
        self.target = target

    def __reduce__(self):  # it crosses from a worker process with its target
        return (type(self), (str(self), self.target))


class Refused(RenderError):
    """A document uses a construct the built-in engine does not render as Quarto does; ``str()``
    is the one line ``not supported by the built-in engine: … (file:line); render with Quarto``."""
