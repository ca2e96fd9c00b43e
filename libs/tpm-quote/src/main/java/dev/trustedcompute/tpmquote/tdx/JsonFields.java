package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Typed, named access to members of a {@link Json.Obj}; a missing or mistyped member is a format error. */
final class JsonFields {

    private final Json.Obj obj;
    private final String path;

    JsonFields(Json.Value value, String path) throws EvidenceFormatException {
        if (!(value instanceof Json.Obj o)) {
            throw new EvidenceFormatException(value.start(), path, "expected a JSON object");
        }
        this.obj = o;
        this.path = path;
    }

    Json.Obj obj() {
        return obj;
    }

    boolean has(String key) {
        return obj.members().containsKey(key);
    }

    Json.Value value(String key) throws EvidenceFormatException {
        Json.Value v = obj.members().get(key);
        if (v == null) {
            throw new EvidenceFormatException(obj.start(), path + "." + key, "missing member");
        }
        return v;
    }

    JsonFields object(String key) throws EvidenceFormatException {
        return new JsonFields(value(key), path + "." + key);
    }

    String string(String key) throws EvidenceFormatException {
        Json.Value v = value(key);
        if (!(v instanceof Json.Str s)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected a string");
        }
        return s.value();
    }

    Optional<String> optionalString(String key) throws EvidenceFormatException {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    /** A non-negative integer that fits in an int. */
    int integer(String key) throws EvidenceFormatException {
        Json.Value v = value(key);
        if (!(v instanceof Json.Num n)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected a number");
        }
        try {
            int i = n.value().intValueExact();
            if (i < 0) {
                throw new EvidenceFormatException(v.start(), path + "." + key, "negative value " + i);
            }
            return i;
        } catch (ArithmeticException e) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "not a 32-bit integer: "
                    + n.value().toPlainString(), e);
        }
    }

    /** Hex string decoded to exactly {@code length} bytes (any case accepted, as PCS mixes both). */
    byte[] hex(String key, int length) throws EvidenceFormatException {
        String s = string(key);
        byte[] b = decodeHex(s, path + "." + key, value(key).start());
        if (b.length != length) {
            throw new EvidenceFormatException(value(key).start(), path + "." + key,
                    "expected " + length + " bytes of hex, got " + b.length);
        }
        return b;
    }

    Instant instant(String key) throws EvidenceFormatException {
        String s = string(key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new EvidenceFormatException(value(key).start(), path + "." + key, "not an RFC 3339 UTC time: "
                    + s, e);
        }
    }

    List<Json.Value> array(String key) throws EvidenceFormatException {
        Json.Value v = value(key);
        if (!(v instanceof Json.Arr a)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected an array");
        }
        return a.items();
    }

    List<String> stringArray(String key) throws EvidenceFormatException {
        List<String> out = new ArrayList<>();
        for (Json.Value item : array(key)) {
            if (!(item instanceof Json.Str s)) {
                throw new EvidenceFormatException(item.start(), path + "." + key, "expected strings");
            }
            out.add(s.value());
        }
        return List.copyOf(out);
    }

    String path() {
        return path;
    }

    static byte[] decodeHex(String s, String field, long offset) throws EvidenceFormatException {
        try {
            return HexFormat.of().parseHex(s.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EvidenceFormatException(offset, field, "invalid hex", e);
        }
    }
}
