#!/usr/bin/env bash
# aggregator-service benchmark (issue 6): p99 of the 360 view GET /api/v1/customer-360/{id} at a constant 500 requests/s,
# uncached (customers never asked before in the run; target <= 50 ms) and cached (a warmed hot set; target <= 5 ms), and
# in the same run a bare fan-out baseline: the providers' own calls to profile-service and enrichment-service, issued in
# parallel by the harness with the same token (target: uncached p99 <= 1.2x its p99). The uncached and baseline phases
# also run at lower rates (--knee-rates, default 10,25,50,75,100) to show where the machine saturates. Constant-rate schedules,
# latency from each request's intended send time (HdrHistogram, no coordinated omission); CPU of every child per phase.
#
# Starts what it needs: PostgreSQL, Redis, NATS and Keycloak if stopped (scripts/infra.sh); the packaged profile-service
# (port 18292, on the read store c360_profile_bench_read of bench/profile.sh: 100,000 acme customers, 5,000,000 events,
# seeded by SQL the first time, 3 to 5 minutes, and kept), enrichment-service (18293, database c360_enrichment_bench,
# Redis database 11, a sealing key of the run) and aggregator-service (18290, database c360_aggregator_bench, Redis
# database 10) as child JVMs with the NATS prefixes benchagg./BENCHAGG_ (deleted at the end), so a running mesh is not
# disturbed. Token: a real Keycloak token of acme-viewer (get_token), renewed by the harness during long runs.
# The three services must be packaged (./mvnw -B -q -pl common,aggregator-service,profile-service,enrichment-service
# install -DskipTests). Results: bench/results/aggregator-<timestamp>.csv, -<phase>-<rate>.hgrm, -<phase>-500.png, logs.
#   bench/aggregator.sh [--rate=500] [--knee-rates=10,25,50,75,100] [--duration=60] [--warmup=20] [--hot=200]
#                       [--phases=baseline,uncached,cached] [--cache-ttl=10m] [--in-flight=256] [--max-lag=30]
#                       ["--aggregator-props=quarkus.redis.max-pool-size=32 ..."] [--help] ...
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/infra.sh
. scripts/infra.sh

# shellcheck source=build.sh
. bench/build.sh
ensure_bench_built
for service in profile-service enrichment-service aggregator-service; do
  jar="$service/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] && ! printf '%s\n' "$@" | grep -q -- "--${service%-service}-jar="; then
    echo "aggregator.sh: $jar is missing; package it first (./mvnw -B -q -pl common,aggregator-service,profile-service,enrichment-service install -DskipTests)" >&2
    exit 1
  fi
done

ensure_postgres >/dev/null
ensure_redis >/dev/null
ensure_nats >/dev/null
ensure_keycloak >/dev/null
BENCH_TOKEN="$(get_token acme-viewer)"
export BENCH_TOKEN

exec java ${BENCH_JAVA_OPTS:-} -cp "$bench_classpath" io.customer360.bench.aggregator.AggregatorBenchmark "$@"
