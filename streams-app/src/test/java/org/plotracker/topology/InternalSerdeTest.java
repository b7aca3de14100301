package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.contracts.internal.RaisedBmdAlert;

/** Store values written with an earlier internal schema stay readable after the schema gained fields. */
class InternalSerdeTest {

    private static Schema previousPatientState() throws Exception {
        try (InputStream in = InternalSerde.class.getResourceAsStream("previous-schemas/PatientState-1.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    /** A patient state as the store wrote it before pending alerts existed. */
    private static byte[] writtenBeforePendingAlerts(Schema v1) throws Exception {
        GenericRecord raised = new GenericData.Record(v1.getField("bmdAlerts").schema().getElementType());
        raised.put("alertId", "bmd-1");
        raised.put("site", "LUMBAR_SPINE");
        raised.put("laterScanEventId", "s2");
        GenericRecord state = new GenericData.Record(v1);
        state.put("patientId", "PAT-OLD");
        state.put("events", List.of());
        state.put("emittedChanges", List.of());
        state.put("bmdAlerts", List.of(raised));
        state.put("recurrenceAlerts", List.of());
        state.put("cohortContributions", List.of());
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(state);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void aPatientStateWrittenBeforePendingAlertsExistedIsReadWithNothingPending() throws Exception {
        Schema v1 = previousPatientState();
        assertThat(v1.getField("pendingBmdAlerts")).isNull();
        byte[] old = writtenBeforePendingAlerts(v1);

        PatientState state = InternalSerde.patientState().deserializer().deserialize("store", old);

        assertThat(state.getPatientId()).isEqualTo("PAT-OLD");
        assertThat(state.getBmdAlerts()).containsExactly(new RaisedBmdAlert("bmd-1", "LUMBAR_SPINE", "s2"));
        assertThat(state.getPendingBmdAlerts()).isEmpty();
        assertThat(state.getPendingRecurrenceAlerts()).isEmpty();
    }

    /** Schema 2: before the bmd-change row gained its regions and not-comparable cause (issue 14). */
    @Test
    void aPatientStateWrittenBeforeTheRowGainedItsRegionsIsRead() throws Exception {
        Schema v2;
        try (InputStream in = InternalSerde.class.getResourceAsStream("previous-schemas/PatientState-2.avsc")) {
            v2 = new Schema.Parser().parse(in);
        }
        assertThat(v2.toString()).doesNotContain("notComparableCause");
        GenericRecord state = new GenericData.Record(v2);
        state.put("patientId", "PAT-V2");
        for (Schema.Field f : v2.getFields()) {
            if (f.schema().getType() == Schema.Type.ARRAY) {
                state.put(f.name(), List.of());
            }
        }
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(state);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        PatientState read = InternalSerde.patientState().deserializer().deserialize("store", bytes);

        assertThat(read.getPatientId()).isEqualTo("PAT-V2");
        assertThat(read.getPendingBmdAlerts()).isEmpty();
    }

    @Test
    void withoutThePreviousSchemaRegisteredTheOldBytesAreRefusedNotMisread() throws Exception {
        byte[] old = writtenBeforePendingAlerts(previousPatientState());
        assertThatThrownBy(() -> InternalSerde.of(PatientState.class).deserializer().deserialize("store", old))
                .isInstanceOf(SerializationException.class).hasMessageContaining("PatientState");
    }
}
