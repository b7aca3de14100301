package org.plotracker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;

/** The role model's topic decisions and the ACLs generated from them. */
class AccessPolicyTest {

    private final AccessPolicy policy = AccessPolicy.withDefaultPrincipals("plo-tracker");

    @Test
    void everyTopicOfTheCatalogueHasAnAccessDecision() {
        List<String> catalogue = AccessPolicy.catalogueTopics();
        assertThat(catalogue).contains(Topics.DEAD_LETTER, Topics.SCHEMAS)
                .containsAll(Topics.all().stream().map(TopicSpec::name).toList());
        for (String topic : catalogue) {
            assertThat(AccessPolicy.decision(topic)).as("access decision for catalogue topic %s", topic).isPresent();
        }
        assertThat(AccessPolicy.catalogueDecisions()).extracting(TopicDecision::topic)
                .containsExactlyElementsOf(catalogue);
    }

    @Test
    void theClinicWritesEventsAndErasuresAndReadsNothing() {
        List<AclBinding> clinic = policy.bindings(Role.CLINIC);
        assertThat(topicsWith(clinic, AclOperation.WRITE))
                .containsExactlyInAnyOrderElementsOf(names(Topics.INPUTS));
        assertThat(topicsWith(clinic, AclOperation.READ)).isEmpty();
        assertThat(clinic).noneMatch(acl -> acl.pattern().resourceType() == ResourceType.GROUP);
        // its transactional ids can never be the tracker's (plo-tracker-...), so it cannot fence the tracker
        assertThat(clinic).filteredOn(acl -> acl.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
                .allSatisfy(acl -> assertThat("plo-tracker-").doesNotStartWith(acl.pattern().name()));
    }

    @Test
    void theCareTeamReadsAlertsAndTimelinesAndWritesNoClinicalEvent() {
        List<AclBinding> careTeam = policy.bindings(Role.CARE_TEAM);
        assertThat(topicsWith(careTeam, AclOperation.READ)).containsExactlyInAnyOrder(
                Topics.BMD_CHANGE_ALERTS.name(), Topics.RECURRENCE_RISK_ALERTS.name(), Topics.PATIENT_TIMELINE.name(),
                Topics.FOLLOW_UP_REMINDERS.name(), Topics.FOLLOW_UP_STATUS.name());
        assertThat(topicsWith(careTeam, AclOperation.WRITE)).doesNotContainAnyElementsOf(names(Topics.INPUTS));
    }

    @Test
    void theAnalystNeverReadsInputsOrAlerts() {
        List<AclBinding> analyst = policy.bindings(Role.ANALYST);
        assertThat(topicsWith(analyst, AclOperation.READ)).containsExactlyInAnyOrderElementsOf(names(Topics.DERIVED))
                .doesNotContainAnyElementsOf(names(Topics.INPUTS))
                .doesNotContainAnyElementsOf(names(Topics.ALERTS));
        assertThat(topicsWith(analyst, AclOperation.WRITE)).isEmpty();
    }

    @Test
    void theTrackerReadsInputsWritesOutputsAndOwnsItsInternalTopicsGroupAndTransactionalIds() {
        List<AclBinding> tracker = policy.bindings(Role.TRACKER);
        List<String> trackerReads = new java.util.ArrayList<>(names(Topics.INPUTS));
        trackerReads.addAll(names(Topics.WORKSPACE_CONTROL)); // the care team's acknowledgements
        assertThat(topicsWith(tracker, AclOperation.READ)).containsExactlyInAnyOrderElementsOf(trackerReads);
        assertThat(topicsWith(tracker, AclOperation.WRITE)).containsAll(names(Topics.OUTPUTS))
                .contains(Topics.DEAD_LETTER).doesNotContainAnyElementsOf(names(Topics.INPUTS));
        assertThat(tracker).anyMatch(acl -> acl.pattern().resourceType() == ResourceType.TOPIC
                && acl.pattern().patternType() == PatternType.PREFIXED && acl.pattern().name().equals("plo-tracker-")
                && acl.entry().operation() == AclOperation.CREATE);
        assertThat(tracker).anyMatch(acl -> acl.pattern().resourceType() == ResourceType.GROUP
                && acl.pattern().patternType() == PatternType.LITERAL && acl.pattern().name().equals("plo-tracker"));
        assertThat(tracker).anyMatch(acl -> acl.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID
                && acl.pattern().name().equals("plo-tracker-") && acl.entry().operation() == AclOperation.WRITE);
        assertThat(tracker).allMatch(acl -> acl.entry().principal().equals("User:plo-tracker"));
    }

    @Test
    void noRoleReadsTheDeadLetterTopicOrTheSchemaStore() {
        for (Role role : Role.values()) {
            assertThat(topicsWith(policy.bindings(role), AclOperation.READ))
                    .doesNotContain(Topics.DEAD_LETTER, Topics.SCHEMAS);
        }
        assertThat(policy.registryBindings()).allMatch(acl -> acl.entry().principal().equals("User:plo-registry"));
        assertThat(topicsWith(policy.registryBindings(), AclOperation.WRITE)).containsExactly(Topics.SCHEMAS);
    }

    @Test
    void principalsFollowTheGivenNamesAndTheApplicationId() {
        Map<Role, String> principals = new java.util.EnumMap<>(AccessPolicy.defaultPrincipals());
        principals.put(Role.TRACKER, "User:tracker-prod");
        AccessPolicy custom = AccessPolicy.of(principals, "User:sr", "plo-tracker-v2");
        assertThat(custom.bindings(Role.TRACKER)).allMatch(acl -> acl.entry().principal().equals("User:tracker-prod"))
                .anyMatch(acl -> acl.pattern().name().equals("plo-tracker-v2-"));
        assertThatThrownBy(() -> AccessPolicy.of(Map.of(Role.CLINIC, "User:c"), "User:sr", "x"))
                .hasMessageContaining("No Kafka principal for role CARE_TEAM");
        principals.put(Role.ANALYST, "analyst");
        assertThatThrownBy(() -> AccessPolicy.of(principals, "User:sr", "x"))
                .hasMessageContaining("TYPE:NAME");
    }

    @Test
    void docsSecurityCarriesTheGeneratedTable() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "security.md"));
        assertThat(docs).as("docs/security.md must contain AccessPolicy.markdownTable() verbatim")
                .contains(AccessPolicy.markdownTable());
    }

    private static List<String> topicsWith(List<AclBinding> acls, AclOperation operation) {
        return acls.stream().filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC
                        && acl.pattern().patternType() == PatternType.LITERAL && acl.entry().operation() == operation)
                .map(acl -> acl.pattern().name()).toList();
    }

    private static List<String> names(List<TopicSpec<?>> specs) {
        return specs.stream().map(TopicSpec::name).toList();
    }
}
