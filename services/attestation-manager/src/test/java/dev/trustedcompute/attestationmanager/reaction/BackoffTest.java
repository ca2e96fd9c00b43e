package dev.trustedcompute.attestationmanager.reaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void afterWhenAttemptsGrowThenDoublesUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(1_000)).isEqualTo(Duration.ofSeconds(30));
    }
}
