package dev.trustedcompute.tpmquote.snp;

/**
 * PLATFORM_INFO (report offset 0x40, u64), SEV-SNP ABI spec:
 * <pre>
 *   0  SMT_EN                   SMT is enabled on the platform
 *   1  TSME_EN                  transparent SME is enabled
 *   2  ECC_EN                   memory uses error correcting codes
 *   3  RAPL_DIS                 RAPL is disabled
 *   4  CIPHERTEXT_HIDING_EN     ciphertext hiding is enabled for DRAM
 *   5  ALIAS_CHECK_COMPLETE     memory alias check completed since the last reset
 * </pre>
 * Newer firmware defines further bits; they describe the platform rather than restrict the guest, so they
 * are kept in {@link #raw()} and not rejected.
 */
public record PlatformInfo(
        long raw,
        boolean smtEnabled,
        boolean tsmeEnabled,
        boolean eccEnabled,
        boolean raplDisabled,
        boolean ciphertextHidingEnabled,
        boolean aliasCheckComplete) {

    public static PlatformInfo decode(long raw) {
        return new PlatformInfo(raw, bit(raw, 0), bit(raw, 1), bit(raw, 2), bit(raw, 3), bit(raw, 4), bit(raw, 5));
    }

    private static boolean bit(long value, int index) {
        return ((value >>> index) & 1) != 0;
    }
}
