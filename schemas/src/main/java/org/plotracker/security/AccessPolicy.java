package org.plotracker.security;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;

/**
 * Who may see what on Kafka: the topic decisions of the four {@link Role}s, and the ACLs that follow from them for
 * one set of principals and one tracker {@code application.id}. The decisions are written per topic of the catalogue
 * ({@link Topics}); {@link #catalogueTopics()} finds every topic the catalogue declares, and {@link #bindings()}
 * refuses to run when one of them has no decision, so a new topic cannot be forgotten.
 *
 * <p>Only ALLOW entries are generated: with {@code allow.everyone.if.no.acl.found=false} (Kafka's default when an
 * authorizer is set) everything not listed is denied.
 */
public final class AccessPolicy {

    /** Transactional-id prefixes of the clinic's publishers: the {@code plo} CLI and the demo publisher. */
    public static final List<String> CLINIC_TRANSACTIONAL_ID_PREFIXES = List.of("plo-cli-", "plo-demo-");
    /** Consumer-group prefix of care teams ({@code plo alerts} uses {@code plo-alerts-<user>} by default). */
    public static final String CARE_TEAM_GROUP_PREFIX = "plo-alerts-";
    /** Consumer-group prefix of analysts. */
    public static final String ANALYST_GROUP_PREFIX = "plo-analyst-";
    /** Consumer-group prefix of a Confluent Schema Registry ({@code schema-registry-<host>-<port>}). */
    public static final String REGISTRY_GROUP_PREFIX = "schema-registry";

    private static final Map<String, TopicDecision> DECISIONS = decisions(List.of(
            clinicalInput(Topics.DELIVERY),
            clinicalInput(Topics.PREGNANCY),
            clinicalInput(Topics.FRACTURE),
            clinicalInput(Topics.DXA_SCAN),
            clinicalInput(Topics.TREATMENT),
            TopicDecision.topic(Topics.ERASURE.name()).produce(Role.CLINIC).consume(Role.TRACKER)
                    .because("a clinic asks to erase its patient; only the tracker acts on it"),
            alert(Topics.BMD_CHANGE_ALERTS),
            alert(Topics.RECURRENCE_RISK_ALERTS),
            TopicDecision.topic(Topics.PATIENT_TIMELINE.name()).produce(Role.TRACKER)
                    .consume(Role.CARE_TEAM, Role.ANALYST)
                    .because("latest timeline per pseudonymous patient: care-team views and analyses"),
            derived(Topics.BMD_CHANGE, "one row per compared scan pair (Table 1 of the case series)"),
            derived(Topics.COHORT_SUMMARY, "n / mean / SD of change per site and treatment group"),
            TopicDecision.topic(Topics.DEAD_LETTER).produce(Role.TRACKER)
                    .because("raw bytes of refused input records: clinical data, so no role reads it; operators"
                            + " inspect it with an administrator's principal"),
            TopicDecision.topic(Topics.SCHEMAS)
                    .because("the schema registry's own store: only the registry's service principal"),
            TopicDecision.topic(Topics.ALERT_ACK.name()).produce(Role.CARE_TEAM).consume(Role.TRACKER)
                    .because("a care team acknowledges an alert; the tracker's worklist reads it"),
            alert(Topics.FOLLOW_UP_REMINDERS),
            TopicDecision.topic(Topics.FOLLOW_UP_STATUS.name()).produce(Role.TRACKER)
                    .consume(Role.CARE_TEAM, Role.ANALYST)
                    .because("open follow-up items per pseudonymous patient: the care team's worklist feed and"
                            + " analyses, like the timeline"),
            derived(Topics.FLS_KPI, "numerator and denominator of each fracture-liaison KPI per reporting month and"
                    + " source system: no patient data")));

    private final Map<Role, String> principals;
    private final String registryPrincipal;
    private final String applicationId;

    private AccessPolicy(Map<Role, String> principals, String registryPrincipal, String applicationId) {
        this.principals = principals;
        this.registryPrincipal = registryPrincipal;
        this.applicationId = applicationId;
    }

