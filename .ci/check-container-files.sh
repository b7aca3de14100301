#!/usr/bin/env bash
# Project rules for the container files that a syntax linter does not know (run by .ci/run; exits 1 on any breach):
#  - every FROM / image: names a pinned tag (no :latest, no untagged image); build args used in FROM have pinned defaults
#  - each Dockerfile is multi-stage, its final stage runs as a non-root USER and has a HEALTHCHECK
#  - every local source of COPY in a build stage exists in the repository and is not excluded by .dockerignore
#  - docker-compose.yml references existing Dockerfiles and mounted files, and contains no secret-looking values
#  - docker/create-topics.sh creates every topic of org.plotracker.contracts.Topics
set -euo pipefail
cd "$(dirname "$0")/.."

problems=0
fail() {
    echo "  FAIL: $*"
    problems=$((problems + 1))
}
ok() {
    echo "  ok:   $*"
}

pinned() { # IMAGE -> 0 when IMAGE has an explicit tag other than latest (or a digest)
    local image=$1
    [[ $image == *@sha256:* ]] && return 0
    local last=${image##*/}
    [[ $last == *:* ]] || return 1
    [[ ${last##*:} != latest ]]
}

for dockerfile in streams-app/Dockerfile producer-cli/Dockerfile; do
    echo "$dockerfile"
    declare -A args=()
    while read -r name value; do
        args[$name]=$value
    done < <(sed -n 's/^ARG \([A-Z_]*\)=\(.*\)$/\1 \2/p' "$dockerfile")
    froms=$(grep -cE '^FROM ' "$dockerfile" || true)
    if ((froms >= 2)); then ok "multi-stage ($froms stages)"; else fail "not multi-stage"; fi
    while read -r _ image rest; do
        if [[ $image =~ ^\$\{([A-Z_]+)\}$ ]]; then
            image=${args[${BASH_REMATCH[1]}]:-}
        fi
        if [[ -z $image ]]; then
            fail "FROM with an unset build argument"
        elif pinned "$image"; then
            ok "base image pinned: $image"
        else
            fail "base image not pinned: $image"
        fi
    done < <(grep -E '^FROM ' "$dockerfile")
    final=$(awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}' "$dockerfile")
    user=$(grep -E '^USER ' <<<"$final" | tail -n 1 | awk '{print $2}')
    if [[ -z $user ]]; then
        fail "final stage has no USER"
    elif [[ ${user%%:*} == root || ${user%%:*} == 0 ]]; then
        fail "final stage runs as root ($user)"
    else
        ok "final stage runs as $user"
    fi
    if grep -qE '^HEALTHCHECK ' <<<"$final"; then ok "HEALTHCHECK present"; else fail "final stage has no HEALTHCHECK"; fi
    # Local COPY sources (not --from=...): each must exist and must not be ignored by .dockerignore.
    while read -r line; do
        [[ $line == *--from=* ]] && continue
        read -r -a words <<<"${line#COPY }"
        sources=()
        for w in "${words[@]}"; do
            [[ $w == --* ]] || sources+=("$w")
        done
        unset 'sources[-1]'
        for src in "${sources[@]}"; do
            if [[ ! -e $src ]]; then
                fail "COPY source missing: $src"
            elif grep -qxF "${src%/}/" .dockerignore 2>/dev/null || grep -qxF "${src%/}" .dockerignore 2>/dev/null; then
                fail "COPY source excluded by .dockerignore: $src"
            fi
        done
    done < <(grep -E '^COPY ' "$dockerfile")
    ok "COPY sources exist"
    # Maven loads every module of the reactor, so the build stage needs every module's pom.
    while read -r module; do
        if grep -qE "^COPY ${module}/pom.xml " "$dockerfile"; then
            ok "copies the pom of module $module"
        else
            fail "does not COPY $module/pom.xml (a module of the parent pom): the Maven build stage would fail"
        fi
    done < <(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml)
    unset args
done

echo "docker-compose.yml"
while read -r image; do
    if pinned "$image"; then ok "image pinned: $image"; else fail "image not pinned: $image"; fi
done < <(sed -n 's/^ *image: *\([^ #]*\).*/\1/p' docker-compose.yml | grep -v '^plo-tracker/')
while read -r df; do
    if [[ -f $df ]]; then ok "Dockerfile exists: $df"; else fail "Dockerfile missing: $df"; fi
done < <(sed -n 's/^ *dockerfile: *\([^ #]*\).*/\1/p' docker-compose.yml)
while read -r mount; do
    if [[ -e $mount ]]; then ok "mounted file exists: $mount"; else fail "mounted file missing: $mount"; fi
done < <(sed -n 's/^ *- \(\.\/[^:]*\):.*/\1/p' docker-compose.yml | grep -v '^\./import$')
if grep -niE '(password|secret|token|jaas)[A-Z_]*: *[^$ ]' docker-compose.yml; then
    fail "docker-compose.yml has a secret-looking literal value (use the environment or an env file)"
else
    ok "no secret-looking literals"
fi

echo "docker/create-topics.sh vs org.plotracker.contracts.Topics"
catalogue=schemas/src/main/java/org/plotracker/contracts/Topics.java
mapfile -t topics < <(grep -oE '"(plo\.[a-z0-9.-]+|_schemas)"' "$catalogue" | tr -d '"' | sort -u)
((${#topics[@]} >= 12)) || fail "found only ${#topics[@]} topic names in $catalogue"
for topic in "${topics[@]}"; do
    grep -qE "(^|[^a-z0-9._-])${topic//./\\.}([^a-z0-9.-]|$)" docker/create-topics.sh \
        || fail "topic $topic is not created by docker/create-topics.sh"
done
# Compacted topics of the catalogue must be in the script's compacted loop.
mapfile -t compacted < <(awk '/new TopicSpec<>/{buf=""} {buf=buf $0} /;$/{ if (buf ~ /Cleanup.COMPACT/) { match(buf, /"plo\.[a-z0-9.-]+"/); print substr(buf, RSTART+1, RLENGTH-2) } buf=""}' "$catalogue")
compact_line=$(grep -A1 -E '^for topic in .*patient-timeline' docker/create-topics.sh | tr '\n' ' ')
for topic in "${compacted[@]}"; do
    [[ -n $topic ]] || continue
    [[ $compact_line == *"$topic"* ]] || fail "compacted topic $topic is not created with cleanup.policy=compact"
done
((problems == 0)) && ok "all ${#topics[@]} catalogue topics created (compacted: ${compacted[*]})"

if ((problems > 0)); then
    echo "$problems problem(s) in the container files"
    exit 1
fi
echo "container files: all rules hold"
