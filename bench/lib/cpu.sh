# shellcheck shell=bash
# CPU per operation from /proc ticks, every process of the mesh counted (issue 20). Sourced by bench scripts:
#   . bench/lib/cpu.sh
# The Java benchmarks have the same measure in bench/src/.../harness/CpuMeter.java (groups of a whole machine sample);
# this is the shell form for load driven by hey, e.g.:
#   targets="profile=$profile_pid postgres redis nats"
#   before="$(cpu_snapshot $targets)"; hey -c 4 -n 20000 ... ; after="$(cpu_snapshot $targets)"
#   cpu_per_op_us "$before" "$after" 20000            -> 412.5          (µs of CPU per operation, all targets)
#   cpu_breakdown_us "$before" "$after" 20000         -> profile=250.0 postgres=150.1 redis=0.0 nats=12.4
# or in one go, checking every answer's status:
#   cpu_hey "$targets" 20000 200 -H "Authorization: Bearer $token" http://127.0.0.1:18192/api/v1/customers/c-1
#
# Targets (arguments of cpu_snapshot):
#   LABEL=PID   one process (a service JVM): its utime+stime
#   PID         the same, labelled with the pid
#   postgres    every process whose comm is postgres (postmaster, backends, walwriter, ...) plus the cutime+cstime of
#               each postmaster (a process named postgres whose parent is not): a backend that exits between two
#               snapshots is reaped by its postmaster, which then carries its ticks, so a closing connection loses
#               nothing (ticks of a backend that started and ended between the snapshots count as well)
#   postgres@DB[,DB...]
#               only the backends connected to these databases (found by their process title "postgres: [cluster: ]USER DB
#               HOST(PORT) ..."): the figure of a benchmark on databases of its own while others use the same PostgreSQL
#               (tests, other benchmarks). Background processes (WAL writer, checkpointer) are shared and not counted;
#               a backend that exits between two snapshots takes its ticks along: use it with connection pools that
#               stay open (the services' pools do), and the plain "postgres" target when nothing else runs
#   redis       every redis-server; redis=PID counts only that one (a benchmark's own server)
#   nats        every nats-server; nats=PID counts only that one (a benchmark's own server)
# A snapshot is one line "LABEL=TICKS ..." (clock ticks, getconf CLK_TCK per second); the load generator (hey) is
# never counted. A target that is not running counts 0.

CPU_CLK_TCK="${CPU_CLK_TCK:-$(getconf CLK_TCK 2>/dev/null || echo 100)}"

# _cpu_stat_fields PID: prints "comm ppid utime stime cutime cstime" of PID (nothing when it is gone). comm may hold
# spaces and parentheses, so the fields are read after the last ')'.
_cpu_stat_fields() {
  local stat comm rest
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  [ -n "$stat" ] || return 0
  comm="${stat#*(}"
  comm="${comm%)*}"
  rest="${stat##*) }"
  # rest: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
  # shellcheck disable=SC2086
  set -- $rest
  printf '%s %s %s %s %s %s\n' "${comm// /_}" "$2" "${12}" "${13}" "${14}" "${15}"
}

# _cpu_ticks_of PID: utime+stime of one process (0 when it is gone).
_cpu_ticks_of() {
  local f
  f="$(_cpu_stat_fields "$1")"
  if [ -z "$f" ]; then
    echo 0
    return
  fi
  # shellcheck disable=SC2086
  set -- $f
  echo $(($3 + $4))
}

# _cpu_ticks_by_comm NAME [WITH_CHILDREN]: summed utime+stime of every process whose comm is NAME; with WITH_CHILDREN,
# plus cutime+cstime of those whose parent is not NAME (the postmaster: its reaped backends). One awk over the stat
# files of pgrep -x NAME (these names hold no spaces); a process gone meanwhile is skipped.
_cpu_ticks_by_comm() {
  local files
  files="$(pgrep -x "$1" | sed 's|.*|/proc/&/stat|')"
  if [ -z "$files" ]; then
    echo 0
    return
  fi
  # shellcheck disable=SC2086
  cat $files 2>/dev/null | awk -v children="${2:-}" '
    { pid[NR] = $1; ppid[NR] = $4; own[NR] = $14 + $15; reaped[NR] = $16 + $17; mine[$1] = 1 }
    END {
      total = 0
      for (i = 1; i <= NR; i++) {
        total += own[i]
        if (children != "" && !(ppid[i] in mine)) total += reaped[i]
      }
      print total
    }'
}

