# Shell functions the HTTP benchmark drivers share (sourced by http-bench and http-vs-netty; not run alone):
# finding JDK 25, building, starting and stopping the servers, reading wrk's output, server CPU time from /proc,
# waiting for an idle machine, medians.
# shellcheck shell=bash

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jdk="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)"
bench_java="${JAVA25:-$bench_jdk/bin/java}"
bench_clk_tck="$(getconf CLK_TCK)"

# bench_build: packages weft-bench and weft-demo (skipped when WEFT_SUITE_NOBUILD=1), sets bench_cp.
bench_build() {
  if [ "${WEFT_SUITE_NOBUILD:-}" != 1 ]; then
    (cd "$bench_root" && JAVA_HOME="${JAVA_HOME:-$bench_jdk}" mvn -B -q -ntp -DskipTests package -pl weft-bench,weft-demo -am) >&2
  fi
  bench_cp="$bench_root/weft-bench/target/classes:$(cat "$bench_root/weft-bench/target/classpath.txt")"
}

# bench_wait_http PORT [SECONDS]: until GET / answers (at most SECONDS, default 180: ./weft may first rebuild the
# demo and train its AOT cache when a source is newer than its last build).
bench_wait_http() {
  local t0=$SECONDS
  while [ $((SECONDS - t0)) -lt "${2:-180}" ]; do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
  return 1
}

# bench_start_netty PORT LOOPS TRANSPORT [JVM options...]: starts NettyHelloServer; sets bench_pid.
bench_start_netty() {
  local port="$1" loops="$2" transport="$3"; shift 3
  "$bench_java" --enable-native-access=ALL-UNNAMED "$@" -cp "$bench_cp" dev.weft.bench.http.NettyHelloServer \
    "$port" "$loops" "$transport" >"${TMPDIR:-/tmp}/bench-netty.$port.log" 2>&1 &
  bench_pid=$!
  bench_wait_http "$port" || { echo "netty on $port did not start:" >&2; cat "${TMPDIR:-/tmp}/bench-netty.$port.log" >&2; return 1; }
}

# bench_start_weft PORT WORKERS RUNDIR JAVA_OPTS: starts the demo through ./weft start (HTTP on PORT, its WebSocket,
# text, HTTPS and wss Workers on PORT+1 to PORT+4), with JAVA_OPTS added to the master's JVM options, which its children
# inherit; sets bench_pid (the master: ./weft execs java).
bench_start_weft() {
  local port="$1" workers="$2" rundir="$3" opts="$4"
  WEFT_HTTP_PORT="$port" WEFT_WS_PORT=$((port + 1)) WEFT_TEXT_PORT=$((port + 2)) WEFT_HTTPS_PORT=$((port + 3)) \
    WEFT_WSS_PORT=$((port + 4)) WEFT_WORKERS="$workers" \
    WEFT_RUN_DIR="$rundir" WEFT_JAVA_OPTS="$opts" "$bench_root/weft" start >"$rundir/bench-start.log" 2>&1 &
  bench_pid=$!
  bench_wait_http "$port" || { echo "weft on $port did not start:" >&2; cat "$rundir/bench-start.log" >&2; return 1; }
}

# bench_stop_weft PID RUNDIR
bench_stop_weft() {
  WEFT_RUN_DIR="$2" "$bench_root/weft" stop >/dev/null 2>&1 || kill "$1" 2>/dev/null
  wait "$1" 2>/dev/null || true
}

# bench_stop PID
bench_stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null || true; }

# bench_tree PID: PID and all its descendants, one per line.
bench_tree() {
  echo "$1"
  local c
  for c in $(pgrep -P "$1"); do bench_tree "$c"; done
}

# bench_cpu_ticks PID: utime+stime (clock ticks) of PID and its descendants now alive.
bench_cpu_ticks() {
  local sum=0 p t
  for p in $(bench_tree "$1"); do
    # Fields after the ")" that closes the command name: utime is the 12th, stime the 13th.
    t="$(sed 's/.*) //' /proc/"$p"/stat 2>/dev/null | awk '{print $12 + $13}')"
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}

# bench_idle_pct SECONDS: percentage of CPU time idle (idle + iowait) over SECONDS, from /proc/stat.
bench_idle_pct() {
  local a b
  a="$(head -1 /proc/stat)"; sleep "$1"; b="$(head -1 /proc/stat)"
  awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x); split(b, y); tot = 0
    for (i = 2; i <= n; i++) tot += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.0f", (tot > 0 ? 100 * idle / tot : 100) }'
}

# bench_wait_idle MIN_PCT TIMEOUT_S: waits until the machine was at least MIN_PCT idle over 2 s, at most
# TIMEOUT_S seconds; prints the last idle percentage, with "!" appended when it gave up waiting.
bench_wait_idle() {
  local min="$1" timeout="$2" t0=$SECONDS pct
  while :; do
    pct="$(bench_idle_pct 2)"
    [ "$pct" -ge "$min" ] && { echo "$pct"; return 0; }
    [ $((SECONDS - t0)) -ge "$timeout" ] && { echo "$pct!"; return 0; }
  done
}

# bench_wrk_field FILE: "requests rps p99_ms errors" from wrk --latency output (errors: socket errors plus
# non-2xx/3xx responses).
bench_wrk_fields() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v * 0.001; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000
      if (v ~ /s$/) return v * 1000; return v }
    / requests in / { req = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx/ { err += $5 }
    END { printf "%d %.0f %.3f %d\n", req, rps, p99, err }' "$1"
}

# bench_median: the median of the numbers on stdin (one or more per line; the lower middle of an even count).
bench_median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# bench_range: "lo–hi" of the numbers on stdin.
bench_range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f–%.0f", lo, hi}'; }
