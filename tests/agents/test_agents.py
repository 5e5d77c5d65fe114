"""The Faust agents under Faust's test_context: real agent code and take_events batching, sends captured."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import faust
import orjson
import pytest
from faust.tables.base import Collection

from streams.app import create_app
from streams.pipeline import decode_intermediate, decode_ledger
from streams.settings import Settings
from streams.topics import TopicNames
from tests import articles as A


def _done() -> asyncio.Future[None]:
    fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    fut.set_result(None)
    return fut


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[Any, Any]]]:
    """Capture every topic send and table changelog write instead of producing to a broker."""
    sent: dict[str, list[tuple[Any, Any]]] = {}

    async def send(self: faust.topics.Topic, *, key: Any = None, value: Any = None, **kw: Any) -> Any:
        sent.setdefault(self.get_topic_name(), []).append((key, value))
        return _done()

    def send_changelog(self: Collection, partition: Any, key: Any, value: Any, *a: Any, **kw: Any) -> Any:
        sent.setdefault(f"changelog:{self.name}", []).append((key, value))
        return _done()

    monkeypatch.setattr(faust.topics.Topic, "send", send)
    monkeypatch.setattr(Collection, "send_changelog", send_changelog)
    return sent


@pytest.fixture
def app(tmp_path: Path) -> faust.App:
    s = Settings(
        app_id=f"agents-{uuid.uuid4().hex[:6]}", state_dir=tmp_path, batch_size=10, batch_within_s=0.01
    )
    application = create_app(s, fail_fast=False)
    application.finalize()
    application.conf.store = "memory://"
    application.flow_control.resume()
    return application


async def _drain(sent: dict[str, list[tuple[Any, Any]]], topic: str, n: int) -> list[tuple[Any, Any]]:
    for _ in range(200):
        if len(sent.get(topic, [])) >= n:
            break
        await asyncio.sleep(0.02)
    return sent.get(topic, [])


async def test_prepare_agent_routes_articles_and_dead_letters(
    app: faust.App, captured: dict[str, list[tuple[Any, Any]]]
) -> None:
    agent = app.streams_agents["prepare"]  # type: ignore[attr-defined]
    async with agent.test_context() as ctx:
        await ctx.put(orjson.dumps({"id": "ar1", "source": "wire", "body": A.ARABIC_ECONOMY}), key=b"ar1")
        await ctx.put(b"{broken", key=b"bad1")
        await ctx.put(orjson.dumps({"id": "en1", "source": "wire", "body": A.ENGLISH_SCIENCE}), key=b"en1")
        internal = await _drain(captured, "agents-" + app.conf.id.split("-")[1] + ".internal.dedup-in", 2)
        dlq = await _drain(captured, "articles.dlq", 1)
    keys = sorted(k for k, _ in internal)
    assert keys == [b"ar", b"en"], "the internal topic is keyed by language"
    inter = {decode_intermediate(v).article.id: decode_intermediate(v) for _, v in internal}
    assert inter["ar1"].article.language.code == "ar" and inter["ar1"].article.text
    assert len(dlq) == 1 and orjson.loads(dlq[0][1])["reason"] == "invalid_json"
    # learned boilerplate statistics of source "wire" were persisted to the table's changelog
    assert any(k.endswith(b":wire") for k, _ in captured.get("changelog:boilerplate", []))


async def test_dedup_agent_emits_verdicts_and_replays_redelivery(
    app: faust.App, captured: dict[str, list[tuple[Any, Any]]]
) -> None:
    pipeline = app.streams_pipeline  # type: ignore[attr-defined]
    from streams.pipeline import Origin, encode_intermediate

    def inter(doc_id: str, body: str) -> bytes:
        out = pipeline.prepare(orjson.dumps({"id": doc_id, "body": body}), Origin())
        assert out.intermediate is not None
        return encode_intermediate(out.intermediate)

    agent = app.streams_agents["dedup"]  # type: ignore[attr-defined]
    first = inter("a", A.ARABIC_SPORT)
    async with agent.test_context() as ctx:
        await ctx.put(first, key=b"ar")
        await _drain(captured, "articles.enriched", 1)
        await ctx.put(inter("b", A.ARABIC_SPORT), key=b"ar")
        await ctx.put(first, key=b"ar")  # redelivery of "a"
        await _drain(captured, "articles.enriched", 2)
        dups = await _drain(captured, "articles.duplicates", 1)
    enriched = captured["articles.enriched"]
    assert [k for k, _ in enriched] == [b"a", b"a"] and enriched[0][1] == enriched[1][1]
    assert len(dups) == 1 and orjson.loads(dups[0][1])["dedup"] == {
        "status": "duplicate",
        "original_id": "a",
        "similarity": 1.0,
    }
    ledger_writes = captured["changelog:ledger"]
    assert sorted(k for k, _ in ledger_writes) == [b"a", b"b"], "a redelivery writes nothing new"
    assert decode_ledger(ledger_writes[0][1]).kind == "enriched"


async def test_table_changelogs_recover_what_the_agents_wrote(
    app: faust.App, captured: dict[str, list[tuple[Any, Any]]]
) -> None:
    """Recovery decodes changelog records with the raw codec and rebuilds the table (a restart's path)."""
    from faust.types import TP, Message

    pipeline = app.streams_pipeline  # type: ignore[attr-defined]
    from streams.pipeline import Origin, encode_intermediate

    out = pipeline.prepare(orjson.dumps({"id": "r1", "body": A.ARABIC_SPORT}), Origin())
    assert out.intermediate is not None
    agent = app.streams_agents["dedup"]  # type: ignore[attr-defined]
    async with agent.test_context() as ctx:
        await ctx.put(encode_intermediate(out.intermediate), key=b"ar")
        await _drain(captured, "articles.enriched", 1)
    (key, value), = captured["changelog:ledger"]
    table = app.tables["ledger"]
    tp = TP(table.changelog_topic.get_topic_name(), 0)
    message = Message(tp.topic, 0, 0, 0.0, 0, {}, key, value, None)
    event = await table.changelog_topic.decode(message, propagate=True)
    table.data.clear()
    table.apply_changelog_batch([event])
    assert bytes(table.data[b"r1"]) == value and decode_ledger(value).kind == "enriched"


def test_stall_watchdog_flags_only_partitions_with_lag_and_no_progress() -> None:
    """The watchdog fires for a partition with lag whose offset did not move for the timeout, nothing else."""
    from streams.app import stalled_partitions

    progress: dict[tuple[str, int], tuple[int, float]] = {}
    a, b, c = ("raw", 0), ("raw", 1), ("dedup-in", 3)
    assert stalled_partitions(progress, {a: (10, 5), b: (7, 0), c: (3, 9)}, 0.0, 60) == []
    # a moves, b has no lag, c is stuck
    assert stalled_partitions(progress, {a: (12, 3), b: (7, 0), c: (3, 9)}, 59.0, 60) == []
    assert stalled_partitions(progress, {a: (12, 3), b: (7, 0), c: (3, 9)}, 61.0, 60) == [c]
    # a stuck since it last moved at t=59; c revoked: forgotten
    assert stalled_partitions(progress, {a: (12, 3), b: (7, 0)}, 119.0, 60) == [a]
    assert c not in progress
    assert stalled_partitions(progress, {a: (12, 3)}, 500.0, 0) == [], "0 disables the watchdog"


def test_commit_rule_never_skips_an_unacked_offset(app: faust.App) -> None:
    """Offsets are committed past only once acked, or when the log has no record there (markers)."""
    from faust.types import TP

    from streams.app import SafeSeekConsumer

    c = app.consumer
    assert isinstance(c, SafeSeekConsumer)

    def state(tp: TP, floor: int, committed: int | None, first_fetched: int | None, acked: list[int]) -> None:
        c._floor[tp] = floor
        c._first_fetched.pop(tp, None)
        if first_fetched is not None:
            c._first_fetched[tp] = first_fetched
        c._committed_offset[tp] = committed
        c._acked[tp] = list(acked)
        c._acked_index[tp] = set(acked)

    dropped = TP("raw", 0)  # offset 10 was dropped at a rebalance; Faust alone would commit 13
    state(dropped, floor=10, committed=10, first_fetched=10, acked=[11, 12])
    assert c._new_offset(dropped) is None
    state(dropped, floor=10, committed=10, first_fetched=10, acked=[10, 11, 12])
    assert c._new_offset(dropped) == 13

    fresh = TP("raw", 1)  # nothing committed yet: Faust alone would commit any run
    state(fresh, floor=0, committed=None, first_fetched=0, acked=[3, 4])
    assert c._new_offset(fresh) is None
    state(fresh, floor=0, committed=None, first_fetched=0, acked=[0, 1, 2])
    assert c._new_offset(fresh) == 3

    marker = TP("raw", 2)  # a transaction marker at the committed offset: the first record fetched is 11
    state(marker, floor=10, committed=10, first_fetched=11, acked=[11, 12])
    assert c._new_offset(marker) == 13


def test_topic_declarations_name_every_topic_the_app_consumes(tmp_path: Path) -> None:
    """`ensure_topics` pre-creates the internal topics, so their declared names must be Faust's own."""
    s = Settings(app_id=f"agents-{uuid.uuid4().hex[:6]}", state_dir=tmp_path)
    application = create_app(s, fail_fast=False)
    application.finalize()
    names = TopicNames.from_settings(s)
    changelogs = {table.changelog_topic.get_topic_name() for table in application.tables.values()}
    assert changelogs == set(names.changelogs)
    consumed = {name for agent in application.agents.values() for name in agent.channel.topics}
    assert consumed == {names.raw, names.dedup_in}
