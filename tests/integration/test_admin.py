"""Topic creation on a real broker: every topic a worker consumes exists, with leaders, before it starts."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from streams.admin import ensure_topics
from streams.settings import Settings
from streams.topics import TopicNames

pytestmark = pytest.mark.integration


async def _describe(bootstrap: str, topics: list[str]) -> tuple[list[Any], dict[str, dict[str, str]]]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
        responses = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name) for name in topics]
        )
        configs: dict[str, dict[str, str]] = {}
        for response in responses:
            for _code, _msg, _type, name, entries in response.resources:
                configs[name] = {entry[0]: entry[1] for entry in entries}
        return described, configs
    finally:
        await admin.close()


def test_ensure_topics_creates_public_and_internal_topics_once(kafka_bootstrap: str, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:8]
    s = Settings(
        kafka_bootstrap=kafka_bootstrap,
        app_id=f"admin-{tag}",
        topic_raw=f"a{tag}.raw",
        topic_enriched=f"a{tag}.enriched",
        topic_duplicates=f"a{tag}.duplicates",
        topic_dlq=f"a{tag}.dlq",
        topic_partitions=3,
        state_dir=tmp_path,
    )
    names = TopicNames.from_settings(s)
    wanted = names.public() + names.internal()
    assert len(wanted) == 7 and len(set(wanted)) == 7

    created = asyncio.run(ensure_topics(s))
    assert sorted(created) == sorted(wanted)
    # Returned only once every partition has a leader: a worker starting now sees them all.
    described, configs = asyncio.run(_describe(kafka_bootstrap, wanted))
    for topic in described:
        assert topic["error_code"] == 0, topic
        assert len(topic["partitions"]) == 3, topic
        assert all(p["leader"] >= 0 for p in topic["partitions"]), topic
    for changelog in names.changelogs:
        assert configs[changelog]["cleanup.policy"] == "compact"
    assert configs[names.dedup_in]["cleanup.policy"] == "delete"
    assert configs[names.dlq]["retention.ms"] == str(90 * 86400 * 1000)

    assert asyncio.run(ensure_topics(s)) == []  # a second worker creates nothing
