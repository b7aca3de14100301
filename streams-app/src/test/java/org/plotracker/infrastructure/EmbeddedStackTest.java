package org.plotracker.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.contracts.Topics;
import org.plotracker.infrastructure.kafka.EmbeddedKafkaBroker;
import org.plotracker.infrastructure.kafka.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded default as the app uses it: one data directory, restarts keep cluster, topics and schema ids. */
class EmbeddedStackTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStackTest.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCHEMA_BODY = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirectoryKeepsClusterTopicsAndSchemaIds() throws Exception {
        String clusterId;
        String registered;
        try (EmbeddedStack stack = EmbeddedStack.builder(dataDir)
                .topics(admin -> new TopicProvisioner(admin, TopicProvisioner.Settings.defaults().withPartitions(3))
                        .ensureTopics()).start()) {
            LOG.info("Cold stack start: {} ms", stack.startupTime().toMillis());
            assertThat(stack.describe()).contains(stack.bootstrapServers()).contains(stack.schemaRegistryUrl());
            assertThat(stack.schemaRegistryUrl()).startsWith("http://127.0.0.1:");
            assertThat(stack.createdTopics()).contains(Topics.DELIVERY.name(), Topics.SCHEMAS, Topics.DEAD_LETTER);
            clusterId = stack.clusterId();
            registered = post(stack.schemaRegistryUrl() + "/subjects/restart-value/versions", SCHEMA_BODY);
            assertThat(registered).matches("\\{\"id\":\\d+}");
        }

        try (EmbeddedStack stack = EmbeddedStack.builder(dataDir)
                .topics(admin -> new TopicProvisioner(admin, TopicProvisioner.Settings.defaults().withPartitions(3))
                        .ensureTopics()).start()) {
            LOG.info("Warm stack start: {} ms", stack.startupTime().toMillis());
            assertThat(stack.clusterId()).isEqualTo(clusterId);
            assertThat(stack.createdTopics()).isEmpty();
            assertThat(post(stack.schemaRegistryUrl() + "/subjects/restart-value/versions", SCHEMA_BODY))
                    .isEqualTo(registered);
            try (Admin admin = Admin.create(stack.clientProperties())) {
                assertThat(admin.describeTopics(List.of(Topics.DELIVERY.name())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(Topics.DELIVERY.name()).partitions()).hasSize(3);
            }
        }
    }

    /** The stack with the tracker's topics, as the development launcher starts it. */
    private EmbeddedStack.Builder trackerStack() {
        return EmbeddedStack.builder(dataDir).topics(admin -> new TopicProvisioner(admin).ensureTopics());
    }

    @Test
    void saslPlainUsersAreEnforcedOnTheClientListener() throws Exception {
        Map<String, String> users = Map.of(EmbeddedKafkaBroker.BROKER_ADMIN_USER, "broker-secret",
                "clinic-a", "clinic-a-secret");
        try (EmbeddedStack stack = trackerStack().plainUsers(users).start()) {
            // The stack itself (topic provisioning, registry) already worked through SASL; a known user can connect.
            try (Admin admin = Admin.create(withClient(stack, "clinic-a", "clinic-a-secret"))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.SCHEMAS);
            }
            try (Admin admin = Admin.create(withClient(stack, "clinic-a", "wrong"))) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void scramUsersFromFormatTimeAndAclsAreEnforced() throws Exception {
        Map<String, String> plain = Map.of(EmbeddedKafkaBroker.BROKER_ADMIN_USER, "broker-secret");
        try (EmbeddedStack stack = trackerStack().plainUsers(plain)
                .scramUsers(Map.of("analyst", "analyst-secret")).aclsEnabled(true).start()) {
            Map<String, Object> analyst = new java.util.HashMap<>(stack.clientProperties());
            analyst.putAll(EmbeddedKafkaBroker.scramClientProperties("analyst", "analyst-secret"));
            String topic = Topics.COHORT_SUMMARY.name();
            try (Admin admin = Admin.create(analyst)) {
                // Authenticated by SCRAM, but no ACL yet: deny by default.
                assertThatThrownBy(() -> admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            }
            try (Admin superUser = Admin.create(stack.clientProperties())) {
                superUser.createAcls(List.of(new org.apache.kafka.common.acl.AclBinding(
                        new org.apache.kafka.common.resource.ResourcePattern(
                                org.apache.kafka.common.resource.ResourceType.TOPIC, topic,
                                org.apache.kafka.common.resource.PatternType.LITERAL),
                        new org.apache.kafka.common.acl.AccessControlEntry("User:analyst", "*",
                                org.apache.kafka.common.acl.AclOperation.DESCRIBE,
                                org.apache.kafka.common.acl.AclPermissionType.ALLOW))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            try (Admin admin = Admin.create(analyst)) {
                org.plotracker.testsupport.Conditions.waitFor(() -> {
                    try {
                        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, d -> d.containsKey(topic), java.time.Duration.ofSeconds(30), "the ACL to let the analyst in");
            }
            Map<String, Object> wrong = new java.util.HashMap<>(stack.clientProperties());
            wrong.putAll(EmbeddedKafkaBroker.scramClientProperties("analyst", "wrong"));
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static Map<String, Object> withClient(EmbeddedStack stack, String user, String password) {
        Map<String, Object> props = new java.util.HashMap<>(stack.clientProperties());
        props.putAll(EmbeddedKafkaBroker.saslClientProperties(user, password));
        return props;
    }

    private static String post(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
