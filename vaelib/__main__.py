"""Run the command line: ``python -m vaelib <command>`` (the library's commands and the course's)."""

from vaelib.course.commands import main

raise SystemExit(main())
