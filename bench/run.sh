#!/usr/bin/env bash
# Benchmarks QuoteFunction against the floor of this machine: a bare ASP.NET Core app
# (bench/Floor) that sends the same bytes. Builds both in Release; starts on free 127.0.0.1 ports
# a stand-in Alpha Vantage, the function with its cache on (hits), the same at log level Warning
# (quiet: no entry per request, to show what that entry costs), the function with its cache
# off (misses) and the floor; drives each with wrk in turn, ROUNDS times, and prints the median
# requests per second and p50/p99 latency, each server's peak memory (VmHWM) and the ratios to
# the floor. Then sends concurrent identical requests to a fresh instance and counts the upstream
# calls they caused.
#
# Usage: bench/run.sh [-h]
#
# Variables, all optional:
#   DURATION        seconds of each measured wrk run (default 6)
#   WARMUP          seconds of the unmeasured wrk run before a server's first one (default 3)
#   ROUNDS          measured runs per server, taken in turn; medians are printed (default 5)
#   THREADS         wrk threads (default 2)
#   CONNECTIONS     wrk connections (default 64)
#   BURST           concurrent requests sent to the fresh instance (default 200)
#   BURST_DELAY_MS  how long the stand-in upstream takes to answer the fresh instance, so that the
#                   whole burst arrives while its first call is pending (default 2000)
#   SYMBOL          the symbol asked for (default IBM)
# Other variables reach the function as configuration, e.g. Cache__Ttl=00:05:00.
#
# Needs dotnet and curl; installs wrk with apt-get when it is missing. Builds into
# bench/artifacts/ and leaves the servers' logs (their first MiB) in bench/artifacts/logs/.
set -o errexit -o nounset -o pipefail

readonly DURATION="${DURATION:-6}"
readonly WARMUP="${WARMUP:-3}"
readonly ROUNDS="${ROUNDS:-5}"
readonly THREADS="${THREADS:-2}"
readonly CONNECTIONS="${CONNECTIONS:-64}"
readonly BURST="${BURST:-200}"
readonly BURST_DELAY_MS="${BURST_DELAY_MS:-2000}"
readonly SYMBOL="${SYMBOL:-IBM}"

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
readonly BENCH_DIR
readonly ARTIFACTS="${BENCH_DIR}/artifacts"
readonly LOGS="${ARTIFACTS}/logs"
readonly FUNCTION_DLL="${ARTIFACTS}/bin/QuoteFunction/release/QuoteFunction.dll"
readonly FLOOR_DLL="${ARTIFACTS}/bin/Floor/release/Floor.dll"
readonly SCENARIOS=(floor hits quiet misses)

declare -A PID URL PEAK     # by scenario; PID holds the servers still running, killed on exit
BURST_ANSWERED="" BURST_WAITED="" BURST_CALLS=""    # set by bench_burst

