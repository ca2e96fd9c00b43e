package dev.trustedcompute.tpmquote;

/**
 * Parsed, <b>unverified</b> evidence of one {@link Tee}: what an attester sent, with the exact bytes it sent kept
 * inside the parsed structures. Nothing in it may be trusted before {@link EvidenceVerifiers#verify} has turned
 * it into {@link VerifiedClaims}.
 *
 * <p>Closed set: one record per TEE, dispatched by exhaustive {@code switch}. The records live in this package
 * because a sealed hierarchy cannot span packages outside a named module.
 */
public sealed interface Evidence permits TpmEvidence, SnpEvidence, TdxEvidence, AzureVtpmEvidence {

    /** The TEE this evidence is for; selects the verifier. */
    Tee tee();
}
