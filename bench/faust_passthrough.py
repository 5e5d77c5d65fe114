"""The issue's naive Faust pass-through agent, as a worker: `python -m bench.faust_passthrough worker`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import faust


def create_app() -> faust.App:
    """A tiny Faust app: one agent that sends every value on, one `await send` per message."""
    env = os.environ
    app = faust.App(
        env["BENCH_APP_ID"],
        broker=f"kafka://{env['BENCH_BOOTSTRAP']}",
        store="memory://",
        datadir=env["BENCH_DATADIR"],
        web_enabled=False,
        topic_partitions=int(env.get("BENCH_PARTITIONS", "4")),
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,  # the same durability as the pipeline's producer, so the comparison is fair
        logging_config=None,
    )
    # Raw serializers: the cheapest Faust can do, so the baseline measures framework cost, not JSON.
    source = app.topic(env["BENCH_IN"], key_type=bytes, value_type=bytes, key_serializer="raw",
                       value_serializer="raw")
    out = app.topic(env["BENCH_OUT"], key_type=bytes, value_type=bytes, key_serializer="raw",
                    value_serializer="raw")
    ready_file = Path(env["BENCH_READY_FILE"])

    @app.agent(source, name="passthrough")
    async def passthrough(stream: faust.StreamT[bytes]) -> None:
        async for v in stream:
            await out.send(value=v)

    @app.on_partitions_assigned.connect  # type: ignore[arg-type]
    async def _assigned(app: faust.App, assigned: Any, **kwargs: Any) -> None:
        # The benchmark loads the input only once the worker owns its partitions.
        if any(tp.topic == source.get_topic_name() for tp in assigned):
            ready_file.write_text(str(len(assigned)))

    return app


app = create_app() if "BENCH_APP_ID" in os.environ else None

if __name__ == "__main__":
    assert app is not None, "set BENCH_APP_ID, BENCH_BOOTSTRAP, BENCH_IN, BENCH_OUT, BENCH_DATADIR, ..."
    app.main()
