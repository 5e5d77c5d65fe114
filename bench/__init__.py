"""Benchmark of the streams worker on a real Kafka broker (`python -m bench.run`)."""
