package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.KbsProperties;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Tee;
import org.springframework.stereotype.Component;

/**
 * The TEEs this KBS accepts, by Trustee name: every {@link Tee} libs/tpm-quote verifies ({@code tpm}, {@code snp},
 * {@code tdx}, {@code az-snp-vtpm}, {@code az-tdx-vtpm}), plus {@code sample} only when
 * {@code tc.kbs.sample-tee-enabled=true} (it has no hardware root of trust).
 */
@Component
public class SupportedTees {

    public static final String SAMPLE = "sample";

    private final boolean sampleEnabled;

    public SupportedTees(KbsProperties properties) {
        this.sampleEnabled = properties.sampleTeeEnabled();
    }

    /** The name, if accepted; {@link KbsError#UNSUPPORTED_TEE} otherwise. */
    public String require(String name) {
        if (SAMPLE.equals(name)) {
            if (!sampleEnabled) {
                throw KbsError.UNSUPPORTED_TEE.exception("the sample TEE is disabled on this KBS");
            }
            return name;
        }
        return tee(name).trusteeName();
    }

    /** The library's TEE for a Trustee name; {@link KbsError#UNSUPPORTED_TEE} for any other name. */
    static Tee tee(String name) {
        try {
            return Tee.fromTrusteeName(name);
        } catch (EvidenceFormatException e) {
            throw KbsError.UNSUPPORTED_TEE.exception("unsupported TEE '" + name + "'");
        }
    }
}
