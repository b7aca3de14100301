#!/bin/sh
# Container health check of the plo-tracker images: healthy while PID 1 is the Java process running the given jar and
# is not a zombie or stopped. The app exposes no HTTP health endpoint, so this checks liveness, not Kafka
# connectivity; Kafka Streams itself exits (and the container restarts) when its threads die.
set -eu
jar=${1:?usage: healthcheck.sh JAR_NAME}
cmdline=$(tr '\0' ' ' </proc/1/cmdline)
case "$cmdline" in
    *"$jar"*) ;;
    *) echo "PID 1 is not running $jar: $cmdline"; exit 1 ;;
esac
state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' /proc/1/status)
case "$state" in
    Z|T|X) echo "PID 1 is in state $state"; exit 1 ;;
esac
exit 0
