package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.agentprotocol.Evidence;

/** Where the evidence for one attestation comes from. */
public sealed interface EvidenceSource {

    /** Ask the host's agent for a quote with a fresh nonce. */
    record AskAgent() implements EvidenceSource {
    }

    /** Evidence the agent pushed with a nonce HVS issued (and that was used up on arrival). */
    record Pushed(Evidence evidence, byte[] extraData) implements EvidenceSource {
        public Pushed {
            extraData = extraData.clone();
        }

        @Override
        public byte[] extraData() {
            return extraData.clone();
        }
    }

    /** The host's last verified evidence again (flavors changed); the agent is asked when there is none. */
    record LastVerified() implements EvidenceSource {
    }
}
