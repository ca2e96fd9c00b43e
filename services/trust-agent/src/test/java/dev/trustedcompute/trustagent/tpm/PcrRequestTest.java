package dev.trustedcompute.trustagent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcrRequestTest {

    @Test
    void parseWhenTwoBanksThenBanksInAlgorithmOrderAndIndicesAscending() {
        PcrRequest request = PcrRequest.parse(List.of("sha256:7,0,1", "sha1:3"));

        assertThat(request.banks().keySet()).containsExactly(TpmHash.SHA1, TpmHash.SHA256);
        assertThat(request.banks().get(TpmHash.SHA256)).containsExactly(0, 1, 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256", "sha256:", ":1", "sha3:1", "sha256:24", "sha256:-1", "sha256:a", "sha256:1,,2"})
    void parseWhenMalformedThenIllegalArgument(String spec) {
        assertThatThrownBy(() -> PcrRequest.parse(List.of(spec))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseWhenBankTwiceThenIllegalArgument() {
        assertThatThrownBy(() -> PcrRequest.parse(List.of("sha256:1", "sha256:2")))
                .hasMessageContaining("selected twice");
    }

    @Test
    void ofWhenProtocolSelectionThenSameBanks() {
        assertThat(PcrRequest.of(Map.of("sha384", List.of(0, 2))).banks())
                .containsOnlyKeys(TpmHash.SHA384);
    }

    @Test
    void allWhenSha256ThenTwentyFourPcrs() {
        assertThat(PcrRequest.all(TpmHash.SHA256).banks().get(TpmHash.SHA256)).hasSize(24);
    }
}
