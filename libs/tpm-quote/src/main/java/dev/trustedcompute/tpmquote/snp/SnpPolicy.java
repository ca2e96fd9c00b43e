package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

/**
 * The guest POLICY (report offset 0x08, u64), SEV-SNP ABI spec "Guest Policy Structure":
 * <pre>
 *   7:0   ABI_MINOR          minimum ABI minor version the guest needs
 *   15:8  ABI_MAJOR          minimum ABI major version the guest needs
 *   16    SMT                SMT allowed
 *   17    reserved           must be one
 *   18    MIGRATE_MA         association with a migration agent allowed
 *   19    DEBUG              debugging allowed
 *   20    SINGLE_SOCKET      guest may be activated on one socket only
 *   21    CXL_ALLOW          CXL may be populated with devices or memory
 *   22    MEM_AES_256_XTS    AES-256-XTS required for memory encryption
 *   23    RAPL_DIS           running average power limit must be disabled
 *   24    CIPHERTEXT_HIDING  ciphertext hiding must be enabled
 *   25    PAGE_SWAP_DISABLE  SNP_PAGE_MOVE / SWAP_OUT / SWAP_IN disabled for the guest
 *   63:26 reserved           must be zero
 * </pre>
 * The reserved bits are checked because the spec fixes their values: a bit this library does not know could
 * loosen the guest's protection, so such a policy is rejected rather than half-understood.
 */
public record SnpPolicy(
        long raw,
        int abiMajor,
        int abiMinor,
        boolean smtAllowed,
        boolean migrateMa,
        boolean debugAllowed,
        boolean singleSocket,
        boolean cxlAllowed,
        boolean memAes256Xts,
        boolean raplDisabled,
        boolean ciphertextHiding,
        boolean pageSwapDisabled) {

    private static final int RESERVED_MUST_BE_ONE = 17;
    private static final int FIRST_RESERVED_MBZ = 26;

    /** Decodes the policy; {@code offset} is where it was read, for the error message. */
    public static SnpPolicy decode(long raw, long offset) throws EvidenceFormatException {
        if (!bit(raw, RESERVED_MUST_BE_ONE)) {
            throw new EvidenceFormatException(offset, "POLICY",
                    "reserved bit 17 must be one (policy " + hex(raw) + ")");
        }
        if ((raw >>> FIRST_RESERVED_MBZ) != 0) {
            throw new EvidenceFormatException(offset, "POLICY",
                    "reserved bits 63:26 must be zero (policy " + hex(raw) + ")");
        }
        return new SnpPolicy(raw, (int) ((raw >>> 8) & 0xff), (int) (raw & 0xff),
                bit(raw, 16), bit(raw, 18), bit(raw, 19), bit(raw, 20), bit(raw, 21), bit(raw, 22),
                bit(raw, 23), bit(raw, 24), bit(raw, 25));
    }

    private static boolean bit(long value, int index) {
        return ((value >>> index) & 1) != 0;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
