package dev.trustedcompute.hvs;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then random bits. Ids sort by creation time, so
 * {@code ORDER BY id} with {@code afterId} paging lists rows in the order they were made.
 */
public final class TimeOrderedIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    public UUID next() {
        long millis = clock.millis();
        long randA = random.nextInt(1 << 12);
        long most = (millis << 16) | (0x7L << 12) | randA;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
