#!/bin/bash
# scram-users step of docker-compose.secure.yml: creates (or updates) the SCRAM-SHA-512 users of the four roles and of
# the registry service, as the broker's administrator. Runs in the apache/kafka image; idempotent.
# Environment: BOOTSTRAP_SERVERS (kafka:9092), COMMAND_CONFIG (/secrets/admin.properties), and the PLO_*_PASSWORD
# variables of docker/secure/init-secrets.sh.
set -euo pipefail

bootstrap=${BOOTSTRAP_SERVERS:-kafka:9092}
command_config=${COMMAND_CONFIG:-/secrets/admin.properties}
configs_cmd=${KAFKA_CONFIGS:-/opt/kafka/bin/kafka-configs.sh}

add_user() { # NAME PASSWORD
    "$configs_cmd" --bootstrap-server "$bootstrap" --command-config "$command_config" --alter \
        --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" >/dev/null
    echo "SCRAM-SHA-512 user $1: set"
}
add_user plo-clinic "${PLO_CLINIC_PASSWORD:?}"
add_user plo-care-team "${PLO_CARE_TEAM_PASSWORD:?}"
add_user plo-analyst "${PLO_ANALYST_PASSWORD:?}"
add_user plo-tracker "${PLO_TRACKER_PASSWORD:?}"
add_user plo-registry "${PLO_REGISTRY_PASSWORD:?}"
