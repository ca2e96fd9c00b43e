package dev.trustedcompute.agentprotocol;

/** The agent's answer to a {@link QuoteRequest}: exactly one of evidence and error. */
public record QuoteReply(Evidence evidence, ProtocolError error) {
    public QuoteReply {
        Replies.exactlyOne(evidence, error);
    }

    public static QuoteReply of(Evidence evidence) {
        return new QuoteReply(evidence, null);
    }

    public static QuoteReply failed(ProtocolError error) {
        return new QuoteReply(null, error);
    }
}
