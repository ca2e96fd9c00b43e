package dev.trustedcompute.tpmquote.snp;

/** SIGNING_KEY, bits 4:2 of the report's key information word at 0x48. Values 2-6 are reserved. */
public enum SigningKey {
    /** 0: signed by the Versioned Chip Endorsement Key. */
    VCEK,
    /** 1: signed by the Versioned Loaded Endorsement Key (cloud-provider key, endorsed via the ASVK). */
    VLEK,
    /** 7: the report is not signed. */
    NONE
}
