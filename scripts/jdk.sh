# Sourced by ./hpm and ./run-tests: selects a JDK 25 (or newer) and exports JAVA_HOME.
# Order: $HPM_JAVA_HOME, $JAVA_HOME, then the JDKs installed under /usr/lib/jvm and /opt.

hpm_jdk_major() { # prints the major version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

hpm_select_jdk() {
  local candidate major
  for candidate in "${HPM_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(hpm_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "hpm: no JDK 25 found. Install one (e.g. Temurin 25) and set HPM_JAVA_HOME to its folder." >&2
  return 1
}

# Maven 3.8 on JDK 25 warns about sun.misc.Unsafe on every run; the warning is Maven's, not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
