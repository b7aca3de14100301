package org.plotracker.cli.publish;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.plotracker.cli.ClientSettings;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.publish.EventPublisher;
import org.plotracker.publish.PublishResult;

/** Publishes a validated batch in one transaction with the connection settings of a command. */
final class Publishing {

    private Publishing() {
    }

    /**
     * Publishes {@code events} in one Kafka transaction.
     *
     * @param transactionalId null for a random one
     * @param progress        null for none
     */
    static PublishResult publish(ConnectionOptions connection, String clientId, List<? extends SpecificRecord> events,
            String transactionalId, ProgressBar progress) {
        ClientSettings settings = ClientSettings.from(connection);
        Map<String, Object> producer = settings.producer(clientId);
        producer.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId != null ? transactionalId : clientId + "-" + UUID.randomUUID());
        try (EventPublisher publisher = new EventPublisher(producer, null, EventValidator.withDefaults())) {
            if (progress != null) {
                progress.start(events.size());
            }
            PublishResult result = publisher.publishAll(events, (acknowledged, total) -> {
                if (progress != null) {
                    progress.update(acknowledged);
                }
            });
            if (progress != null) {
                progress.finish();
            }
            return result;
        } catch (RuntimeException e) {
            if (progress != null) {
                progress.abandon();
            }
            throw e;
        }
    }
}
