package dev.trustedcompute.attestationmanager.reports;

/** Why a report event was refused; each one is logged and counted, and the event is never redelivered. */
public enum Rejection {
    /** Not a compact JWS, too large, or a claim of the wrong type. */
    MALFORMED,
    /** Not signed ES256 or ES384, or the algorithm does not match the signing key's curve (ES256 P-256, ES384 P-384). */
    ALGORITHM,
    /** No {@code x5c}, or a chain that does not lead to the configured CMS root (or is out of date). */
    CHAIN,
    /** The signature does not verify with the chain's leaf key. */
    SIGNATURE,
    /** {@code sub}, {@code jti}, {@code iat}, {@code exp} or the {@code trust_report} summary is missing or invalid. */
    CLAIMS,
    /** The report's {@code exp} has passed: it no longer says anything about the node. */
    EXPIRED,
    /** Claims disagree with each other or with the NATS subject / {@code Nats-Msg-Id}. */
    MISMATCH
}
