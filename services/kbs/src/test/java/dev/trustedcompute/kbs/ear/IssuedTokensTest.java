package dev.trustedcompute.kbs.ear;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IssuedTokensTest {

    @Test
    void containsWhenExactTextAddedThenTrueAndAnyOtherTextFalse() {
        IssuedTokens issued = new IssuedTokens();
        issued.add("header.payload.signature");

        assertThat(issued.contains("header.payload.signature")).isTrue();
        assertThat(issued.contains("header.payload.signaturf")).isFalse();
        assertThat(issued.contains("header.payload.")).isFalse();
    }

    @Test
    void addWhenBeyondCapacityThenOldestForgotten() {
        IssuedTokens issued = new IssuedTokens();
        for (int i = 0; i <= IssuedTokens.CAPACITY; i++) {
            issued.add("t" + i);
        }

        assertThat(issued.contains("t0")).isFalse();
        assertThat(issued.contains("t1")).isTrue();
        assertThat(issued.contains("t" + IssuedTokens.CAPACITY)).isTrue();
    }
}
