# Sourced by ./skyshard and .ci/run: sets and exports JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME if it is recent enough, else the newest JDK under /usr/lib/jvm.
# Returns 1 (after explaining what was found and how to install one) when there is none.

skyshard_java_major() {
    # Prints the major version of the java binary $1 ("1.8.0_x" -> 8, "21.0.2" -> 21), or nothing.
    local v
    v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    [ -n "$v" ] || return 1
    case "$v" in
        1.*) v=${v#1.}; echo "${v%%.*}" ;;
        *) v=${v%%[.+-]*}; echo "$v" ;;
    esac
}

skyshard_find_jdk() {
    local min=21 found=() best="" best_major=0 dir major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(skyshard_java_major "$JAVA_HOME/bin/java" || true)
        if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
            export JAVA_HOME
            return 0
        fi
        found+=("$JAVA_HOME (JAVA_HOME, Java ${major:-unknown})")
    fi
    for dir in "${SKYSHARD_JVM_ROOT:-/usr/lib/jvm}"/*/; do
        dir=${dir%/}
        # Symlinked aliases (e.g. openjdk-17 -> java-17-openjdk-amd64) would be listed twice.
        [ -L "$dir" ] && continue
        [ -x "$dir/bin/java" ] || continue
        major=$(skyshard_java_major "$dir/bin/java" || true)
        [ -n "$major" ] || continue
        found+=("$dir (Java $major)")
        if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
            best=$dir
            best_major=$major
        fi
    done
    if [ -n "$best" ]; then
        export JAVA_HOME=$best
        return 0
    fi
    {
        echo "skyshard: no JDK >= $min found."
        if [ ${#found[@]} -gt 0 ]; then
            echo "  JDKs found (too old):"
            printf '    %s\n' "${found[@]}"
        else
            echo "  No JDK found in \$JAVA_HOME or under ${SKYSHARD_JVM_ROOT:-/usr/lib/jvm}."
        fi
        echo "  Install one, e.g.: sudo apt-get install openjdk-21-jdk-headless"
        echo "  (or download Temurin 21+ from https://adoptium.net) and set JAVA_HOME to it."
    } >&2
    return 1
}
