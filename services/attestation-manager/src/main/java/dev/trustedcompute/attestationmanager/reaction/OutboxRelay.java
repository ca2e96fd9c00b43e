package dev.trustedcompute.attestationmanager.reaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Delivers due outbox entries, one per transaction: lock the entry, call its sink, record the outcome. The lock
 * is held during the call, so another instance neither delivers the same entry nor overtakes it with the node's
 * next one. A crash between a successful call and the commit repeats that call once; sinks send the entry id so
 * receivers can tell.
 */
public class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Bounds one run so a long backlog does not starve the other channel. */
    private static final int MAX_PER_RUN = 200;

    private final Outbox outbox;
    private final List<OutboxSink> sinks;
    private final TransactionTemplate transactions;
    private final Backoff backoff;
    private final Clock clock;

    public OutboxRelay(Outbox outbox, List<OutboxSink> sinks, TransactionTemplate transactions, Backoff backoff, Clock clock) {
        this.outbox = outbox;
        this.sinks = List.copyOf(sinks);
        this.transactions = transactions;
        this.backoff = backoff;
        this.clock = clock;
    }

    public void relay() {
        for (OutboxSink sink : sinks) {
            for (int i = 0; i < MAX_PER_RUN; i++) {
                Boolean more = transactions.execute(status -> deliverOne(sink));
                if (!Boolean.TRUE.equals(more)) {
                    break;
                }
            }
        }
    }

    private boolean deliverOne(OutboxSink sink) {
        Instant now = clock.instant();
        OutboxEntry entry = outbox.lockNextDue(sink.channel(), now).orElse(null);
        if (entry == null) {
            return false;
        }
        switch (sink.deliver(entry)) {
            case Delivery.Delivered() -> outbox.delivered(entry.id(), clock.instant());
            case Delivery.Retry(String error) -> {
                int attempts = entry.attempts() + 1;
                Instant next = clock.instant().plus(backoff.after(attempts));
                log.warn("{} update {} for node {} failed (attempt {}), retrying at {}: {}", sink.channel(), entry.id(),
                        entry.hostId(), attempts, next, error);
                outbox.retryLater(entry.id(), attempts, next, error);
            }
            case Delivery.Dropped(String error) -> {
                log.error("{} update {} for node {} dropped: {}", sink.channel(), entry.id(), entry.hostId(), error);
                outbox.dropped(entry.id(), clock.instant(), error);
            }
        }
        return true;
    }
}
