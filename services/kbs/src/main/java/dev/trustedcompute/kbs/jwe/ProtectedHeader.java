package dev.trustedcompute.kbs.jwe;

import dev.trustedcompute.tpmquote.Jcs;
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
        // JCS writes strings and sorted nested objects exactly as serde_json does for these values
        StringBuilder out = new StringBuilder("{\"alg\":").append(Jcs.write(alg))
                .append(",\"enc\":").append(Jcs.write(enc));
        for (Map.Entry<String, ?> entry : new TreeMap<>(others).entrySet()) {
            out.append(',').append(Jcs.write(entry.getKey())).append(':').append(Jcs.write(entry.getValue()));
        }
        return out.append('}').toString();
    }
}
