"""Secrets never reach logs or reprs; the metrics endpoint binds exactly where it is configured."""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams.admin import client_kwargs
from streams.app import WorkerState, broker_credentials, serve_http
from streams.logs import JsonFormatter
from streams.metrics import Metrics
from streams.settings import Settings
from tests.integration.harness import unique_env

SECRET = "s3cr3t-Pa55w0rd-do-not-log"


def _sasl_env(bootstrap: str = "127.0.0.1:9092") -> dict[str, str]:
    return {
        "STREAMS_KAFKA_BOOTSTRAP": bootstrap,
        "STREAMS_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "STREAMS_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "STREAMS_KAFKA_SASL_USERNAME": "streams-user",
        "STREAMS_KAFKA_SASL_PASSWORD": SECRET,
    }


def test_password_hidden_in_repr_str_dump_and_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in _sasl_env().items():
        monkeypatch.setenv(k, v)
    s = Settings()
    assert s.kafka_sasl_password is not None and s.kafka_sasl_password.get_secret_value() == SECRET
    for text in (repr(s), str(s), s.model_dump_json(), str(s.model_dump()), repr(s.kafka_sasl_password)):
        assert SECRET not in text
    assert "**********" in repr(s)
    creds = broker_credentials(s)
    assert creds is not None and SECRET not in repr(creds) and SECRET not in str(creds)
    # the clients do need it: it is handed over, not printed
    assert client_kwargs(s)["sasl_plain_password"] == SECRET


def test_json_log_lines_mask_settings_passed_as_extra() -> None:
    s = Settings(**{k.removeprefix("STREAMS_").lower(): v for k, v in _sasl_env().items()})  # type: ignore[arg-type]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("streams.test_security")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        log.info("starting with %s", s, extra={"settings": s, "password": s.kafka_sasl_password})
        try:
            raise RuntimeError(f"cannot connect with {s!r}")
        except RuntimeError:
            log.exception("connect failed", extra={"credentials": broker_credentials(s)})
    finally:
        log.removeHandler(handler)
    out = stream.getvalue()
    assert out.count("\n") == 2 and orjson.loads(out.splitlines()[0])["message"].startswith("starting with")
    assert "streams-user" in out  # the username is not a secret; it proves the settings were rendered
    assert SECRET not in out


@pytest.mark.integration
def test_worker_with_failing_sasl_never_logs_the_password(kafka_bootstrap: str, tmp_path: Path) -> None:
    """A worker that cannot authenticate (SASL against a PLAINTEXT listener) logs errors, not the secret."""
    env = {**unique_env(kafka_bootstrap, tmp_path), **_sasl_env(kafka_bootstrap),
           "STREAMS_LOG_LEVEL": "DEBUG", "STREAMS_WORKER_ID": "sasl-probe"}
    proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=12)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    text = out.decode(errors="replace")
    assert "sasl" in text.lower(), text[-3000:]  # it did try to authenticate
    assert SECRET not in text
    assert SECRET.encode().hex() not in text


def _listening(port: int) -> set[str]:
    """Local addresses (IPv4 hex as in /proc/net/tcp) with a socket listening on `port`."""
    out = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":  # 0A = LISTEN
            out.add(socket.inet_ntoa(bytes.fromhex(addr)[::-1]))
    return out


class _App:
    """The two attributes serve_http reads from a Faust app."""

    rebalancing = False


async def _serve_and_probe(s: Settings, metrics: Metrics, state: WorkerState) -> dict[str, Any]:
    task = asyncio.create_task(serve_http(_App(), s, metrics, state))  # type: ignore[arg-type]
    port_file = s.worker_state_dir / "metrics.port"
    try:
        for _ in range(100):
            if port_file.exists() and metrics.registry.get_sample_value("streams_worker_up") == 1:
                break
            await asyncio.sleep(0.05)
        port = int(port_file.read_text())

        def fetch(path: str) -> tuple[int, bytes]:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()

        result: dict[str, Any] = {"port": port, "listening": _listening(port)}
        for path in ("/metrics", "/healthz", "/readyz"):
            result[path] = await asyncio.to_thread(fetch, path)
        state.assigned = True
        result["/readyz assigned"] = await asyncio.to_thread(fetch, "/readyz")
        return result
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_metrics_endpoint_binds_the_configured_host_and_port(tmp_path: Path) -> None:
    port = _free_port()
    s = Settings(metrics_host="127.0.0.1", metrics_port=port, state_dir=tmp_path, worker_id="bind-test")
    s.worker_state_dir.mkdir(parents=True)
    metrics = Metrics()
    r = asyncio.run(_serve_and_probe(s, metrics, WorkerState()))
    assert r["port"] == port
    assert r["listening"] == {"127.0.0.1"}, "bound beyond the configured loopback address"
    status, body = r["/metrics"]
    assert status == 200 and b"streams_worker_up 1.0" in body
    assert r["/healthz"][0] == 200 and orjson.loads(r["/healthz"][1])["worker_id"] == "bind-test"
    assert r["/readyz"][0] == 503 and r["/readyz assigned"][0] == 200
    assert metrics.registry.get_sample_value("streams_worker_up") == 0  # set back to 0 when the server stops


def test_metrics_port_zero_picks_a_free_port_and_writes_it(tmp_path: Path) -> None:
    s = Settings(metrics_host="0.0.0.0", metrics_port=0, state_dir=tmp_path, worker_id="any-port")
    s.worker_state_dir.mkdir(parents=True)
    r = asyncio.run(_serve_and_probe(s, Metrics(), WorkerState()))
    assert r["port"] > 0 and (tmp_path / "any-port" / "metrics.port").read_text() == str(r["port"])
    assert r["listening"] == {"0.0.0.0"}
    assert r["/healthz"][0] == 200

