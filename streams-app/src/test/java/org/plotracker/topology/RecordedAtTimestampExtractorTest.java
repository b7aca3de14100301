package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.events.DeliveryRecorded;

class RecordedAtTimestampExtractorTest {

    private final RecordedAtTimestampExtractor extractor = new RecordedAtTimestampExtractor();

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("plo.events.delivery.v1", 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0,
                "P-1", value, new RecordHeaders(), Optional.empty());
    }

    @Test
    void theEventsRecordedAtIsTheRecordTimeWhateverTheProducerStamped() {
        DeliveryRecorded delivery = DeliveryRecorded.newBuilder().setEventId("d1").setPatientId("P-1")
                .setClinicalDate(LocalDate.of(2024, 1, 5)).setRecordedAt(Instant.parse("2024-01-06T10:00:00Z"))
                .setSourceSystem("clinic").build();
        assertThat(extractor.extract(record(delivery, 99L), 5L))
                .isEqualTo(Instant.parse("2024-01-06T10:00:00Z").toEpochMilli());
    }

    @Test
    void aTombstoneKeepsItsOwnTimestampOrThePartitionTime() {
        assertThat(extractor.extract(record(null, 1234L), 5L)).isEqualTo(1234L);
        assertThat(extractor.extract(record(null, -1L), 77L)).isEqualTo(77L);
        assertThat(extractor.extract(record(null, -1L), -1L)).isZero();
    }
}
