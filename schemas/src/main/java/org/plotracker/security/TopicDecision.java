package org.plotracker.security;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The access decision for one topic: which role produces to it, which roles consume it, and why. A role missing from
 * {@link #grants()} has no access at all. A decision with no grant is still a decision (e.g. {@code _schemas}, which
 * only the registry's own service principal touches).
 */
public record TopicDecision(String topic, Map<Role, Set<TopicAccess>> grants, String why) {

    public TopicDecision {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(why, "why");
        EnumMap<Role, Set<TopicAccess>> copy = new EnumMap<>(Role.class);
        grants.forEach((role, access) -> copy.put(role, Set.copyOf(access)));
        grants = java.util.Collections.unmodifiableMap(copy);
    }

    /** What {@code role} may do with this topic (empty: nothing). */
    public Set<TopicAccess> accessOf(Role role) {
        return grants.getOrDefault(role, Set.of());
    }

    static Builder topic(String name) {
        return new Builder(name);
    }

    static final class Builder {
        private final String topic;
        private final Map<Role, Set<TopicAccess>> grants = new EnumMap<>(Role.class);

        private Builder(String topic) {
            this.topic = topic;
        }

        Builder produce(Role role) {
            grants.computeIfAbsent(role, r -> EnumSet.noneOf(TopicAccess.class)).add(TopicAccess.PRODUCE);
            return this;
        }

        Builder consume(Role... roles) {
            for (Role role : roles) {
                grants.computeIfAbsent(role, r -> EnumSet.noneOf(TopicAccess.class)).add(TopicAccess.CONSUME);
            }
            return this;
        }

        TopicDecision because(String why) {
            return new TopicDecision(topic, grants, why);
        }
    }
}
