"""Topic creation with explicit configs, and Kafka client settings derived from `Settings`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from typing import Any

from streams.settings import Settings
from streams.topics import TopicNames

log = logging.getLogger(__name__)


def ssl_context(s: Settings) -> ssl.SSLContext | None:
    """An SSL context when the security protocol needs one."""
    if s.kafka_security_protocol not in ("SSL", "SASL_SSL"):
        return None
    ctx = ssl.create_default_context(cafile=str(s.kafka_ssl_cafile) if s.kafka_ssl_cafile else None)
    if s.kafka_ssl_certfile:
        ctx.load_cert_chain(
            str(s.kafka_ssl_certfile), str(s.kafka_ssl_keyfile) if s.kafka_ssl_keyfile else None
        )
    return ctx


def client_kwargs(s: Settings) -> dict[str, Any]:
    """Keyword arguments for aiokafka clients (security settings included, secrets never logged)."""
    kw: dict[str, Any] = {
        "bootstrap_servers": s.kafka_bootstrap,
        "security_protocol": s.kafka_security_protocol,
    }
    ctx = ssl_context(s)
    if ctx is not None:
        kw["ssl_context"] = ctx
    if s.kafka_sasl_mechanism:
        kw["sasl_mechanism"] = s.kafka_sasl_mechanism
        kw["sasl_plain_username"] = s.kafka_sasl_username
        kw["sasl_plain_password"] = (
            s.kafka_sasl_password.get_secret_value() if s.kafka_sasl_password else None
        )
    return kw


TOPIC_CONFIGS: dict[str, dict[str, str]] = {
    "raw": {"retention.ms": str(7 * 86400 * 1000), "max.message.bytes": str(16 * 1024 * 1024)},
    "enriched": {"retention.ms": str(30 * 86400 * 1000), "compression.type": "producer"},
    "duplicates": {"retention.ms": str(30 * 86400 * 1000)},
    "dlq": {"retention.ms": str(90 * 86400 * 1000)},
    "internal": {},
    "changelog": {"cleanup.policy": "compact"},  # as Faust creates a table's changelog
}


async def ensure_topics(s: Settings, extra_languages: tuple[str, ...] = ()) -> list[str]:
    """Create the pipeline's topics (if missing) with the configured partitions and explicit configs.

    The internal ones too: Faust creates them itself at startup, but a worker whose group joins before
    the new topic reaches its metadata is assigned none of its partitions ("Ignoring missing topic") and
    leaves that hop idle until the next metadata refresh, minutes later. Topics that exist before the
    worker starts are in its first metadata.
    """
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    names = TopicNames.from_settings(s)
    wanted = {names.raw: "raw", names.enriched: "enriched", names.duplicates: "duplicates", names.dlq: "dlq"}
    wanted[names.dedup_in] = "internal"
    wanted.update(dict.fromkeys(names.changelogs, "changelog"))
    for code in extra_languages:
        wanted[names.language_topic(code)] = "enriched"
    admin = AIOKafkaAdminClient(**client_kwargs(s))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [
            NewTopic(name, s.topic_partitions, s.topic_replication, topic_configs=TOPIC_CONFIGS[kind])
            for name, kind in wanted.items()
            if name not in existing
        ]
        if new:
            from aiokafka.errors import TopicAlreadyExistsError

            with contextlib.suppress(TopicAlreadyExistsError):  # another worker raced us: fine
                await admin.create_topics(new)
            log.info("created topics", extra={"topics": [t.name for t in new]})
            await _wait_for_leaders(admin, [t.name for t in new])
        return [t.name for t in new]
    finally:
        await admin.close()


async def _wait_for_leaders(admin: Any, topics: list[str], timeout: float = 30.0) -> None:
    """Wait until the broker's metadata shows a leader for every partition of `topics` (at most `timeout`)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        described = await admin.describe_topics(topics)
        ready = {
            t["topic"]
            for t in described
            if not t["error_code"]
            and t["partitions"]
            and all(not p["error_code"] and p["leader"] >= 0 for p in t["partitions"])
        }
        if ready >= set(topics):
            return
        await asyncio.sleep(0.1)
    log.warning("topics still without leaders", extra={"topics": topics, "timeout_s": timeout})
