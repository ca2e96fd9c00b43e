package dev.trustedcompute.tpmquote;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** Typed, named access to members of a {@link Json.Obj}; a missing or mistyped member is a format error. */
public final class JsonFields {

    private static final BigDecimal BYTE_MAX = BigDecimal.valueOf(255);

    private final Json.Obj obj;
    private final String path;

    public JsonFields(Json.Value value, String path) throws EvidenceFormatException {
        if (!(value instanceof Json.Obj o)) {
            throw new EvidenceFormatException(value.start(), path, "expected a JSON object");
        }
        this.obj = o;
        this.path = path;
    }

    /** Parses a UTF-8 JSON document that must be an object, refusing documents over {@code maxBytes} before parsing. */
    public static JsonFields document(byte[] json, String name, int maxBytes) throws EvidenceFormatException {
        if (json.length > maxBytes) {
            throw new EvidenceFormatException(0, name, json.length + " bytes exceed the maximum " + maxBytes);
        }
        return new JsonFields(Json.parse(json, name), name);
    }

    public Json.Obj obj() {
        return obj;
    }

    public boolean has(String key) {
        return obj.members().containsKey(key);
    }

    public Json.Value value(String key) throws EvidenceFormatException {
        Json.Value v = obj.members().get(key);
        if (v == null) {
            throw new EvidenceFormatException(obj.start(), path + "." + key, "missing member");
        }
        return v;
    }

    public JsonFields object(String key) throws EvidenceFormatException {
        return new JsonFields(value(key), path + "." + key);
    }

    public String string(String key) throws EvidenceFormatException {
        Json.Value v = value(key);
        if (!(v instanceof Json.Str s)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected a string");
        }
        return s.value();
    }

