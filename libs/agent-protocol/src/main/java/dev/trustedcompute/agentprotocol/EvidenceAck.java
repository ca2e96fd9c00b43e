package dev.trustedcompute.agentprotocol;

/**
 * HVS accepted pushed evidence for verification ({@code jobId} names the queued job; the report follows on
 * {@code hvs.reports.<hostId>}), or refused it with an error such as {@code UNKNOWN_NONCE}.
 */
public record EvidenceAck(String jobId, ProtocolError error) {
    public EvidenceAck {
        Replies.exactlyOne(jobId, error);
    }

    public static EvidenceAck accepted(String jobId) {
        return new EvidenceAck(jobId, null);
    }

    public static EvidenceAck refused(ProtocolError error) {
        return new EvidenceAck(null, error);
    }
}
