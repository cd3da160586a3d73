"""Run the command line: ``python -m vaelib <command>``."""

from vaelib.cli import main

raise SystemExit(main())
