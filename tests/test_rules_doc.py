"""docs/rules.md names the one function of each rule: every name it gives must exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(dotted)


def test_every_function_named_in_the_rules_exists() -> None:
    names = re.findall(r"`(tracker\.[\w.]+)`", RULES.read_text(encoding="utf-8"))
    assert len(names) >= 25, "the rules table lost its function column"
    for name in names:
        assert callable(_resolve(name)) or isinstance(_resolve(name), property), name
