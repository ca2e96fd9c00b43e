package dev.trustedcompute.hvs.template;

/** A host's evidence cannot give the flavors its templates ask for; the message says what is missing. */
public class FlavorCreationException extends RuntimeException {

    public FlavorCreationException(String message) {
        super(message);
    }
}
