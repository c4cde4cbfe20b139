"""What a note's frontmatter says: where it ends, its YAML as a mapping, and the fields read
from it (date, tags, kind, distress, privacy)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

from vaultkit.text.plain_yaml import plain_mapping

_FENCE_CLOSE = ("---", "...")


def split_frontmatter(lines: list[str]) -> tuple[str | None, int]:
    """The YAML text and the index of the first body line; (None, 0) when there is none."""
    if not lines or lines[0].rstrip() != "---":
        return None, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FENCE_CLOSE:
            return "\n".join(lines[1:index]), index + 1
    return None, 0


def read_metadata(path: str, yaml_text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The frontmatter as a dict, None when it is not a mapping, and a warning if it is invalid."""
    plain = plain_mapping(yaml_text)
    if plain is not None:
        return plain, None  # the common shape, read as PyYAML would, without it
    # Imported only here: most notes never get this far, and the import costs every start
    # about 30 ms.
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
        data = YAMLHandler().load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return {}, f"{path}{line}: frontmatter is not valid YAML ({problem}); read without it"
    except (ValueError, OverflowError) as exc:
        # Valid YAML that names an impossible value, such as `date: 2026-02-30`.
        failing = _failing_line(yaml_text)
        return {}, (
            f"{path}{f':{failing}' if failing else ''}: frontmatter holds a value that "
            f"cannot be read ({exc}); read without it"
        )
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, None  # e.g. a note that opens with a horizontal rule
    return data, None


def _failing_line(yaml_text: str) -> int | None:
    """The note's line number (1-based, counting the opening ---) of the first frontmatter line
    PyYAML cannot read on its own."""
    import yaml  # see read_metadata

    for index, line in enumerate(yaml_text.split("\n")):
        try:
            yaml.load(line, Loader=yaml.SafeLoader)
        except Exception:
            return index + 2
    return None


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def frontmatter_tags(metadata: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    if "tags" not in metadata and "tag" not in metadata:
        return found
    for key in ("tags", "tag"):
        value = metadata.get(key)
        values = (
            value
            if isinstance(value, list)
            else re.split(r"[,\s]+", value)
            if isinstance(value, str)
            else []
        )
        found.update(str(v).strip().lstrip("#").lower() for v in values if str(v).strip("# "))
    return found


PRIVATE_KINDS = ("letter", "unsent-letter")  # a note of this `type:` is private wherever it is


def is_private_metadata(metadata: dict[str, Any]) -> bool:
    """What a note's (or a template's) frontmatter says of its privacy: `private: true`, or
    a kind kept private wherever it is (an unsent letter)."""
    return metadata.get("private") is True or kind(metadata) in PRIVATE_KINDS


def kind(metadata: dict[str, Any]) -> str:
    value = metadata.get("type")
    return sys.intern(value.strip().lower()) if isinstance(value, str) else ""


def distress(metadata: dict[str, Any], key: str) -> float | None:
    value = as_number(metadata.get(key))
    return value if value is not None and 0 <= value <= 100 else None
