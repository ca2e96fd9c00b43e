package dev.trustedcompute.attestationmanager;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.time.Duration;

/**
 * Plays HVS's publishing side in tests: a report stream on a real NATS server (its own name and subject prefix,
 * so test classes sharing the server never see each other's reports), reports published with
 * {@code Nats-Msg-Id}. Deletes the stream on close.
 */
public final class ReportStream implements AutoCloseable {
    private final Connection nats;
    private final Subjects subjects;
    private final String stream;

    public ReportStream(String url, Subjects subjects, String stream) {
        this.subjects = subjects;
        this.stream = stream;
        try {
            this.nats = Nats.connect(url);
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subjects.allReports())
                    .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot create stream " + stream + " on " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Connection connection() {
        return nats;
    }

    public void publish(TestReports.SignedReport report) {
        publish(report, report.reportId());
    }

    /** @param messageId the Nats-Msg-Id header, or null to send none (JetStream then cannot de-duplicate) */
    public void publish(TestReports.SignedReport report, String messageId) {
        NatsMessage.Builder message = NatsMessage.builder().subject(subjects.report(HostId.of(report.hostId())))
                .data(report.bytes());
        if (messageId != null) {
            message.headers(new Headers().add("Nats-Msg-Id", messageId));
        }
        try {
            nats.jetStream().publish(message.build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    /** Messages in the stream (de-duplicated ones are not stored). */
    public long messages() {
        try {
            return nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            JetStreamManagement management = nats.jetStreamManagement();
            management.deleteStream(stream);
        } catch (IOException | JetStreamApiException e) {
            // the server may already be gone; the stream holds only test data
        }
        nats.close();
    }
}