# _cpu_ticks_of_databases DB[,DB...]: summed utime+stime of the PostgreSQL backends connected to these databases.
_cpu_ticks_of_databases() {
  local dbs="${1//,/|}" pid total=0 title
  for pid in $(pgrep -x postgres); do
    title="$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)" || continue
    if [[ "$title" =~ ^postgres:\ ([^:]+:\ )?[^\ ]+\ ($dbs)\  ]]; then
      total=$((total + $(_cpu_ticks_of "$pid")))
    fi
  done
  echo "$total"
}

# cpu_snapshot TARGET...: one line "LABEL=TICKS ..." (see the targets above).
cpu_snapshot() {
  local target out=()
  for target in "$@"; do
    case "$target" in
      postgres) out+=("postgres=$(_cpu_ticks_by_comm postgres children)") ;;
      postgres@*) out+=("postgres=$(_cpu_ticks_of_databases "${target#postgres@}")") ;;
      redis) out+=("redis=$(_cpu_ticks_by_comm redis-server)") ;;
      nats) out+=("nats=$(_cpu_ticks_by_comm nats-server)") ;;
      *=*) out+=("${target%%=*}=$(_cpu_ticks_of "${target#*=}")") ;;
      *[!0-9]*) echo "cpu_snapshot: unknown target $target" >&2; return 2 ;;
      *) out+=("$target=$(_cpu_ticks_of "$target")") ;;
    esac
  done
  echo "${out[*]}"
}

