package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.TrackerOutputTopics;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.publish.EventPublisher;
import org.plotracker.testsupport.Conditions;
import org.plotracker.security.Role;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The six source cases end to end on the secured embedded stack, every component under its own principal over TLS:
 * the clinic publishes (SCRAM over TLS, schemas read from the HTTPS registry with basic auth and a client
 * certificate, no registration), the tracker processes under its principal, the care team reads the alerts and the
 * analyst the derived topics. The outputs equal the oracle's. A refused event's dead letter and every log line of the
 * run carry no clinical value of the source cases beyond the pseudonymous id.
 */
@Tag("integration")
class SecuredEndToEndTest {

    private static final String APPLICATION_ID = "plo-secured-e2e";

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass(b -> b.secured(APPLICATION_ID));

    @TempDir
    Path stateDir;

    @Test
    void sourceCasesFlowWithEveryComponentUnderItsOwnPrincipalAndNoClinicalValueLeaksIntoLogsOrDeadLetters()
            throws Exception {
        StringWriter logs = new StringWriter();
        Appender capture = captureLogs(logs);
        List<SpecificRecord> events = SourceCases.events();
        DxaScanRecorded conflicting = conflictingDuplicate(events);
        try (SecuredTracker tracker = SecuredTracker.start(STACK.stack(), APPLICATION_ID, stateDir)) {
            publishAsClinic(events);
            tracker.awaitCaughtUp();

            var outputs = new TrackerOutputTopics(STACK.stack().clientProperties(Role.CARE_TEAM),
                    STACK.stack().clientProperties(Role.ANALYST), SecuredTracker.TIMEOUT);
            SecuredTracker.assertOutputsOf(outputs, events);

            publishAsClinic(List.of(conflicting));
            tracker.awaitCaughtUp();
        } finally {
            stopCapture(capture);
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        Conditions.waitUntil(() -> {
            deadLetters.clear();
            deadLetters.addAll(deadLettersOf(conflicting.getEventId()));
            return !deadLetters.isEmpty();
        }, Duration.ofSeconds(60), "the conflicting duplicate to reach the dead-letter topic");
        StringBuilder headers = new StringBuilder();
        for (Header header : deadLetters.get(0).headers()) {
            headers.append(header.key()).append('=').append(header.value() == null ? ""
                    : new String(header.value(), StandardCharsets.UTF_8)).append('\n');
        }
        assertThat(headers).as("the dead letter says why").contains("CONFLICTING_DUPLICATE");
        assertNoClinicalValues("dead-letter headers", headers.toString(), events, conflicting);
        assertThat(logs.toString()).as("the run was logged").contains(conflicting.getEventId());
        assertNoClinicalValues("logs", logs.toString(), events, conflicting);
    }

    /** The same event id and revision as a source-case scan, with a changed Z-score: a conflicting duplicate. */
    private static DxaScanRecorded conflictingDuplicate(List<SpecificRecord> events) {
        DxaScanRecorded scan = events.stream().filter(DxaScanRecorded.class::isInstance)
                .map(DxaScanRecorded.class::cast).findFirst().orElseThrow();
        List<SiteMeasurement> measurements = new ArrayList<>();
        for (SiteMeasurement m : scan.getMeasurements()) {
            measurements.add(SiteMeasurement.newBuilder(m).setZScore(-3.7).build());
        }
        return DxaScanRecorded.newBuilder(scan).setMeasurements(measurements).build();
    }

    private static void publishAsClinic(List<? extends SpecificRecord> events) {
        Map<String, Object> clinic = new HashMap<>(STACK.stack().clientProperties(Role.CLINIC));
        clinic.put("transactional.id", "plo-cli-secured-e2e-" + events.size());
        try (EventPublisher publisher = new EventPublisher(clinic)) {
            publisher.publishAll(events);
        }
    }

    /** Dead letters of one event, read with the administrator's principal (no role may read the topic). */
    private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String eventId) {
        Map<String, Object> admin = new HashMap<>(STACK.clientProperties());
        admin.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(admin, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTER).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader("plo.dlq.event-id");
                    if (id != null && eventId.equals(new String(id.value(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /**
     * No Z- or T-score of the source cases (nor the conflicting one), and no list of fractured vertebrae, appears in
     * {@code text}. Scores are matched as numbers ({@code -2.6} not inside {@code 12-2.65}); vertebra lists as two or
     * more levels in a row ({@code T12, L2}) or as a field ({@code vertebra": "T12}).
     */
    static void assertNoClinicalValues(String where, String text, List<SpecificRecord> events,
            DxaScanRecorded extra) {
        Set<String> scores = new LinkedHashSet<>();
        List<DxaScanRecorded> scans = new ArrayList<>(events.stream().filter(DxaScanRecorded.class::isInstance)
                .map(DxaScanRecorded.class::cast).toList());
        scans.add(extra);
        for (DxaScanRecorded scan : scans) {
            for (SiteMeasurement m : scan.getMeasurements()) {
                if (m.getZScore() != null && m.getZScore() != 0.0) {
                    scores.add(String.valueOf(m.getZScore()));
                }
                if (m.getTScore() != null && m.getTScore() != 0.0) {
                    scores.add(String.valueOf(m.getTScore()));
                }
            }
        }
        for (String score : scores) {
            Pattern number = Pattern.compile("(?<![\\w.:-])" + Pattern.quote(score) + "(?![\\d])");
            assertThat(number.matcher(text).find()).as("%s mention the score %s:%n%s", where, score,
                    excerpt(text, number)).isFalse();
        }
        Pattern levels = Pattern.compile("\\b[TL]\\d{1,2}\\b\\s*,\\s*\\b[TL]\\d{1,2}\\b|vertebra\\W{1,4}[TL]\\d{1,2}\\b");
        assertThat(levels.matcher(text).find()).as("%s list fractured vertebrae:%n%s", where, excerpt(text, levels))
                .isFalse();
        assertThat(events).anyMatch(FractureDiagnosed.class::isInstance); // the cases do carry vertebra lists
    }

    private static String excerpt(String text, Pattern pattern) {
        var matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return "";
        }
        int start = text.lastIndexOf('\n', matcher.start()) + 1;
        int end = text.indexOf('\n', matcher.end());
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** Every log event of this JVM, at the most detailed level the project logs at, into {@code target}. */
    private static Appender captureLogs(StringWriter target) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Appender appender = WriterAppender.newBuilder().setName("secured-e2e-capture").setTarget(target)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger - %msg%n%throwable")
                        .withConfiguration(configuration).build())
                .setConfiguration(configuration).build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        Configurator.setLevel("org.plotracker", Level.DEBUG);
        Configurator.setLevel("org.apache.kafka.streams", Level.INFO);
        return appender;
    }

    private static void stopCapture(Appender appender) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
        Configurator.setLevel("org.plotracker", Level.INFO);
        Configurator.setLevel("org.apache.kafka.streams", Level.WARN);
    }
}
