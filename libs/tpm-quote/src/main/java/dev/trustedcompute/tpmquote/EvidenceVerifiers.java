package dev.trustedcompute.tpmquote;

/**
 * Entry point of the library: picks the {@link EvidenceVerifier} for a {@link Tee}.
 * <pre>{@code
 * Evidence evidence = TrusteeEvidence.parse(tee, primaryEvidenceJson);      // or build the record yourself
 * VerifiedClaims claims = EvidenceVerifiers.verify(evidence, Expectations.at(clock.instant())
 *         .reportData(ExpectedReportData.trusteeRuntimeData(digest))
 *         .trustedAk(pinnedAk)
 *         .build());
 * policy.evaluate(claims.nested());
 * }</pre>
 * Malformed evidence never gets this far: parsing throws {@link EvidenceFormatException}. A failed check is a
 * {@link VerificationException}; anything unchecked thrown from here is a bug or a broken setup.
 */
public final class EvidenceVerifiers {

    private static final TpmEvidenceVerifier TPM = new TpmEvidenceVerifier();
    private static final SnpEvidenceVerifier SNP = new SnpEvidenceVerifier();
    private static final TdxEvidenceVerifier TDX = new TdxEvidenceVerifier();
    private static final AzureVtpmEvidenceVerifier AZ_SNP_VTPM = new AzureVtpmEvidenceVerifier(Tee.AZ_SNP_VTPM);
    private static final AzureVtpmEvidenceVerifier AZ_TDX_VTPM = new AzureVtpmEvidenceVerifier(Tee.AZ_TDX_VTPM);

    private EvidenceVerifiers() {
    }

    /** The verifier for {@code tee}, trusting the vendor roots bundled with this library (AMD ARKs, Intel SGX Root CA). */
    public static EvidenceVerifier forTee(Tee tee) {
        return switch (tee) {
            case TPM -> TPM;
            case SNP -> SNP;
            case TDX -> TDX;
            case AZ_SNP_VTPM -> AZ_SNP_VTPM;
            case AZ_TDX_VTPM -> AZ_TDX_VTPM;
        };
    }

    /** Verifies {@code evidence} with the verifier of its TEE. */
    public static VerifiedClaims verify(Evidence evidence, Expectations expectations) throws VerificationException {
        return forTee(evidence.tee()).verify(evidence, expectations);
    }

    /** The evidence as {@code type}, or an {@link IllegalArgumentException} naming both kinds (caller bug). */
    static <E extends Evidence> E as(Class<E> type, Evidence evidence) {
        if (!type.isInstance(evidence)) {
            throw new IllegalArgumentException("a " + type.getSimpleName() + " verifier was given "
                    + evidence.tee().trusteeName() + " evidence");
        }
        return type.cast(evidence);
    }
}
