"""Built-in renderer for a documented subset of Quarto (Jupyter engine, html + typst).

Used because real Quarto is not installable everywhere; it renders the same
sources to the same site layout. Public API: ``render_project`` and ``RenderError``.
"""

from .site import BuildResult, BuildRunning, RefusedLink, RenderError, build_project, render_project

__all__ = ["BuildResult", "BuildRunning", "RefusedLink", "RenderError", "build_project", "render_project"]
