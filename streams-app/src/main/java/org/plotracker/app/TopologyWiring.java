package org.plotracker.app;

import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.topology.EventScreen;
import org.plotracker.topology.TopologySettings;
import org.plotracker.topology.TrackerTopology;
import org.plotracker.topology.ValueSerdes;

/**
 * Builds the tracker topology with the project's parts: registry-backed Avro serdes configured from the app's
 * settings (registry URL, auto-registration, authentication), the shared event validator as the screen that sends
 * impossible events to the dead-letter topic ({@link EventScreen#defaults()}), and the alert settling window.
 */
public final class TopologyWiring {

    private TopologyWiring() {
    }

    /**
     * The topology for an app configured by {@code config} (its serde settings and alert settling window) and
     * {@code rules}.
     */
    public static Topology topology(AppConfig config, RulesConfig rules) {
        return topology(config.kafkaSettings(), rules, TopologySettings.defaults().alertSettle(config.alertSettle())
                .idleAfter(config.idleAfter())
                .recentPatientVersions(config.recentPatientVersions())
                .asOf(config.asOf().orElse(null)));
    }

    /**
     * The topology with serdes configured from {@code serdeSettings} ({@code schema.registry.url}, ...) and the given
     * topology settings (the alert settling window).
     */
    public static Topology topology(Map<String, ?> serdeSettings, RulesConfig rules, TopologySettings topology) {
        Map<String, Object> settings = new TreeMap<>(serdeSettings);
        ValueSerdes serdes = new ValueSerdes() {
            @Override
            public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
                return AvroSerdes.forClass(type, settings);
            }
        };
        return TrackerTopology.build(rules, serdes, EventScreen.defaults(), topology);
    }
}
