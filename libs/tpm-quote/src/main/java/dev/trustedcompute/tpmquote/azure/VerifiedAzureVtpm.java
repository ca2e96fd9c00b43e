package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.AzureVtpmEvidence;
import dev.trustedcompute.tpmquote.Tee;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Azure vTPM evidence that {@link AzureVtpmVerifier} verified: the hardware report is genuine and binds the
 * runtime data, the vTPM attestation key came from that runtime data, and the vTPM quote is signed by it over
 * the nonce and the PCR values in {@link #pcrs()}. Only the verifier creates instances. Items not checked
 * (a waived nonce, no init-data digest, no TDX collateral) are listed in {@link #uncheckedItems()}.
 */
public final class VerifiedAzureVtpm {

    private final AzureVtpmEvidence evidence;
    private final VerifiedHardware hardware;
    private final QuotedPcrs pcrs;
    private final Instant verifiedAt;
    private final List<String> uncheckedItems;
    private final Map<String, Object> claims;

    VerifiedAzureVtpm(AzureVtpmEvidence evidence, VerifiedHardware hardware, QuotedPcrs pcrs, Instant verifiedAt,
            List<String> uncheckedItems, Map<String, Object> claims) {
        this.evidence = evidence;
        this.hardware = hardware;
        this.pcrs = pcrs;
        this.verifiedAt = verifiedAt;
        this.uncheckedItems = List.copyOf(uncheckedItems);
        this.claims = claims;
    }

    /** The evidence that verified (immutable). */
    public AzureVtpmEvidence evidence() {
        return evidence;
    }

    /** {@code AZ_SNP_VTPM} or {@code AZ_TDX_VTPM}. */
    public Tee tee() {
        return evidence.tee();
    }

    /** Trustee's evidence version (0, 1 or 2). */
    public int evidenceVersion() {
        return evidence.version();
    }

    /** The runtime data, now known to be the one the hardware report binds. */
    public RuntimeData runtimeData() {
        return evidence.hclReport().runtimeData();
    }

    public VerifiedHardware hardware() {
        return hardware;
    }

    /** The PCR values the vTPM quote proves (SHA-256 bank). */
    public QuotedPcrs pcrs() {
        return pcrs;
    }

    /** The nonce the vTPM quote carries (checked unless waived, see {@link #uncheckedItems()}). */
    public byte[] nonce() {
        return pcrs.quote().extraData();
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    public List<String> uncheckedItems() {
        return uncheckedItems;
    }

    /** Trustee-shaped flat claims (see {@code AzureClaims}). */
    public Map<String, Object> claims() {
        return claims;
    }

    @Override
    public String toString() {
        return "VerifiedAzureVtpm[" + evidence.tee().trusteeName() + " v" + evidence.version() + ", " + hardware + ", "
                + pcrs + "]";
    }
}
