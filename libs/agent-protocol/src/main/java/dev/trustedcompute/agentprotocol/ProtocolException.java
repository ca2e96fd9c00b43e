package dev.trustedcompute.agentprotocol;

/**
 * A message that is not valid under the contract: not JSON, too large, a required field missing, a value out of
 * range. The only exception {@link ProtocolJson#decode} throws; its message names the offending field.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
