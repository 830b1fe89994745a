#!/usr/bin/env bash
# Segment intake benchmark (issue 24): POST /v1/batch throughput of the packaged ingest-service, and the CPU per event of
# ingest-service and nats-server (from /proc ticks). Starts the packaged ingest-service as a child JVM on port 18092 on
# a database of its own (c360_ingest_segbench, dropped and created at every run) and a nats-server of its own (JetStream,
# no accounts, a free port, a fresh store in a temporary directory removed afterwards: every run starts from empty
# streams, so runs compare); creates a source by inserting its write key's hash (no token needed). The driver (bench/segment-batch.mjs, Node.js without dependencies) sends batches of fresh
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

store="$(mktemp -d /tmp/segment-batch-nats.XXXXXX)"
nats_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$store" >"$store.log" 2>&1 &
nats_pid=$!
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$nats_port") 2>/dev/null && break
  sleep 0.1
done

db=c360_ingest_segbench
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
log="$(mktemp /tmp/segment-batch.XXXXXX.log)"
java ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port="$port" \
  -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$db" \
  -Dmesh.nats.servers="nats://127.0.0.1:$nats_port" \
  -Dmesh.nats.provision=true -Dquarkus.log.level=WARN -jar "$jar" >"$log" 2>&1 &
ingest_pid=$!
cleanup() {
  kill "$ingest_pid" 2>/dev/null || true
  wait "$ingest_pid" 2>/dev/null || true
  kill "$nats_pid" 2>/dev/null || true
  wait "$nats_pid" 2>/dev/null || true
  rm -rf "$store" "$store.log"
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

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; ingest pid $ingest_pid, nats-server pid ${nats_pid:-unknown}"
URL="http://127.0.0.1:$port" WRITE_KEY="$key" BATCH="$batch" CONCURRENCY="$concurrency" DURATION="$duration" \
  WARMUP="$warmup" INGEST_PID="$ingest_pid" NATS_PID="$nats_pid" CLK_TCK="$(getconf CLK_TCK)" node bench/segment-batch.mjs
