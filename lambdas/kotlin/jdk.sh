# Sourced by this runtime's scripts (build, tests, benches): JAVA_HOME and PATH point at a JDK 25,
# the major version of AWS's java25 runtime. $JAVA_HOME wins when it is a JDK 25 (GitHub's
# setup-java sets it); otherwise Temurin 25 where our machines have it installed.
is_jdk25() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -q 'version "25[".]'; }
if ! is_jdk25 "${JAVA_HOME:-/nonexistent}"; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if is_jdk25 "$candidate"; then JAVA_HOME="$candidate"; break; fi
  done
fi
if ! is_jdk25 "${JAVA_HOME:-/nonexistent}"; then
  echo "lambdas/kotlin needs a JDK 25 (AWS's java25 runtime): install Temurin 25 or set JAVA_HOME to one (JAVA_HOME is '${JAVA_HOME:-unset}')" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
