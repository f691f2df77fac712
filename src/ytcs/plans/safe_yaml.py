"""Plans, first step: a safe YAML reader that remembers where every key and value stands.

PyYAML alone is not enough for files people edit by hand and CI checks:
it silently keeps the last of two duplicate keys, expands aliases (a 300-byte alias bomb takes minutes),
and reads YAML 1.1 surprises (`no` as False, `010` as 8) without a word. This reader composes the
node tree itself, so each of those becomes an issue at its line, and every value keeps its position
for the schema errors reported later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ytcs.diagnostics import InputError, Issue, Severity, issue_at
from ytcs.inputs import read_bounded

MAX_BYTES = 1_000_000

Path_ = tuple[str | int, ...]

# YAML 1.1 reads these plain scalars as something their author rarely meant.
_AMBIGUOUS_INT = re.compile(r"^[-+]?(0[0-9_]+|0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9]+_[0-9_]*)$")
_AMBIGUOUS_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|.*_.*)$")
_PLAIN_BOOLEANS = {"true", "false"}
# A YAML float that a Vietnamese reader takes for a whole number with a dot between thousands: 1.248, 12.000.
_THOUSANDS = re.compile(r"^[-+]?[1-9][0-9]{0,2}(\.[0-9]{3})+$")
_TEXT = "tag:yaml.org,2002:str"


class _RejectedConstruct(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.mark = mark


class _ComposingLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases before they can expand."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        _refuse_anchor_or_alias(self.peek_event())
        return super().compose_node(parent, index)


@dataclass
class LoadedYaml:
    """A parsed document plus the position (line, column; 1-based) of each value and key by path."""

    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, of_key: bool = False) -> tuple[int, int]:
        """Where `path` stands; falls back to the nearest enclosing object that has a position."""
        marks = self.key_marks if of_key else self.value_marks
        for cut in range(len(path), -1, -1):
            prefix = tuple(path[:cut])
            if prefix in marks:
                return marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return (1, 1)


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Builder:
    """Turns a composed node tree into Python objects, recording positions and issues."""

    def __init__(self, loader: yaml.SafeLoader | yaml.CSafeLoader, display: str) -> None:
        self.loader = loader
        self.display = display
        self.result = LoadedYaml(data=None)
        self.issues: list[Issue] = []

    def issue(self, mark: yaml.Mark | None, path: Path_, message: str, code: str, severity: Severity = "error") -> None:
        line, col = _pos(mark)
        self.issues.append(issue_at(self.display, line, col, severity, format_path(path), message, code))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.result.value_marks[path] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the only other kind of node
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.issue(key_node.start_mark, path, "merge keys (<<) are not allowed: write the keys out", "yaml")
                continue
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.issue(key_node.start_mark, path, f"keys must be plain names; got {key!r}", "yaml")
                continue
            child = (*path, key)
            if key in out:
                self.issue(
                    key_node.start_mark,
                    child,
                    f"duplicate key '{key}' (first at line {first_seen[key]}); YAML would silently keep the last",
                    "duplicate-key",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.result.key_marks[child] = _pos(key_node.start_mark)
            out[key] = self.build(value_node, child)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        surprise = _surprise(node) if not node.style else None  # only plain scalars are resolved implicitly
        if surprise is not None:
            message, code = surprise
            self.issue(node.start_mark, path, message, code)
            return node.value
        if not node.style and node.tag == "tag:yaml.org,2002:float" and _THOUSANDS.match(node.value):
            text = node.value
            message = (
                f"{text} is read as {text}; if the document means {text.replace('.', '')} (a dot between "
                f"thousands, the Vietnamese way), write {text.replace('.', '')}"
            )
            self.issue(node.start_mark, path, message, "vi-number", "warning")
        if node.tag == _TEXT:  # what the constructor gives for text, without its bookkeeping (most scalars are text)
            return node.value
        return self.loader.construct_object(node, deep=True)


def _surprise(node: yaml.ScalarNode) -> tuple[str, str] | None:
    """What a plain scalar's author rarely meant, as (message, code): YAML 1.1 booleans and numbers."""
    text = node.value
    if node.tag == "tag:yaml.org,2002:bool" and text.lower() not in _PLAIN_BOOLEANS:
        return f"'{text}' is read as a boolean by YAML 1.1; write true/false, or quote it if it is text", "yaml-1.1"
    if node.tag == "tag:yaml.org,2002:int" and _AMBIGUOUS_INT.match(text):
        message = (
            f"'{text}' is read as a different number by YAML 1.1 (octal, base 60 or digit groups); "
            "quote it if it is a code, or write the plain number"
        )
        return message, "yaml-1.1"
    if node.tag == "tag:yaml.org,2002:float" and _AMBIGUOUS_FLOAT.match(text):
        return f"'{text}' is an ambiguous number in YAML 1.1; write it plainly", "yaml-1.1"
    return None


