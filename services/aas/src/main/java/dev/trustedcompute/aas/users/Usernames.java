package dev.trustedcompute.aas.users;

import dev.trustedcompute.aas.InvalidInputException;
import java.util.regex.Pattern;

/** User names: 2..255 of letters, digits and {@code @ . _ -}, starting with a letter or digit (SecL-like). */
public final class Usernames {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._-]{1,254}");

    private Usernames() {
    }

    public static String check(String field, String username) throws InvalidInputException {
        if (username == null || username.isEmpty()) {
            throw new InvalidInputException(field, "is required");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidInputException(field,
                    "must be 2-255 characters of letters, digits and @._- starting with a letter or digit");
        }
        return username;
    }
}
