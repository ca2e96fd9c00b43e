package dev.trustedcompute.agentprotocol;

/**
 * Evidence an agent sends on its own ({@code hvs.agents.<hostId>.evidence}, request/reply {@link EvidenceAck}).
 * HVS accepts it only when {@code nonce} is one it issued to this host and has not been used.
 */
public record EvidencePush(String nonce, PushReason reason, Evidence evidence) {
    public EvidencePush {
        Fields.base64("nonce", nonce, 16);
        Fields.required("reason", reason);
        Fields.required("evidence", evidence);
    }
}
