package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plotracker.contracts.internal.EmittedContribution;
import org.plotracker.contracts.internal.FollowUpFact;
import org.plotracker.contracts.internal.FollowUpFacts;
import org.plotracker.followup.FollowUpTopology;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * The follow-up stores' layout: one fact per event ({@code <patient>|<eventId>}), one entry per emitted KPI
 * contribution, a small header per patient. An erasure removes every fact and contribution of the patient and keeps
 * her epoch; a store written by the one-value-per-patient layout (every fact and contribution inside the header) is
 * migrated on first read, with the same outputs as a store that never had that layout.
 */
class FollowUpStoreLayoutTest {

    private static final String SCOPE = "follow-up-store-layout";
    private static final String P = "PAT-FU-LAYOUT";
    private static final String OTHER = "PAT-FU-OTHER";
    private static final Instant WALL = Instant.parse("2024-01-01T00:00:00Z");

    private final List<TrackerDriver> drivers = new ArrayList<>();

    @AfterEach
    void stop() {
        drivers.forEach(TrackerDriver::close);
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private TrackerDriver driver() {
        TrackerDriver d = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE),
                TestSerdes.validator(), TopologySettings.immediate(), new Properties(), WALL);
        drivers.add(d);
        return d;
    }

    /** Two patients' histories interleaved: delivery, fracture, then 40 starts and scans each. */
    private static List<SpecificRecord> histories() {
        List<SpecificRecord> mine = FollowUpChangelogBytesTest.longHistory(P, 40);
        List<SpecificRecord> hers = FollowUpChangelogBytesTest.longHistory(OTHER, 40);
        List<SpecificRecord> all = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            all.add(mine.get(i));
            all.add(hers.get(i));
        }
        return all;
    }

    @Test
    void anErasureRemovesEveryFactAndContributionOfThePatientAndKeepsHerEpoch() {
        TrackerDriver d = driver();
        histories().forEach(d::pipe);
        assertThat(d.storeKeysOf(FollowUpTopology.EVENT_FACTS_STORE, P)).hasSize(42);
        assertThat(d.storeKeysOf(FollowUpTopology.EMITTED_KPIS_STORE, P)).isNotEmpty();
        int others = d.storeKeysOf(FollowUpTopology.EVENT_FACTS_STORE, OTHER).size();

        d.pipe(TestEvents.erasure(P, "erase-1", Instant.parse("2013-01-01T12:00:00Z")));

        assertThat(d.storeKeysOf(FollowUpTopology.EVENT_FACTS_STORE, P)).isEmpty();
        assertThat(d.storeKeysOf(FollowUpTopology.EMITTED_KPIS_STORE, P)).isEmpty();
        assertThat(d.storeKeysOf(FollowUpTopology.ITEMS_STORE, P)).isEmpty();
        FollowUpFacts header = headers(d).get(P);
        assertThat(header.getEpoch()).isEqualTo(String.valueOf(Instant.parse("2013-01-01T12:00:00Z")
                .toEpochMilli()));
        assertThat(header.getStatusFingerprint()).isEmpty();
        assertThat(header.getFacts()).isEmpty();
        assertThat(header.getKpiContributions()).isEmpty();
        assertThat(d.storeKeysOf(FollowUpTopology.EVENT_FACTS_STORE, OTHER)).as("the other patient keeps hers")
                .hasSize(others);
        assertThat(d.deadLetters()).isEmpty();
    }

    @Test
    void aStoreOfTheOneValueLayoutIsMigratedOnFirstReadWithTheOutputsOfAStoreThatNeverHadIt() {
        List<SpecificRecord> events = histories();
        int half = 44;
        SpecificRecord erasure = TestEvents.erasure(OTHER, "erase-other", Instant.parse("2013-01-01T12:00:00Z"));

        TrackerDriver reference = driver();
        events.forEach(reference::pipe);
        reference.pipe(erasure);

        TrackerDriver upgraded = driver();
        events.subList(0, half).forEach(upgraded::pipe);
        int moved = toOneValueLayout(upgraded);
        assertThat(moved).as("facts put back into the headers").isEqualTo(2 * 22);
        assertThat(headers(upgraded).get(P).getKpiContributions()).as("contributions put back into her header")
                .isNotEmpty();
        events.subList(half, events.size()).forEach(upgraded::pipe);
        upgraded.pipe(erasure);

        assertThat(upgraded.followUpReminders()).isNotEmpty().isEqualTo(reference.followUpReminders());
        assertThat(upgraded.followUpStatusUpdates()).isNotEmpty().isEqualTo(reference.followUpStatusUpdates());
        assertThat(upgraded.flsKpiUpdates()).isNotEmpty().isEqualTo(reference.flsKpiUpdates());
        for (String store : FollowUpTopology.storeNames()) {
            assertThat(entries(upgraded, store)).as(store).isEqualTo(entries(reference, store));
        }
        assertThat(upgraded.deadLetters()).isEmpty();
    }

    /**
     * The follow-up stores' Avro values are released like the other internal records
     * ({@code released-internal/<Record>/vN.avsc}, see {@link InternalSerdeTest}): the newest released version is the
     * current schema, and the store's serde reads values written with every released version.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FollowUpFacts", "FollowUpFact"})
    void theFollowUpStoreValuesAreReleasedAndReadable(String name) {
        Class<? extends SpecificRecord> type = name.equals("FollowUpFacts") ? FollowUpFacts.class : FollowUpFact.class;
        List<Schema> released = InternalSerde.releasedSchemas(name);
        assertThat(released).as("add released-internal/%s/v1.avsc", name).isNotEmpty();
        assertThat(released.get(released.size() - 1))
                .as("a changed internal schema is released as released-internal/%s/v%d.avsc", name,
                        released.size() + 1)
                .isEqualTo(SpecificData.get().getSchema(type));
        var serde = InternalSerde.released(type);
        for (Schema version : released) {
            for (Object written : new org.apache.avro.util.RandomData(version, 20, name.hashCode())) {
                byte[] bytes;
                try {
                    var buffer = new org.apache.avro.message.BinaryMessageEncoder<Object>(
                            org.apache.avro.generic.GenericData.get(), version).encode(written);
                    bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertThat(serde.deserializer().deserialize("store", bytes)).isInstanceOf(type);
            }
        }
    }

    /**
     * Rewrites the follow-up stores as the one-value-per-patient layout wrote them: each patient's facts and
     * emitted KPI contributions inside her {@code follow-up-facts} value, none in their own stores.
     *
     * @return the number of facts moved
     */
    private static int toOneValueLayout(TrackerDriver d) {
        KeyValueStore<String, FollowUpFacts> headers = d.driver().getKeyValueStore(FollowUpTopology.FACTS_STORE);
        KeyValueStore<String, FollowUpFact> facts = d.driver().getKeyValueStore(FollowUpTopology.EVENT_FACTS_STORE);
        KeyValueStore<String, String> kpis = d.driver().getKeyValueStore(FollowUpTopology.EMITTED_KPIS_STORE);
        Map<String, List<FollowUpFact>> factsOf = new LinkedHashMap<>();
        Map<String, List<EmittedContribution>> kpisOf = new LinkedHashMap<>();
        List<String> factKeys = new ArrayList<>();
        List<String> kpiKeys = new ArrayList<>();
        try (var all = facts.all()) {
            all.forEachRemaining(kv -> {
                factsOf.computeIfAbsent(patientOf(kv.key), p -> new ArrayList<>()).add(kv.value);
                factKeys.add(kv.key);
            });
        }
        try (var all = kpis.all()) {
            all.forEachRemaining(kv -> {
                kpisOf.computeIfAbsent(patientOf(kv.key), p -> new ArrayList<>())
                        .add(new EmittedContribution(kv.key, kv.value));
                kpiKeys.add(kv.key);
            });
        }
        factKeys.forEach(facts::delete);
        kpiKeys.forEach(kpis::delete);
        for (Map.Entry<String, List<FollowUpFact>> e : factsOf.entrySet()) {
            FollowUpFacts header = headers.get(e.getKey());
            headers.put(e.getKey(), FollowUpFacts.newBuilder().setPatientId(e.getKey())
                    .setEpoch(header == null ? "0" : header.getEpoch())
                    .setStatusFingerprint(header == null ? "" : header.getStatusFingerprint())
                    .setFacts(e.getValue()).setKpiContributions(kpisOf.getOrDefault(e.getKey(), List.of())).build());
        }
        return factKeys.size();
    }

    private static String patientOf(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    private static Map<String, FollowUpFacts> headers(TrackerDriver d) {
        Map<String, FollowUpFacts> headers = new LinkedHashMap<>();
        KeyValueStore<String, FollowUpFacts> store = d.driver().getKeyValueStore(FollowUpTopology.FACTS_STORE);
        try (var all = store.all()) {
            all.forEachRemaining(kv -> headers.put(kv.key, kv.value));
        }
        return headers;
    }

    private static List<KeyValue<String, Object>> entries(TrackerDriver d, String store) {
        List<KeyValue<String, Object>> entries = new ArrayList<>();
        try (var all = d.driver().<String, Object>getKeyValueStore(store).all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }
}
