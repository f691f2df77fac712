"""Stage 1–2, load plans: find plan and catalog files, parse them, and map schema errors to their lines.

Nothing here imports pandas: `ytcs validate` runs in every CI job and must start fast.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ytcs.diagnostics import Issue, UsageError, display_path, issue_at
from ytcs.plans.models import Catalog, Indicator, Plan, Variable
from ytcs.plans.safe_yaml import LoadedYaml, Path_, format_path, load_yaml_file

YAML_SUFFIXES = (".yaml", ".yml")
CATALOG_DIR = "catalog"


@dataclass
class PlanFile:
    """A parsed file with what is needed to point back into it."""

    path: Path
    display: str
    loaded: LoadedYaml
    model: Plan | Catalog

    def position(self, location: Path_, *, of_key: bool = False) -> tuple[int, int]:
        return self.loaded.position(location, of_key=of_key)


@dataclass
class PlanSet:
    """Every plan and catalog file read, the merged dictionary and catalog, and the issues found."""

    files: list[PlanFile] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files_read: int = 0

    @property
    def plans(self) -> list[Plan]:
        return [f.model for f in self.files if isinstance(f.model, Plan)]

    @property
    def catalogs(self) -> list[PlanFile]:
        return [f for f in self.files if isinstance(f.model, Catalog)]

    def variables(self, plan: Plan | None = None) -> dict[str, Variable]:
        """The data dictionary, plus a plan's own variables when given (first definition wins)."""
        found: dict[str, Variable] = {}
        for catalog in self.catalogs:
            for variable in catalog.model.variables:
                found.setdefault(variable.id, variable)
        for variable in plan.variables if plan else []:
            found.setdefault(variable.id, variable)
        return found

    def indicators(self, plan: Plan | None = None) -> dict[str, Indicator]:
        """The indicator catalog, plus a plan's own indicators when given (first definition wins)."""
        found: dict[str, Indicator] = {}
        for catalog in self.catalogs:
            for indicator in catalog.model.indicators:
                found.setdefault(indicator.id, indicator)
        for indicator in plan.indicators if plan else []:
            found.setdefault(indicator.id, indicator)
        return found

    def plan(self, plan_id: str) -> Plan:
        for plan in self.plans:
            if plan.id == plan_id:
                return plan
        known = ", ".join(sorted(p.id for p in self.plans)) or "none"
        raise UsageError(f"unknown plan '{plan_id}'; known plans: {known}")


def is_yaml(path: Path) -> bool:
    """A YAML file by its name, in any case: `x.yaml`, `X.YAML`, `x.Yml`."""
    return path.suffix.casefold() in YAML_SUFFIXES


def collect_yaml_files(paths: Sequence[Path]) -> list[Path]:
    """Expand folders into their YAML files (sorted); a path that does not exist is a usage error."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if is_yaml(p) and p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(p.resolve() for p in found))


def find_catalog_files(near: Iterable[Path]) -> list[Path]:
    """The catalog a plan is checked against: the `catalog/` folder beside it or in a parent folder."""
    for start in near:
        for folder in [start if start.is_dir() else start.parent, *start.resolve().parents]:
            candidate = folder / CATALOG_DIR
            if candidate.is_dir():
                return sorted(p.resolve() for p in candidate.rglob("*") if is_yaml(p) and p.is_file())
    return []


def load_plan_set(paths: Sequence[Path]) -> PlanSet:
    """Read every YAML file under `paths`, plus the catalog they rely on; collect every issue."""
    files = collect_yaml_files(paths)
    catalog_files = [p for p in find_catalog_files(paths) if p not in files]
    result = PlanSet()
    for path in [*catalog_files, *files]:
        result.files_read += 1
        display = display_path(path)
        loaded, issues = load_yaml_file(path, display)
        result.issues += issues
        if loaded is None:
            continue
        model = _validate_model(loaded, display, result.issues)
        if model is not None:
            result.files.append(PlanFile(path, display, loaded, model))
    return result


def _validate_model(loaded: LoadedYaml, display: str, issues: list[Issue]) -> Plan | Catalog | None:
    data = loaded.data
    kinds: dict[str, type[Plan] | type[Catalog]] = {"plan": Plan, "catalog": Catalog}
    if not isinstance(data, dict):
        issues.append(
            issue_at(
                display,
                1,
                1,
                "error",
                "",
                "a plan file must be a mapping with `kind: plan` or `kind: catalog` at the top",
                "schema",
            )
        )
        return None
    kind = data.get("kind")
    if kind not in kinds:
        line, col = loaded.position(("kind",)) if "kind" in data else (1, 1)
        issues.append(
            issue_at(display, line, col, "error", "kind", f"`kind` must be 'plan' or 'catalog'; got {kind!r}", "schema")
        )
        return None
    model_class = kinds[kind]
    try:
        return model_class.model_validate(data)
    except ValidationError as exc:
        issues += schema_issues(exc, loaded, display, model_class)
        return None


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """The part of a pydantic `loc` that indexes real data (drops union and validator tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
        else:
            if isinstance(node, dict) and isinstance(part, str) and not path_is_tag(part):
                path.append(part)  # a missing or unknown key still names the place
            break
        path.append(part)
    return tuple(path)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest known name, or nothing."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def path_is_tag(part: str) -> bool:
    return "[" in part or part in {"function-after", "function-before", "function-wrap"}


def _fields_at(model_class: type[BaseModel], path: Path_) -> list[str]:
    """The field names allowed at `path`, for 'did you mean' hints."""
    current: Any = model_class
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = _model_in(info.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _decimal_comma_hint(value: Any) -> str:
    """For '8,25' where a number belongs: the document's decimal comma, to be written the YAML way."""
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+,[0-9]+", value.strip()):
        plain = value.strip().replace(",", ".")
        return f"; plan files write numbers with a decimal point: the document's {value.strip()} is {plain}"
    return ""


def schema_issues(exc: ValidationError, loaded: LoadedYaml, display: str, model_class: type[BaseModel]) -> list[Issue]:
    """One issue per pydantic error, at the line and column of the offending key or value."""
    issues: list[Issue] = []
    for error in exc.errors(include_url=False):
        path = _data_path(loaded.data, tuple(error["loc"]))
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(path[-1])
            allowed = _fields_at(model_class, path)
            message = f"unknown key '{key}'{did_you_mean(key, allowed)}"
            line, col = loaded.position(path, of_key=True)
        elif kind == "missing":
            message = f"missing required key '{path[-1]}'"
            line, col = loaded.position(path[:-1])
        else:
            message = error["msg"].removeprefix("Value error, ")
            if kind not in {"value_error", "assertion_error"}:
                message += f"; got {error['input']!r}{_decimal_comma_hint(error['input'])}"
            line, col = loaded.position(path)
        issues.append(issue_at(display, line, col, "error", format_path(path), message, "schema"))
    return issues
