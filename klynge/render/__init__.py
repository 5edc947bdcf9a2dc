"""Built-in renderer for a documented subset of Quarto (Jupyter engine, html + typst).

Used because real Quarto is not installable everywhere; it renders the same
sources to the same site layout. Public API: ``render_project`` and ``RenderError``.
"""

from .site import (BuildResult, BuildRunning, Refused, RefusedLink, RenderError, build_project, render_project,
                   unsupported_constructs)

__all__ = ["BuildResult", "BuildRunning", "Refused", "RefusedLink", "RenderError", "build_project", "render_project",
           "unsupported_constructs"]
