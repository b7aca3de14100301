#!/usr/bin/env bash
# Runs docker/create-topics.sh (the compose file's topic-init step) against a real Apache Kafka KRaft broker started
# from Kafka's own jars on 127.0.0.1, with Kafka's own kafka-topics tool, twice (the second run must change nothing),
# and checks the resulting layout: every catalogue topic, partition counts, cleanup policies, DLQ retention. Then it
# starts the tracker (streams-app/target/plo-streams-app.jar, built by verify) against that broker configured as a
# compose replica is (PLO_* environment only), so the tracker's own start-up layout check judges the topics, and stops
# it with SIGTERM as `docker stop` would. The broker and the tracker are stopped at the end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

parent_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -n 1)
tools_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' .ci/kafka-tools/pom.xml | head -n 1)
if [[ $parent_version != "$tools_version" ]]; then
    echo "Kafka version of .ci/kafka-tools/pom.xml ($tools_version) differs from the parent pom ($parent_version)"
    exit 1
fi

tracker_jar=streams-app/target/plo-streams-app.jar
if [[ ! -f $tracker_jar ]]; then
    echo "$tracker_jar is missing: run ./mvnw -B verify (or package) first"
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/plo-topic-init.XXXXXX")
broker_pid=
tracker_pid=
cleanup() {
    if [[ -n $tracker_pid ]] && kill -0 "$tracker_pid" 2>/dev/null; then
        kill -9 "$tracker_pid" 2>/dev/null || true
    fi
    if [[ -n $broker_pid ]] && kill -0 "$broker_pid" 2>/dev/null; then
        kill "$broker_pid"
        for _ in $(seq 1 30); do
            kill -0 "$broker_pid" 2>/dev/null || break
            sleep 1
        done
        kill -9 "$broker_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

./mvnw -q -B -f .ci/kafka-tools/pom.xml dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
classpath=$(cat "$work/classpath.txt")

# Free ports on loopback for the broker and its controller.
read -r broker_port controller_port < <(python3 - 2>/dev/null <<'PY' || echo "29192 29193"
import socket
ports = []
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
    ports.append(s.getsockname()[1])
print(*ports)
PY
)

cat >"$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$broker_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$broker_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=false
log.cleaner.dedupe.buffer.size=2097152
PROPS

java -cp "$classpath" kafka.tools.StorageTool format --standalone -t cGxvLXRyYWNrZXItY2kwMQ \
    -c "$work/server.properties" >"$work/format.log" 2>&1 || { cat "$work/format.log"; exit 1; }
java -Xmx512m -cp "$classpath" kafka.Kafka "$work/server.properties" >"$work/broker.log" 2>&1 &
broker_pid=$!
echo "Kafka $parent_version broker (pid $broker_pid) on 127.0.0.1:$broker_port"

cat >"$work/kafka-topics" <<SH
#!/bin/sh
exec java -XX:TieredStopAtLevel=1 -cp "$classpath" org.apache.kafka.tools.TopicCommand "\$@"
SH
chmod +x "$work/kafka-topics"

run_init() {
    KAFKA_TOPICS="$work/kafka-topics" BOOTSTRAP_SERVERS="127.0.0.1:$broker_port" PARTITIONS=6 \
        bash docker/create-topics.sh 2>&1 | grep -v -e '^SLF4J' -e '^WARNING: Due to limitations in metric names'
}
run_init | tee "$work/first.txt"
run_init >"$work/second.txt"
if grep -q '^Created topic' "$work/second.txt"; then
    echo "second run created topics again:"
    cat "$work/second.txt"
    exit 1
fi
echo "second run: nothing created (idempotent)"

problems=0
layout=$(grep -E '^Topic: ' "$work/second.txt")
expect() { # TOPIC PARTITIONS CONFIG...
    local topic=$1 partitions=$2 line
    shift 2
    line=$(grep -E "^Topic: ${topic//./\\.}[[:space:]]" <<<"$layout" || true)
    if [[ -z $line ]]; then
        echo "  FAIL: $topic missing"
        problems=$((problems + 1))
        return
    fi
    [[ $line == *"PartitionCount: $partitions"[[:space:]]* ]] || {
        echo "  FAIL: $topic should have $partitions partitions: $line"
        problems=$((problems + 1))
    }
    for config in "$@"; do
        [[ $line == *"$config"* ]] || {
            echo "  FAIL: $topic should have $config: $line"
            problems=$((problems + 1))
        }
    done
}
for topic in plo.events.delivery.v1 plo.events.pregnancy.v1 plo.events.fracture.v1 plo.events.dxa-scan.v1 \
             plo.events.treatment.v1 plo.control.erasure.v1 plo.control.alert-ack.v1 plo.alerts.bmd-change.v1 \
             plo.alerts.recurrence-risk.v1 plo.derived.bmd-change.v1; do
    expect "$topic" 6 cleanup.policy=delete
done
expect plo.derived.patient-timeline.v1 6 cleanup.policy=compact
expect plo.derived.cohort-summary.v1 6 cleanup.policy=compact
expect plo.dlq.v1 6 cleanup.policy=delete retention.ms=2592000000
expect _schemas 1 cleanup.policy=compact
if ((problems > 0)); then
    exit 1
fi
echo "topic layout on a real broker: 14 topics, inputs co-partitioned (6), compacted and DLQ configs as intended"

# The tracker as streams-app-1 of docker-compose.yml runs it: external cluster, settings from the environment. The
# registry is not needed until the first record; an unreachable URL proves the start does not depend on it.
env PLO_BOOTSTRAP_SERVERS="127.0.0.1:$broker_port" PLO_SCHEMA_REGISTRY_URL=http://127.0.0.1:9 \
    PLO_APPLICATION_ID=plo-tracker PLO_TOPIC_PARTITIONS=6 PLO_DATA_DIR="$work/tracker" \
    PLO_STATE_DIR="$work/tracker/streams-state" PLO_KAFKA_APPLICATION_SERVER=streams-app-1:7070 \
    PLO_KAFKA_NUM_STANDBY_REPLICAS=1 PLO_KAFKA_AUTO_REGISTER_SCHEMAS=true \
    java -Xmx512m -jar "$tracker_jar" run >"$work/tracker.log" 2>&1 &
tracker_pid=$!
for _ in $(seq 1 120); do
    if grep -q 'plo-tracker is running' "$work/tracker.log"; then
        break
    fi
    if ! kill -0 "$tracker_pid" 2>/dev/null; then
        echo "the tracker exited instead of starting on these topics:"
        cat "$work/tracker.log"
        exit 1
    fi
    sleep 1
done
if ! grep -q 'plo-tracker is running' "$work/tracker.log"; then
    echo "the tracker did not start within 120 s:"
    tail -n 40 "$work/tracker.log"
    exit 1
fi
grep -v -e ' INFO ' -e ' WARN ' "$work/tracker.log" | sed 's/^/  tracker: /'
kill -TERM "$tracker_pid"
for _ in $(seq 1 45); do
    kill -0 "$tracker_pid" 2>/dev/null || break
    sleep 1
done
if kill -0 "$tracker_pid" 2>/dev/null; then
    echo "the tracker did not stop within 45 s of SIGTERM"
    exit 1
fi
wait "$tracker_pid" || true
grep -q 'plo-tracker stopped' "$work/tracker.log" || { echo "no clean stop:"; tail -n 20 "$work/tracker.log"; exit 1; }
tracker_pid=
echo "the tracker accepted the layout (its start-up check), ran with compose's environment, and stopped on SIGTERM"