usage() {
  sed -n '2,/^set -o/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

log() {
  echo "bench: $*" >&2
}

die() {
  echo "bench: error: $*" >&2
  exit 1
}

cleanup() {
  local pid
  for pid in "${PID[@]}"; do
    kill "${pid}" 2>/dev/null || true
  done
}

ensure_tools() {
  command -v dotnet >/dev/null || die "dotnet is not on PATH"
  command -v curl >/dev/null || die "curl is not on PATH"
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
}

# Succeeds when something accepts connections on 127.0.0.1:$1; sends no request.
listening() {
  (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local attempt port
  for attempt in $(seq 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! listening "${port}"; then
      echo "${port}"
      return 0
    fi
  done
  die "no free port found after ${attempt} attempts"
}

# start_server NAME PORT COMMAND...: runs COMMAND in the background, logging to NAME.log, waits
# until it listens on PORT, and records PID[NAME]. COMMAND execs dotnet (directly or through
# env), so the pid is dotnet's own, whose /proc status holds the peak memory.
start_server() {
  local name="$1" port="$2"
  shift 2
  "$@" >"${LOGS}/${name}.log" 2>&1 &
  PID["${name}"]="$!"

  local attempt
  for attempt in $(seq 150); do
    if listening "${port}"; then
      return 0
    fi
    kill -0 "${PID[${name}]}" 2>/dev/null || die "${name} exited at start; see ${LOGS}/${name}.log"
    sleep 0.1
  done
  die "${name} is not listening on port ${port} after ${attempt} tries; see ${LOGS}/${name}.log"
}

# The function logs every request: keep the start of its log, not hundreds of MiB.
stop_server() {
  local name="$1" pid="${PID[$1]}"
  kill "${pid}" 2>/dev/null || true
  wait "${pid}" || true
  truncate --size='<1M' "${LOGS}/${name}.log"
  unset "PID[${name}]"
}

# start_function NAME UPSTREAM_URL [VAR=VALUE...]: the function, with a key given directly so
# that Secret Manager is never asked; sets URL[NAME].
start_function() {
  local name="$1" upstream="$2" port
  shift 2
  port="$(free_port)"
  URL["${name}"]="http://127.0.0.1:${port}/?symbol=${SYMBOL}"
  start_server "${name}" "${port}" env \
    PORT="${port}" \
    AlphaVantage__BaseUrl="${upstream}" \
    AlphaVantage__ApiKey=bench-key \
    "$@" \
    dotnet "${FUNCTION_DLL}"
}

# start_stand_in NAME ARGS...: bench/Floor in the mode ARGS give; sets URL[NAME] to its root.
start_stand_in() {
  local name="$1" port
  shift
  port="$(free_port)"
  URL["${name}"]="http://127.0.0.1:${port}"
  start_server "${name}" "${port}" dotnet "${FLOOR_DLL}" "$@" --urls "http://127.0.0.1:${port}"
}

post() {
  curl --silent --show-error --fail --max-time 30 --request POST "$@"
}

start_servers() {
  log "starting the stand-in upstream and the function: cache on (hits, quiet), off (misses)"
  start_stand_in upstream --mode upstream
  start_function hits "${URL[upstream]}/query"
  start_function quiet "${URL[upstream]}/query" Logging__LogLevel__Default=Warning
  start_function misses "${URL[upstream]}/query" Cache__Ttl=00:00:00
  post --output "${LOGS}/answer.json" "${URL[hits]}"
  post --output /dev/null "${URL[quiet]}"
  post --output /dev/null "${URL[misses]}"

  log "starting the floor with the function's $(wc -c <"${LOGS}/answer.json") bytes"
  start_stand_in floor --mode floor --body "${LOGS}/answer.json"
  URL[floor]="${URL[floor]}/?symbol=${SYMBOL}"
  post --output "${LOGS}/floor.json" "${URL[floor]}"
  cmp --quiet "${LOGS}/answer.json" "${LOGS}/floor.json" \
    || die "the floor's body differs from the function's"
}

# wrk_run SCENARIO SECONDS [--latency]: wrk's report on stdout.
wrk_run() {
  wrk "${@:3}" --threads "${THREADS}" --connections "${CONNECTIONS}" --duration "$2s" \
    --script "${BENCH_DIR}/post.lua" "${URL[$1]}"
}

# measure SCENARIO: one measured run; appends "req/s p50_ms p99_ms" to SCENARIO.runs.
measure() {
  local name="$1" out="${LOGS}/$1.wrk"
  wrk_run "${name}" "${DURATION}" --latency >"${out}"
  if grep -q 'Non-2xx' "${out}"; then
    die "${name}: some answers were not 2xx; see ${out}"
  fi
  if grep -q 'Socket errors' "${out}"; then
    log "${name}: $(grep 'Socket errors' "${out}" | sed 's/^ *//')"
  fi

  # wrk writes latencies as 512.00us, 1.20ms or 1.02s.
  awk '
    function ms(text) {
      if (text ~ /us$/) return text / 1000
      if (text ~ /ms$/) return text + 0
      return text * 1000
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' "${out}" >>"${LOGS}/${name}.runs"
}

bench_load() {
  local scenario round
  for scenario in "${SCENARIOS[@]}"; do
    log "${scenario}: ${WARMUP} s warm-up"
    wrk_run "${scenario}" "${WARMUP}" >/dev/null
    : >"${LOGS}/${scenario}.runs"
  done

  for round in $(seq "${ROUNDS}"); do
    for scenario in "${SCENARIOS[@]}"; do
      log "round ${round} of ${ROUNDS}: ${scenario}, ${DURATION} s"
      measure "${scenario}"
    done
  done

  for scenario in "${SCENARIOS[@]}"; do
    PEAK["${scenario}"]="$(peak_mib "${PID[${scenario}]}")"
    stop_server "${scenario}"
  done
  stop_server upstream
}

# The most resident memory the process has had, in MiB.
peak_mib() {
  awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# Sends BURST requests at once to a fresh instance whose upstream takes BURST_DELAY_MS to answer;
# sets BURST_ANSWERED (status 200), BURST_WAITED (took half the delay or more) and BURST_CALLS.
bench_burst() {
  log "cold burst: ${BURST} concurrent requests, upstream answering after ${BURST_DELAY_MS} ms"
  start_stand_in slow-upstream --mode upstream --delay-ms "${BURST_DELAY_MS}"
  start_function burst "${URL[slow-upstream]}/query"

  seq "${BURST}" \
    | xargs -P "${BURST}" -I{} curl --silent --output /dev/null --max-time 30 --request POST \
      --write-out '%{http_code} %{time_total}\n' "${URL[burst]}" >"${LOGS}/burst.txt" || true
  BURST_CALLS="$(curl --silent --fail "${URL[slow-upstream]}/calls")"
  stop_server burst
  stop_server slow-upstream

  read -r BURST_ANSWERED BURST_WAITED < <(awk -v half="$((BURST_DELAY_MS / 2))" '
    $1 == 200 { ok++ }
    $2 * 1000 >= half { waited++ }
    END { printf "%d %d\n", ok, waited }' "${LOGS}/burst.txt")
}

# median_of FORMAT: the median of the numbers on standard input, printf-formatted.
median_of() {
  sort -g | awk -v format="$1" '
    { values[NR] = $1 }
    END { printf format, (values[int((NR + 1) / 2)] + values[int(NR / 2) + 1]) / 2 }'
}

# median SCENARIO COLUMN FORMAT: the median of one column of SCENARIO.runs, printf-formatted.
median() {
  awk -v column="$2" '{ print $column }' "${LOGS}/$1.runs" | median_of "$3"
}

# round_ratios SCENARIO: SCENARIO's req/s over the floor's, one line per round. The two ran
# seconds apart, so each ratio is little moved by the machine's drift from round to round.
round_ratios() {
  paste -d ' ' "${LOGS}/$1.runs" "${LOGS}/floor.runs" | awk '{ printf "%.4f\n", $1 / $4 }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

verdict() {
  if awk -v value="$1" -v limit="$3" "BEGIN { exit !(value $2 limit) }"; then
    echo "met"
  else
    echo "MISSED"
  fi
}

report() {
  local scenario hits_rounds quiet_rounds rps_ratio quiet_ratio memory_ratio
  hits_rounds="$(round_ratios hits)"
  quiet_rounds="$(round_ratios quiet)"
  rps_ratio="$(median_of %.3f <<<"${hits_rounds}")"
  quiet_ratio="$(median_of %.3f <<<"${quiet_rounds}")"
  memory_ratio="$(ratio "${PEAK[hits]}" "${PEAK[floor]}")"

  echo "QuoteFunction benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')," \
    "tree $(git describe --always --dirty 2>/dev/null || echo unknown)"
  echo "machine: $(nproc) cores, $(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)," \
    "dotnet $(dotnet --version), $(wrk --version 2>&1 | head -n 1 | cut -d ' ' -f 1-2)"
  echo "wrk: ${THREADS} threads, ${CONNECTIONS} connections; ${ROUNDS} rounds of ${DURATION} s" \
    "per server, in turn, after ${WARMUP} s warm-up; POST /?symbol=${SYMBOL}," \
    "$(wc -c <"${LOGS}/answer.json") bytes"
  echo
  printf '%-8s %9s %8s %8s %9s   %s\n' scenario req/s "p50 ms" "p99 ms" "peak MiB" "req/s of each round"
  for scenario in hits quiet misses floor; do
    printf '%-8s %9s %8s %8s %9s   %s\n' "${scenario}" "$(median "${scenario}" 1 %.0f)" \
      "$(median "${scenario}" 2 %.2f)" "$(median "${scenario}" 3 %.2f)" "${PEAK[${scenario}]}" \
      "$(cut -d ' ' -f 1 "${LOGS}/${scenario}.runs" | paste -sd ' ')"
  done
  echo
  echo "hits/floor req/s:       ${rps_ratio} (target >= 0.8: $(verdict "${rps_ratio}" '>=' 0.8))," \
    "the median of each round's:$(awk '{ printf " %.2f", $1 }' <<<"${hits_rounds}")"
  echo "quiet/floor req/s:      ${quiet_ratio} (hits without their log entry; no target)," \
    "each round's:$(awk '{ printf " %.2f", $1 }' <<<"${quiet_rounds}")"
  echo "hits/floor peak memory: ${memory_ratio} (target <= 1.5: $(verdict "${memory_ratio}" '<=' 1.5))"
  echo "cold burst: ${BURST} concurrent requests, ${BURST_ANSWERED} answered 200," \
    "${BURST_WAITED} waited on the shared call; upstream calls: ${BURST_CALLS}" \
    "(target 1: $(verdict "${BURST_CALLS}" '==' 1))"
}

main() {
  if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    usage
    return 0
  fi

  # On Cloud Run (K_SERVICE set) the function listens on every interface; here, loopback only.
  unset K_SERVICE
  ensure_tools
  trap cleanup EXIT
  mkdir -p "${LOGS}"

  log "building QuoteFunction and Floor (Release)"
  cd "${BENCH_DIR}/.."
  local project
  for project in QuoteFunction/QuoteFunction.csproj bench/Floor/Floor.csproj; do
    if ! dotnet build "${project}" --configuration Release --artifacts-path "${ARTIFACTS}" \
      --nologo --verbosity quiet >"${LOGS}/build.log" 2>&1; then
      cat "${LOGS}/build.log" >&2
      die "the build of ${project} failed"
    fi
  done

  start_servers
  bench_load
  bench_burst
  report
}

main "$@"
