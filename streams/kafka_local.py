"""A real single-node Apache Kafka broker (KRaft) from Maven Central jars, for tests and local runs."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

KAFKA_VERSION = "4.1.0"
SCALA_VERSION = "2.13"
LOG4J_VERSION = "2.24.3"

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>streams.local</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_{scala}</artifactId>
      <version>{kafka}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>{log4j}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>{log4j}</version>
    </dependency>
  </dependencies>
</project>
"""

_LOG4J2 = """<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName="{log}">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="file"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.controller" level="WARN"/>
  </Loggers>
</Configuration>
"""


class KafkaLauncherError(RuntimeError):
    """The local broker could not be prepared or started."""


def cache_root() -> Path:
    """Where broker jars and local broker data live (ignored by git)."""
    return Path(os.environ.get("STREAMS_CACHE_DIR", Path.cwd() / ".cache")).resolve()


def _require(tool: str, why: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise KafkaLauncherError(
            f"`{tool}` is not on PATH: {why}. Install a JDK 17+ and Apache Maven 3 "
            "(Debian: `apt-get install openjdk-17-jre-headless maven`), or point "
            "STREAMS_KAFKA_BOOTSTRAP at an existing Kafka cluster."
        )
    return path


def resolve_jars(version: str = KAFKA_VERSION, root: Path | None = None) -> Path:
    """Return a folder with the broker's runtime jars, resolving them with Maven once and caching them."""
    base = (root or cache_root()) / "kafka" / version
    libs = base / "libs"
    marker = libs / ".complete"
    if marker.exists():
        return libs
    _require("java", "the Kafka broker runs on the JVM")
    mvn = _require("mvn", "Maven resolves the official org.apache.kafka jars from Maven Central")
    base.mkdir(parents=True, exist_ok=True)
    # Several test processes or workers may ask at once: one resolves, the others wait.
    with open(base / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            return libs
        pom = base / "pom.xml"
        pom.write_text(_POM.format(scala=SCALA_VERSION, kafka=version, log4j=LOG4J_VERSION))
        tmp = base / "libs.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={tmp}",
            "-DincludeScope=runtime",
        ]
        log.info("resolving Apache Kafka %s jars with Maven (first run only)", version)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise KafkaLauncherError(
                f"Maven could not resolve org.apache.kafka:kafka_{SCALA_VERSION}:{version}:\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            )
        shutil.rmtree(libs, ignore_errors=True)
        tmp.rename(libs)
        marker.write_text(version)
    return libs


def free_port() -> int:
    """Return a TCP port on loopback that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


async def wait_ready(bootstrap: str, timeout: float = 90.0) -> None:
    """Wait until the broker lists itself and a consumer group can get its coordinator."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    probe = "__streams_ready_probe"
    with quiet_logger("aiokafka"):
        while time.monotonic() < deadline:
            last = await _probe_once(bootstrap, probe)
            if last is None:
                return
            await asyncio.sleep(0.5)
    raise KafkaLauncherError(f"Kafka at {bootstrap} not ready after {timeout:.0f}s: {last!r}")


@contextlib.contextmanager
def quiet_logger(logger: str) -> Iterator[None]:
    """Silence `logger` for the block, around probes that expect failures and report them themselves."""
    log_ = logging.getLogger(logger)
    level = log_.level
    log_.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log_.setLevel(level)


async def _probe_once(bootstrap: str, probe: str) -> BaseException | None:
    """One readiness check: None when a consumer group got its partition, else what failed."""
    from aiokafka import AIOKafkaConsumer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    consumer = None
    try:
        await admin.start()
        if probe not in await admin.list_topics():
            with contextlib.suppress(Exception):
                await admin.create_topics([NewTopic(probe, 1, 1)])
        consumer = AIOKafkaConsumer(
            probe,
            bootstrap_servers=bootstrap,
            group_id="__streams_ready_probe",
            request_timeout_ms=5000,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        await consumer.start()
        # The group coordinator answering (via __consumer_offsets) is what "ready" means for Faust.
        await asyncio.wait_for(consumer.getmany(timeout_ms=200), timeout=10)
        for _ in range(50):
            if consumer.assignment():
                return None
            await consumer.getmany(timeout_ms=200)
        return TimeoutError("the probe consumer got no partition")
    except Exception as exc:  # broker still starting: the caller retries until its deadline
        return exc
    finally:
        if consumer is not None:
            with contextlib.suppress(Exception):
                await consumer.stop()
        with contextlib.suppress(Exception):
            await admin.close()


@dataclass
class LocalKafka:
    """A single-node KRaft broker process on loopback; `start()`/`stop()` or use as a context manager."""

    data_dir: Path | None = None
    port: int = 0
    version: str = KAFKA_VERSION
    heap: str = "512m"
    extra_config: dict[str, str] = field(default_factory=dict)
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, init=False, repr=False)
    controller_port: int = field(default=0, init=False)

    @property
    def bootstrap(self) -> str:
        """The host:port clients connect to."""
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        """The broker's own log."""
        assert self.data_dir is not None
        return self.data_dir / "broker.log"

    def _write_config(self) -> Path:
        assert self.data_dir is not None
        conf = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(self.data_dir / "logs"),
            "num.partitions": "1",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "4",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "true",
            "message.max.bytes": str(16 * 1024 * 1024),
            "log.segment.bytes": str(64 * 1024 * 1024),
        }
        conf.update(self.extra_config)
        path = self.data_dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in conf.items()))
        (self.data_dir / "log4j2.xml").write_text(_LOG4J2.format(log=self.log_file))
        return path

    def start(self, timeout: float = 90.0) -> LocalKafka:
        """Resolve jars, format storage if new, start the broker and wait until it is ready."""
        java = _require("java", "the Kafka broker runs on the JVM")
        libs = resolve_jars(self.version)
        if self.data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="streams-kafka-")
            self.data_dir = Path(self._tmp.name)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ports_file = self.data_dir / "ports"
        if ports_file.exists() and not self.port:
            # A restart keeps its ports, so clients that knew the broker find it again.
            self.port, self.controller_port = (int(p) for p in ports_file.read_text().split())
        else:
            self.port = self.port or free_port()
            self.controller_port = free_port()
            ports_file.write_text(f"{self.port} {self.controller_port}")
        props = self._write_config()
        cp = f"{libs}/*"
        if not (self.data_dir / "logs" / "meta.properties").exists():
            cluster_id = str(uuid.uuid4().hex[:22])
            proc = subprocess.run(
                [java, "-cp", cp, "kafka.tools.StorageTool", "random-uuid"], capture_output=True, text=True
            )
            if proc.returncode == 0 and proc.stdout.strip():
                cluster_id = proc.stdout.strip().splitlines()[-1]
            fmt = subprocess.run(
                [
                    java,
                    "-cp",
                    cp,
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    cluster_id,
                    "-c",
                    str(props),
                    "--standalone",
                ],
                capture_output=True,
                text=True,
            )
            if fmt.returncode != 0:
                raise KafkaLauncherError(f"formatting KRaft storage failed: {fmt.stdout}{fmt.stderr}")
        stdout = open(self.data_dir / "broker.out", "ab")  # noqa: SIM115 - owned by the process
        self._proc = subprocess.Popen(
            [
                java,
                f"-Xmx{self.heap}",
                f"-Xms{self.heap}",
                "-XX:+UseG1GC",
                f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.xml'}",
                "-cp",
                cp,
                "kafka.Kafka",
                str(props),
            ],
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stdout.close()
        deadline = time.monotonic() + timeout
        while not _port_open(self.port):
            if self._proc.poll() is not None:
                raise KafkaLauncherError(f"broker exited with {self._proc.returncode}: {self._tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise KafkaLauncherError(f"broker port {self.port} did not open: {self._tail()}")
            time.sleep(0.2)
        try:
            asyncio.run(wait_ready(self.bootstrap, max(10.0, deadline - time.monotonic())))
        except BaseException:
            self.stop()
            raise
        log.info("Kafka %s ready at %s (data in %s)", self.version, self.bootstrap, self.data_dir)
        return self

    def _tail(self) -> str:
        assert self.data_dir is not None
        for name in ("broker.out", "broker.log"):
            p = self.data_dir / name
            if p.exists():
                return p.read_text(errors="replace")[-3000:]
        return ""

    @property
    def pid(self) -> int | None:
        """The broker's process id while it runs."""
        return self._proc.pid if self._proc is not None else None

    def stop(self, timeout: float = 30.0, cleanup: bool = False) -> None:
        """Stop the broker with SIGTERM (SIGKILL after `timeout`); keep its data unless `cleanup`."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
        if cleanup and self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def kill(self) -> None:
        """Kill the broker abruptly (SIGKILL), as a crash would."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def __enter__(self) -> LocalKafka:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop(cleanup=True)


@contextlib.contextmanager
def kafka_for_tests(existing: str | None = None) -> Iterator[str]:
    """Yield a bootstrap address: the given existing cluster, or a fresh local broker stopped afterwards."""
    if existing:
        asyncio.run(wait_ready(existing))
        yield existing
        return
    with LocalKafka() as broker:
        yield broker.bootstrap
