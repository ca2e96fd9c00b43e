package dev.trustedcompute.rvps.message;

import java.time.Instant;

/** Turns the {@code payload} of one message type into reference values (Trustee's {@code Extractor} trait). */
sealed interface Extractor permits SampleExtractor, SignedBundleExtractor {

    /** {@code now} decides expirations and freshness; the caller's clock, never the system's. */
    Extraction extract(String payload, Instant now) throws InvalidMessageException;
}