    public Optional<String> optionalString(String key) throws EvidenceFormatException {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    /**
     * Rejects an object whose member names are not exactly {@code expected}: a missing member and an unknown
     * one are both format errors (strict documents, no silently ignored content).
     */
    public void requireExactly(Set<String> expected) throws EvidenceFormatException {
        for (String key : obj.members().keySet()) {
            if (!expected.contains(key)) {
                throw new EvidenceFormatException(obj.members().get(key).start(), path + "." + key,
                        "unknown member; expected only " + new TreeSet<>(expected));
            }
        }
        for (String key : expected) {
            value(key);
        }
    }

    /** Rejects members outside {@code allowed}; unlike {@link #requireExactly} none of them is required here. */
    public void requireOnly(Set<String> allowed) throws EvidenceFormatException {
        for (String key : obj.members().keySet()) {
            if (!allowed.contains(key)) {
                throw new EvidenceFormatException(obj.members().get(key).start(), path + "." + key,
                        "unknown member; expected only " + new TreeSet<>(allowed));
            }
        }
    }

    public Optional<Boolean> optionalBoolean(String key) throws EvidenceFormatException {
        if (!has(key)) {
            return Optional.empty();
        }
        Json.Value v = value(key);
        if (!(v instanceof Json.Bool b)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected true or false");
        }
        return Optional.of(b.value());
    }

    /** An optional integer that fits in a long (sign allowed). */
    public OptionalLong optionalLong(String key) throws EvidenceFormatException {
        if (!has(key)) {
            return OptionalLong.empty();
        }
        Json.Value v = value(key);
        if (!(v instanceof Json.Num n)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected a number");
        }
        try {
            return OptionalLong.of(n.value().longValueExact());
        } catch (ArithmeticException e) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "not a 64-bit integer: "
                    + n.value().toPlainString(), e);
        }
    }

    /** A non-negative integer that fits in an int. */
    public int integer(String key) throws EvidenceFormatException {
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
    public byte[] hex(String key, int length) throws EvidenceFormatException {
        String s = string(key);
        byte[] b = decodeHex(s, path + "." + key, value(key).start());
        if (b.length != length) {
            throw new EvidenceFormatException(value(key).start(), path + "." + key,
                    "expected " + length + " bytes of hex, got " + b.length);
        }
        return b;
    }

    public Instant instant(String key) throws EvidenceFormatException {
        String s = string(key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new EvidenceFormatException(value(key).start(), path + "." + key, "not an RFC 3339 UTC time: "
                    + s, e);
        }
    }

    public List<Json.Value> array(String key) throws EvidenceFormatException {
        Json.Value v = value(key);
        if (!(v instanceof Json.Arr a)) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected an array");
        }
        return a.items();
    }

    public List<String> stringArray(String key) throws EvidenceFormatException {
        List<String> out = new ArrayList<>();
        for (Json.Value item : array(key)) {
            if (!(item instanceof Json.Str s)) {
                throw new EvidenceFormatException(item.start(), path + "." + key, "expected strings");
            }
            out.add(s.value());
        }
        return List.copyOf(out);
    }

    /** An integer in {@code [0, 2^bits)} ({@code bits} at most 64; a u64 above {@link Long#MAX_VALUE} comes back negative). */
    public long unsigned(String key, int bits) throws EvidenceFormatException {
        Json.Value v = value(key);
        if (!(v instanceof Json.Num n) || n.value().signum() < 0 || n.value().stripTrailingZeros().scale() > 0
                || n.value().toBigInteger().bitLength() > bits) {
            throw new EvidenceFormatException(v.start(), path + "." + key, "expected an unsigned " + bits + "-bit integer");
        }
        return n.value().toBigInteger().longValue();
    }

    /** Whether {@code key} is absent or JSON {@code null} (serde's {@code None}). */
    public boolean isNull(String key) {
        return !has(key) || obj.members().get(key) instanceof Json.Null;
    }

    /** serde's {@code Vec<u8>} / {@code [u8; N]}: an array of byte values 0-255, at most {@code max} long. */
    public byte[] byteArray(String key, int max) throws EvidenceFormatException {
        return bytes(value(key), path + "." + key, max);
    }

    /** {@link #byteArray} for an array item or any other value. */
    public static byte[] bytes(Json.Value value, String path, int max) throws EvidenceFormatException {
        if (!(value instanceof Json.Arr array)) {
            throw new EvidenceFormatException(value.start(), path, "expected an array of byte values");
        }
        if (array.items().size() > max) {
            throw new EvidenceFormatException(value.start(), path, array.items().size() + " bytes exceed the maximum "
                    + max);
        }
        byte[] out = new byte[array.items().size()];
        for (int i = 0; i < out.length; i++) {
            Json.Value item = array.items().get(i);
            int b = item instanceof Json.Num n && n.value().scale() <= 0 && n.value().signum() >= 0
                    && n.value().compareTo(BYTE_MAX) <= 0 ? n.value().intValue() : -1;
            if (b < 0) {
                throw new EvidenceFormatException(item.start(), path + "[" + i + "]", "not a byte value 0-255");
            }
            out[i] = (byte) b;
        }
        return out;
    }

    /** Standard base64 (RFC 4648 section 4) of at most {@code max} bytes. */
    public byte[] base64(String key, int max) throws EvidenceFormatException {
        return base64(key, max, Base64.getDecoder(), "base64");
    }

    /** URL-safe base64 (RFC 4648 section 5) of at most {@code max} bytes. */
    public byte[] base64Url(String key, int max) throws EvidenceFormatException {
        return base64(key, max, Base64.getUrlDecoder(), "base64url");
    }

    private byte[] base64(String key, int max, Base64.Decoder decoder, String kind) throws EvidenceFormatException {
        String text = string(key);
        long at = value(key).start();
        if (text.length() > (max + 2L) / 3 * 4) {
            throw new EvidenceFormatException(at, path + "." + key, "longer than " + max + " bytes of " + kind);
        }
        try {
            return decoder.decode(text);
        } catch (IllegalArgumentException e) {
            throw new EvidenceFormatException(at, path + "." + key, "invalid " + kind + ": " + e.getMessage(), e);
        }
    }

    public String path() {
        return path;
    }

    public static byte[] decodeHex(String s, String field, long offset) throws EvidenceFormatException {
        try {
            return HexFormat.of().parseHex(s.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EvidenceFormatException(offset, field, "invalid hex", e);
        }
    }
}
