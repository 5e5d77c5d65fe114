"""Kafka stream-processing ingestion for multilingual news."""

__version__ = "0.1.0"
