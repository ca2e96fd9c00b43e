package dev.trustedcompute.cms.authority;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict RFC 7468 PEM: exactly one block with an expected label, strict base64 (no MIME leniency: a stray
 * character is an error, not silently skipped). Writing uses 64-character lines.
 */
public final class Pem {
    /** Upper bound for any PEM body this service accepts (a P-521/RSA-8192 CSR is far below this). */
    public static final int MAX_PEM_CHARS = 64 * 1024;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    private Pem() {}

    /**
     * Decodes the single PEM block of {@code text}; its label must be one of {@code labels}.
     *
     * @throws CmsException {@link CmsError#MALFORMED_PEM} for anything else
     */
    public static byte[] decodeSingle(String text, List<String> labels) {
        if (text == null || text.isBlank()) {
            throw new CmsException(CmsError.MALFORMED_PEM, "body is empty; expected a PEM block labelled " + labels.getFirst());
        }
        if (text.length() > MAX_PEM_CHARS) {
            throw new CmsException(CmsError.MALFORMED_PEM, "PEM is longer than " + MAX_PEM_CHARS + " characters");
        }
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw new CmsException(CmsError.MALFORMED_PEM, "no PEM block found (expected -----BEGIN " + labels.getFirst() + "-----)");
        }
        String label = m.group(1);
        if (!label.equals(m.group(3))) {
            throw new CmsException(CmsError.MALFORMED_PEM, "PEM BEGIN label '" + label + "' does not match END label '" + m.group(3) + "'");
        }
        if (!labels.contains(label)) {
            throw new CmsException(CmsError.MALFORMED_PEM, "PEM label '" + label + "' is not one of " + labels);
        }
        if (!text.substring(0, m.start()).isBlank() || !text.substring(m.end()).isBlank()) {
            throw new CmsException(CmsError.MALFORMED_PEM, "expected exactly one PEM block and nothing else");
        }
        String body = m.group(2);
        if (body.contains(":")) {
            throw new CmsException(CmsError.MALFORMED_PEM, "PEM headers (RFC 1421 encapsulated headers) are not accepted");
        }
        String base64 = body.replaceAll("[ \\t\\r\\n]", "");
        if (base64.isEmpty()) {
            throw new CmsException(CmsError.MALFORMED_PEM, "PEM block is empty");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CmsException(CmsError.MALFORMED_PEM, "PEM body is not valid base64: " + e.getMessage());
        }
    }

    /** Encodes DER as one PEM block with 64-character lines and a trailing newline. */
    public static String encode(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }
}
