package dev.trustedcompute.attestationmanager.hvs;

/** HVS or AAS failed or refused a call. The message is safe to show (no tokens, no passwords). */
public final class HvsException extends Exception {
    public HvsException(String message) {
        super(message);
    }

    public HvsException(String message, Throwable cause) {
        super(message, cause);
    }
}
