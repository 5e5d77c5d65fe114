"""The published JSON Schemas match the code, and real records validate against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import orjson
import pytest

from streams.pipeline import Origin, Pipeline
from streams.schema import json_schemas
from streams.settings import Settings
from tests import articles as A

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "streams" / "schemas"


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_published_schema_files_are_current(name: str) -> None:
    on_disk = json.loads((SCHEMA_DIR / name).read_text())
    assert on_disk == json.loads(json.dumps(json_schemas()[name])), "run `make schemas`"


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        (
            orjson.dumps({"id": "1", "source": "s", "body": A.ARABIC_SPORT, "title": "مباراة"}),
            "enriched_article.schema.json",
        ),
        (b"{oops", "dead_letter.schema.json"),
    ],
)
def test_records_validate(value: bytes, schema: str) -> None:
    out = Pipeline(Settings()).run_one(value, Origin(), {})
    jsonschema.validate(orjson.loads(out.value), json_schemas()[schema])


def test_input_schema_accepts_minimal_and_rejects_missing_body() -> None:
    s = json_schemas()["raw_article.schema.json"]
    jsonschema.validate({"body": "x"}, s)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x"}, s)
