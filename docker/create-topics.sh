#!/bin/bash
# Topic-init step of docker-compose.yml: creates plo-tracker's topics on an external cluster with the layout the
# streams app verifies at start (TopicProvisioner.verify(): every catalogue topic present, inputs co-partitioned,
# compacted topics compacted). Runs in the apache/kafka image; idempotent (--if-not-exists), never alters a topic.
# The topic list mirrors org.plotracker.contracts.Topics; .ci/run fails when the two drift apart.
#
# Environment: BOOTSTRAP_SERVERS (kafka:9092), PARTITIONS (6), REPLICATION_FACTOR (1),
#              DLQ_RETENTION_MS (2592000000 = 30 days), COMMAND_CONFIG (optional client.properties for a secured cluster)
set -euo pipefail

bootstrap=${BOOTSTRAP_SERVERS:-kafka:9092}
partitions=${PARTITIONS:-6}
replication=${REPLICATION_FACTOR:-1}
dlq_retention_ms=${DLQ_RETENTION_MS:-2592000000}
topics_cmd=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}

config_args=()
if [[ -n "${COMMAND_CONFIG:-}" ]]; then
    config_args=(--command-config "$COMMAND_CONFIG")
fi

create() { # NAME PARTITIONS CONFIG...
    local name=$1 count=$2
    shift 2
    local configs=()
    for c in "$@"; do
        configs+=(--config "$c")
    done
    "$topics_cmd" --bootstrap-server "$bootstrap" "${config_args[@]}" --create --if-not-exists \
        --topic "$name" --partitions "$count" --replication-factor "$replication" "${configs[@]}"
}

echo "Waiting for Kafka at $bootstrap ..."
for attempt in $(seq 1 60); do
    if "$topics_cmd" --bootstrap-server "$bootstrap" "${config_args[@]}" --list >/dev/null 2>&1; then
        break
    fi
    if [[ $attempt == 60 ]]; then
        echo "Kafka at $bootstrap did not answer within 120 s" >&2
        exit 1
    fi
    sleep 2
done

# Inputs, the erasure control topic and the workspace's acknowledgements: same partition count, key = pseudonymous
# patient id (co-partitioned).
for topic in plo.events.delivery.v1 plo.events.pregnancy.v1 plo.events.fracture.v1 plo.events.dxa-scan.v1 \
             plo.events.treatment.v1 plo.control.erasure.v1 plo.control.alert-ack.v1; do
    create "$topic" "$partitions" cleanup.policy=delete
done
# Alerts for care teams and the derived rows for analysts.
for topic in plo.alerts.bmd-change.v1 plo.alerts.recurrence-risk.v1 plo.derived.bmd-change.v1; do
    create "$topic" "$partitions" cleanup.policy=delete
done
# Latest record per key: timeline per patient, summary per <site>|<treatmentGroup>.
for topic in plo.derived.patient-timeline.v1 plo.derived.cohort-summary.v1; do
    create "$topic" "$partitions" cleanup.policy=compact
done
# Dead-letter topic: failed records with their reason headers, kept long enough to be looked at and replayed.
create plo.dlq.v1 "$partitions" cleanup.policy=delete "retention.ms=$dlq_retention_ms"
# The schema registry's store: one partition (one total order), compacted. Confluent Schema Registry creates it
# itself when missing; creating it here gives it the same layout the embedded stack uses.
create _schemas 1 cleanup.policy=compact

echo "Topics:"
"$topics_cmd" --bootstrap-server "$bootstrap" "${config_args[@]}" --describe --topics-with-overrides \
    | grep -E '^Topic: (plo\.|_schemas)' || true
echo "Topic init done."
