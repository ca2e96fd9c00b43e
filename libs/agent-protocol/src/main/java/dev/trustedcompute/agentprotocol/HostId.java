package dev.trustedcompute.agentprotocol;

import java.util.regex.Pattern;

/**
 * The name a node uses on NATS. It is one subject token, so it may not contain dots, wildcards or spaces;
 * per-host NATS credentials are scoped to subjects built from it.
 */
public record HostId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public HostId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("hostId must be 1-64 characters of letters, digits, '-' or '_' "
                    + "starting with a letter or digit");
        }
    }

    public static HostId of(String value) {
        return new HostId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