    /**
     * The policy for these principals.
     *
     * @param principals        Kafka principal of each role, e.g. {@code User:plo-clinic}; every role needs one
     * @param registryPrincipal Kafka principal of the schema registry service (store topic {@code _schemas})
     * @param applicationId     the tracker's {@code application.id}: its group, internal-topic and transactional-id
     *                          prefix
     */
    public static AccessPolicy of(Map<Role, String> principals, String registryPrincipal, String applicationId) {
        EnumMap<Role, String> copy = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            String principal = principals.get(role);
            if (principal == null || principal.isBlank()) {
                throw new IllegalArgumentException("No Kafka principal for role " + role
                        + " (e.g. User:" + defaultUserName(role) + ")");
            }
            copy.put(role, checkPrincipal(principal));
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("The tracker's application.id is empty");
        }
        return new AccessPolicy(copy, checkPrincipal(registryPrincipal), applicationId);
    }

    /** The default principals: {@code User:plo-clinic}, ..., registry {@code User:plo-registry}. */
    public static AccessPolicy withDefaultPrincipals(String applicationId) {
        return of(defaultPrincipals(), "User:" + REGISTRY_USER, applicationId);
    }

    /** Default name of the schema registry service's Kafka user. */
    public static final String REGISTRY_USER = "plo-registry";

    /** {@code User:plo-<role>} for every role. */
    public static Map<Role, String> defaultPrincipals() {
        EnumMap<Role, String> principals = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            principals.put(role, "User:" + defaultUserName(role));
        }
        return principals;
    }

    /** {@code plo-clinic}, {@code plo-care-team}, {@code plo-analyst}, {@code plo-tracker}. */
    public static String defaultUserName(Role role) {
        return "plo-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The principal of a role. */
    public String principal(Role role) {
        return principals.get(role);
    }

    public String registryPrincipal() {
        return registryPrincipal;
    }

    public String applicationId() {
        return applicationId;
    }

    /** The decision for a topic, if there is one. */
    public static java.util.Optional<TopicDecision> decision(String topic) {
        return java.util.Optional.ofNullable(DECISIONS.get(topic));
    }

    /** The decisions of every catalogue topic, in catalogue order. */
    public static List<TopicDecision> catalogueDecisions() {
        List<TopicDecision> out = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (String topic : catalogueTopics()) {
            TopicDecision decision = DECISIONS.get(topic);
            if (decision == null) {
                undecided.add(topic);
            } else {
                out.add(decision);
            }
        }
        if (!undecided.isEmpty()) {
            throw new IllegalStateException("No access decision for catalogue topic(s) " + undecided
                    + ": add one to " + AccessPolicy.class.getSimpleName() + " (and the table in docs/security.md)");
        }
        return out;
    }

    /**
     * Every topic the catalogue declares: the value of each public static {@link TopicSpec} and topic-name
     * {@code String} constant of {@link Topics}, so a topic added there is seen here even before it joins a list.
     */
    public static List<String> catalogueTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (Field field : Topics.class.getFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers)) {
                continue;
            }
            try {
                Object value = field.get(null);
                if (value instanceof TopicSpec<?> spec) {
                    topics.add(spec.name());
                } else if (value instanceof String name) {
                    topics.add(name);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot read Topics." + field.getName(), e);
            }
        }
        return List.copyOf(topics);
    }

    /** Every ACL of every role and of the registry service, role by role. */
    public List<AclBinding> bindings() {
        List<AclBinding> all = new ArrayList<>();
        for (Role role : Role.values()) {
            all.addAll(bindings(role));
        }
        all.addAll(registryBindings());
        return all;
    }

    /** The ACLs of one role. */
    public List<AclBinding> bindings(Role role) {
        String principal = principals.get(role);
        List<AclBinding> acls = new ArrayList<>();
        for (TopicDecision decision : catalogueDecisions()) {
            Set<TopicAccess> access = decision.accessOf(role);
            ResourcePattern topic = literal(ResourceType.TOPIC, decision.topic());
            if (access.contains(TopicAccess.PRODUCE)) {
                acls.add(allow(topic, principal, AclOperation.WRITE));
            }
            if (access.contains(TopicAccess.CONSUME)) {
                acls.add(allow(topic, principal, AclOperation.READ));
            }
            if (!access.isEmpty()) {
                acls.add(allow(topic, principal, AclOperation.DESCRIBE));
            }
            if (role == Role.TRACKER && !access.isEmpty()) {
                // The start-up layout check reads cleanup.policy and partition counts of every topic it uses.
                acls.add(allow(topic, principal, AclOperation.DESCRIBE_CONFIGS));
            }
        }
        switch (role) {
            case CLINIC -> CLINIC_TRANSACTIONAL_ID_PREFIXES.forEach(prefix -> {
                ResourcePattern ids = prefixed(ResourceType.TRANSACTIONAL_ID, prefix);
                acls.add(allow(ids, principal, AclOperation.WRITE));
                acls.add(allow(ids, principal, AclOperation.DESCRIBE));
            });
            case CARE_TEAM -> acls.add(allow(prefixed(ResourceType.GROUP, CARE_TEAM_GROUP_PREFIX), principal,
                    AclOperation.READ));
            case ANALYST -> acls.add(allow(prefixed(ResourceType.GROUP, ANALYST_GROUP_PREFIX), principal,
                    AclOperation.READ));
            case TRACKER -> {
                // Internal topics (<application.id>-...-changelog / -repartition), created by Kafka Streams.
                ResourcePattern internal = prefixed(ResourceType.TOPIC, applicationId + "-");
                for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                        AclOperation.DELETE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
                    acls.add(allow(internal, principal, op));
                }
                acls.add(allow(literal(ResourceType.GROUP, applicationId), principal, AclOperation.READ));
                // exactly_once_v2: one transactional id per stream thread, <application.id>-<process id>-<n>.
                ResourcePattern ids = prefixed(ResourceType.TRANSACTIONAL_ID, applicationId + "-");
                acls.add(allow(ids, principal, AclOperation.WRITE));
                acls.add(allow(ids, principal, AclOperation.DESCRIBE));
            }
            default -> throw new IllegalStateException("Unknown role " + role);
        }
        return acls;
    }

    /** The ACLs of the schema registry service: its store topic and its consumer groups. */
    public List<AclBinding> registryBindings() {
        List<AclBinding> acls = new ArrayList<>();
        ResourcePattern store = literal(ResourceType.TOPIC, Topics.SCHEMAS);
        for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(store, registryPrincipal, op));
        }
        acls.add(allow(prefixed(ResourceType.GROUP, REGISTRY_GROUP_PREFIX), registryPrincipal, AclOperation.READ));
        return acls;
    }

    /**
     * The decisions as a Markdown table, one row per catalogue topic and one column per role ({@code write},
     * {@code read}, or {@code -}); docs/security.md carries exactly this table.
     */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| topic |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Role role : Role.values()) {
            table.append(' ').append(defaultUserName(role).substring("plo-".length())).append(" |");
            rule.append("---|");
        }
        table.append(" why |\n").append(rule).append("---|\n");
        for (TopicDecision decision : catalogueDecisions()) {
            table.append("| `").append(decision.topic()).append("` |");
            for (Role role : Role.values()) {
                Set<TopicAccess> access = decision.accessOf(role);
                String cell = access.isEmpty() ? "-"
                        : access.stream().sorted().map(a -> a == TopicAccess.PRODUCE ? "write" : "read")
                                .collect(java.util.stream.Collectors.joining(", "));
                table.append(' ').append(cell).append(" |");
            }
            table.append(' ').append(decision.why()).append(" |\n");
        }
        return table.toString();
    }

    /** One line per ACL, like {@code kafka-acls --list}: principal, operation, resource type, pattern type, name. */
    public static String describe(AclBinding acl) {
        return String.format(Locale.ROOT, "%-20s %-8s %-16s %-8s %s", acl.entry().principal(),
                acl.entry().operation(), acl.pattern().resourceType(), acl.pattern().patternType(),
                acl.pattern().name());
    }

    private static TopicDecision clinicalInput(TopicSpec<?> spec) {
        return TopicDecision.topic(spec.name()).produce(Role.CLINIC).consume(Role.TRACKER)
                .because("a patient's clinical events: written by clinics, read only by the tracker");
    }

    private static TopicDecision alert(TopicSpec<?> spec) {
        return TopicDecision.topic(spec.name()).produce(Role.TRACKER).consume(Role.CARE_TEAM)
                .because("an alert about one patient: for her care team only");
    }

    private static TopicDecision derived(TopicSpec<?> spec, String what) {
        return TopicDecision.topic(spec.name()).produce(Role.TRACKER).consume(Role.ANALYST).because(what);
    }

    private static Map<String, TopicDecision> decisions(List<TopicDecision> list) {
        Map<String, TopicDecision> byTopic = new LinkedHashMap<>();
        for (TopicDecision decision : list) {
            if (byTopic.put(decision.topic(), decision) != null) {
                throw new IllegalStateException("Two access decisions for topic " + decision.topic());
            }
        }
        return java.util.Collections.unmodifiableMap(byTopic);
    }

    private static String checkPrincipal(String principal) {
        Objects.requireNonNull(principal, "principal");
        int colon = principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new IllegalArgumentException("A Kafka principal is TYPE:NAME, e.g. User:plo-clinic; got '"
                    + principal + "'");
        }
        return principal;
    }

    private static ResourcePattern literal(ResourceType type, String name) {
        return new ResourcePattern(type, name, PatternType.LITERAL);
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static AclBinding allow(ResourcePattern pattern, String principal, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
