"""`python -m api.cli` runs the same entry point as the `cancu` console script."""
from api.cli import main

raise SystemExit(main())
