package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.junit.jupiter.api.Test;
import org.plotracker.serde.AvroDeserializationException;
import org.plotracker.serde.AvroDeserializationException.Problem;
import org.plotracker.serde.registry.SchemaRegistryException;

class FailureClassTest {

    private static AvroDeserializationException decoding(Problem problem) {
        return new AvroDeserializationException("plo.clinic.dxa-scan.v1", false, 7, problem, "detail", null);
    }

    @Test
    void anUnreachableRegistryOrBrokerOrATimeoutIsRetriableWhereverItSitsInTheChain() {
        assertThat(FailureClass.of(decoding(Problem.REGISTRY_UNAVAILABLE))).isEqualTo(FailureClass.RETRIABLE);
        assertThat(FailureClass.of(new StreamsException(new SchemaRegistryException(503, 50301, "down"))))
                .isEqualTo(FailureClass.RETRIABLE);
        assertThat(FailureClass.of(new StreamsException(new IllegalStateException("x",
                new SchemaRegistryException(0, SchemaRegistryException.CONNECTION_FAILED, "refused",
                        new ConnectException("refused")))))).isEqualTo(FailureClass.RETRIABLE);
        assertThat(FailureClass.of(new StreamsException(new TimeoutException("metadata")))).isEqualTo(FailureClass.RETRIABLE);
        assertThat(FailureClass.of(new NotLeaderOrFollowerException("moved"))).isEqualTo(FailureClass.RETRIABLE);
    }

    @Test
    void badBytesAndRefusedEventsAreBadInput() {
        for (Problem problem : Problem.values()) {
            if (problem != Problem.REGISTRY_UNAVAILABLE) {
                assertThat(FailureClass.ofDecoding(decoding(problem))).as(problem.name()).isEqualTo(FailureClass.BAD_INPUT);
            }
        }
        assertThat(FailureClass.ofDecoding(new org.apache.kafka.common.errors.SerializationException("garbage")))
                .isEqualTo(FailureClass.BAD_INPUT);
        assertThat(FailureClass.of(new StreamsException(new RejectedEventException(
                RejectedEventException.Reason.INVALID_EVENT, "e1", "bad")))).isEqualTo(FailureClass.BAD_INPUT);
    }

    @Test
    void aRegistryAnswerThatIsNotAnOutageAndEverythingUnclassifiedIsABug() {
        assertThat(FailureClass.of(new SchemaRegistryException(404, 40403, "no such schema"))).isEqualTo(FailureClass.BUG);
        assertThat(FailureClass.of(new StreamsException(new ProcessorStateException("store value does not decode"))))
                .isEqualTo(FailureClass.BUG);
        assertThat(FailureClass.of(new NullPointerException())).isEqualTo(FailureClass.BUG);
    }
}
