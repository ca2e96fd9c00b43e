package dev.trustedcompute.tpmquote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The hash Trustee applies to canonical runtime data (kbs-types {@code HashAlgorithm}; SM3 is not supported).
 * KBS uses {@link #SHA384} for every TEE this library verifies; the attestation service accepts the others.
 */
public enum RuntimeDataHash {
    SHA256("sha256", "SHA-256"),
    SHA384("sha384", "SHA-384"),
    SHA512("sha512", "SHA-512");

    private final String trusteeName;
    private final String jcaName;

    RuntimeDataHash(String trusteeName, String jcaName) {
        this.trusteeName = trusteeName;
        this.jcaName = jcaName;
    }

    /** The name on the wire ({@code runtime_data_hash_algorithm}, {@code supported-hash-algorithms}). */
    public String trusteeName() {
        return trusteeName;
    }

    /** The hash for a Trustee name; unknown names (including {@code sm3}) are a format error. */
    public static RuntimeDataHash fromTrusteeName(String name) throws EvidenceFormatException {
        for (RuntimeDataHash h : values()) {
            if (h.trusteeName.equals(name)) {
                return h;
            }
        }
        throw new EvidenceFormatException("runtime_data_hash_algorithm", "unsupported hash '" + name + "', supported: "
                + Arrays.stream(values()).map(RuntimeDataHash::trusteeName).toList());
    }

    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }
}
