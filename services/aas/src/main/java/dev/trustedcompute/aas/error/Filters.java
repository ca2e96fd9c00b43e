package dev.trustedcompute.aas.error;

/**
 * Free-text request values that reach SQL as parameters. PostgreSQL rejects U+0000 in text with an error, which
 * must be the client's 400 and not a 500.
 */
public final class Filters {

    private Filters() {
    }

    /** Returns {@code value} (may be null) or throws 400 naming {@code field} when it holds a NUL character. */
    public static String text(String field, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw AasError.INVALID_INPUT.exception(field + ": must not contain NUL characters");
        }
        return value;
    }
}
