package dev.trustedcompute.tpmquote.tpm;

import static dev.trustedcompute.tpmquote.tpm.Fixtures.flip;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.util.Base64;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** swtpm evidence in Trustee's TPM evidence format (SPKI AK, base64 quote/signature, sha256 PCR list). */
class TrusteeTpmEvidenceTest {

    private static final String DIR = "evidence/F_misc/trustee/";
    private final JsonNode evidence = Fixtures.json(DIR + "tpm_evidence.json");
    private final JsonNode expected = Fixtures.json(DIR + "EXPECTED.json").get("tpm_evidence.json");

    private AkPublic ak() throws Exception {
        return AkPublic.fromSubjectPublicKeyInfo(Base64.getDecoder().decode(evidence.get("ak_public").asString()));
    }

    private byte[] message() {
        return Base64.getDecoder().decode(evidence.get("tpm_quote").get("message").asString());
    }

    private TpmtSignature signature() throws Exception {
        return TpmtSignature.parse(Base64.getDecoder().decode(evidence.get("tpm_quote").get("signature").asString()));
    }

    private PcrBank pcrs() {
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        JsonNode list = evidence.get("tpm_quote").get("pcrs");
        for (int i = 0; i < list.size(); i++) {
            values.put(i, hex(list.get(i).asString()));
        }
        return new PcrBank(TpmHash.SHA256, values);
    }

    @Test
    void verifyWhenTrusteeSwtpmEvidenceThenQuotedPcrsMatchExpected() throws Exception {
        byte[] nonce = hex(expected.get("nonce_hex").asString());

        QuotedPcrs quoted = ak().verify(TpmsAttest.parse(message()), signature(), pcrs(), nonce);

        assertThat(signature().scheme()).isEqualTo(SignatureScheme.RSASSA);
        assertThat(signature().hash()).isEqualTo(TpmHash.SHA256);
        assertThat(String.format("0x%016x", quoted.firmwareVersion())).isEqualTo(expected.get("firmwareVersion").asString());
        assertThat(quoted.indices(TpmHash.SHA256)).hasSize(24);
        assertThat(quoted.value(TpmHash.SHA256, 17)).hasValueSatisfying(v -> assertThat(v).isEqualTo(hex("ff".repeat(32))));
        assertThat(quoted.quote().extraData()).isEqualTo(nonce);
    }

    @Test
    void verifyWhenNonceByteFlippedThenNonceMismatch() throws Exception {
        byte[] nonce = flip(hex(expected.get("nonce_hex").asString()), 0);

        assertThatThrownBy(() -> ak().verify(TpmsAttest.parse(message()), signature(), pcrs(), nonce))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NONCE_MISMATCH));
    }

    @Test
    void verifyWhenMessageByteFlippedThenSignatureInvalid() throws Exception {
        byte[] nonce = hex(expected.get("nonce_hex").asString());
        byte[] message = flip(message(), message().length - 1);

        assertThatThrownBy(() -> ak().verify(TpmsAttest.parse(message), signature(), pcrs(), nonce))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }
}
