package dev.trustedcompute.rvps.message;

import java.util.Optional;

/**
 * What a reference value name and a single value may look like. Names are Trustee's free-form keys (plain words
 * such as {@code svn}, or {@code rvps:///ns/...} URIs), so only what would break storage or the REST paths is
 * refused: control characters (PostgreSQL text cannot hold NUL), blank or overlong strings, and the path segments
 * {@code .} and {@code ..}.
 */
public final class NamingRules {

    public static final int MAX_NAME_LENGTH = 512;
    public static final int MAX_VALUE_LENGTH = 8192;
    public static final int MAX_VALUES_PER_NAME = 1024;

    private NamingRules() {
    }

    /** Empty when {@code name} is acceptable, else what is wrong with it. */
    public static Optional<String> nameViolation(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("a name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("a name must have at most " + MAX_NAME_LENGTH + " characters");
        }
        if (hasControlCharacter(name)) {
            return Optional.of("a name must not contain control characters (NUL, newline, ...)");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'.' and '..' are not names (they cannot be addressed in a URL path)");
        }
        return Optional.empty();
    }

    static Optional<String> valueViolation(String value) {
        if (value.isEmpty()) {
            return Optional.of("a value must not be empty");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("a value must have at most " + MAX_VALUE_LENGTH + " characters");
        }
        if (hasControlCharacter(value)) {
            return Optional.of("a value must not contain control characters (NUL, newline, ...)");
        }
        return Optional.empty();
    }

    /**
     * Client text as it may appear in an error detail: quoted, cut to 64 characters, control characters escaped,
     * so a detail stays one short line whatever was sent.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder out = new StringBuilder("'");
        cut.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.append('\'').toString();
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
