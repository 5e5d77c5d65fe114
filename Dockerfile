# streams worker image: `docker build -t streams .`; `docker run streams` runs a worker (ENTRYPOINT streams).
FROM python:3.11-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md LICENSE NOTICE ./
COPY streams ./streams
# The project and its dependencies into /install (some, like pycld2, may need a compiler).
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STREAMS_STATE_DIR=/var/lib/streams \
    STREAMS_METRICS_HOST=0.0.0.0 \
    STREAMS_METRICS_PORT=9108 \
    HOME=/home/streams
RUN groupadd --system --gid 10001 streams \
 && useradd --system --uid 10001 --gid streams --home-dir /home/streams --create-home streams \
 && mkdir -p /var/lib/streams && chown streams:streams /var/lib/streams
COPY --from=build /install /usr/local
# The source tree too, for the sample feed (`streams publish /app/streams/samples/feed.jsonl`).
WORKDIR /app
COPY --chown=streams:streams streams ./streams
USER 10001:10001
EXPOSE 9108
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('STREAMS_METRICS_PORT', '9108') + '/healthz', timeout=2)"
ENTRYPOINT ["streams"]
CMD ["worker"]
