package dev.trustedcompute.kbs.ear;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IssuedTokensTest {

    @Test
    void signingKeyOfWhenExactTextAddedThenItsKidAndAnyOtherTextEmpty() {
        IssuedTokens issued = new IssuedTokens();
        issued.add("header.payload.signature", "kid-1");

        assertThat(issued.signingKeyOf("header.payload.signature")).hasValue("kid-1");
        assertThat(issued.signingKeyOf("header.payload.signaturf")).isEmpty();
        assertThat(issued.signingKeyOf("header.payload.")).isEmpty();
    }

    @Test
    void addWhenBeyondCapacityThenOldestForgotten() {
        IssuedTokens issued = new IssuedTokens();
        for (int i = 0; i <= IssuedTokens.CAPACITY; i++) {
            issued.add("t" + i, "kid");
        }

        assertThat(issued.signingKeyOf("t0")).isEmpty();
        assertThat(issued.signingKeyOf("t1")).hasValue("kid");
        assertThat(issued.signingKeyOf("t" + IssuedTokens.CAPACITY)).hasValue("kid");
    }
}
