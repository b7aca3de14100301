package org.plotracker.app;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.plotracker.serde.evolution.SchemaRelease;
import org.plotracker.serde.registry.SchemaRegistryClient;
import org.plotracker.serde.registry.SchemaRegistryClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plo-tracker schemas --register}: the release step. Registers every released version of every catalogue
 * topic's value schema with the registry given by the settings (as the registry user allowed to register), so that
 * the tracker and the clinics run with {@code auto.register.schemas=false} and only read schemas.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = {"The release step: register the released value schemas of every catalogue topic with the schema"
                + " registry (BACKWARD_TRANSITIVE per subject). Idempotent."},
        footerHeading = "%nExample:%n",
        footer = {"  plo-tracker schemas --register --schema-registry-url https://sr:8081 --bootstrap-servers kafka:9094"
                + " --config release.properties"})
public final class SchemasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--register", required = true, description = "Register the schemas.")
    boolean register;

    private final Map<String, String> environment;

    SchemasCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        AppConfig config = cluster.resolve(environment);
        if (config.schemaRegistryUrl().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "schemas --register needs --schema-registry-url (the"
                    + " embedded stack registers its schemas itself)");
        }
        Map<String, Object> settings = new LinkedHashMap<>(config.kafkaSettings());
        PrintWriter out = spec.commandLine().getOut();
        try (SchemaRegistryClient client = SchemaRegistryClients.fromConfig(settings)) {
            Map<String, List<Integer>> ids = SchemaRelease.register(client);
            ids.forEach((subject, versions) -> out.println(subject + ": schema ids " + versions));
            out.println("Registered the released schemas of " + ids.size() + " subjects at "
                    + config.schemaRegistryUrl().orElseThrow() + ".");
        }
        out.flush();
        return 0;
    }
}
