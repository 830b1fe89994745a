#!/usr/bin/env bash
# scripts/fuzz.sh — the long fuzzing run: fuzzes every Jazzer target (a *FuzzTest class under a module's
# src/test/java) one after another, each for a given duration, and says per target whether it found a crash and
# where the reproducer was written. Exits non-zero when any target found something (or could not run).
#
# A regular test run only replays each target's seed inputs; this runs the same targets in fuzzing mode
# (JAZZER_FUZZ=1), through the surefire execution 'fuzz' of the parent pom, one Maven run and JVM per target
# (Jazzer fuzzes only one test per JVM). JAZZER_MAX_DURATION overrides the targets' @FuzzTest(maxDuration).
# Reproducers land in the target's seed directory (src/test/resources/<package>/<Class>Inputs/<method>/crash-*),
# so once the bug is fixed the regular test run keeps replaying them; the generated corpus stays in
# <module>/.cifuzz-corpus/ (git-ignored) and makes the next run start where this one stopped.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

usage() {
  cat <<EOF
usage: scripts/fuzz.sh [--duration=D] [--module=M] [--target=CLASS]

  --duration=D     fuzzing time per target: a number with s, m, h or d (default 5m)
  --module=M       only the targets of module M (e.g. ingest-service)
  --target=CLASS   only the target class CLASS (e.g. EventBatchFuzzTest)

Logs: <module>/target/fuzz/<CLASS>.log
EOF
}

die() { echo "fuzz: $*" >&2; exit 2; }

duration=5m
only_module=""
only_target=""
for arg in "$@"; do
  case "$arg" in
    --duration=*) duration="${arg#*=}" ;;
    --module=*) only_module="${arg#*=}" ;;
    --target=*) only_target="${arg#*=}" ;;
    -h|--help|help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $arg" ;;
  esac
done
[[ "$duration" =~ ^[0-9]+[smhd]?$ ]] || die "--duration must be a number with s, m, h or d, such as 90s or 5m"

# "module class" per target, sorted; the module is the directory the test sources live in.
mapfile -t targets < <(find . -path '*/src/test/java/*' -name '*FuzzTest.java' -not -path '*/target/*' \
  | sed -E 's#^\./([^/]+)/src/test/java/.*/([^/]+)\.java$#\1 \2#' | sort)

selected=()
for entry in "${targets[@]}"; do
  read -r module class <<<"$entry"
  [ -z "$only_module" ] || [ "$module" = "$only_module" ] || continue
  [ -z "$only_target" ] || [ "$class" = "$only_target" ] || continue
  selected+=("$entry")
done
[ "${#selected[@]}" -gt 0 ] || die "no fuzz target matches${only_module:+ module $only_module}${only_target:+ target $only_target}"

echo "fuzz: ${#selected[@]} target(s), $duration each"
findings=0
compiled=""
for entry in "${selected[@]}"; do
  read -r module class <<<"$entry"
  if [[ " $compiled " != *" $module "* ]]; then
    ./mvnw -B -q -pl "$module" test-compile || die "$module does not compile"
    compiled+=" $module"
  fi
  mkdir -p "$module/target/fuzz"
  log="$module/target/fuzz/$class.log"
  started="$module/target/fuzz/$class.started"
  touch "$started"
  echo "fuzz: $module $class for $duration (log: $log)"
  status=0
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" \
    ./mvnw -B -pl "$module" surefire:test@fuzz -Dfuzz.test="$class" >"$log" 2>&1 || status=$?
  # in the target's seed directory, or the module directory when the target has none
  mapfile -t reproducers < <(find "$module" -name 'crash-*' -newer "$started" -not -path "$module/target/*" | sort)
  runs="$(grep -a -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -n 1 || true)"
  if [ "$status" -eq 0 ] && [ "${#reproducers[@]}" -eq 0 ]; then
    echo "  no crash${runs:+ ($runs)}"
  elif [ "${#reproducers[@]}" -gt 0 ]; then
    findings=$((findings + 1))
    echo "  CRASH: reproducer(s):"
    printf '    %s\n' "${reproducers[@]}"
    # the finding itself, not Jazzer's wrapper around it
    grep -a -m 1 '^Caused by: ' "$log" | sed 's/^Caused by: /    /' || true
  else
    findings=$((findings + 1))
    echo "  FAILED without a reproducer (exit $status): see $log"
  fi
  rm -f "$started"
done

if [ "$findings" -gt 0 ]; then
  echo "fuzz: $findings of ${#selected[@]} target(s) found something"
  exit 1
fi
echo "fuzz: no findings in ${#selected[@]} target(s)"
