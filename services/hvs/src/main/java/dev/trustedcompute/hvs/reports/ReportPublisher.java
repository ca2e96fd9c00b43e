package dev.trustedcompute.hvs.reports;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.hvs.config.HvsProperties;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts every report on JetStream stream {@code tc.hvs.nats.report-stream} (subject {@code hvs.reports.<hostId>},
 * body the compact JWS, header {@code Nats-Msg-Id} = report id so the stream drops duplicates). Reports are an
 * outbox: a report stays unpublished until JetStream acknowledged it, and is retried every few seconds, so a NATS
 * outage or a crash between commit and publish loses no event.
 * <p>
 * Publishing runs on one thread of its own, woken by each issued report (wake-ups coalesce while it is busy), so
 * queue workers do not wait for JetStream; a batch is published pipelined and then marked in one statement.
 */
@Component
public class ReportPublisher implements SmartLifecycle {

    static final int BATCH = 100;
    /** How long JetStream remembers message ids for de-duplication. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
    /** How long a batch waits for JetStream's acknowledgements before the rest is left for the retry. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ReportPublisher.class);

    private final Connection nats;
    private final Subjects subjects;
    private final String stream;
    private final ReportRepository reports;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean running;
    private ExecutorService publisher;

    public ReportPublisher(Connection nats, Subjects subjects, HvsProperties properties, ReportRepository reports,
                           TransactionTemplate tx, Clock clock) {
        this.nats = nats;
        this.subjects = subjects;
        this.stream = properties.nats().reportStream();
        this.reports = reports;
        this.tx = tx;
        this.clock = clock;
    }

    /** Creates the stream when absent, or adds this deployment's subjects to it. */
    @Override
    public void start() {
        try {
            JetStreamManagement jsm = nats.jetStreamManagement();
            String subject = subjects.allReports();
            StreamInfo info = null;
            try {
                info = jsm.getStreamInfo(stream);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != 10059) { // stream not found
                    throw e;
                }
            }
            if (info == null) {
                jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File)
                        .duplicateWindow(DUPLICATE_WINDOW).build());
            } else if (!info.getConfiguration().getSubjects().contains(subject)) {
                List<String> all = new ArrayList<>(info.getConfiguration().getSubjects());
                all.add(subject);
                jsm.updateStream(StreamConfiguration.builder(info.getConfiguration()).subjects(all).build());
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot set up JetStream stream " + stream + ": " + e.getMessage(), e);
        }
        publisher = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("hvs-report-publisher").factory());
        running = true;
    }

    /** Unpublished reports stay in the outbox for the next start (or another instance). */
    @Override
    public void stop() {
        running = false;
        if (publisher != null) {
            publisher.shutdownNow();
            publisher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Right after a report's transaction committed. */
    @EventListener
    public void onIssued(ReportService.ReportIssued issued) {
        ExecutorService current = publisher;
        if (running && current != null && wakeUpPending.compareAndSet(false, true)) {
            try {
                current.execute(() -> {
                    wakeUpPending.set(false); // reports committed from now on need another round
                    publishPending();
                });
            } catch (RejectedExecutionException e) {
                // stopping: the report stays in the outbox for the next start or another instance
            }
        }
    }

    /** Publishes unpublished reports, oldest first; stops at the first failure (NATS down) and tries again later. */
    @Scheduled(fixedDelayString = "${tc.hvs.nats.publish-retry-interval:PT5S}")
    public void publishPending() {
        if (!running) {
            return;
        }
        boolean more = true;
        while (more) {
            more = Boolean.TRUE.equals(tx.execute(status -> publishBatch()));
        }
    }

    private boolean publishBatch() {
        List<Report> batch = reports.lockUnpublished(BATCH);
        JetStream js;
        try {
            js = nats.jetStream();
        } catch (IOException e) {
            log.warn("JetStream unavailable, {} report(s) wait: {}", batch.size(), e.getMessage());
            return false;
        }
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        for (Report report : batch) {
            acks.add(js.publishAsync(subjects.report(hostIdOf(report)), report.jwt().getBytes(StandardCharsets.US_ASCII),
                    PublishOptions.builder().messageId(report.id().toString()).expectedStream(stream).build()));
        }
        List<UUID> published = new ArrayList<>(batch.size());
        boolean failed = false;
        for (int i = 0; i < batch.size() && !failed; i++) {
            try {
                acks.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                published.add(batch.get(i).id());
            } catch (ExecutionException | TimeoutException e) {
                log.warn("publishing report {} failed, will retry: {}", batch.get(i).id(), e.getMessage());
                failed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping; what is not marked is published again (de-duplicated)
                failed = true;
            }
        }
        reports.markPublished(published, clock.instant());
        return !failed && batch.size() == BATCH;
    }

    /** The report's subject claim: the host's NATS host id. */
    private static HostId hostIdOf(Report report) {
        try {
            return HostId.of((String) JSONObjectUtils.parse(report.claimsJson()).get("sub"));
        } catch (ParseException e) {
            throw new IllegalStateException("stored claims of report " + report.id() + " do not parse", e);
        }
    }
}
