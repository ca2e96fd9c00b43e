package dev.trustedcompute.tpmquote.eventlog;

import java.util.HexFormat;

/** One TPMT_HA of an event: {@code {UINT16 hashAlg; BYTE digest[size]}}. */
public record EventDigest(DigestAlgorithm algorithm, byte[] value) {

    public EventDigest {
        if (value.length != algorithm.size()) {
            throw new IllegalArgumentException("digest of " + value.length + " bytes for " + algorithm);
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex();
    }
}
