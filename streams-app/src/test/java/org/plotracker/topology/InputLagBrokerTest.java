package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The tracker's Streams defaults install {@link LagRecordingClientSupplier}: on the real in-JVM broker, a task reading
 * a backlog is not caught up while records are left to fetch, and is once it has read them all.
 */
class InputLagBrokerTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private static final int BACKLOG = 600;

    @Test
    void aTaskReadingABacklogIsNotCaughtUpUntilItHasFetchedItAll() throws Exception {
        String topic = STACK.createTopic(EmbeddedStackExtension.uniqueName("lag-input"), 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(STACK.producerProperties(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < BACKLOG; i++) {
                producer.send(new ProducerRecord<>(topic, "P-" + i, "event " + i));
            }
            producer.flush();
        }
        ConcurrentLinkedQueue<Boolean> whileProcessing = new ConcurrentLinkedQueue<>();
        AtomicInteger processed = new AtomicInteger();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, Void, Void>() {
                    private int partition;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        partition = context.taskId().partition();
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        whileProcessing.add(InputLag.caughtUp(partition));
                        processed.incrementAndGet();
                    }
                });
        Properties props = new Properties();
        props.putAll(TrackerStreamsConfig.defaults());
        props.putAll(STACK.streamsProperties(EmbeddedStackExtension.uniqueName("lag-app")));
        // small fetches, so that the backlog takes many polls
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 512);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            Conditions.waitUntil(() -> processed.get() == BACKLOG, Duration.ofMinutes(2), "the backlog processed");
            streams.close(Duration.ofSeconds(30));
        }
        List<Boolean> seen = List.copyOf(whileProcessing);
        assertThat(seen).as("behind while the first records were processed").startsWith(false);
        assertThat(seen.get(seen.size() - 1)).as("caught up when the last was").isTrue();
    }
}
