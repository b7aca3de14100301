package org.plotracker.app;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.streams.StreamsConfig;
import org.plotracker.security.AccessPolicy;
import org.plotracker.security.Role;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plo-tracker acls}: the Kafka ACLs of the four roles, generated from the topic catalogue
 * ({@link AccessPolicy}); printed, or created on a cluster with the Admin API. Creating an ACL that exists changes
 * nothing, so {@code --apply} can run at every deployment.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Print (--print) or create (--apply) the Kafka ACLs of the clinic, care-team, analyst and tracker"
                + " principals and of the schema registry service, generated from the topic catalogue.",
                "--apply needs --bootstrap-servers and an administrator's client settings (--config)."},
        footerHeading = "%nExamples:%n",
        footer = {"  plo-tracker acls --print",
                "  plo-tracker acls --print --principal CLINIC=User:clinic-north --application-id plo-tracker-v2",
                "  plo-tracker acls --apply --bootstrap-servers kafka:9094 --schema-registry-url https://sr:8081 "
                        + "--config admin.properties"})
public final class AclsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--print", required = true, description = "Print the ACLs, one per line, by role.")
        boolean print;

        @Option(names = "--markdown", required = true,
                description = "Print the per-topic decisions as the Markdown table of docs/security.md.")
        boolean markdown;

        @Option(names = "--apply", required = true, description = "Create the ACLs on the cluster (Admin API).")
        boolean apply;
    }

    @Option(names = "--principal", paramLabel = "ROLE=TYPE:NAME",
            description = "Kafka principal of a role (CLINIC, CARE_TEAM, ANALYST, TRACKER); repeatable. Default "
                    + "User:plo-clinic, User:plo-care-team, User:plo-analyst, User:plo-tracker.")
    Map<Role, String> principals = new EnumMap<>(Role.class);

    @Option(names = "--registry-principal", paramLabel = "TYPE:NAME", defaultValue = "User:" + AccessPolicy.REGISTRY_USER,
            description = "Kafka principal of the schema registry service (its store topic _schemas). "
                    + "Default: ${DEFAULT-VALUE}.")
    String registryPrincipal;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long --apply may wait for the cluster. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    private final Map<String, String> environment;

    AclsCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (action.markdown) {
            out.print(AccessPolicy.markdownTable());
            out.flush();
            return 0;
        }
        AppConfig config = cluster.resolve(environment);
        AccessPolicy policy = policy(config.applicationId());
        if (action.print) {
            print(policy, out);
            return 0;
        }
        if (config.embedded()) {
            throw new ParameterException(spec.commandLine(), "acls --apply needs --bootstrap-servers (the secured"
                    + " embedded stack of `demo --secure` applies its ACLs itself)");
        }
        apply(policy, adminSettings(config), out);
        return 0;
    }

    AccessPolicy policy(String applicationId) {
        Map<Role, String> all = new EnumMap<>(AccessPolicy.defaultPrincipals());
        all.putAll(principals);
        try {
            return AccessPolicy.of(all, registryPrincipal, applicationId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void print(AccessPolicy policy, PrintWriter out) {
        out.println("# Kafka ACLs of plo-tracker (ALLOW; everything else is denied), tracker application.id "
                + policy.applicationId());
        for (Role role : Role.values()) {
            out.println();
            out.println("# " + role + " (" + policy.principal(role) + "): " + role.description());
            policy.bindings(role).forEach(acl -> out.println(AccessPolicy.describe(acl)));
        }
        out.println();
        out.println("# schema registry service (" + policy.registryPrincipal() + "): its store topic and groups");
        policy.registryBindings().forEach(acl -> out.println(AccessPolicy.describe(acl)));
        out.flush();
    }

    private void apply(AccessPolicy policy, Map<String, Object> adminSettings, PrintWriter out) throws Exception {
        List<AclBinding> wanted = policy.bindings();
        long timeoutMs = TimeUnit.SECONDS.toMillis(timeoutSeconds);
        try (Admin admin = Admin.create(adminSettings)) {
            Set<AclBinding> present = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(timeoutMs, TimeUnit.MILLISECONDS));
            List<AclBinding> missing = wanted.stream().filter(acl -> !present.contains(acl)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            }
            out.printf(Locale.ROOT, "ACLs of plo-tracker on %s: %d created, %d already present.%n",
                    adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), missing.size(),
                    wanted.size() - missing.size());
            out.flush();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " did not answer within " + timeoutSeconds + " s", e);
        }
    }

    private static Map<String, Object> adminSettings(AppConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>(config.kafkaSettings());
        settings.remove(StreamsConfig.APPLICATION_ID_CONFIG);
        settings.remove(StreamsConfig.STATE_DIR_CONFIG);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "plo-tracker-acls");
        return settings;
    }
}
