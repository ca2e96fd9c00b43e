package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.Evidence;

/** Evidence an agent sent in answer to a quote request, with the extraData (SHA-256 of the nonce) it must carry. */
public record FetchedEvidence(Evidence evidence, byte[] extraData) {

    public FetchedEvidence {
        extraData = extraData.clone();
    }

    @Override
    public byte[] extraData() {
        return extraData.clone();
    }
}
