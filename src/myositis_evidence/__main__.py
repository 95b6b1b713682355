"""`python -m myositis_evidence`: the command-line interface."""

from myositis_evidence.cli import main

raise SystemExit(main())
