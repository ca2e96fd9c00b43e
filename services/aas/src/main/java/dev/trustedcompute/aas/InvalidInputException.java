package dev.trustedcompute.aas;

/**
 * A client-supplied value that breaks a domain rule (bad username, rule syntax, weak password, ...). Thrown by the
 * pure domain classes; the services turn it into a 400 problem naming {@link #field()}.
 */
public final class InvalidInputException extends Exception {

    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
