package org.plotracker.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImportSettingsTest {

    @Test
    void theTransactionTimeoutGrowsWithTheFileWithinKafkasBounds() {
        assertThat(ImportCommand.transactionTimeoutMs(10)).isEqualTo(60_000);
        assertThat(ImportCommand.transactionTimeoutMs(10_000)).isEqualTo(60_000);
        assertThat(ImportCommand.transactionTimeoutMs(100_000)).isEqualTo(500_000);
        assertThat(ImportCommand.transactionTimeoutMs(5_000_000)).isEqualTo(900_000);
    }

    @Test
    void theTransactionalIdIsStablePerFileAndDiffersBetweenFiles() {
        String a = ImportCommand.defaultTransactionalId(Path.of("exports/../exports/a.jsonl"));
        assertThat(a).isEqualTo(ImportCommand.defaultTransactionalId(Path.of("exports/a.jsonl")))
                .matches("plo-cli-import-[0-9a-f]{16}");
        assertThat(a).isNotEqualTo(ImportCommand.defaultTransactionalId(Path.of("exports/b.jsonl")));
    }
}
