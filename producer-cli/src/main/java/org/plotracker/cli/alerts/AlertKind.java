package org.plotracker.cli.alerts;

import java.util.Arrays;
import java.util.List;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;

/** The alert streams a care team can subscribe to. */
public enum AlertKind {
    BMD_CHANGE("bmd-change", Topics.BMD_CHANGE_ALERTS),
    RECURRENCE_RISK("recurrence-risk", Topics.RECURRENCE_RISK_ALERTS),
    FOLLOW_UP("follow-up", Topics.FOLLOW_UP_REMINDERS);

    private final String cliName;
    private final TopicSpec<?> topic;

    AlertKind(String cliName, TopicSpec<?> topic) {
        this.cliName = cliName;
        this.topic = topic;
    }

    public String cliName() {
        return cliName;
    }

    public TopicSpec<?> topic() {
        return topic;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** Parses {@code bmd-change}, {@code BMD_CHANGE}, ... (picocli converter). */
    public static AlertKind parse(String text) {
        return Arrays.stream(values()).filter(k -> k.cliName.equalsIgnoreCase(text.trim())
                || k.name().equalsIgnoreCase(text.trim())).findFirst().orElseThrow(() ->
                new IllegalArgumentException("'" + text + "' is not one of " + cliNames()));
    }

    public static List<String> cliNames() {
        return Arrays.stream(values()).map(AlertKind::cliName).toList();
    }

    static AlertKind ofTopic(String topic) {
        return Arrays.stream(values()).filter(k -> k.topic.name().equals(topic)).findFirst().orElse(null);
    }
}
