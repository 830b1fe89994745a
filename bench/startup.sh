#!/usr/bin/env bash
# JVM start-up time (process start -> /q/health/ready answers 200) and RSS once ready, per service, each started
# alone so the figures do not include the others' start-up. Needs the infrastructure (./mesh up or ./mesh test
# starts it) and packaged services (./mvnw package -DskipTests). Runs on ports 1808x with its own subject and
# stream prefix, so it does not disturb a running mesh.
#   bench/startup.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
declare -A port=([ingest]=18081 [profile]=18082 [enrichment]=18083 [aggregator]=18080)

printf '%-12s %6s %12s %12s %10s\n' service round ready_ms started_in rss_mib
for service in ingest profile enrichment aggregator; do
  for round in $(seq 1 "$rounds"); do
    log="$(mktemp)"
    start_ns=$(date +%s%N)
    java -Dquarkus.http.port="${port[$service]}" -Dmesh.nats.subject-prefix=bench. -Dmesh.nats.stream-prefix=BENCH_ -Dmesh.nats.provision=true \
      -jar "$service-service/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:${port[$service]}/q/health/ready"; do
      kill -0 "$pid" 2>/dev/null || { echo "$service died:"; tail -20 "$log"; exit 1; }
      sleep 0.05
    done
    ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
    started=$(grep -o 'started in [0-9.]*s' "$log" | awk '{print $3}')
    printf '%-12s %6s %12s %12s %10s\n' "$service" "$round" "$ready_ms" "$started" "$rss"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -f "$log"
  done
done
