package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.workspace.WorkspacePaths;
import org.plotracker.workspace.readside.WorkspaceStores;

/**
 * Two tracker instances with one application id, each with its workspace on its own port and advertised as its
 * {@code application.server}: each answers for every patient (forwarding to the owner when she is held by the other),
 * the fanned-out worklist and Table-1 are the same from both, and a forwarded request that reaches a non-owner is a
 * 503, never a second hop.
 */
@Tag("integration")
@Timeout(600)
class WorkspaceScaleOutTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void eachInstanceAnswersForEveryPatientForwardingToTheOwner() throws Exception {
        String applicationId = "ws-scale-" + UUID.randomUUID().toString().substring(0, 8);
        SyntheticCohort cohort = SyntheticCohort.of(40, 12L);
        List<SpecificRecord> events = cohort.events();
        List<String> patients = events.stream().map(ClinicalEvent::patientId).distinct().sorted().toList();

        try (TrackerInstance a = TrackerInstance.start(config(applicationId, stateA));
             TrackerInstance b = TrackerInstance.start(config(applicationId, stateB))) {
            KafkaStreams streamsA = a.service().streams().kafkaStreams();
            KafkaStreams streamsB = b.service().streams().kafkaStreams();
            Conditions.waitUntil(() -> running(streamsA) && running(streamsB) && activeTasks(streamsA) > 0
                    && activeTasks(streamsB) > 0, Duration.ofSeconds(120), "both instances to run with active tasks");
            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), events, 200);
            TrackerInstance.awaitCaughtUp(STACK.clientProperties(), applicationId, () -> a.service().streams()
                    .isHealthy() && b.service().streams().isHealthy());
            a.awaitDecided();
            b.awaitDecided();

            WorkspaceClient clientA = new WorkspaceClient(a.service().workspace().port());
            WorkspaceClient clientB = new WorkspaceClient(b.service().workspace().port());
            HostInfo hostA = new HostInfo("127.0.0.1", a.service().workspace().port());
            int heldByA = 0;
            int heldByB = 0;
            for (String patientId : patients) {
                KeyQueryMetadata where = streamsA.queryMetadataForKey(WorkspaceStores.PATIENT_EVENTS, patientId,
                        Serdes.String().serializer());
                if (where.activeHost().equals(hostA)) {
                    heldByA++;
                } else {
                    heldByB++;
                }
                WorkspaceClient.Answer fromA = clientA.get(WorkspacePaths.patient(patientId));
                WorkspaceClient.Answer fromB = clientB.get(WorkspacePaths.patient(patientId));
                assertThat(fromA.status()).as(patientId + " from A: " + fromA.body()).isEqualTo(200);
                assertThat(fromB.status()).as(patientId + " from B: " + fromB.body()).isEqualTo(200);
                assertThat(fromA.json()).as(patientId).isEqualTo(fromB.json());
                assertThat(WorkspaceApiTest.values(fromA.json().get("timeline"), "eventId")).as(patientId)
                        .hasSize((int) events.stream().filter(e -> ClinicalEvent.patientId(e).equals(patientId))
                                .map(ClinicalEvent::eventId).distinct().count());
                assertThat(clientA.ok(WorkspacePaths.patientBmd(patientId)))
                        .isEqualTo(clientB.ok(WorkspacePaths.patientBmd(patientId)));

                // a request already forwarded once that reaches the non-owner: 503, not another hop
                WorkspaceClient nonOwner = where.activeHost().equals(hostA) ? clientB : clientA;
                WorkspaceClient.Answer stale = nonOwner.getForwarded(WorkspacePaths.patient(patientId));
                assertThat(stale.status()).isEqualTo(503);
                assertThat(stale.response().headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(heldByA).as("patients held by A").isPositive();
            assertThat(heldByB).as("patients held by B").isPositive();

            assertThat(clientA.ok(WorkspacePaths.worklist(0, 500))).isEqualTo(clientB.ok(WorkspacePaths.worklist(0, 500)));
            assertThat(clientA.ok(WorkspacePaths.worklist(0, 500)).get("total").asInt()).isPositive();
            assertThat(clientA.ok(WorkspacePaths.BMD_CHANGES + "?limit=5000"))
                    .isEqualTo(clientB.ok(WorkspacePaths.BMD_CHANGES + "?limit=5000"));
            assertThat(clientA.ok(WorkspacePaths.COHORT)).isEqualTo(clientB.ok(WorkspacePaths.COHORT));

            // an acknowledgement sent to either instance reaches the owner's worklist
            var item = clientB.ok(WorkspacePaths.worklist(0, 500)).get("items").get(0);
            String alertId = item.get("alertId").asText();
            WorkspaceClient.Answer ack = clientB.post(WorkspacePaths.acknowledge(alertId),
                    Map.of("patientId", item.get("patientId").asText(), "by", "dr-b"));
            assertThat(ack.status()).as(ack.body()).isEqualTo(202);
            Conditions.waitUntil(() -> !WorkspaceApiTest.values(clientA.ok(WorkspacePaths.worklist(0, 500))
                    .get("items"), "alertId").contains(alertId), Duration.ofSeconds(60),
                    "the alert acknowledged through B to leave A's worklist");
        }
    }

    private org.plotracker.app.AppConfig config(String applicationId, Path stateDir) {
        return TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(), applicationId, stateDir,
                Map.of());
    }

    private static boolean running(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    private static int activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }
}
