"""Console entry point. `--version` answers before the CLI framework is imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"feelwords {__version__}\n")
        return
    from .cli import run

    run()


if __name__ == "__main__":
    main()
