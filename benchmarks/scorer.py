"""The shared evaluation scorer (`shared/eval/score.py`), imported by path: it is a script, not a package."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

DEFAULT_SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"


def load_scorer(path: Path = DEFAULT_SCORER) -> ModuleType:
    spec = importlib.util.spec_from_file_location("cancu_score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot import the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
