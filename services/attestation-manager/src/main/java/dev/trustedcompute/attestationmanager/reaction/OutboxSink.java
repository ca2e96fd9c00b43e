package dev.trustedcompute.attestationmanager.reaction;

/** Delivers the entries of one channel. Must be idempotent per entry id (a crash after delivery repeats it). */
public interface OutboxSink {
    OutboxChannel channel();

    Delivery deliver(OutboxEntry entry);
}
