#!/bin/bash
# tls-init step of docker-compose.secure.yml: a throw-away CA, the broker's and registry's server certificates, a
# client certificate per role, PKCS12 key and trust stores, and one client.properties per principal (Kafka SASL_SSL
# with SCRAM-SHA-512, registry basic auth over HTTPS). Uses keytool only (no hand-written certificates). Writes into
# OUT_DIR (the `secrets` volume); does nothing when OUT_DIR/.done exists, so restarts keep the same CA.
#
# Environment (all required except OUT_DIR and KEYTOOL; put them in .env, never in the compose file):
#   PLO_TLS_STORE_PASSWORD      password of every key and trust store
#   PLO_KAFKA_ADMIN_PASSWORD    the broker's administrator (inter-broker, topic and ACL set-up)
#   PLO_REGISTRY_RELEASE_PASSWORD  the registry user that registers schemas (the release step)
#   PLO_CLINIC_PASSWORD PLO_CARE_TEAM_PASSWORD PLO_ANALYST_PASSWORD PLO_TRACKER_PASSWORD
#                               Kafka (SCRAM) and registry passwords of each role
set -euo pipefail

out=${OUT_DIR:-/secrets}
keytool=${KEYTOOL:-keytool}
: "${PLO_TLS_STORE_PASSWORD:?}" "${PLO_KAFKA_ADMIN_PASSWORD:?}" "${PLO_REGISTRY_RELEASE_PASSWORD:?}"
: "${PLO_CLINIC_PASSWORD:?}" "${PLO_CARE_TEAM_PASSWORD:?}" "${PLO_ANALYST_PASSWORD:?}" "${PLO_TRACKER_PASSWORD:?}"
pw=$PLO_TLS_STORE_PASSWORD
if ((${#pw} < 6)); then
    echo "PLO_TLS_STORE_PASSWORD must have at least 6 characters (PKCS12 key protection)" >&2
    exit 2
fi

if [[ -f $out/.done ]]; then
    echo "secrets already in $out"
    exit 0
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$keytool" -genkeypair -alias ca -dname "O=plo-tracker (throw-away),CN=plo-compose-ca" -ext bc:c=ca:true,pathlen:0 \
    -ext ku:c=keyCertSign,cRLSign -keyalg EC -groupname secp256r1 -validity 365 -storetype PKCS12 \
    -keystore "$work/ca.p12" -storepass "$pw" -keypass "$pw"
"$keytool" -exportcert -rfc -alias ca -keystore "$work/ca.p12" -storepass "$pw" -file "$out/ca.pem"
"$keytool" -importcert -noprompt -alias plo-ca -file "$out/ca.pem" -storetype PKCS12 \
    -keystore "$out/truststore.p12" -storepass "$pw"

issue() { # NAME SAN|- PURPOSE
    local name=$1 san=$2 purpose=$3
    local extensions=(-ext "eku=$purpose")
    [[ $san != - ]] && extensions+=(-ext "san=$san")
    "$keytool" -genkeypair -alias "$name" -dname "O=plo-tracker (throw-away),CN=$name" -keyalg EC \
        -groupname secp256r1 -validity 365 -storetype PKCS12 -keystore "$out/$name.p12" -storepass "$pw" -keypass "$pw"
    "$keytool" -certreq -alias "$name" -keystore "$out/$name.p12" -storepass "$pw" -file "$work/$name.csr"
    "$keytool" -gencert -alias ca -keystore "$work/ca.p12" -storepass "$pw" -validity 365 -rfc \
        -infile "$work/$name.csr" -outfile "$work/$name.pem" "${extensions[@]}"
    "$keytool" -importcert -noprompt -alias ca -file "$out/ca.pem" -keystore "$out/$name.p12" -storepass "$pw"
    "$keytool" -importcert -noprompt -alias "$name" -file "$work/$name.pem" -keystore "$out/$name.p12" -storepass "$pw"
    "$keytool" -delete -alias ca -keystore "$out/$name.p12" -storepass "$pw"
}
issue kafka dns:kafka,dns:localhost,ip:127.0.0.1 serverAuth
issue schema-registry dns:schema-registry,dns:localhost,ip:127.0.0.1 serverAuth
for role in clinic care-team analyst tracker; do
    issue "plo-$role" - clientAuth
done

client_properties() { # FILE USER PASSWORD REGISTRY_USER REGISTRY_PASSWORD [extra lines...]
    local file=$1 user=$2 password=$3 registry_user=$4 registry_password=$5
    shift 5
    {
        echo "# Written by docker/secure/init-secrets.sh for $user; readable inside the compose network's containers only."
        echo "bootstrap.servers=kafka:9092"
        echo "security.protocol=SASL_SSL"
        echo "sasl.mechanism=SCRAM-SHA-512"
        echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$password\";"
        echo "ssl.truststore.type=PKCS12"
        echo "ssl.truststore.location=/secrets/truststore.p12"
        echo "ssl.truststore.password=$pw"
        echo "schema.registry.url=https://schema-registry:8081"
        echo "basic.auth.credentials.source=USER_INFO"
        echo "basic.auth.user.info=$registry_user:$registry_password"
        echo "schema.registry.ssl.truststore.type=PKCS12"
        echo "schema.registry.ssl.truststore.location=/secrets/truststore.p12"
        echo "schema.registry.ssl.truststore.password=$pw"
        printf '%s\n' "$@"
    } >"$out/$file"
}
# The administrator uses SASL/PLAIN (its password is in the broker's JAAS config, so it works before any SCRAM user
# exists); it sets up users, topics and ACLs and registers the schemas as the registry's release user.
client_properties admin.properties admin "$PLO_KAFKA_ADMIN_PASSWORD" release "$PLO_REGISTRY_RELEASE_PASSWORD" \
    "auto.register.schemas=true"
sed -i -e 's/^sasl.mechanism=.*/sasl.mechanism=PLAIN/' \
    -e 's/org.apache.kafka.common.security.scram.ScramLoginModule/org.apache.kafka.common.security.plain.PlainLoginModule/' \
    "$out/admin.properties"
client_properties clinic.properties plo-clinic "$PLO_CLINIC_PASSWORD" clinic "$PLO_CLINIC_PASSWORD" \
    "auto.register.schemas=false"
client_properties care-team.properties plo-care-team "$PLO_CARE_TEAM_PASSWORD" care-team "$PLO_CARE_TEAM_PASSWORD"
client_properties analyst.properties plo-analyst "$PLO_ANALYST_PASSWORD" analyst "$PLO_ANALYST_PASSWORD"
client_properties tracker.properties plo-tracker "$PLO_TRACKER_PASSWORD" tracker "$PLO_TRACKER_PASSWORD" \
    "auto.register.schemas=false"

# Schema registry: basic-auth users (Jetty's PropertyFileLoginModule: user: password,role) and its JAAS file.
{
    echo "release: $PLO_REGISTRY_RELEASE_PASSWORD,release"
    echo "clinic: $PLO_CLINIC_PASSWORD,clinic"
    echo "care-team: $PLO_CARE_TEAM_PASSWORD,care-team"
    echo "analyst: $PLO_ANALYST_PASSWORD,analyst"
    echo "tracker: $PLO_TRACKER_PASSWORD,tracker"
} >"$out/registry-users.properties"
cat >"$out/registry-jaas.conf" <<JAAS
SchemaRegistry {
  org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule required file="/secrets/registry-users.properties";
};
JAAS

# The containers run as different non-root users; the volume is mounted only into this stack's containers.
chmod 0644 "$out"/*
touch "$out/.done"
echo "secrets written to $out: CA, stores for kafka, schema-registry and the four roles, client.properties per principal"
