import sys

from klynge.cli import main

# Guarded: worker processes started with "spawn" import this module again under another name.
if __name__ == "__main__":
    sys.exit(main())
