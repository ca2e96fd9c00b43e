package dev.trustedcompute.tpmquote.snp;

import java.util.OptionalInt;

/**
 * A TCB_VERSION as it appears in the report: 8 bytes read as a little-endian u64. The byte layout depends
 * on the product (SEV-SNP ABI spec, "TCB_VERSION"):
 * <pre>
 *   byte:           0     1     2     3     4     5     6     7
 *   Milan, Genoa:   BL    TEE   rsvd  rsvd  rsvd  rsvd  SNP   UCODE
 *   Turin:          FMC   BL    TEE   SNP   rsvd  rsvd  rsvd  UCODE
 * </pre>
 * A report of version 2 does not say which product produced it, so decoding needs the product (from the
 * VCEK/VLEK chain or, from version 3 on, from the report's CPUID fields).
 *
 * @param raw the 8 bytes as a little-endian u64 (byte 0 is the least significant byte)
 */
public record TcbVersion(long raw) {

    /** Security patch levels of each component, decoded with the layout of {@code product}. */
    public TcbLevels levels(SnpProduct product) {
        return switch (product) {
            case MILAN, GENOA -> new TcbLevels(product, OptionalInt.empty(), at(0), at(1), at(6), at(7));
            case TURIN -> new TcbLevels(product, OptionalInt.of(at(0)), at(1), at(2), at(3), at(7));
        };
    }

    /** Lower-case hex of the u64 value, as in {@code 0x7308000000000003}. */
    public String hex() {
        return String.format("0x%016x", raw);
    }

    private int at(int index) {
        return (int) ((raw >>> (8 * index)) & 0xff);
    }
}
