package dev.trustedcompute.rvps.message;

import java.util.Arrays;
import java.util.Optional;

/** The {@code type} values RVPS understands; anything else is refused, never ignored. */
public enum MessageType {
    /** Trustee's sample provenance: an unsigned {@code {name: value}} object (trust comes from the caller's token). */
    SAMPLE("sample"),
    /** A compact JWS, signed by a configured signer, whose body is a manifest of values with expirations. */
    SIGNED_BUNDLE("signed-bundle");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
