"""`python -m enginelint`."""

from .cli import main

raise SystemExit(main())
