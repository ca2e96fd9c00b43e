package dev.trustedcompute.tpmquote.snp;

import java.util.Optional;

/**
 * CPUID_FAM_ID, CPUID_MOD_ID and CPUID_STEP (report offsets 0x188-0x18A, version 3 and later): the combined
 * extended family and family, the combined extended model and model, and the stepping.
 */
public record Cpuid(int family, int model, int stepping) {

    /** The SEV-SNP product these values denote, empty when unknown. */
    public Optional<SnpProduct> product() {
        return SnpProduct.fromCpuid(family, model);
    }
}
