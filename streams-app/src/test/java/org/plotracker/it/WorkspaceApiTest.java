package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.TrackerOutputTopics;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.workspace.WorkspacePaths;

/**
 * The workspace's API against the real embedded stack and the app's own start path, on the six source cases: each
 * view is compared with what the tracker wrote to its output topics (the independent record of the same facts).
 */
@Tag("integration")
@Timeout(600)
class WorkspaceApiTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    static Path state;

    static TrackerInstance tracker;
    static WorkspaceClient client;
    static TrackerOutputs outputs;

    @BeforeAll
    static void startAndPublishTheSourceCases() throws Exception {
        String applicationId = "workspace-" + UUID.randomUUID().toString().substring(0, 8);
        tracker = TrackerInstance.start(TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(),
                applicationId, state, Map.of()));
        client = new WorkspaceClient(tracker.service().workspace().port());
        TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), SourceCases.events(), 500);
        tracker.awaitDecided();
        Map<String, Object> settings = new HashMap<>(STACK.clientProperties());
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        outputs = new TrackerOutputTopics(settings, TrackerInstance.TIMEOUT).readAll();
        assertThat(outputs.distinctAlertCount()).as("the source cases raise alerts").isPositive();
        // the workspace stores are written in the same transaction as the outputs: they are complete now
        Conditions.waitUntil(() -> client.get(WorkspacePaths.READY).status() == 200, Duration.ofSeconds(60),
                "the workspace to be ready");
    }

    @AfterAll
    static void stop() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void caseFivesTrajectoryShowsHerTwoLumbarScansTheGainAndTeriparatideShaded() {
        JsonNode bmd = client.ok(WorkspacePaths.patientBmd(SourceCases.patientId(5)));

        JsonNode lumbar = site(bmd, "LUMBAR_SPINE");
        assertThat(lumbar.get("scans")).hasSize(2);
        assertThat(lumbar.get("scans").get(0).get("date").asText()).isEqualTo("2023-08-09");
        assertThat(lumbar.get("scans").get(0).get("z").asDouble()).isEqualTo(-2.7);
        assertThat(lumbar.get("scans").get(1).get("date").asText()).isEqualTo("2024-05-09");
        assertThat(lumbar.get("scans").get(1).get("z").asDouble()).isEqualTo(-1.0);
        assertThat(lumbar.get("scans").get(1).get("deviceChanged").asBoolean()).isFalse();

        JsonNode gain = lumbar.get("comparisons");
        assertThat(gain).hasSize(1);
        BmdChange row = currentRow(SourceCases.patientId(5), "LUMBAR_SPINE");
        assertThat(gain.get(0).get("classification").asText()).isEqualTo("SIGNIFICANT_GAIN")
                .isEqualTo(row.getClassification().name());
        assertThat(gain.get(0).get("deltaZ").asDouble()).isEqualTo(row.getDeltaZ());
        assertThat(gain.get(0).get("basis").asText()).isEqualTo(row.getBasis().name());
        assertThat(gain.get(0).get("bandUnit").asText()).isEqualTo("Z");
        assertThat(gain.get(0).get("bandLow").asDouble()).isEqualTo(-2.7 - row.getThreshold());
        assertThat(gain.get(0).get("bandHigh").asDouble()).isEqualTo(-2.7 + row.getThreshold());

        assertThat(bmd.get("treatments")).hasSize(2);
        assertThat(bmd.get("treatments").get(0).get("agent").asText()).isEqualTo("CALCIUM_VITAMIN_D");
        assertThat(bmd.get("treatments").get(0).get("from").asText()).isEqualTo("2023-08-09");
        assertThat(bmd.get("treatments").get(0).get("to").asText()).isEqualTo("2023-09-08");
        assertThat(bmd.get("treatments").get(1).get("agent").asText()).isEqualTo("TERIPARATIDE");
        assertThat(bmd.get("treatments").get(1).get("from").asText()).isEqualTo("2023-09-08");
        assertThat(bmd.get("treatments").get(1).get("to").isNull()).isTrue();
    }

    @Test
    void casePageHasHerTimelineInClinicalOrderHerRowsAndHerAlertsAsTheTopicsHoldThem() {
        for (String patientId : SourceCases.patientIds()) {
            JsonNode patient = client.ok(WorkspacePaths.patient(patientId));
            List<String> expectedEvents = SourceCases.events().stream()
                    .filter(e -> org.plotracker.patient.ClinicalEvent.patientId(e).equals(patientId))
                    .sorted(org.plotracker.patient.ClinicalEvent.CLINICAL_ORDER)
                    .map(org.plotracker.patient.ClinicalEvent::eventId).toList();
            assertThat(values(patient.get("timeline"), "eventId")).as(patientId).isEqualTo(expectedEvents);

            Set<String> expectedRows = new TreeSet<>();
            outputs.currentBmdChanges().stream().filter(c -> c.getPatientId().equals(patientId))
                    .forEach(c -> expectedRows.add(c.getChangeId()));
            assertThat(new TreeSet<>(values(patient.get("bmdChanges"), "changeId"))).as(patientId)
                    .isEqualTo(expectedRows);

            Set<String> expectedAlerts = new TreeSet<>();
            outputs.distinctBmdChangeAlerts().stream().filter(a -> a.getPatientId().equals(patientId))
                    .forEach(a -> expectedAlerts.add(a.getAlertId()));
            outputs.distinctRecurrenceRiskAlerts().stream().filter(a -> a.getPatientId().equals(patientId))
                    .forEach(a -> expectedAlerts.add(a.getAlertId()));
            assertThat(new TreeSet<>(values(patient.get("alerts"), "alertId"))).as(patientId)
                    .isEqualTo(expectedAlerts);
        }
        JsonNode five = client.ok(WorkspacePaths.patient(SourceCases.patientId(5)));
        assertThat(five.get("summary").get("indexEpisodeKind").asText()).isEqualTo("FRAGILITY_FRACTURE");
        assertThat(values(five.get("summary").get("currentTreatments"))).containsExactly("TERIPARATIDE");
        for (JsonNode alert : five.get("alerts")) {
            assertThat(alert.get("reasons")).as("every alert says why").isNotEmpty();
        }
    }

    @Test
    void anUnknownPatientIsNotFoundAndABadPageParameterIsABadRequest() {
        WorkspaceClient.Answer unknown = client.get(WorkspacePaths.patient("PLO-NOBODY"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("PLO-NOBODY");
        assertThat(client.get(WorkspacePaths.patientBmd("PLO-NOBODY")).status()).isEqualTo(404);
        WorkspaceClient.Answer bad = client.get(WorkspacePaths.WORKLIST + "?limit=zero");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("limit");
    }

    @Test
    void worklistListsEveryOpenAlertMostSevereFirstThenOldestWithPaging() {
        Set<String> acknowledged = acknowledgedAlertIds();
        Map<String, String> expected = new TreeMap<>();
        for (BmdChangeAlert a : outputs.distinctBmdChangeAlerts()) {
            expected.put(a.getAlertId(), a.getSeverity().name());
        }
        for (RecurrenceRiskAlert a : outputs.distinctRecurrenceRiskAlerts()) {
            expected.put(a.getAlertId(), a.getSeverity().name());
        }
        acknowledged.forEach(expected::remove);

        JsonNode all = client.ok(WorkspacePaths.worklist(0, 500));
        assertThat(all.get("total").asInt()).isEqualTo(expected.size());
        Map<String, String> listed = new TreeMap<>();
        all.get("items").forEach(a -> listed.put(a.get("alertId").asText(), a.get("severity").asText()));
        assertThat(listed).isEqualTo(expected);
        List<String> order = new ArrayList<>();
        all.get("items").forEach(a -> order.add(rank(a.get("severity").asText()) + "|" + a.get("raisedAt").asText()));
        assertThat(order).isSorted();

        JsonNode second = client.ok(WorkspacePaths.worklist(1, 1));
        if (expected.size() > 1) {
            assertThat(second.get("items")).hasSize(1);
            assertThat(second.get("items").get(0).get("alertId")).isEqualTo(all.get("items").get(1).get("alertId"));
        }
    }

    @Test
    void anAcknowledgementIsAnEventThatTakesTheAlertOffTheWorklistAndIsShownOnHerPage() throws Exception {
        JsonNode first = client.ok(WorkspacePaths.worklist(0, 1)).get("items").get(0);
        String alertId = first.get("alertId").asText();
        String patientId = first.get("patientId").asText();

        WorkspaceClient.Answer accepted = client.post(WorkspacePaths.acknowledge(alertId),
                Map.of("patientId", patientId, "note", "seen in clinic", "by", "dr-test"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String eventId = accepted.json().get("eventId").asText();

        Conditions.waitUntil(() -> !values(client.ok(WorkspacePaths.worklist(0, 500)).get("items"), "alertId")
                .contains(alertId), Duration.ofSeconds(60), "the acknowledged alert to leave the worklist");
        JsonNode card = StreamSupport.stream(client.ok(WorkspacePaths.patient(patientId)).get("alerts").spliterator(),
                false).filter(a -> a.get("alertId").asText().equals(alertId)).findFirst().orElseThrow();
        assertThat(card.get("acknowledgement").get("by").asText()).isEqualTo("dr-test");
        assertThat(card.get("acknowledgement").get("note").asText()).isEqualTo("seen in clinic");

        // durable and audited: the event is on the control topic, keyed by the patient
        List<ConsumerRecord<String, AlertAcknowledged>> onTopic = readAcknowledgements();
        assertThat(onTopic).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(patientId);
            assertThat(r.value().getEventId()).isEqualTo(eventId);
            assertThat(r.value().getAlertId()).isEqualTo(alertId);
            assertThat(r.value().getAcknowledgedBy()).isEqualTo("dr-test");
            assertThat(r.value().getNote()).isEqualTo("seen in clinic");
        });

        WorkspaceClient.Answer again = client.post(WorkspacePaths.acknowledge(alertId),
                Map.of("patientId", patientId, "by", "dr-test"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(client.post(WorkspacePaths.acknowledge("no-such-alert"), Map.of("patientId", patientId,
                "by", "dr-test")).status()).isEqualTo(404);
        WorkspaceClient.Answer noPatient = client.post(WorkspacePaths.acknowledge(alertId), Map.of("by", "x"));
        assertThat(noPatient.status()).isEqualTo(400);
        assertThat(noPatient.json().get("error").asText()).contains("patientId");
    }

    @Test
    void cohortAndTableOneAgreeWithTheDerivedTopics() {
        JsonNode table = client.ok(WorkspacePaths.BMD_CHANGES + "?limit=1000");
        Set<String> expectedRows = new TreeSet<>();
        outputs.currentBmdChanges().forEach(c -> expectedRows.add(c.getChangeId()));
        assertThat(table.get("total").asInt()).isEqualTo(expectedRows.size());
        assertThat(new TreeSet<>(values(table.get("rows"), "changeId"))).isEqualTo(expectedRows);

        JsonNode cohort = client.ok(WorkspacePaths.COHORT);
        Map<String, String> actual = new TreeMap<>();
        cohort.get("groups").forEach(g -> actual.put(g.get("site").asText() + "|" + g.get("treatmentGroup").asText(),
                g.get("patients").asInt() + " " + round(number(g.get("deltaZ").get("mean"))) + " "
                        + round(number(g.get("deltaZ").get("sampleSd")))));
        assertThat(actual).isNotEmpty();
        // the summary topic is written after a repartition, so it may trail the inputs' offsets: wait for it
        Map<String, String> expected = Conditions.waitFor(WorkspaceApiTest::cohortSummaries, actual::equals,
                Duration.ofSeconds(60), "the cohort summary topic to reach the workspace's cohort " + actual);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.keySet()).contains("LUMBAR_SPINE|ANABOLIC", "LUMBAR_SPINE|CALCIUM_VITAMIN_D");
    }

    @Test
    void healthMetricsPagesAndTheChartLibraryAreServedFromTheSameServer() {
        assertThat(client.get(WorkspacePaths.LIVE).status()).isEqualTo(200);
        assertThat(client.ok(WorkspacePaths.READY).get("streams").asText()).isEqualTo("RUNNING");
        Conditions.waitUntil(() -> {
            String metrics = client.get(WorkspacePaths.METRICS).body();
            return metrics.contains("events_accepted_total") && metrics.contains("alerts_raised_total")
                    && metrics.contains("plo_worklist_open_alerts");
        }, Duration.ofSeconds(60), "the tracker's counters on /metrics");
        String metrics = client.get(WorkspacePaths.METRICS).body();
        assertThat(metrics).contains("kafka_stream");
        assertThat(metricValue(metrics, "events_accepted_total")).isEqualTo(SourceCases.events().size());
        assertThat(metricValue(metrics, "plo_dead_letters_total{reason=\"UNDECODABLE\"}")).isZero();

        // bytes that are no Avro record: dead-lettered, and counted by reason
        Map<String, Object> producer = new HashMap<>(STACK.clientProperties());
        try (var bytes = new org.apache.kafka.clients.producer.KafkaProducer<>(producer,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            bytes.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.DXA_SCAN.name(), "PLO-GARBAGE",
                    new byte[] {1, 2, 3})).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Conditions.waitUntil(() -> metricValue(client.get(WorkspacePaths.METRICS).body(),
                "plo_dead_letters_total{reason=\"UNDECODABLE\"}") == 1.0, Duration.ofSeconds(60),
                "the undecodable record to be counted on /metrics");

        WorkspaceClient.Answer page = client.get(WorkspacePaths.patientPage(SourceCases.patientId(5)));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").doesNotContain("https://");
        assertThat(client.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").status()).isEqualTo(200);
        assertThat(client.get(WorkspacePaths.WORKLIST_PAGE).body()).contains("Worklist");
        assertThat(client.get(WorkspacePaths.OPENAPI).body()).contains("/api/alerts/{alertId}/acknowledge");
    }

    private static Map<String, String> cohortSummaries() {
        Map<String, Object> settings = new HashMap<>(STACK.clientProperties());
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        Map<String, String> summaries = new TreeMap<>();
        try {
            for (CohortSummary s : new TrackerOutputTopics(settings, TrackerInstance.TIMEOUT).readAll()
                    .latestCohortSummaries()) {
                if (s.getPatients() > 0) {
                    summaries.put(s.getSite() + "|" + s.getTreatmentGroup(), s.getPatients() + " "
                            + round(s.getDeltaZ().getMean()) + " " + round(s.getDeltaZ().getSampleSd()));
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
        return summaries;
    }

    /** Sum of every sample of a counter (one per stream thread). */
    static double metricValue(String metrics, String name) {
        return metrics.lines().filter(l -> !l.startsWith("#") && l.contains(name))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Set<String> acknowledgedAlertIds() {
        Set<String> ids = new TreeSet<>();
        readAcknowledgements().forEach(r -> ids.add(r.value().getAlertId()));
        return ids;
    }

    static List<ConsumerRecord<String, AlertAcknowledged>> readAcknowledgements() {
        Map<String, Object> settings = new HashMap<>(STACK.clientProperties());
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "ack-reader-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, AlertAcknowledged>> records = new ArrayList<>();
        try (KafkaConsumer<String, AlertAcknowledged> consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), AvroSerdes.forClass(AlertAcknowledged.class, settings).deserializer())) {
            consumer.subscribe(List.of(Topics.ALERT_ACK.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                if (!consumer.assignment().isEmpty() && consumer.assignment().stream()
                        .allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
                    break;
                }
            }
        }
        return records;
    }

    private static BmdChange currentRow(String patientId, String site) {
        return outputs.currentBmdChanges().stream().filter(c -> c.getPatientId().equals(patientId)
                && c.getSite().name().equals(site)).findFirst().orElseThrow();
    }

    static JsonNode site(JsonNode bmd, String site) {
        return StreamSupport.stream(bmd.get("sites").spliterator(), false)
                .filter(s -> s.get("site").asText().equals(site)).findFirst().orElseThrow();
    }

    static List<String> values(JsonNode array, String field) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.get(field).asText()));
        return result;
    }

    static List<String> values(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static int rank(String severity) {
        return org.plotracker.workspace.readside.WorkspaceStores.severityRank(severity);
    }

    private static Double number(JsonNode node) {
        return node == null || node.isNull() ? null : node.asDouble();
    }

    private static String round(Double value) {
        return value == null ? "null" : String.format(java.util.Locale.ROOT, "%.6f", value);
    }
}
