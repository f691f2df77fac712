"""JSON Schemas of plan and catalog files, so editors validate YAML as people type."""

from __future__ import annotations

import json
from typing import Any

from ytcs.plans.models import Catalog, Plan

SCHEMA_FILES: dict[str, type[Plan] | type[Catalog]] = {"plan.schema.json": Plan, "catalog.schema.json": Catalog}


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema, generated from the Pydantic models (the single source of truth)."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://ytcs.invalid/schema/{name}"
        out[name] = schema
    return out


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
