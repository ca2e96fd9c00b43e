package dev.trustedcompute.trustagent.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialBlobTest {

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    @Test
    void parseWhenWellFormedThenHmacEncIdentityAndSecretContents() throws Exception {
        CredentialBlob blob = CredentialBlob.parse(b64("0007" + "0002aabb" + "ccddee"), b64("0003" + "010203"));

        assertThat(blob.integrityHmac()).isEqualTo(HexFormat.of().parseHex("aabb"));
        assertThat(blob.encIdentity()).isEqualTo(HexFormat.of().parseHex("ccddee"));
        assertThat(blob.encryptedSecret()).isEqualTo(HexFormat.of().parseHex("010203"));
    }

    @ParameterizedTest
    @CsvSource({
            "0008_0002aabbccddee, 0003010203",   // outer size too large
            "0006_0002aabbccdd00ff, 0003010203", // outer size too small (trailing bytes)
            "0004_0004aabb, 0003010203",         // hmac overruns
            "0004_0002aabb, 0003010203",         // no encIdentity
            "0007_0002aabbccddee, 0004010203",   // secret size wrong
            "0007_0002aabbccddee, 00"})          // secret too short
    void parseWhenSizesDoNotFitThenHvsUnreachableMalformed(String id, String secret) {
        assertThatThrownBy(() -> CredentialBlob.parse(b64(id.replace("_", "")), b64(secret)))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.HVS_UNREACHABLE);
                    assertThat(e.getMessage()).contains("malformed challenge");
                });
    }

    @Test
    void parseWhenNotBase64OrMissingThenMalformed() {
        assertThatThrownBy(() -> CredentialBlob.parse("%%%", b64("0001ff"))).hasMessageContaining("not base64");
        assertThatThrownBy(() -> CredentialBlob.parse(null, b64("0001ff"))).hasMessageContaining("missing");
    }
}
