package org.plotracker.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.PregnancyConfirmed;

class CachingSchemaRegistryClientTest {

    /** Counts the calls that reach the "registry". */
    private static final class Counting implements SchemaRegistryClient {
        final InMemorySchemaRegistryClient inner = new InMemorySchemaRegistryClient();
        final List<String> calls = new ArrayList<>();

        @Override public int register(String s, Schema schema) { calls.add("register " + s); return inner.register(s, schema); }
        @Override public RegisteredSchema lookup(String s, Schema schema) { calls.add("lookup " + s); return inner.lookup(s, schema); }
        @Override public Schema schemaById(int id) { calls.add("id " + id); return inner.schemaById(id); }
        @Override public RegisteredSchema latest(String s) { calls.add("latest " + s); return inner.latest(s); }
        @Override public RegisteredSchema version(String s, int v) { calls.add("version " + s + " " + v); return inner.version(s, v); }
        @Override public List<String> subjects() { return inner.subjects(); }
        @Override public List<Integer> versions(String s) { return inner.versions(s); }
        @Override public String globalCompatibility() { return inner.globalCompatibility(); }
        @Override public void setGlobalCompatibility(String level) { inner.setGlobalCompatibility(level); }
        @Override public String compatibility(String s) { return inner.compatibility(s); }
        @Override public void setCompatibility(String s, String level) { inner.setCompatibility(s, level); }
        @Override public boolean testCompatibility(String s, Schema schema) { return inner.testCompatibility(s, schema); }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void immutableAnswersAreAskedOnce() {
        Counting registry = new Counting();
        var cached = new CachingSchemaRegistryClient(registry, 10, Duration.ofSeconds(60));
        int id = cached.register("a-value", DeliveryRecorded.getClassSchema());
        assertThat(cached.register("a-value", DeliveryRecorded.getClassSchema())).isEqualTo(id);
        assertThat(cached.schemaById(id)).isEqualTo(DeliveryRecorded.getClassSchema());
        cached.lookup("a-value", DeliveryRecorded.getClassSchema());
        cached.lookup("a-value", DeliveryRecorded.getClassSchema());
        cached.version("a-value", 1);
        cached.version("a-value", 1);
        assertThat(registry.calls).containsExactly("register a-value", "lookup a-value", "version a-value 1");
    }

    @Test
    void latestIsTrustedForItsTtlOnly() {
        Counting registry = new Counting();
        MutableClock clock = new MutableClock();
        var cached = new CachingSchemaRegistryClient(registry, 10, Duration.ofSeconds(60), clock);
        registry.inner.register("a-value", DeliveryRecorded.getClassSchema());
        assertThat(cached.latest("a-value").version()).isEqualTo(1);
        registry.inner.setCompatibility("a-value", "NONE");
        registry.inner.register("a-value", PregnancyConfirmed.getClassSchema());
        clock.now = clock.now.plusSeconds(59);
        assertThat(cached.latest("a-value").version()).isEqualTo(1);
        clock.now = clock.now.plusSeconds(2);
        assertThat(cached.latest("a-value").version()).isEqualTo(2);
        assertThat(registry.calls).containsExactly("latest a-value", "latest a-value");
    }

    @Test
    void cachesAreBounded() {
        Counting registry = new Counting();
        var cached = new CachingSchemaRegistryClient(registry, 1, null);
        int delivery = registry.inner.register("a-value", DeliveryRecorded.getClassSchema());
        int pregnancy = registry.inner.register("b-value", PregnancyConfirmed.getClassSchema());
        cached.schemaById(delivery);
        cached.schemaById(pregnancy);
        cached.schemaById(delivery);
        assertThat(registry.calls).containsExactly("id " + delivery, "id " + pregnancy, "id " + delivery);
    }
}
