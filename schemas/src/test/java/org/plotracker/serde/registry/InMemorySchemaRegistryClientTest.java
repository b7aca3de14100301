package org.plotracker.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;

class InMemorySchemaRegistryClientTest {

    private static final String SUBJECT = "plo.test.v1-value";
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    private static Schema v1() {
        return SchemaBuilder.record("Visit").namespace("org.plotracker.test").fields()
                .requiredString("id").endRecord();
    }

    private static Schema v2WithDefault() {
        return SchemaBuilder.record("Visit").namespace("org.plotracker.test").fields()
                .requiredString("id").name("site").type().stringType().stringDefault("unknown").endRecord();
    }

    private static Schema v2WithoutDefault() {
        return SchemaBuilder.record("Visit").namespace("org.plotracker.test").fields()
                .requiredString("id").requiredString("site").endRecord();
    }

    @Test
    void idsAndVersionsFollowConfluentSemantics() {
        int first = registry.register(SUBJECT, v1());
        assertThat(first).isEqualTo(1);
        assertThat(registry.register(SUBJECT, v1())).as("re-registering returns the existing id").isEqualTo(first);
        int second = registry.register(SUBJECT, v2WithDefault());
        assertThat(second).isEqualTo(2);
        assertThat(registry.register("other-value", v1())).as("same schema, same id across subjects").isEqualTo(first);

        assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
        assertThat(registry.versions("other-value")).containsExactly(1);
        assertThat(registry.latest(SUBJECT)).isEqualTo(new RegisteredSchema(SUBJECT, 2, 2, v2WithDefault()));
        assertThat(registry.version(SUBJECT, 1)).isEqualTo(new RegisteredSchema(SUBJECT, 1, 1, v1()));
        assertThat(registry.lookup(SUBJECT, v1()).version()).isEqualTo(1);
        assertThat(registry.schemaById(2)).isEqualTo(v2WithDefault());
        assertThat(registry.subjects()).containsExactly("other-value", SUBJECT);
    }

    @Test
    void notFoundAnswersCarryConfluentErrorCodes() {
        assertCode(() -> registry.latest("nope"), 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertCode(() -> registry.lookup("nope", v1()), 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        registry.register(SUBJECT, v1());
        assertCode(() -> registry.lookup(SUBJECT, v2WithDefault()), 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertCode(() -> registry.version(SUBJECT, 7), 404, SchemaRegistryException.VERSION_NOT_FOUND);
        assertCode(() -> registry.version(SUBJECT, 0), 422, SchemaRegistryException.INVALID_VERSION);
        assertCode(() -> registry.schemaById(99), 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertCode(() -> registry.setCompatibility(SUBJECT, "SIDEWAYS"), 422,
                SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
    }

    @Test
    void backwardByDefaultRefusesANewRequiredFieldWith409() {
        registry.register(SUBJECT, v1());
        assertThat(registry.globalCompatibility()).isEqualTo("BACKWARD");
        assertThat(registry.testCompatibility(SUBJECT, v2WithoutDefault())).isFalse();
        assertThat(registry.testCompatibility(SUBJECT, v2WithDefault())).isTrue();
        SchemaRegistryException refused = catchThrowableOfType(SchemaRegistryException.class,
                () -> registry.register(SUBJECT, v2WithoutDefault()));
        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("site");
        assertThat(registry.versions(SUBJECT)).containsExactly(1);
    }

    @Test
    void subjectLevelOverridesGlobalAndNoneAcceptsAnything() {
        registry.register(SUBJECT, DeliveryRecorded.getClassSchema());
        registry.setCompatibility(SUBJECT, "none");
        assertThat(registry.compatibility(SUBJECT)).isEqualTo("NONE");
        assertThat(registry.compatibility("unconfigured")).isEqualTo("BACKWARD");
        assertThat(registry.register(SUBJECT, FractureDiagnosed.getClassSchema())).isEqualTo(2);
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        // v1 {id}; v2 {id, site default}; v3 {id, site required}: v3 reads v2 but not v1.
        registry.setCompatibility(SUBJECT, CompatibilityLevels.BACKWARD_TRANSITIVE);
        registry.register(SUBJECT, v1());
        registry.register(SUBJECT, v2WithDefault());
        assertCode(() -> registry.register(SUBJECT, v2WithoutDefault()), 409,
                SchemaRegistryException.INCOMPATIBLE_SCHEMA);

        InMemorySchemaRegistryClient plain = new InMemorySchemaRegistryClient();
        plain.register(SUBJECT, v1());
        plain.register(SUBJECT, v2WithDefault());
        assertThat(plain.register(SUBJECT, v2WithoutDefault())).as("BACKWARD only looks at the latest").isEqualTo(3);
    }

    @Test
    void forwardChecksThatOldReadersCanReadNewData() {
        registry.setGlobalCompatibility("FORWARD");
        registry.register(SUBJECT, v2WithoutDefault());
        // Removing a field without default: old readers (which require "site") cannot read the new data.
        assertCode(() -> registry.register(SUBJECT, v1()), 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
    }

    @Test
    void mockScopesAreSharedUntilDropped() {
        InMemorySchemaRegistryClient a = MockSchemaRegistry.clientForScope("scope-a");
        assertThat(SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://scope-a/"))).isSameAs(a);
        a.register(SUBJECT, v1());
        MockSchemaRegistry.dropScope("scope-a");
        assertThat(MockSchemaRegistry.clientForScope("scope-a").subjects()).isEmpty();
        MockSchemaRegistry.dropScope("scope-a");
        assertThatThrownBy(() -> MockSchemaRegistry.clientForScope(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertCode(Runnable call, int status, int errorCode) {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, call::run);
        assertThat(e).as("expected SchemaRegistryException %s/%s", status, errorCode).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(errorCode);
    }
}
