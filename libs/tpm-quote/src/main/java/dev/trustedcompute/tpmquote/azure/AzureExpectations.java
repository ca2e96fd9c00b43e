package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AzureVtpmVerifier} checks the evidence against besides signatures: the verification time
 * (certificates and collateral are judged at that instant; captured evidence needs a past one), the nonce the
 * vTPM quote must carry (Trustee: the runtime-data digest), optionally the init-data digest bound into PCR8,
 * certificates for the SEV-SNP report instead of the VCEK in the evidence, and TDX collateral. Skipping the
 * nonce check must be asked for by name, with a reason the result repeats.
 */
public final class AzureExpectations {

    /** TPM2B_DATA holds at most a SHA-512 digest. */
    public static final int MAX_NONCE = 64;
    /** Trustee binds init data into PCR8 only as a SHA-256 digest. */
    public static final int INIT_DATA_DIGEST_SIZE = 32;

    private final Instant at;
    private final byte[] nonce;
    private final String noNonceReason;
    private final byte[] initDataDigest;
    private final SnpCertificates snpCertificates;
    private final TdxCollateral tdxCollateral;

    private AzureExpectations(Builder b) {
        this.at = b.at;
        this.nonce = b.nonce;
        this.noNonceReason = b.noNonceReason;
        this.initDataDigest = b.initDataDigest;
        this.snpCertificates = b.snpCertificates;
        this.tdxCollateral = b.tdxCollateral;
    }

    /** Starts expectations for a verification at {@code at} (the clock's instant in production). */
    public static Builder at(Instant at) {
        return new Builder(Objects.requireNonNull(at, "at"));
    }

    public Instant verificationTime() {
        return at;
    }

    /** The exact nonce (a copy); empty when the check was waived. */
    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonce).map(byte[]::clone);
    }

    public Optional<String> noNonceReason() {
        return Optional.ofNullable(noNonceReason);
    }

    public Optional<byte[]> initDataDigest() {
        return Optional.ofNullable(initDataDigest).map(byte[]::clone);
    }

    /** Certificates to verify the SEV-SNP report with, replacing the VCEK that came with the evidence. */
    public Optional<SnpCertificates> snpCertificates() {
        return Optional.ofNullable(snpCertificates);
    }

    /** TCB Info / QE identity (and CRLs) for the TD quote; without them the TCB status is not evaluated. */
    public Optional<TdxCollateral> tdxCollateral() {
        return Optional.ofNullable(tdxCollateral);
    }

    public static final class Builder {
        private final Instant at;
        private byte[] nonce;
        private String noNonceReason;
        private byte[] initDataDigest;
        private SnpCertificates snpCertificates;
        private TdxCollateral tdxCollateral;

        private Builder(Instant at) {
            this.at = at;
        }

        /** The exact extraData of the vTPM quote, 1-64 bytes: nothing is padded or truncated. */
        public Builder nonce(byte[] expected) {
            if (expected == null || expected.length == 0 || expected.length > MAX_NONCE) {
                throw new IllegalArgumentException("nonce must be 1-" + MAX_NONCE + " bytes, got "
                        + (expected == null ? "null" : expected.length));
            }
            this.nonce = expected.clone();
            this.noNonceReason = null;
            return this;
        }

        /** Waives the nonce check (e.g. an operator inspecting old evidence); the reason goes into the result. */
        public Builder noNonce(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a reason is required to skip the nonce check");
            }
            this.noNonceReason = reason;
            this.nonce = null;
            return this;
        }

        /** The SHA-256 init-data digest; PCR8 must then be SHA-256(32 zero bytes || digest). */
        public Builder initDataDigest(byte[] digest) {
            if (digest == null || digest.length != INIT_DATA_DIGEST_SIZE) {
                throw new IllegalArgumentException("init-data digest must be " + INIT_DATA_DIGEST_SIZE
                        + " bytes (SHA-256), got " + (digest == null ? "null" : digest.length));
            }
            this.initDataDigest = digest.clone();
            return this;
        }

        public Builder snpCertificates(SnpCertificates certificates) {
            this.snpCertificates = Objects.requireNonNull(certificates, "certificates");
            return this;
        }

        public Builder tdxCollateral(TdxCollateral collateral) {
            this.tdxCollateral = Objects.requireNonNull(collateral, "collateral");
            return this;
        }

        public AzureExpectations build() {
            if (nonce == null && noNonceReason == null) {
                throw new IllegalStateException("expect a nonce or waive it with noNonce(reason)");
            }
            return new AzureExpectations(this);
        }
    }
}
