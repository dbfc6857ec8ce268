# Sourced (POSIX sh) by ./mvnw, ./apprentice and .ci/run: points JAVA_HOME at a JDK 25 when it does not name one
# already, so that the README's commands work as typed where the default java is older. Leaves JAVA_HOME as it is
# when no JDK 25 is found (the build then says what it needs).
apprentice_is_jdk25() {
  [ -x "$1/bin/java" ] && grep -q '^JAVA_VERSION="25' "$1/release" 2>/dev/null
}
if [ -z "${JAVA_HOME:-}" ] || ! apprentice_is_jdk25 "$JAVA_HOME"; then
  for apprentice_jdk in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*25* /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if apprentice_is_jdk25 "$apprentice_jdk"; then
      JAVA_HOME="$apprentice_jdk"
      export JAVA_HOME
      break
    fi
  done
fi
