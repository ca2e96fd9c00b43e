package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.util.Base64;

/** Command-line values that need more than a type conversion. */
final class Inputs {

    /** The protocol's minimum nonce size (api-specs/asyncapi.yaml). */
    static final int MIN_NONCE_BYTES = 16;

    private Inputs() {
    }

    static byte[] base64(String option, String value, int minBytes) throws AgentException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, option + " is not base64: " + e.getMessage());
        }
        if (bytes.length < minBytes) {
            throw new AgentException(Failure.BAD_INPUT, option + " must decode to at least " + minBytes
                    + " bytes, not " + bytes.length);
        }
        return bytes;
    }
}
