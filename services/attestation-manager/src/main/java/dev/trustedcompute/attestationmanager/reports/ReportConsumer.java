package dev.trustedcompute.attestationmanager.reports;

import dev.trustedcompute.agentprotocol.Subjects;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Reads the report stream through one durable pull consumer that every manager instance shares, so each event
 * goes to one instance at a time and survives restarts. An event is acknowledged only after its decision
 * committed; a refused (forged) one is terminated so it is not redelivered; a failure (database down) is
 * negatively acknowledged and comes back after a delay.
 */
public class ReportConsumer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ReportConsumer.class);
    static final String MSG_ID_HEADER = "Nats-Msg-Id";
    private static final Duration REDELIVERY_DELAY = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final int NOT_FOUND = 404;

    private final Connection nats;
    private final Subjects subjects;
    private final String stream;
    private final String durable;
    private final Duration ackWait;
    private final Predicate<ReportEvent> intake;
    private MessageConsumer consumer;

    /** @param intake decides one event: true = done (ack), false = refused (terminate); throws = retry later */
    public ReportConsumer(Connection nats, Subjects subjects, String stream, String durable, Duration ackWait,
                          Predicate<ReportEvent> intake) {
        this.nats = nats;
        this.subjects = subjects;
        this.stream = stream;
        this.durable = durable;
        this.ackWait = ackWait;
        this.intake = intake;
    }

    @Override
    public synchronized void start() {
        try {
            ensureStream();
            ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                    .durable(durable)
                    .filterSubject(subjects.allReports())
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(ackWait)
                    .deliverPolicy(DeliverPolicy.All)
                    .build();
            consumer = nats.getStreamContext(stream).createOrUpdateConsumer(configuration)
                    .consume(ConsumeOptions.builder().batchSize(16).build(), this::handle);
            log.info("consuming {} from stream {} as durable {}", subjects.allReports(), stream, durable);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot consume the report stream " + stream + ": " + e.getMessage(), e);
        }
    }

    private void handle(Message message) {
        String messageId = message.hasHeaders() ? message.getHeaders().getFirst(MSG_ID_HEADER) : null;
        try {
            if (intake.test(new ReportEvent(message.getSubject(), messageId, message.getData()))) {
                message.ack();
            } else {
                message.term();
            }
        } catch (RuntimeException e) {
            log.error("could not decide report event {} on {}; redelivery in {}", messageId, message.getSubject(),
                    REDELIVERY_DELAY, e);
            message.nakWithDelay(REDELIVERY_DELAY);
        }
    }

    /** HVS normally creates the stream; creating it here (same subjects) lets the manager start first. */
    private void ensureStream() throws IOException, JetStreamApiException {
        JetStreamManagement management = nats.jetStreamManagement();
        try {
            management.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != NOT_FOUND) {
                throw e;
            }
            try {
                management.addStream(StreamConfiguration.builder().name(stream).subjects(subjects.allReports())
                        .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
                log.info("created JetStream stream {} for {}", stream, subjects.allReports());
            } catch (JetStreamApiException raced) {
                management.getStreamInfo(stream);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (consumer == null) {
            return;
        }
        consumer.stop();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!consumer.isFinished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            consumer.close();
        } catch (Exception e) {
            log.warn("closing the report consumer: {}", e.getMessage());
        }
        consumer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return consumer != null;
    }
}
