package dev.trustedcompute.tpmquote;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the evidence's freshness field must hold: the TPM quote's {@code extraData} (qualifying data), the SNP
 * {@code REPORT_DATA}, the TDX {@code REPORTDATA}. One of three, chosen explicitly by the caller:
 * <ul>
 * <li>{@link #exactly(byte[])}: the exact bytes (a raw nonce for a TPM quote; all 64 bytes for SNP and TDX).</li>
 * <li>{@link #trusteeRuntimeData(byte[])}: the digest of Trustee's canonical runtime data, placed the way
 *     Trustee's attesters place it for the evidence's TEE ({@link RuntimeDataDigest#placedFor(Tee)}).</li>
 * <li>{@link #notChecked(String)}: no freshness check; the reason is repeated in
 *     {@link VerifiedClaims#uncheckedItems()}. Only for evidence that is not tied to a challenge.</li>
 * </ul>
 */
public sealed interface ExpectedReportData {

    /** The field must equal {@code value}, byte for byte; nothing is padded or truncated. */
    static ExpectedReportData exactly(byte[] value) {
        return new Exact(value);
    }

    /** The field must hold this runtime-data digest (SHA-256, SHA-384 or SHA-512) in Trustee's per-TEE placement. */
    static ExpectedReportData trusteeRuntimeData(byte[] digest) {
        return new RuntimeDataDigest(digest);
    }

    /** Freshness is not checked, for the given reason. */
    static ExpectedReportData notChecked(String reason) {
        return new NotChecked(reason);
    }

    /** @param value the exact expected bytes (1 to 64) */
    record Exact(byte[] value) implements ExpectedReportData {
        public Exact {
            if (value == null || value.length == 0 || value.length > 64) {
                throw new IllegalArgumentException("expected report data must be 1-64 bytes, got "
                        + (value == null ? "null" : value.length));
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exact e && Arrays.equals(e.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Exact[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /**
     * The hash of Trustee's canonical (RFC 8785) runtime-data JSON ({@link TrusteeRuntimeData}).
     *
     * @param digest 32, 48 or 64 bytes (SHA-256, SHA-384, SHA-512); any other length is refused
     */
    record RuntimeDataDigest(byte[] digest) implements ExpectedReportData {
        public RuntimeDataDigest {
            if (digest == null || (digest.length != 32 && digest.length != 48 && digest.length != 64)) {
                throw new IllegalArgumentException("runtime-data digest must be 32, 48 or 64 bytes (SHA-256/384/512), got "
                        + (digest == null ? "null" : digest.length));
            }
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        /**
         * The bytes the field must hold for {@code tee}, as Trustee's attesters write them and its verifiers
         * compare them (guest-components {@code attester/src/*}, trustee {@code deps/verifier/src/*}):
         * <ul>
         * <li>SNP, TDX: the digest followed by zeros up to 64 bytes;</li>
         * <li>TPM: the first 32 bytes (the attester resizes qualifying data to 32; a SHA-256 digest is whole);</li>
         * <li>Azure vTPM: the whole digest, in the vTPM quote's extraData.</li>
         * </ul>
         */
        public byte[] placedFor(Tee tee) {
            return switch (tee) {
                case SNP, TDX -> Arrays.copyOf(digest, 64);
                case TPM -> Arrays.copyOf(digest, 32);
                case AZ_SNP_VTPM, AZ_TDX_VTPM -> digest.clone();
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RuntimeDataDigest r && Arrays.equals(r.digest, digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return "RuntimeDataDigest[" + HexFormat.of().formatHex(digest) + "]";
        }
    }

    /** @param reason why freshness is not checked; must not be blank */
    record NotChecked(String reason) implements ExpectedReportData {
        public NotChecked {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a reason is required to skip the report data check");
            }
        }
    }
}
