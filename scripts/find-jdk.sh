# Sourced by ./weft and .ci/run: weft_find_jdk prints the home of a JDK 25 or newer, found the way the
# Maven build's toolchain finds one: $WEFT_JAVA_HOME, $JAVA_HOME if it is 25+, else the newest in the
# usual places. The version comes from each JDK's `release` file, so no JVM is started to ask it.

weft_jdk_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  echo "${v:-0}"
}

weft_find_jdk() {
  local dir best="" best_major=0 major
  for dir in "${WEFT_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    [ -n "$dir" ] && [ -x "$dir/bin/java" ] && [ "$(weft_jdk_major "$dir")" -ge 25 ] && { echo "$dir"; return 0; }
  done
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$dir/bin/java" ] || continue
    major="$(weft_jdk_major "$dir")"
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  [ -n "$best" ] && echo "$best"
}

# weft_cached_jdk FILE: weft_find_jdk's answer, remembered in FILE while $WEFT_JAVA_HOME and $JAVA_HOME
# stay the same and the JDK is still there (./weft's build removes FILE, so a newly installed JDK is
# seen after the next build). FILE is written only if its directory exists.
weft_cached_jdk() {
  local file="$1" key="${WEFT_JAVA_HOME:-}|${JAVA_HOME:-}" k="" jdk=""
  if [ -f "$file" ]; then
    { IFS= read -r k; IFS= read -r jdk; } <"$file" || true
    if [ "$k" = "$key" ] && [ -x "$jdk/bin/java" ]; then echo "$jdk"; return 0; fi
  fi
  jdk="$(weft_find_jdk)" || return 1
  if [ -d "$(dirname "$file")" ]; then
    printf '%s\n%s\n' "$key" "$jdk" >"$file.$$" && mv -f "$file.$$" "$file"
  fi
  echo "$jdk"
}
