package dev.trustedcompute.trustagent.state;

import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import java.util.Base64;
import java.util.Objects;

/**
 * The AK the agent created: where it is persisted and its public area, kept so the agent notices when the
 * persistent handle holds a different key (someone evicted or replaced it).
 *
 * @param handle     persistent TPM handle (0x81xxxxxx)
 * @param tpmtPublic base64 of the AK's TPMT_PUBLIC
 */
public record AkRecord(int handle, AkAlgorithm algorithm, String tpmtPublic) {

    public static final String FILE = "ak.json";

    public AkRecord {
        Objects.requireNonNull(algorithm, "algorithm");
        Base64.getDecoder().decode(Objects.requireNonNull(tpmtPublic, "tpmtPublic"));
    }

    public byte[] publicBytes() {
        return Base64.getDecoder().decode(tpmtPublic);
    }
}
