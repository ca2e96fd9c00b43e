package dev.trustedcompute.tpmquote;

/**
 * Verifies the evidence of one {@link Tee} (Trustee's {@code Verifier::evaluate}). Get one with
 * {@link EvidenceVerifiers#forTee(Tee)}; instances are immutable and thread-safe.
 *
 * <p>Closed set, one implementation per TEE, in this package (a sealed hierarchy cannot span packages outside a
 * named module).
 */
public sealed interface EvidenceVerifier permits TpmEvidenceVerifier, SnpEvidenceVerifier, TdxEvidenceVerifier,
        AzureVtpmEvidenceVerifier {

    /** The TEE whose evidence this verifier accepts. */
    Tee tee();

    /**
     * Runs every check of this TEE in specification order and stops at the first failure.
     *
     * @param evidence     evidence of {@link #tee()}; another TEE's evidence is a bug ({@link IllegalArgumentException})
     * @param expectations freshness, verification time and trust inputs
     * @return the verified claims
     * @throws VerificationException naming the failed check ({@link VerificationException#reason()}) and what
     *     exactly failed (which signature, PCR, certificate, register)
     * @throws IllegalStateException when {@code expectations} lack an input this TEE needs (a setup bug)
     */
    VerifiedClaims verify(Evidence evidence, Expectations expectations) throws VerificationException;
}
