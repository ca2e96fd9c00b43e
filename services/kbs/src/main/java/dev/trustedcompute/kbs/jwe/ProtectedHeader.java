package dev.trustedcompute.kbs.jwe;

import java.util.Map;
import java.util.TreeMap;

/**
 * Serializes a JWE protected header the one way guest-components re-serializes it when it recomputes the AAD
 * (kbs-types {@code ProtectedHeader::generate_aad}): compact, {@code alg}, {@code enc}, then the other members sorted
 * by key (nested objects too), with serde_json's string escaping. Whether the client's serde_json keeps insertion
 * order or sorts, this text comes back byte-identical, so the AAD matches. A generic JOSE library does not promise
 * member order, hence this hand-written form.
 */
public final class ProtectedHeader {

    private ProtectedHeader() {
    }

    /** @param others members besides alg/enc: string values or nested maps of the same */
    public static String serialize(String alg, String enc, Map<String, ?> others) {
        if (others.containsKey("alg") || others.containsKey("enc")) {
            throw new IllegalArgumentException("alg and enc are passed separately");
        }
        StringBuilder out = new StringBuilder("{");
        appendString(out, "alg");
        out.append(':');
        appendString(out, alg);
        out.append(',');
        appendString(out, "enc");
        out.append(':');
        appendString(out, enc);
        for (Map.Entry<String, ?> entry : new TreeMap<>(others).entrySet()) {
            out.append(',');
            appendString(out, entry.getKey());
            out.append(':');
            appendValue(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    private static void appendValue(StringBuilder out, Object value) {
        switch (value) {
            case String s -> appendString(out, s);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendString(out, (String) entry.getKey());
                    out.append(':');
                    appendValue(out, entry.getValue());
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("unsupported header value type " + value.getClass());
        }
    }

    /** serde_json escaping: quote, backslash, \b \f \n \r \t, other controls as lower-case backslash-u00xx; '/' and non-ASCII raw. */
    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
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
}
