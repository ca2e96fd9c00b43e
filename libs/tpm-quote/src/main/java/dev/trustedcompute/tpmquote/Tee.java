package dev.trustedcompute.tpmquote;

import java.util.Arrays;

/**
 * The kinds of evidence this library verifies, named as Trustee names them on the wire (kbs-types {@code Tee},
 * the {@code tee} member of a KBS {@code Request}, the top-level key of the claims).
 *
 * <p>Trustee's {@code sample} TEE is deliberately absent: its evidence carries no signature, so there is nothing
 * to verify, and a verification library must not turn it into "verified" claims. A KBS that wants it for
 * development handles it itself. Other Trustee TEEs (sgx, cca, se, csv, nvidia, ...) are not supported.
 */
public enum Tee {
    /** A TPM 2.0 quote with a pinned attestation key (Trustee {@code tpm}). */
    TPM("tpm"),
    /** An AMD SEV-SNP attestation report (Trustee {@code snp}). */
    SNP("snp"),
    /** An Intel TDX DCAP quote, optionally with the CCEL event log (Trustee {@code tdx}). */
    TDX("tdx"),
    /** An Azure confidential VM on SEV-SNP: HCL report plus vTPM quote (Trustee {@code az-snp-vtpm}). */
    AZ_SNP_VTPM("az-snp-vtpm"),
    /** An Azure confidential VM on TDX: HCL report, TD quote plus vTPM quote (Trustee {@code az-tdx-vtpm}). */
    AZ_TDX_VTPM("az-tdx-vtpm");

    private final String trusteeName;

    Tee(String trusteeName) {
        this.trusteeName = trusteeName;
    }

    /** The name Trustee uses ({@code az-snp-vtpm}); also the prefix of this TEE's keys in {@link VerifiedClaims#flat()}. */
    public String trusteeName() {
        return trusteeName;
    }

    /**
     * The TEE for a Trustee name, exactly as sent (lower case, kebab case).
     *
     * @throws EvidenceFormatException for a name that is not one of {@link #values()} (including {@code sample})
     */
    public static Tee fromTrusteeName(String name) throws EvidenceFormatException {
        for (Tee tee : values()) {
            if (tee.trusteeName.equals(name)) {
                return tee;
            }
        }
        throw new EvidenceFormatException("tee", "unsupported TEE '" + name + "', supported: "
                + Arrays.stream(values()).map(Tee::trusteeName).toList());
    }
}
