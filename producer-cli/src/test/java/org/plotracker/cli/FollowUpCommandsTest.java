package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.FollowUpReminder;
import org.plotracker.contracts.alerts.FollowUpReminderStatus;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.FollowUpItemKind;
import org.plotracker.contracts.derived.FollowUpStatus;
import org.plotracker.contracts.derived.OpenFollowUpItem;
import org.plotracker.serde.SpecificAvroSerializer;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** {@code plo alerts --type follow-up} and {@code plo worklist} against the real in-JVM broker. */
@Tag("integration")
class FollowUpCommandsTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String a = "FU-A-" + run;
    private final String b = "FU-B-" + run;

    private void send(String topic, String key, SpecificRecord value) {
        Map<String, Object> settings = STACK.producerProperties();
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        settings.put("auto.register.schemas", true);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(settings, new StringSerializer(),
                castSerializer(settings))) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static org.apache.kafka.common.serialization.Serializer<Object> castSerializer(Map<String, Object> s) {
        SpecificAvroSerializer serializer = new SpecificAvroSerializer();
        serializer.configure(s, false);
        return (org.apache.kafka.common.serialization.Serializer) serializer;
    }

    private static OpenFollowUpItem item(String itemId, FollowUpItemKind kind, String due, int reminders) {
        return OpenFollowUpItem.newBuilder().setItemId(itemId).setItem(kind).setDescription(kind + " due")
                .setAnchorEventId("e-" + itemId).setAnchorDate(LocalDate.parse(due).minusMonths(12))
                .setDueDate(LocalDate.parse(due)).setRemindFrom(LocalDate.parse(due).plusDays(15))
                .setSeverity(AlertSeverity.MODERATE).setSatisfiedBy("a DXA scan").setSource("test source")
                .setRemindersSent(reminders).setLastReminderId(null).build();
    }

    private static FollowUpStatus status(String patient, OpenFollowUpItem... items) {
        return FollowUpStatus.newBuilder().setPatientId(patient).setOpenItems(List.of(items))
                .setRuleSetVersion("plo-rules-1.0").build();
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-b", STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl(), "--timeout", "30"));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    @Test
    void theWorklistShowsTheLatestOpenItemsMostOverdueFirst() {
        send(Topics.FOLLOW_UP_STATUS.name(), a, status(a, item("MONITORING_DXA@2023-12-12",
                FollowUpItemKind.MONITORING_DXA, "2024-12-12", 4)));
        send(Topics.FOLLOW_UP_STATUS.name(), b, status(b, item("INITIAL_DXA@2025-03-01",
                FollowUpItemKind.INITIAL_DXA, "2025-05-24", 1), item("TREATMENT_DECISION@2025-03-01",
                FollowUpItemKind.TREATMENT_DECISION, "2025-06-21", 0)));
        // a later row replaces the earlier one; a tombstone removes a patient
        send(Topics.FOLLOW_UP_STATUS.name(), a, status(a, item("MONITORING_DXA@2023-12-12",
                FollowUpItemKind.MONITORING_DXA, "2024-12-12", 5)));

        CliRun worklist = cli("worklist", "--as-of", "2025-06-30", "--patient", a, "--patient", b);
        assertThat(worklist.outLines()).containsExactly(
                "Open follow-up items as of 2025-06-30, most overdue first (3)",
                "PATIENT        ITEM                            DUE         OVERDUE  SEVERITY REMINDERS  WHAT WOULD"
                        + " SATISFY IT",
                String.format("%-14s %-31s %-10s %8s  %-8s %9s  %s", a, "MONITORING_DXA@2023-12-12", "2024-12-12",
                        "200 d", "MODERATE", 5, "a DXA scan"),
                String.format("%-14s %-31s %-10s %8s  %-8s %9s  %s", b, "INITIAL_DXA@2025-03-01", "2025-05-24",
                        "37 d", "MODERATE", 1, "a DXA scan"),
                String.format("%-14s %-31s %-10s %8s  %-8s %9s  %s", b, "TREATMENT_DECISION@2025-03-01",
                        "2025-06-21", "9 d", "MODERATE", 0, "a DXA scan"));

        send(Topics.FOLLOW_UP_STATUS.name(), b, null);
        CliRun after = cli("worklist", "--as-of", "2025-06-30", "--patient", a, "--patient", b, "--overdue-only");
        assertThat(after.outLines()).hasSize(3).first().isEqualTo(
                "Open follow-up items as of 2025-06-30, most overdue first (1)");
    }

    @Test
    void followUpRemindersAreAnAlertTypeOfTheCareTeamsFeed() {
        FollowUpReminder reminder = FollowUpReminder.newBuilder().setReminderId("fu-" + run).setPatientId(a)
                .setStatus(FollowUpReminderStatus.RAISED).setReplacesReminderId(null)
                .setItemId("DENOSUMAB_DOSE@2024-01-10").setItem(FollowUpItemKind.DENOSUMAB_DOSE)
                .setSeverity(AlertSeverity.HIGH).setHeadline("Next denosumab dose overdue since 2024-07-11 (due"
                        + " 2024-07-10)").setAnchorEventId("dmab-1").setAnchorDate(LocalDate.parse("2024-01-10"))
                .setDueDate(LocalDate.parse("2024-07-10")).setRemindFrom(LocalDate.parse("2024-07-25"))
                .setEscalation(2).setReason("rebound").setSource("Cummings et al., JBMR 2018")
                .setSatisfiedBy("a denosumab dose").setSatisfyingEventId(null).setSatisfiedOn(null)
                .setStatusReason(null).setRuleSetVersion("plo-rules-1.0")
                .setRaisedAt(Instant.parse("2024-08-11T00:00:00Z")).build();
        send(Topics.FOLLOW_UP_REMINDERS.name(), a, reminder);
        CliRun alerts = cli("alerts", "--group", "fu-" + run, "--patient", a, "--type", "follow-up");
        assertThat(alerts.outLines()).hasSize(2);
        assertThat(alerts.outLines().get(1)).startsWith("2024-08-11 00:00Z  HIGH      follow-up        " + a)
                .endsWith("  Next denosumab dose overdue since 2024-07-11 (due 2024-07-10) [RAISED]");
    }
}
