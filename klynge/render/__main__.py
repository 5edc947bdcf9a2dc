"""`python -m klynge.render DIR [FILE ...] [-P name:value ...]`: render any Quarto project folder
with the built-in engine, as `quarto render` would (inline expressions Quarto leaves as code are
left as code, with a warning; `--strict` makes them errors)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .site import Refused, RenderError, build_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m klynge.render", description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="the project folder (with _quarto.yml)")
    parser.add_argument("files", nargs="*", help="render only these documents (paths inside the project)")
    parser.add_argument("-P", dest="params", action="append", default=[], metavar="NAME:VALUE",
                        help="a parameter, as quarto render -P")
    parser.add_argument("--strict", action="store_true", help="fail on inline expressions Quarto prints as code")
    parser.add_argument("--force", action="store_true", help="ignore the build cache")
    args = parser.parse_args(argv)
    params = {}
    for item in args.params:
        name, sep, value = item.partition(":")
        if not sep or not name:
            parser.error(f"-P {item}: expected NAME:VALUE")
        params[name] = value
    files = [str((Path.cwd() / f).resolve()) if not Path(f).is_absolute() else f for f in args.files] or None
    try:
        result = build_project(args.project, files=files, params=params or None, force=args.force,
                               strict=args.strict, progress=lambda line: print(line, file=sys.stderr))
    except Refused as exc:  # one line, as it is: the construct, where, and what to do
        print(exc, file=sys.stderr)
        return 1
    except RenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Rendered into {result.out_dir}: {len(result.executed)} executed, {len(result.reused)} unchanged.",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
