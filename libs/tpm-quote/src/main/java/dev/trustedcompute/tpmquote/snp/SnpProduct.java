package dev.trustedcompute.tpmquote.snp;

import java.util.Locale;
import java.util.Optional;

/**
 * AMD EPYC generations that run SEV-SNP. The product decides two things: which pinned AMD root (ARK) and
 * intermediate (ASK/ASVK) endorse a VCEK/VLEK, and how the 8 bytes of a {@link TcbVersion} are laid out
 * (Turin added an FMC component and moved the others).
 */
public enum SnpProduct {
    MILAN("Milan"),
    GENOA("Genoa"),
    TURIN("Turin");

    private final String amdName;

    SnpProduct(String amdName) {
        this.amdName = amdName;
    }

    /** The name AMD uses in certificate common names and KDS URLs, e.g. {@code Milan} in {@code ARK-Milan}. */
    public String amdName() {
        return amdName;
    }

    /** Lower-case name used in flat claims, e.g. {@code milan}. */
    public String claimName() {
        return amdName.toLowerCase(Locale.ROOT);
    }

    /**
     * Product from the CPUID family/model that report version 3 and later carry (offsets 0x188, 0x189).
     * Family 0x19 (Zen 3/4): models 0x00-0x0F Milan, 0x10-0x1F and 0xA0-0xAF Genoa; family 0x1A (Zen 5):
     * models 0x00-0x11 Turin. The same ranges Trustee's SNP verifier uses.
     */
    public static Optional<SnpProduct> fromCpuid(int family, int model) {
        if (family == 0x19 && model <= 0x0F) {
            return Optional.of(MILAN);
        }
        if (family == 0x19 && ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAF))) {
            return Optional.of(GENOA);
        }
        if (family == 0x1A && model <= 0x11) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }

    /** Product whose name ends an AMD common name such as {@code SEV-Milan}, {@code SEV-VLEK-Genoa}, {@code ARK-Turin}. */
    static Optional<SnpProduct> fromCommonNameSuffix(String commonName) {
        for (SnpProduct product : values()) {
            if (commonName.endsWith("-" + product.amdName)) {
                return Optional.of(product);
            }
        }
        return Optional.empty();
    }
}
