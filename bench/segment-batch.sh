#!/usr/bin/env bash
# Segment intake benchmark (issue 24): POST /v1/batch throughput of the packaged ingest-service, and the CPU per event of
# ingest-service and nats-server (from /proc ticks). Starts the packaged ingest-service as a child JVM on port 18092 on
# a database of its own (c360_ingest_segbench, dropped and created at every run) and the machine's NATS (127.0.0.1:4222,
# subject prefix segbench., stream prefix SEGBENCH_: left in place, within their limits); creates a source by inserting its write key's
# hash (no token needed). The driver (bench/segment-batch.mjs, Node.js without dependencies) sends batches of fresh
# messageIds from keep-alive connections.
#
#   bench/segment-batch.sh [--jar=ingest-service/target/quarkus-app/quarkus-run.jar] [--batch=500] [--concurrency=8]
#                          [--duration=30] [--warmup=5]
set -euo pipefail
cd "$(dirname "$0")/.."

jar="ingest-service/target/quarkus-app/quarkus-run.jar" batch=500 concurrency=8 duration=30 warmup=5 port=18092
for arg in "$@"; do
  case "$arg" in
    --jar=*) jar="${arg#--jar=}" ;;
    --batch=*) batch="${arg#--batch=}" ;;
    --concurrency=*) concurrency="${arg#--concurrency=}" ;;
    --duration=*) duration="${arg#--duration=}" ;;
    --warmup=*) warmup="${arg#--warmup=}" ;;
    *) echo "segment-batch.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "segment-batch.sh: $jar is missing; package ingest-service first" >&2; exit 1; }

db=c360_ingest_segbench
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
log="$(mktemp /tmp/segment-batch.XXXXXX.log)"
java ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port="$port" \
  -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$db" \
  -Dmesh.nats.servers=nats://127.0.0.1:4222 -Dmesh.nats.subject-prefix=segbench. -Dmesh.nats.stream-prefix=SEGBENCH_ \
  -Dmesh.nats.provision=true -Dquarkus.log.level=WARN -jar "$jar" >"$log" 2>&1 &
ingest_pid=$!
cleanup() {
  kill "$ingest_pid" 2>/dev/null || true
  wait "$ingest_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "ingest-service did not get ready; see $log" >&2; exit 1; }

key="c360wk_bench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
psql -h 127.0.0.1 -U postgres -d "$db" -qc "INSERT INTO segment_sources (id, tenant, name, key_hash, created_by)
  VALUES (gen_random_uuid(), 'acme', 'bench', decode('$hash', 'hex'), 'bench')" >/dev/null

nats_pid="$(ss -ltnpH 'sport = :4222' 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)"
if [ -z "$nats_pid" ] || [ "$(cat "/proc/$nats_pid/comm" 2>/dev/null)" != nats-server ]; then
  nats_pid="$(pgrep -x nats-server | head -n 1 || true)"
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; ingest pid $ingest_pid, nats-server pid ${nats_pid:-unknown}"
URL="http://127.0.0.1:$port" WRITE_KEY="$key" BATCH="$batch" CONCURRENCY="$concurrency" DURATION="$duration" \
  WARMUP="$warmup" INGEST_PID="$ingest_pid" NATS_PID="$nats_pid" CLK_TCK="$(getconf CLK_TCK)" node bench/segment-batch.mjs
