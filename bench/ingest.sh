#!/usr/bin/env bash
# Ingest benchmark: raw JetStream baseline, ingest-service throughput + exactly-once, fixed-rate latency (HdrHistogram,
# no coordinated omission). Starts the packaged ingest-service itself as a child JVM on port 18091 with the subject
# prefix bench. and the stream prefix BENCH_, so a running mesh is not disturbed; deletes its BENCH_ streams at the end.
# Needs NATS and PostgreSQL (./mesh up or ./mesh test starts them) and a packaged ingest-service
# (ingest-service/target/quarkus-app/quarkus-run.jar). Results: bench/results/ingest-<timestamp>.{csv,hgrm,png}.
#   bench/ingest.sh [--events=100000] [--rate=2000] [--duration=30] [--warmup=5] [--phases=raw,ingest,latency] ...
#   bench/ingest.sh --help      (all options)
set -euo pipefail
cd "$(dirname "$0")/.."

jar="ingest-service/target/quarkus-app/quarkus-run.jar"
for arg in "$@"; do
  case "$arg" in --jar=*) jar="${arg#--jar=}" ;; esac
done

# Build only this module (never -am: that would rebuild the services); offline first, online if a plugin is missing.
newest_source="$(find bench/pom.xml bench/src -type f -newer bench/target/classes/io/customer360/bench/IngestBenchmark.class 2>/dev/null | head -1 || true)"
if [ ! -f bench/target/classes/io/customer360/bench/IngestBenchmark.class ] || [ ! -d bench/target/lib ] || [ -n "$newest_source" ]; then
  echo "building bench (./mvnw -B -q -pl bench package)"
  ./mvnw -B -q -o -pl bench package 2>/dev/null || ./mvnw -B -q -pl bench package
fi

case " $* " in
  *" --help "*|*" -h "*|*" help "*) ;;
  *)
    if [ ! -f "$jar" ]; then
      echo "ingest.sh: $jar is missing; package ingest-service first (./mvnw -B -q -pl common,ingest-service -am package -DskipTests)" >&2
      exit 1
    fi ;;
esac

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" io.customer360.bench.IngestBenchmark "$@"
