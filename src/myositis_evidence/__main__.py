"""`python -m myositis_evidence`: the command-line interface."""

from .cli import main

raise SystemExit(main())
