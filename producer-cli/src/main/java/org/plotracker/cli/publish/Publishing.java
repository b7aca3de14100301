package org.plotracker.cli.publish;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.plotracker.cli.ClientSettings;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.publish.EventPublisher;
import org.plotracker.publish.PublishResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes a validated batch in one transaction with the connection settings of a command. */
final class Publishing {

    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

    private Publishing() {
    }

    /**
     * Connects a publisher (initialises its transactions).
     *
     * @param transactionalId null for a random one
     */
    static EventPublisher connect(ConnectionOptions connection, String clientId, String transactionalId) {
        return connect(connection, clientId, transactionalId, Map.of());
    }

    /**
     * Connects a publisher with extra producer defaults (used unless the {@code --config} file sets them).
     *
     * @param transactionalId null for a random one
     */
    static EventPublisher connect(ConnectionOptions connection, String clientId, String transactionalId,
            Map<String, Object> defaults) {
        ClientSettings settings = ClientSettings.from(connection);
        Map<String, Object> producer = settings.producer(clientId);
        defaults.forEach(producer::putIfAbsent);
        producer.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId != null ? transactionalId : clientId + "-" + UUID.randomUUID());
        long connecting = System.nanoTime();
        LOG.info("Connecting to Kafka at {} (registry {})", settings.bootstrapServers(), settings.schemaRegistryUrl());
        EventPublisher publisher = new EventPublisher(producer, null, EventValidator.withDefaults());
        LOG.info("Connected, transactions initialised in {} ms", (System.nanoTime() - connecting) / 1_000_000);
        return publisher;
    }

    /** Starts connecting in the background, so that reading a file and connecting overlap. */
    static CompletableFuture<EventPublisher> connectInBackground(ConnectionOptions connection, String clientId,
            String transactionalId, Map<String, Object> defaults) {
        ClientSettings.from(connection); // a bad --config is a usage error now, not after reading the file
        return CompletableFuture.supplyAsync(() -> connect(connection, clientId, transactionalId, defaults));
    }

    /** The publisher once connected; a connection failure is rethrown as it was thrown. */
    static EventPublisher await(CompletableFuture<EventPublisher> connecting) {
        try {
            return connecting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Closes a background connection that is no longer needed, whenever it completes. */
    static void discard(CompletableFuture<EventPublisher> connecting) {
        if (connecting != null) {
            connecting.whenComplete((publisher, failure) -> {
                if (publisher != null) {
                    publisher.close();
                }
            });
        }
    }

    /** Publishes {@code events} in one Kafka transaction and closes the publisher. */
    static PublishResult publish(EventPublisher publisher, List<? extends SpecificRecord> events,
            ProgressBar progress) {
        try (publisher) {
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

    /** Connects, publishes {@code events} in one Kafka transaction, closes. */
    static PublishResult publish(ConnectionOptions connection, String clientId, List<? extends SpecificRecord> events,
            String transactionalId, ProgressBar progress) {
        return publish(connect(connection, clientId, transactionalId), events, progress);
    }
}
