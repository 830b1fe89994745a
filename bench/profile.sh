#!/usr/bin/env bash
# profile-service benchmark: write path (normalized events/s applied to the store) against PostgreSQL COPY of the same
# rows in the same run, and p99 of every 360-section endpoint at a constant 500 requests/s on a store of 100,000
# customers and 5,000,000 events (seeded once by SQL into c360_profile_bench_read, kept for later runs).
# Starts the packaged profile-service itself as a child JVM on port 18192 with the subject prefix bench. and the stream
# prefix BENCH_, on databases of its own (c360_profile_bench_write, recreated each run; c360_profile_bench_read), so a
# running mesh is not disturbed. Needs PostgreSQL, NATS and Keycloak (started here when they are not running) and a
# packaged profile-service (profile-service/target/quarkus-app/quarkus-run.jar).
# Results: bench/results/profile-<timestamp>.csv, -read.hgrm, -read.png and the child's logs.
#   bench/profile.sh [--phases=write,copy,read] [--events=100000] [--customers=10000] [--rate=500] [--duration=60] ...
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/infra.sh

# shellcheck source=build.sh
. bench/build.sh
ensure_bench_built
jar="profile-service/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ]; then
  echo "profile.sh: $jar is missing; package it first (./mvnw -B -q -pl common,profile-service -am package -DskipTests)" >&2
  exit 1
fi

ensure_postgres >/dev/null
ensure_nats >/dev/null
ensure_keycloak >/dev/null
BENCH_TOKEN="$(get_token acme-viewer)"
export BENCH_TOKEN

exec java ${BENCH_JAVA_OPTS:-} -cp "$bench_classpath" io.customer360.bench.profile.ProfileBenchmark "$@"
