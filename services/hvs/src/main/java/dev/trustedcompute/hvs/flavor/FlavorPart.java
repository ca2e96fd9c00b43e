package dev.trustedcompute.hvs.flavor;

/**
 * What a flavor vouches for (Intel SecL {@code flavor_part}); every flavor has exactly one part and the trust report
 * has one verdict per part. IMA and VMware parts of SecL are not supported.
 */
public enum FlavorPart {
    /** Firmware and platform configuration: BIOS/UEFI code, Secure Boot keys (PCR 0, 2, 7). */
    PLATFORM,
    /** Boot loader, kernel and its command line (PCR 4, 8, 9). */
    OS,
    /** Measurements that differ per machine (boot variables, disk layout), matched by hardware UUID. */
    HOST_UNIQUE,
    /** Application measurements extended by the agent. */
    SOFTWARE,
    /** An asset tag certificate bound to the host by hardware UUID. */
    ASSET_TAG
}
