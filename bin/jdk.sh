# Sourced by bin/start and bin/test: points JAVA_HOME at a JDK of version 21 or newer.
# The machine's default java may be older (Debian 12 ships 17); Temurin lives in /usr/lib/jvm.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Switchboard needs a JDK 21 or newer, and none was found in JAVA_HOME or /usr/lib/jvm." >&2
  echo "Install one (e.g. Temurin 21+), or set JAVA_HOME to it, and run this again." >&2
  exit 1
}

pick_jdk
command -v mvn >/dev/null || { echo "Maven (mvn) is not installed: apt-get install maven, then run this again." >&2; exit 1; }
