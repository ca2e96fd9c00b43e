package dev.trustedcompute.aas.password;

import dev.trustedcompute.aas.InvalidInputException;

/**
 * Rules a new password must meet. Length only (NIST SP 800-63B §5.1.1.2: no composition rules); the upper bound
 * keeps hashing cost bounded. The password itself never appears in a message.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {
    }

    public static void check(String field, String password) throws InvalidInputException {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException(field, "is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new InvalidInputException(field, "must have at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidInputException(field, "must have at most " + MAX_LENGTH + " characters");
        }
    }
}
