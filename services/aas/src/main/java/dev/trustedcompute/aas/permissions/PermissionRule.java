package dev.trustedcompute.aas.permissions;

import dev.trustedcompute.aas.InvalidInputException;
import java.util.regex.Pattern;

/**
 * One permission rule of a role, in the Intel SecL syntax {@code resource:action:selector}
 * ({@code pkg/lib/common/auth/auth.go}). {@code *} in any part is a wildcard; relying services turn each rule of a
 * {@code {service, rules}} permission into the authorities {@code SERVICE:resource:action} and
 * {@code SERVICE:resource:action:selector}. All three parts are required (no silent {@code :*} padding).
 */
public record PermissionRule(String resource, String action, String selector) {

    private static final Pattern PART = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern SELECTOR = Pattern.compile("\\*|[A-Za-z0-9=._,;/-][A-Za-z0-9=._,;/ -]{0,255}");

    public PermissionRule {
        if (!PART.matcher(resource).matches() || !PART.matcher(action).matches()
                || !SELECTOR.matcher(selector).matches()) {
            throw new IllegalArgumentException("invalid rule parts: use parse() for client input");
        }
    }

    public static PermissionRule of(String resource, String action) {
        return new PermissionRule(resource, action, "*");
    }

    /** Parses {@code resource:action:selector}; {@code field} names the input in the error. */
    public static PermissionRule parse(String field, String text) throws InvalidInputException {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new InvalidInputException(field,
                    "'" + text + "' is not resource:action:selector (3 parts separated by ':', '*' for any)");
        }
        if (!PART.matcher(parts[0]).matches()) {
            throw new InvalidInputException(field, "resource '" + parts[0] + "' must be '*' or [A-Za-z0-9_.-]{1,64}");
        }
        if (!PART.matcher(parts[1]).matches()) {
            throw new InvalidInputException(field, "action '" + parts[1] + "' must be '*' or [A-Za-z0-9_.-]{1,64}");
        }
        if (!SELECTOR.matcher(parts[2]).matches()) {
            throw new InvalidInputException(field,
                    "selector '" + parts[2] + "' must be '*' or up to 256 of [A-Za-z0-9=._,;/ -]");
        }
        return new PermissionRule(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return resource + ":" + action + ":" + selector;
    }
}
