from klynge.cli import koer

# Guarded: worker processes started with "spawn" import this module again under another name.
if __name__ == "__main__":
    koer()
