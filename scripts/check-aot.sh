#!/usr/bin/env bash
# Checks that the AOT cache ./weft trains is really used: a master, its worker children and the CLI
# run with -XX:AOTMode=on (a JVM that cannot map the cache refuses to start) and log their class
# loading; each must load Weft's classes from the cache ("source: shared objects file").
# JDK 25 silently ignores a cache trained with other --add-opens flags (JDK-8352003), which
# -Xlog:aot=off hides; this is the check that notices.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'WEFT_RUN_DIR="$work/run" "$root/weft" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export WEFT_RUN_DIR="$work/run"
export WEFT_RUN_JAVA_OPTS="-XX:AOTMode=on -Xlog:class+load=info:file=$work/load-%p.log"
base=$((20000 + RANDOM % 20000))
"$root/weft" start -d --workers 1 --http-port "$base" --ws-port $((base + 1)) --text-port $((base + 2)) \
  --https-port $((base + 3)) --wss-port $((base + 4)) >/dev/null
"$root/weft" status >/dev/null
"$root/weft" stop >/dev/null
logs=("$work"/load-*.log)
# The master, at least one child of each of the demo's workers, and the two CLI runs (status, stop).
if [ "${#logs[@]}" -lt 4 ]; then
  echo "check-aot: expected at least 4 JVMs, saw ${#logs[@]}" >&2
  exit 1
fi
for f in "${logs[@]}"; do
  if ! grep -q 'dev\.weft\..* source: shared objects file' "$f"; then
    echo "check-aot: $(basename "$f"): no Weft class came from the AOT cache" >&2
    grep 'dev\.weft\.' "$f" | head -3 >&2
    exit 1
  fi
done
echo "check-aot: ${#logs[@]} JVMs loaded Weft classes from the AOT cache"
