# Services the test suites need. Sourced by .ci/run; each start is idempotent.
#
# Redis (weft-control): installed with apt-get when missing, started on a free loopback port with no
# persistence, and announced to the tests through WEFT_REDIS_URL.
#
# node + npm (weft-net's WsNodeClientTest drives the server with the npm ws client), wrk, curl, chromium and
# chromium-driver (weft-demo's DashboardBrowserTest): installed with apt-get when missing. (Without WEFT_REDIS_URL the tests
# start their own redis-server, and fail if there is none.)

_weft_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1
}

start_services() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    local sudo_node=""
    [ "$(id -u)" -ne 0 ] && sudo_node="sudo"
    $sudo_node apt-get update -qq >/dev/null
    command -v node >/dev/null || DEBIAN_FRONTEND=noninteractive $sudo_node apt-get install -y -qq nodejs npm >/dev/null
    command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $sudo_node apt-get install -y -qq npm >/dev/null
  fi
  # Real clients the tests drive: wrk (RealClientsTest, the suites), curl, and Debian's chromium with its
  # chromedriver (the dashboard's DashboardBrowserTest).
  local tool missing=()
  for tool in wrk curl; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  if [ "${#missing[@]}" -gt 0 ]; then
    local sudo_tools=""
    [ "$(id -u)" -ne 0 ] && sudo_tools="sudo"
    $sudo_tools apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_tools apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ -n "${WEFT_REDIS_PID:-}" ] && kill -0 "$WEFT_REDIS_PID" 2>/dev/null; then
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  fi
  local port
  port="$(_weft_free_port)"
  WEFT_REDIS_LOG="${TMPDIR:-/tmp}/weft-ci-redis-$port.log"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    >"$WEFT_REDIS_LOG" 2>&1 &
  WEFT_REDIS_PID=$!
  local i
  for i in $(seq 1 100); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
      break
    fi
    sleep 0.1
  done
  if ! redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "redis-server did not start on port $port:" >&2
    cat "$WEFT_REDIS_LOG" >&2
    rm -f "$WEFT_REDIS_LOG"
    return 1
  fi
  export WEFT_REDIS_PID WEFT_REDIS_LOG
  export WEFT_REDIS_URL="redis://127.0.0.1:$port"
}

stop_services() {
  if [ -n "${WEFT_REDIS_PID:-}" ]; then
    kill "$WEFT_REDIS_PID" 2>/dev/null || true
    wait "$WEFT_REDIS_PID" 2>/dev/null || true
    unset WEFT_REDIS_PID WEFT_REDIS_URL
  fi
  # the log is only worth reading while Redis runs
  if [ -n "${WEFT_REDIS_LOG:-}" ]; then
    rm -f "$WEFT_REDIS_LOG"
    unset WEFT_REDIS_LOG
  fi
}
