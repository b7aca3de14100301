package org.plotracker.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.infrastructure.kafka.EmbeddedKafkaBroker;
import org.plotracker.security.AccessPolicy;
import org.plotracker.testsupport.EmbeddedStackExtension;
import picocli.CommandLine;

/** {@code plo-tracker acls}: prints the generated ACLs, and creates them on a broker that enforces ACLs, once. */
@Tag("integration")
class AclsCommandTest {

    private static final String ADMIN_PASSWORD = "admin-secret";

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass(b -> b.plainUsers(Map.of(
            EmbeddedKafkaBroker.BROKER_ADMIN_USER, ADMIN_PASSWORD)).aclsEnabled(true));

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PloTrackerApp.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void printsEveryRolesAclsForTheApplicationId() {
        Run print = run("acls", "--print", "--application-id", "plo-tracker-v2", "--principal",
                "CLINIC=User:clinic-north");
        assertThat(print.code()).as(print.err()).isZero();
        assertThat(print.out()).contains("# CLINIC (User:clinic-north)", "# CARE_TEAM (User:plo-care-team)",
                "# ANALYST (User:plo-analyst)", "# TRACKER (User:plo-tracker)")
                .containsPattern("User:plo-tracker +WRITE +TRANSACTIONAL_ID +PREFIXED +plo-tracker-v2-")
                .containsPattern("User:clinic-north +WRITE +TOPIC +LITERAL +plo.events.dxa-scan.v1");
        assertThat(print.out().lines().filter(l -> l.startsWith("User:")).count())
                .isEqualTo(policy("plo-tracker-v2", "User:clinic-north").bindings().size());
    }

    @Test
    void appliesTheAclsWithTheAdminApiOnceAndRefusesWithoutACluster() throws Exception {
        List<String> cluster = new ArrayList<>(List.of("--bootstrap-servers", STACK.bootstrapServers(),
                "--schema-registry-url", STACK.schemaRegistryUrl(), "--application-id", "plo-acl-test"));
        STACK.clientProperties().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                cluster.addAll(List.of("-D", k + "=" + v));
            }
        });
        List<String> apply = new ArrayList<>(List.of("acls", "--apply"));
        apply.addAll(cluster);

        Run first = run(apply.toArray(String[]::new));
        assertThat(first.code()).as(first.err()).isZero();
        List<AclBinding> expected = policy("plo-acl-test", "User:plo-clinic").bindings();
        assertThat(first.out()).contains(expected.size() + " created, 0 already present");
        try (Admin admin = STACK.adminClient()) {
            assertThat(new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)))
                    .containsAll(expected);
        }

        Run second = run(apply.toArray(String[]::new));
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 created, " + expected.size() + " already present");

        Run embedded = run("acls", "--apply");
        assertThat(embedded.code()).isEqualTo(PloTrackerApp.USAGE);
        assertThat(embedded.err()).contains("acls --apply needs --bootstrap-servers");
    }

    private static AccessPolicy policy(String applicationId, String clinic) {
        Map<org.plotracker.security.Role, String> principals = new java.util.EnumMap<>(
                AccessPolicy.defaultPrincipals());
        principals.put(org.plotracker.security.Role.CLINIC, clinic);
        return AccessPolicy.of(principals, "User:" + AccessPolicy.REGISTRY_USER, applicationId);
    }
}
