# Shared by bin/plo-tracker and bin/plo (sourced, not run). POSIX sh.
#
# plo_launch MODULE JAR_NAME [ARGS...]
#   Builds MODULE's runnable jar with the Maven wrapper when it is missing or older than any source it is built from
#   (the module, the modules it depends on, the poms), then replaces this shell with `java $JAVA_OPTS -jar JAR ARGS`.
#   PLO_SKIP_BUILD=1 never builds (use a jar you built or copied yourself); PLO_FORCE_BUILD=1 always builds.
#   JAVA (default: $JAVA_HOME/bin/java, else java on PATH) and JAVA_OPTS (e.g. -Xmx1g) are honoured.

plo_root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)

plo_say() {
    printf '%s\n' "$*" >&2
}

# Prints the first source file newer than $1 (nothing if the jar is up to date).
plo_newer_source() {
    plo_jar=$1
    shift
    for plo_src in "$plo_root/pom.xml" "$plo_root/.mvn/wrapper/maven-wrapper.properties" "$@"; do
        [ -e "$plo_src" ] || continue
        plo_hit=$(find "$plo_src" -type f -newer "$plo_jar" -print 2>/dev/null | head -n 1)
        if [ -n "$plo_hit" ]; then
            printf '%s\n' "$plo_hit"
            return 0
        fi
    done
    return 0
}

plo_launch() {
    plo_module=$1
    plo_jar="$plo_root/$plo_module/target/$2"
    shift 2

    # What each runnable jar is built from (module pom + sources, plus the modules it depends on).
    # Skipping test compilation saves time; producer-cli needs streams-app's test-jar resolved, so only -DskipTests.
    case "$plo_module" in
        dev-tracker) plo_sources="schemas dev-stack streams-app dev-tracker"; plo_skip="-Dmaven.test.skip=true" ;;
        streams-app) plo_sources="schemas dev-stack streams-app"; plo_skip="-Dmaven.test.skip=true" ;;
        producer-cli) plo_sources="schemas dev-stack streams-app producer-cli"; plo_skip="-DskipTests" ;;
        *) plo_say "plo-launch: unknown module '$plo_module'"; exit 2 ;;
    esac

    plo_reason=
    if [ "${PLO_FORCE_BUILD:-0}" = 1 ]; then
        plo_reason="PLO_FORCE_BUILD=1"
    elif [ ! -f "$plo_jar" ]; then
        plo_reason="$plo_module/target/$(basename "$plo_jar") does not exist yet"
    else
        plo_dirs=
        for plo_m in $plo_sources; do
            plo_dirs="$plo_dirs $plo_root/$plo_m/pom.xml $plo_root/$plo_m/src"
        done
        # shellcheck disable=SC2086 # word splitting of the directory list is intended
        plo_hit=$(plo_newer_source "$plo_jar" $plo_dirs)
        if [ -n "$plo_hit" ]; then
            plo_reason="${plo_hit#"$plo_root"/} changed since the jar was built"
        fi
    fi

    if [ -n "$plo_reason" ] && [ "${PLO_SKIP_BUILD:-0}" != 1 ]; then
        plo_say "plo: building $plo_module ($plo_reason) with ./mvnw -q -B $plo_skip package -pl $plo_module -am ..."
        (cd "$plo_root" && ./mvnw -q -B "$plo_skip" package -pl "$plo_module" -am) || {
            plo_say "plo: the build failed; see the Maven output above."
            exit 1
        }
        if [ ! -f "$plo_jar" ]; then
            plo_say "plo: the build finished but $plo_jar is missing."
            exit 1
        fi
    fi
    if [ ! -f "$plo_jar" ]; then
        plo_say "plo: $plo_jar is missing and PLO_SKIP_BUILD=1 forbids building it."
        exit 1
    fi

    if [ -n "${JAVA:-}" ]; then
        plo_java=$JAVA
    elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        plo_java="$JAVA_HOME/bin/java"
    else
        plo_java=java
    fi
    # JAVA_OPTS is split on blanks on purpose (like every other Java launcher script).
    # shellcheck disable=SC2086
    exec "$plo_java" ${JAVA_OPTS:-} -jar "$plo_jar" "$@"
}
