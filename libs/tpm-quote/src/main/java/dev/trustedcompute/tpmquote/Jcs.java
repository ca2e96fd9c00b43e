package dev.trustedcompute.tpmquote;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme: the byte form Trustee hashes its runtime data in
 * ({@code serde_json_canonicalizer}). Rules:
 * <ul>
 * <li>no whitespace; object members sorted by their names' UTF-16 code units (3.2.3), recursively;</li>
 * <li>strings as ECMAScript {@code JSON.stringify} writes them: only the quote, the backslash and control
 *     characters escaped, backspace, tab, line feed, form feed and carriage return in their two-character forms,
 *     the other control characters as six-character lower-case hex escapes; everything else literal (3.2.2.2);</li>
 * <li>numbers as IEEE 754 doubles printed like ECMAScript {@code Number.prototype.toString} (3.2.2.3):
 *     {@code 4.50} is {@code 4.5}, {@code 1E30} is {@code 1e+30}, {@code -0} is {@code 0};</li>
 * <li>output UTF-8.</li>
 * </ul>
 * Input that I-JSON (RFC 7493) forbids is refused, never repaired: lone surrogates, numbers beyond the double
 * range, duplicate member names (the {@link Json} reader refuses those).
 */
public final class Jcs {

    private Jcs() {
    }

    /** Canonicalizes a JSON document (UTF-8). */
    public static byte[] canonicalize(byte[] json) throws EvidenceFormatException {
        return canonicalize(Json.parse(json, "JSON"));
    }

    /** Canonicalizes a parsed JSON value. */
    public static byte[] canonicalize(Json.Value value) throws EvidenceFormatException {
        StringBuilder out = new StringBuilder();
        write(plain(value), out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes plain Java values as canonical JSON: {@code Map<String, ?>} (object), {@code List<?>} (array),
     * {@link String}, {@link Boolean}, {@code null}, and numbers ({@link Long}, {@link Integer}, {@link BigDecimal};
     * anything outside the double range is refused). For output that must be stable, such as a CLI's.
     *
     * @throws IllegalArgumentException for any other type, a lone surrogate or a non-finite number (a caller bug)
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        try {
            write(value, out);
        } catch (EvidenceFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return out.toString();
    }

    /** A parsed value as plain Java values (the offsets are kept only where errors can arise, in numbers). */
    private static Object plain(Json.Value value) throws EvidenceFormatException {
        return switch (value) {
            case Json.Obj o -> {
                Map<String, Object> members = new LinkedHashMap<>();
                for (Map.Entry<String, Json.Value> e : o.members().entrySet()) {
                    members.put(e.getKey(), plain(e.getValue()));
                }
                yield members;
            }
            case Json.Arr a -> {
                List<Object> items = new ArrayList<>();
                for (Json.Value item : a.items()) {
                    items.add(plain(item));
                }
                yield items;
            }
            case Json.Str s -> s.value();
            case Json.Num n -> new BigDecimal(number(n.value(), n.start()));
            case Json.Bool b -> b.value();
            case Json.Null ignored -> null;
        };
    }

    private static void write(Object value, StringBuilder out) throws EvidenceFormatException {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                List<String> keys = new ArrayList<>();
                for (Object key : map.keySet()) {
                    keys.add((String) key);
                }
                // String.compareTo orders by UTF-16 code units, exactly what 3.2.3 prescribes
                keys.sort(null);
                out.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(keys.get(i), -1, out);
                    out.append(':');
                    write(map.get(keys.get(i)), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case String s -> string(s, -1, out);
            case Boolean b -> out.append(b);
            case Long l -> out.append(number(BigDecimal.valueOf(l), -1));
            case Integer i -> out.append(number(BigDecimal.valueOf(i), -1));
            case BigDecimal d -> out.append(number(d, -1));
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /** A JSON string literal in canonical form. */
    static String string(String s) throws EvidenceFormatException {
        StringBuilder out = new StringBuilder();
        string(s, -1, out);
        return out.toString();
    }

    private static void string(String s, int at, StringBuilder out) throws EvidenceFormatException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new EvidenceFormatException(at, "JSON", String.format("lone surrogate \\u%04x in a string", (int) c));
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Since JDK 19 {@link Double#toString} gives the shortest decimal that reads back as {@code d}, but never fewer
     * than two significant digits ({@code 4.9E-324}, not {@code 5E-324}); ECMAScript wants one digit when one
     * suffices, so a two-digit result is tried at one digit, rounding both ways.
     */
    private static BigDecimal shortestDigits(double d) {
        BigDecimal java = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = java.round(new MathContext(1, mode));
            boolean readsBack = candidate.doubleValue() == d;
            if (readsBack && (best == null || closer(candidate, best, d))) {
                best = candidate;
            }
        }
        return best == null ? java : best.stripTrailingZeros();
    }

    private static boolean closer(BigDecimal a, BigDecimal b, double d) {
        BigDecimal exact = new BigDecimal(d);
        return a.subtract(exact).abs().compareTo(b.subtract(exact).abs()) < 0;
    }

    /** ECMAScript Number::toString of the double nearest to {@code value}. */
    static String number(BigDecimal value, int at) throws EvidenceFormatException {
        double d = value.doubleValue();
        if (Double.isInfinite(d)) {
            throw new EvidenceFormatException(at, "JSON", "number " + value + " is outside the IEEE 754 double range");
        }
        return number(d);
    }

    /**
     * ECMA-262 Number::toString(x) for a finite double: the fewest significant digits that read back as {@code d}
     * (the closest such when there are several), in ECMAScript's layout.
     */
    static String number(double d) {
        if (d == 0) {
            return "0"; // both zeros
        }
        if (d < 0) {
            return "-" + number(-d);
        }
        BigDecimal shortest = shortestDigits(d);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // d = 0.digits * 10^n
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent > 0 ? "+" : "-") + Math.abs(exponent);
    }
}