# _cpu_total SNAPSHOT: the sum of a snapshot's ticks.
_cpu_total() {
  local pair total=0
  for pair in $1; do
    total=$((total + ${pair#*=}))
  done
  echo "$total"
}

# cpu_per_op_us BEFORE AFTER OPS: microseconds of CPU per operation, all targets together (one decimal).
cpu_per_op_us() {
  local before after
  before="$(_cpu_total "$1")"
  after="$(_cpu_total "$2")"
  awk -v d="$((after - before))" -v hz="$CPU_CLK_TCK" -v n="$3" 'BEGIN { printf "%.1f\n", d / hz * 1e6 / n }'
}

# cpu_breakdown_us BEFORE AFTER OPS: "LABEL=µs ..." per target (one decimal), in the order of AFTER.
cpu_breakdown_us() {
  local pair label a b out=()
  for pair in $2; do
    label="${pair%%=*}"
    a="${pair#*=}"
    b="$(tr ' ' '\n' <<<"$1" | sed -n "s/^$label=//p" | head -n1)"
    out+=("$label=$(awk -v d="$((a - ${b:-0}))" -v hz="$CPU_CLK_TCK" -v n="$3" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }')")
  done
  echo "${out[*]}"
}

# cpu_rss_mib PID: resident memory of PID in MiB (VmRSS; 0 when it is gone).
cpu_rss_mib() {
  awk '/^VmRSS:/ { printf "%d\n", $2 / 1024; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null \
    || echo 0
}

# cpu_hey "TARGETS" N EXPECTED_STATUS HEY_ARGS... : runs hey -c ${CPU_HEY_CONCURRENCY:-4} -n N HEY_ARGS... between two
# snapshots of TARGETS and prints "cpu_us_per_op=X LABEL=µs ... rps=R ops=M" (rps: hey's requests/s; M: the answers
# hey counted, N rounded down to a multiple of the concurrency). Fails (status 1, the status distribution on stderr)
# unless every answer had EXPECTED_STATUS: a cheap error is not a cheap operation.
cpu_hey() {
  local targets="$1" n="$2" expected="$3" before after report ok rps
  shift 3
  # shellcheck disable=SC2086
  before="$(cpu_snapshot $targets)" || return 2
  report="$(hey -c "${CPU_HEY_CONCURRENCY:-4}" -n "$n" "$@" 2>&1)" || { echo "$report" >&2; return 1; }
  # shellcheck disable=SC2086
  after="$(cpu_snapshot $targets)"
  # hey sends N rounded down to a multiple of the concurrency: the operations are the answers it counted
  ok="$(sed -n "s/^ *\[$expected\][[:space:]]*\([0-9]*\) responses.*/\1/p" <<<"$report")"
  n="$(sed -n 's/^ *\[[0-9]*\][[:space:]]*\([0-9]*\) responses.*/\1/p' <<<"$report" | awk '{ s += $1 } END { print s + 0 }')"
  if [ "${ok:-0}" != "$n" ] || [ "$n" -eq 0 ] || grep -q 'Error distribution' <<<"$report"; then
    echo "cpu_hey: $n answers, ${ok:-0} with $expected:" >&2
    sed -n '/Status code distribution/,/^$/p;/Error distribution/,$p' <<<"$report" >&2
    return 1
  fi
  rps="$(sed -n 's/^ *Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' <<<"$report")"
  echo "cpu_us_per_op=$(cpu_per_op_us "$before" "$after" "$n") $(cpu_breakdown_us "$before" "$after" "$n") rps=${rps:-?} ops=$n"
}

# _cpu_jit_ticks PID: utime+stime of the JIT compiler threads (C1, C2) of a JVM (0 for another process).
_cpu_jit_ticks() {
  local task total=0 comm stat
  for task in /proc/"$1"/task/*; do
    comm="$(cat "$task/comm" 2>/dev/null)" || continue
    case "$comm" in
      C1\ CompilerThre* | C2\ CompilerThre*)
        # the thread's own ticks (task/TID/stat; /proc/TID/stat would be the whole process'), after its "(comm)"
        stat="$(cat "$task/stat" 2>/dev/null)" || continue
        # shellcheck disable=SC2086
        set -- ${stat##*) }
        total=$((total + ${12} + ${13}))
        ;;
    esac
  done
  echo "$total"
}

# _cpu_jvm_ticks "TARGETS": "PID=PROCESS_TICKS:JIT_TICKS ..." for every JVM among the LABEL=PID targets.
_cpu_jvm_ticks() {
  local target pid out=()
  for target in $1; do
    [[ "$target" == *=[0-9]* ]] || continue
    pid="${target#*=}"
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] || continue
    out+=("$pid=$(_cpu_ticks_of "$pid"):$(_cpu_jit_ticks "$pid")")
  done
  echo "${out[*]}"
}

# cpu_jit_settle "TARGETS" ROUND MAX_ROUNDS PCT EXPECTED_STATUS HEY_ARGS...: on two vCPUs one C2 thread works off its
# queue for tens of seconds of load after a warm-up of thousands of requests, and its CPU would be counted against
# the operation. Runs rounds of ROUND requests (cpu_hey) until, in one round, the JIT compiler threads of every JVM
# among TARGETS used less than PCT percent of that JVM's CPU, or MAX_ROUNDS rounds ran; says on stderr how it ended.
cpu_jit_settle() {
  local targets="$1" round="$2" max="$3" pct="$4" expected="$5"
  shift 5
  cpu_jit_settle_with "$targets" "$max" "$pct" "round(s) of $round" cpu_hey "$targets" "$round" "$expected" "$@"
}

# cpu_jit_settle_with "TARGETS" MAX_ROUNDS PCT WHAT COMMAND...: as cpu_jit_settle, a round being COMMAND (run in this
# shell, so it may advance the caller's variables; its output is dropped); WHAT names the rounds on stderr.
cpu_jit_settle_with() {
  local targets="$1" max="$2" pct="$3" what="$4" i before after settled share pair pid now earlier jit_pct
  shift 4
  for ((i = 1; i <= max; i++)); do
    before="$(_cpu_jvm_ticks "$targets")"
    "$@" >/dev/null || return 1
    after="$(_cpu_jvm_ticks "$targets")"
    settled=1 share=""
    for pair in $after; do
      pid="${pair%%=*}" now="${pair#*=}"
      earlier="$(tr ' ' '\n' <<<"$before" | sed -n "s/^$pid=//p")"
      jit_pct="$(awk -v p0="${earlier%%:*}" -v j0="${earlier#*:}" -v p1="${now%%:*}" -v j1="${now#*:}" \
        'BEGIN { d = p1 - p0; printf "%.1f", (d > 0 ? (j1 - j0) * 100 / d : 0) }')"
      share="$share $pid:$jit_pct%"
      awk -v x="$jit_pct" -v limit="$pct" 'BEGIN { exit !(x >= limit) }' && settled=0
    done
    if [ "$settled" = 1 ]; then
      echo "  JIT settled after $i $what (compiler threads' share of each JVM's CPU:$share)" >&2
      return 0
    fi
  done
  echo "  JIT not settled after $max $what (compiler threads' share of each JVM's CPU:$share)" >&2
}
