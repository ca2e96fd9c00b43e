package dev.trustedcompute.hvs.template;

/** A flavor template that cannot be stored: the message names the field and the problem (a 400 at the edge). */
public class InvalidTemplateException extends RuntimeException {

    public InvalidTemplateException(String message) {
        super(message);
    }
}
