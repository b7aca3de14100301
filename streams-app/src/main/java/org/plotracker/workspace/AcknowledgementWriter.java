package org.plotracker.workspace;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.serde.AvroSerdes;

/**
 * Writes acknowledgements to {@code plo.control.alert-ack.v1} (Avro, registry-backed like every contract), keyed by
 * the patient id so that the worklist processor of her task reads it. Idempotent producer, {@code acks=all}; the HTTP
 * answer waits for the broker's acknowledgement, so a 202 means the event is durable.
 */
public final class AcknowledgementWriter implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<String, AlertAcknowledged> producer;

    /**
     * @param clientProperties bootstrap servers and security of the cluster
     * @param serdeSettings    the registry settings ({@code schema.registry.url}, auto-registration, ...)
     */
    public AcknowledgementWriter(Map<String, Object> clientProperties, Map<String, ?> serdeSettings) {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "plo-workspace-ack");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(),
                AvroSerdes.forClass(AlertAcknowledged.class, new HashMap<>(serdeSettings)).serializer());
    }

    void write(AlertAcknowledged acknowledgement) {
        try {
            producer.send(new ProducerRecord<>(Topics.ALERT_ACK.name(), null,
                    acknowledgement.getRecordedAt().toEpochMilli(), acknowledgement.getPatientId(), acknowledgement))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WorkspaceException.unavailable("interrupted while writing acknowledgement "
                    + acknowledgement.getEventId());
        } catch (ExecutionException | TimeoutException e) {
            throw WorkspaceException.unavailable("acknowledgement " + acknowledgement.getEventId()
                    + " could not be written: " + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
