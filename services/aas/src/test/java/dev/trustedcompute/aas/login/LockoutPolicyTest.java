package dev.trustedcompute.aas.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private final LockoutPolicy policy = LockoutPolicy.DEFAULT;
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void afterFailureWhenFifthWithinFiveMinutesThenLockedFifteenMinutes() {
        LoginFailures record = null;
        for (int i = 0; i < 4; i++) {
            record = policy.afterFailure(record, t0.plusSeconds(60L * i));
            assertThat(policy.lockedUntil(record, t0.plusSeconds(60L * i))).isEmpty();
        }
        Instant fifth = t0.plus(Duration.ofMinutes(4).plusSeconds(59));
        record = policy.afterFailure(record, fifth);
        assertThat(policy.lockedUntil(record, fifth)).hasValue(fifth.plus(Duration.ofMinutes(15)));
        assertThat(policy.lockedUntil(record, fifth.plus(Duration.ofMinutes(15)).minusSeconds(1))).isPresent();
        assertThat(policy.lockedUntil(record, fifth.plus(Duration.ofMinutes(15)))).isEmpty();
    }

    @Test
    void afterFailureWhenSpreadBeyondWindowThenNotLocked() {
        LoginFailures record = null;
        for (int i = 0; i < 10; i++) {
            Instant at = t0.plus(Duration.ofMinutes(2L * i));
            record = policy.afterFailure(record, at);
            assertThat(policy.lockedUntil(record, at)).as("failure %d", i).isEmpty();
        }
    }

    @Test
    void afterFailureWhenLockExpiredThenCountRestarts() {
        LoginFailures record = null;
        for (int i = 0; i < 5; i++) {
            record = policy.afterFailure(record, t0);
        }
        Instant later = t0.plus(Duration.ofMinutes(16));
        record = policy.afterFailure(record, later);
        assertThat(record.failures()).isEqualTo(1);
        assertThat(policy.lockedUntil(record, later)).isEmpty();
    }
}
