"""Read a TOML table into a frozen dataclass, strictly.

An unknown key, a wrong type or an impossible value is a
:class:`~tracker.domain.errors.ConfigError` naming the key; a section's own
``__post_init__`` raises :class:`~tracker.domain.errors.ConfigValueError`, which is given
the section's prefix here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from tracker.domain.errors import ConfigError, ConfigValueError

T = TypeVar("T")


def _type_name(tp: Any) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
    if tp in names:
        return names[tp]
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        return "a list"
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type_name(a) for a in typing.get_args(tp) if a is not type(None))
    return getattr(tp, "__name__", str(tp))


def _coerce(key: str, value: Any, tp: Any) -> Any:
    """Check ``value`` against ``tp`` (TOML types only); ints are accepted as floats."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(key, value, arg)
            except ConfigError:
                continue
        raise ConfigError(key, f"must be {_type_name(tp)}, not {value!r}")
    if origin in (list, tuple):
        (item_tp, *_) = typing.get_args(tp) or (Any,)
        if not isinstance(value, list):
            raise ConfigError(key, f"must be a list, not {value!r}")
        items = [_coerce(f"{key}[{i}]", v, item_tp) for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if tp is Any:
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, f"must be true or false, not {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(key, f"must be a number, not {value!r}")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(key, f"must be a whole number, not {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(key, f"must be a string, not {value!r}")
        return value
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise ConfigError(key, "must be a table")
        return load_section(tp, value, key)
    raise ConfigError(key, f"has an unsupported type {tp!r}")  # pragma: no cover


def load_section(cls: type[T], table: Mapping[str, Any], prefix: str) -> T:
    """Build dataclass ``cls`` from a TOML table, strictly; every bad key is reported."""
    if not isinstance(table, Mapping):
        raise ConfigError(prefix, "must be a table ([section])")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    problems: list[ConfigError] = []
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if key not in fields:
            known = ", ".join(sorted(fields))
            problems.append(ConfigError(full, f"unknown key (known keys: {known})"))
            continue
        try:
            kwargs[key] = _coerce(full, value, hints[key])
        except ConfigError as exc:
            problems.extend(exc.problems)
    for name, f in fields.items():
        if (
            name not in table
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ):
            problems.append(ConfigError(f"{prefix}.{name}" if prefix else name, "is required"))
    if problems:
        raise ConfigError.collect(problems)
    try:
        return cls(**kwargs)
    except ConfigValueError as exc:
        raise ConfigError(f"{prefix}.{exc.key}" if prefix else exc.key, exc.problem) from exc