def format_path(path: Path_) -> str:
    """`('targets', 3, 'value')` → `targets[3].value`, the way messages name a place."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# libyaml's parser when PyYAML was built with it: the pure-Python scanner costs ~0.1 s per plan file.
_FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _refuse_anchor_or_alias(event: yaml.Event) -> None:
    """Anchors and aliases are refused where they stand, before anything can expand."""
    if isinstance(event, yaml.AliasEvent):
        raise _RejectedConstruct("aliases (*name) are not allowed in plan files: write the value out", event.start_mark)
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise _RejectedConstruct(
            f"anchors (&{anchor}) are not allowed in plan files: write the value out", event.start_mark
        )


def _reject_anchors_and_aliases(text: str) -> None:
    """One pass over libyaml's events, before the document is composed."""
    for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
        _refuse_anchor_or_alias(event)


def load_yaml_text(text: str, display: str) -> tuple[LoadedYaml | None, list[Issue]]:
    """Parse one YAML document; return it with positions, or None and the issues that stopped it."""
    # An anchor starts with '&' and an alias with '*': a text with neither needs no pass looking for them.
    if _FAST_LOADER is not None and ("&" in text or "*" in text):
        try:
            _reject_anchors_and_aliases(text)
        except _RejectedConstruct as exc:
            line, col = _pos(exc.mark)
            return None, [issue_at(display, line, col, "error", "", str(exc), "yaml-alias")]
        except yaml.YAMLError:
            pass  # the composing pass below reports syntax errors with their marks
    loader = _FAST_LOADER(text) if _FAST_LOADER is not None else _ComposingLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(data=None), []
        builder = _Builder(loader, display)
        builder.result.data = builder.build(node, ())
        return builder.result, builder.issues
    except _RejectedConstruct as exc:
        line, col = _pos(exc.mark)
        return None, [issue_at(display, line, col, "error", "", str(exc), "yaml-alias")]
    except yaml.MarkedYAMLError as exc:
        line, col = _pos(exc.problem_mark or exc.context_mark)
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        return None, [
            issue_at(display, line, col, "error", "", f"YAML syntax error: {problem}{context}", "yaml-syntax")
        ]
    except yaml.YAMLError as exc:
        return None, [issue_at(display, 1, 1, "error", "", f"YAML error: {exc}", "yaml-syntax")]
    finally:
        loader.dispose()


def load_yaml_file(path: Path, display: str | None = None) -> tuple[LoadedYaml | None, list[Issue]]:
    """Read and parse a YAML file, refusing what is not a regular file, files over 1 MB (counted as read:
    `/dev/zero` says it holds 0 bytes) and text that is not UTF-8."""
    shown = display or str(path)
    try:
        data = read_bounded(path, MAX_BYTES, shown, "plan files")
    except InputError as error:
        code = "too-large" if "larger than" in error.message else "not-a-file"
        return None, [issue_at(shown, 1, 1, "error", "", error.message, code)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            issue_at(shown, 1, 1, "error", "", f"not UTF-8 text ({exc.reason}); save it as UTF-8", "encoding")
        ]
    return load_yaml_text(text, shown)
