package dev.trustedcompute.kbs.ear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TrustVectorTest {

    @ParameterizedTest
    @CsvSource({"0,NONE", "1,NONE", "-1,NONE", "2,AFFIRMING", "31,AFFIRMING", "-31,AFFIRMING", "32,WARNING",
            "95,WARNING", "96,CONTRAINDICATED", "-128,CONTRAINDICATED", "127,CONTRAINDICATED"})
    void tierOfWhenValueThenRustEarTier(int value, EarStatus tier) {
        assertThat(EarStatus.tierOf(value)).isEqualTo(tier);
    }

    @Test
    void statusWhenMixedClaimsThenWorstTier() {
        TrustVector vector = TrustVector.fromPolicyResult(Map.of("hardware", 2, "executables", 33, "configuration", 0));

        assertThat(vector.status()).isEqualTo(EarStatus.WARNING);
        assertThat(vector.toJson().keySet()).containsExactly("instance-identity", "configuration", "executables",
                "file-system", "hardware", "runtime-opaque", "storage-opaque", "sourced-data");
    }

    @Test
    void fromPolicyResultWhenNoClaimThenRefused() {
        assertThatThrownBy(() -> TrustVector.fromPolicyResult(Map.of())).hasMessageContaining("no trustworthiness claim");
    }
}
