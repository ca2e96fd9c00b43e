package dev.trustedcompute.hvs.flavor;

/** A flavor document that cannot be stored: the message names the field and the problem (a 400 at the edge). */
public class InvalidFlavorException extends RuntimeException {

    public InvalidFlavorException(String message) {
        super(message);
    }
}
