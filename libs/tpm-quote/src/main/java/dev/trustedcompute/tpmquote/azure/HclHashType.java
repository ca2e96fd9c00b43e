package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * IGVM_HASH_TYPE of the HCL request data: the hash the HCL puts over the runtime data into the hardware
 * report's REPORT_DATA (Azure uses SHA-256). Value 0 ("invalid") and unknown values are malformed.
 */
public enum HclHashType {
    SHA256(1, "SHA-256"),
    SHA384(2, "SHA-384"),
    SHA512(3, "SHA-512");

    private final int code;
    private final String jcaName;

    HclHashType(int code, String jcaName) {
        this.code = code;
        this.jcaName = jcaName;
    }

    public int code() {
        return code;
    }

    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every JDK", e);
        }
    }

    static HclHashType fromCode(long code, long offset) throws EvidenceFormatException {
        for (HclHashType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new EvidenceFormatException(offset, "IgvmRequestData.report_data_hash_type",
                code + " is not 1 (SHA-256), 2 (SHA-384) or 3 (SHA-512)");
    }

    @Override
    public String toString() {
        return jcaName;
    }
}
