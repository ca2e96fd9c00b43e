package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decoding of Trustee's Azure evidence encodings ({@code deps/verifier/src/az_*_vtpm/compat.rs}): version 0
 * is serde's default for {@code Vec<u8>} (JSON arrays of integers 0-255), versions 1 and 2 use lower-case hex
 * for the TPM quote parts and base64url for binary blobs. Sizes are checked before anything is decoded.
 */
final class TrusteeJson {

    /** Far above real evidence (36 KB for version 0), bounds parsing work. */
    static final int MAX_DOCUMENT = 256 * 1024;
    static final int MAX_BLOB = 64 * 1024;
    private static final Set<String> QUOTE_MEMBERS = Set.of("signature", "message", "pcrs");

    private TrusteeJson() {
    }

    static JsonFields document(byte[] json, String name) throws EvidenceFormatException {
        return JsonFields.document(json, name, MAX_DOCUMENT);
    }

    /** {@code version} (1 or 2) when the member exists; 0 for the untagged legacy layout. */
    static int version(JsonFields evidence) throws EvidenceFormatException {
        if (!evidence.has("version")) {
            return 0;
        }
        int version = evidence.integer("version");
        if (version < 1 || version > 2) {
            throw new EvidenceFormatException(evidence.value("version").start(), evidence.path() + ".version",
                    version + " is not a known evidence version (0, 1 or 2)");
        }
        return version;
    }

    /** Versions 1 and 2: {@code {"signature":"hex","message":"hex","pcrs":["hex",...]}}. */
    static VtpmQuote hexQuote(JsonFields quote) throws EvidenceFormatException {
        quote.requireExactly(QUOTE_MEMBERS);
        List<byte[]> pcrs = new ArrayList<>();
        List<Json.Value> items = bounded(quote, "pcrs", VtpmQuote.MAX_PCRS);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Json.Str s)) {
                throw new EvidenceFormatException(items.get(i).start(), quote.path() + ".pcrs[" + i + "]",
                        "expected a hex string");
            }
            pcrs.add(hex(s.value(), quote.path() + ".pcrs[" + i + "]", s.start(), 32));
        }
        return VtpmQuote.of(hex(quote, "message", 4096), hex(quote, "signature", VtpmQuote.MAX_SIGNATURE), pcrs);
    }

    /** Version 0: the same three members as arrays of byte values ({@code pcrs} an array of 32-byte arrays). */
    static VtpmQuote byteArrayQuote(JsonFields quote) throws EvidenceFormatException {
        quote.requireExactly(QUOTE_MEMBERS);
        List<byte[]> pcrs = new ArrayList<>();
        List<Json.Value> items = bounded(quote, "pcrs", VtpmQuote.MAX_PCRS);
        for (int i = 0; i < items.size(); i++) {
            pcrs.add(JsonFields.bytes(items.get(i), quote.path() + ".pcrs[" + i + "]", 32));
        }
        return VtpmQuote.of(quote.byteArray("message", 4096), quote.byteArray("signature", VtpmQuote.MAX_SIGNATURE),
                pcrs);
    }

    private static byte[] hex(JsonFields fields, String key, int max) throws EvidenceFormatException {
        String text = fields.string(key);
        long at = fields.value(key).start();
        if (text.length() > 2 * max) {
            throw new EvidenceFormatException(at, fields.path() + "." + key, "more than " + max + " bytes of hex");
        }
        return hex(text, fields.path() + "." + key, at, -1);
    }

    /** Hex as Trustee's serde_with writes it (lower case; upper case is accepted as Trustee does); -1: any length. */
    private static byte[] hex(String text, String path, long at, int length) throws EvidenceFormatException {
        byte[] bytes = JsonFields.decodeHex(text, path, at);
        if (length >= 0 && bytes.length != length) {
            throw new EvidenceFormatException(at, path, bytes.length + " bytes, expected " + length);
        }
        return bytes;
    }

    private static List<Json.Value> bounded(JsonFields fields, String key, int max) throws EvidenceFormatException {
        List<Json.Value> items = fields.array(key);
        if (items.size() > max) {
            throw new EvidenceFormatException(fields.value(key).start(), fields.path() + "." + key, items.size()
                    + " entries exceed the maximum " + max);
        }
        return items;
    }
}
