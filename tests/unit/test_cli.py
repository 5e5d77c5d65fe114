"""The `streams` command line: enrich keeps one output line per input line, in order; schemas; help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from streams.cli import build_parser, main
from tests import articles as A


def _lines() -> list[bytes]:
    return [
        orjson.dumps({"id": "1", "source": "a", "body": A.ARABIC_ECONOMY}),
        b"{not json",
        orjson.dumps({"id": "2", "source": "b", "body": A.ARABIC_ECONOMY}),
        orjson.dumps({"id": "3", "source": "c", "body": A.CHINESE_TECH}),
        b"",
        orjson.dumps({"id": "4", "body": 7}),
        orjson.dumps({"id": "5", "source": "d", "body": A.PERSIAN_CULTURE, "language": "ar"}),
    ]


def test_enrich_files_one_line_per_input_in_order(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"\n".join(_lines()) + b"\n")
    assert main(["enrich", "--input", str(src), "--output", str(dst)]) == 0
    out = [orjson.loads(x) for x in dst.read_bytes().splitlines()]
    assert len(out) == len(_lines())
    assert [o.get("id") for o in out] == ["1", None, "2", "3", None, "4", "5"]
    assert [o.get("reason") for o in out] == [
        None,
        "invalid_json",
        None,
        None,
        "invalid_json",
        "bad_field_type",
        None,
    ]
    assert out[2]["dedup"] == {"status": "duplicate", "original_id": "1", "similarity": 1.0}
    assert out[3]["language"]["code"] == "zh"
    assert out[6]["language"]["code"] == "fa" and out[6]["language"]["hint"] == "ar"


def test_enrich_stdin_stdout_matches_file_mode(tmp_path: Path) -> None:
    data = b"\n".join(_lines()) + b"\n"
    proc = subprocess.run(
        [sys.executable, "-m", "streams.cli", "enrich"],
        input=data,
        capture_output=True,
        timeout=120,
        check=True,
    )
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    main(["enrich", "--input", str(src), "--output", str(dst)])
    strip = [{k: v for k, v in orjson.loads(x).items() if k != "time"} for x in proc.stdout.splitlines()]
    again = [{k: v for k, v in orjson.loads(x).items() if k != "time"} for x in dst.read_bytes().splitlines()]
    # identical except where the dead letter names its source (stdin vs file)
    for a, b in zip(strip, again, strict=True):
        a.pop("source_topic", None)
        b.pop("source_topic", None)
        assert a == b


@pytest.mark.parametrize(
    "command", ["worker", "publish", "tail", "enrich", "replay", "dev", "kafka", "schemas", "corpus"]
)
def test_every_command_has_help(command: str) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as exc:
        parser.parse_args([command, "--help"])
    assert exc.value.code == 0


def test_schemas_command_writes_files(tmp_path: Path) -> None:
    assert main(["schemas", "--output", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {
        "raw_article.schema.json",
        "enriched_article.schema.json",
        "dead_letter.schema.json",
    }
