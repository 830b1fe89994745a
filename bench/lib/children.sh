# shellcheck shell=bash
# Packaged services as child JVMs of a CPU benchmark (bench/cpu-per-op.sh, bench/aggregator-cpu.sh): each is copied
# first (a rebuild cannot swap classes under it), started on a port and NATS prefixes of the run with the JVM settings
# of scripts/jvm-options.sh, and stopped, with everything else the script started, when the script exits. Sourced:
#   . bench/lib/children.sh
#   children_init NAME                 a work folder (/tmp/NAME.XXXXXX) and the EXIT trap; add a pid to pids to have it
#                                      stopped too
#   free_port                          a free TCP port on 127.0.0.1
#   start_child SERVICE PORT LOG PROPERTY=VALUE...
#                                      starts SERVICE, sets started_pid and waits (180 s) until it is ready
# start_child reads: apps (a folder DIR/<service> of packaged services, else <service>/target/quarkus-app), java_opts
# (the children's JVM options), child_subject_prefix and child_stream_prefix (the run's NATS prefixes), child_properties
# (an array of PROPERTY=VALUE every child gets) and ENV (extra NAME=VALUE environment of the children). The children
# never see the caller's NATS credentials: they provision their own prefixed streams on the machine's open NATS.

children_init() {
  children_script="$1"
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  pids=()
  trap children_stop EXIT
}

children_stop() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_child() {
  local name="$1" port="$2" log="$3" app
  shift 3
  if [ -n "${apps:-}" ]; then app="$apps/$name"; else app="$name/target/quarkus-app"; fi
  [ -f "$app/quarkus-run.jar" ] || { echo "$children_script: $app/quarkus-run.jar is missing; package it first (./mvnw -B -q -pl common,$name -am package -DskipTests)" >&2; exit 1; }
  cp -a "$app" "$work/$name"
  local properties=("${child_properties[@]}" "$@")
  # shellcheck disable=SC2086
  env -u NATS_USER -u NATS_PASSWORD MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-$C360_MALLOC_ARENA_MAX}" ${ENV:-} \
    java $java_opts -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dmesh.nats.servers=nats://127.0.0.1:4222 -Dmesh.nats.subject-prefix="$child_subject_prefix" \
    -Dmesh.nats.stream-prefix="$child_stream_prefix" -Dmesh.nats.provision=true -Dquarkus.log.console.json.enabled=false \
    "${properties[@]/#/-D}" -jar "$work/$name/quarkus-run.jar" >"$log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  local deadline=$((SECONDS + 180))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    if ! kill -0 "$started_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "$children_script: $name did not get ready; its log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "  $name pid $started_pid ready on port $port (log $log)"
}
