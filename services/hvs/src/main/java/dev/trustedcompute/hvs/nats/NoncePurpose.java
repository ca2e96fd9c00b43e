package dev.trustedcompute.hvs.nats;

/** Why a nonce was issued; a nonce is only accepted for its own purpose. */
public enum NoncePurpose {
    /** HVS asked the agent for a quote ({@code trust-agent.<hostId>.quote-request}). */
    QUOTE_REQUEST,
    /** The agent asked for a nonce to push evidence with ({@code hvs.agents.<hostId>.nonce}). */
    EVIDENCE_PUSH
}
