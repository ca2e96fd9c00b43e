package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the verifier needs besides the evidence: what the freshness field must hold, the verification
 * time, and the trust inputs the attester cannot be allowed to choose (the pinned TPM AK, TDX collateral).
 * Immutable; build one per verification:
 * <pre>{@code
 * Expectations x = Expectations.at(clock.instant())
 *         .reportData(ExpectedReportData.trusteeRuntimeData(digest))   // required: or exactly(...), notChecked(why)
 *         .trustedAk(pinnedAk)                                       // TPM only: the AK pinned at onboarding
 *         .tdxCollateral(collateral)                                 // TDX only: or withoutTdxCollateral(why)
 *         .build();
 * }</pre>
 * Setters for other TEEs are ignored by verifiers that do not use them, so one builder can serve any TEE; a
 * verifier that lacks an input it needs throws {@link IllegalStateException} (a setup bug, not bad evidence).
 */
public final class Expectations {

    private final Instant at;
    private final ExpectedReportData reportData;
    private final AkPublic trustedAk;
    private final SnpCertificates snpCertificates;
    private final int snpVmpl;
    private final TdxCollateral tdxCollateral;
    private final String noTdxCollateralReason;
    private final TdxVerificationPolicy tdxPolicy;
    private final byte[] initDataDigest;

    private Expectations(Builder b) {
        this.at = b.at;
        this.reportData = b.reportData;
        this.trustedAk = b.trustedAk;
        this.snpCertificates = b.snpCertificates;
        this.snpVmpl = b.snpVmpl;
        this.tdxCollateral = b.tdxCollateral;
        this.noTdxCollateralReason = b.noTdxCollateralReason;
        this.tdxPolicy = b.tdxPolicy;
        this.initDataDigest = b.initDataDigest;
    }

    /**
     * Starts expectations for a verification at {@code at}: certificates, CRLs and collateral must be valid then.
     * Pass the clock's instant; pass a past instant only to re-check old evidence.
     */
    public static Builder at(Instant at) {
        return new Builder(Objects.requireNonNull(at, "at"));
    }

    public Instant verificationTime() {
        return at;
    }

    public ExpectedReportData reportData() {
        return reportData;
    }

    /** The AK pinned to the host (after credential activation, or a Trustee {@code trusted_aks} entry). */
    public Optional<AkPublic> trustedAk() {
        return Optional.ofNullable(trustedAk);
    }

    /** VCEK/VLEK (and chain) to use when the SNP evidence carries none. */
    public Optional<SnpCertificates> snpCertificates() {
        return Optional.ofNullable(snpCertificates);
    }

    /** The VMPL an SNP report must have been requested at (0 unless set; Trustee requires 0). */
    public int snpVmpl() {
        return snpVmpl;
    }

    public Optional<TdxCollateral> tdxCollateral() {
        return Optional.ofNullable(tdxCollateral);
    }

    /** Why TDX is verified without collateral (no TCB status), when it is. */
    public Optional<String> noTdxCollateralReason() {
        return Optional.ofNullable(noTdxCollateralReason);
    }

    public TdxVerificationPolicy tdxPolicy() {
        return tdxPolicy;
    }

    /** The Trustee init-data digest the evidence must be bound to, when one is expected (a copy). */
    public Optional<byte[]> initDataDigest() {
        return Optional.ofNullable(initDataDigest).map(byte[]::clone);
    }

    public static final class Builder {
        private final Instant at;
        private ExpectedReportData reportData;
        private AkPublic trustedAk;
        private SnpCertificates snpCertificates;
        private int snpVmpl;
        private TdxCollateral tdxCollateral;
        private String noTdxCollateralReason;
        private TdxVerificationPolicy tdxPolicy = TdxVerificationPolicy.defaults();
        private byte[] initDataDigest;

        private Builder(Instant at) {
            this.at = at;
        }

        /** Required: what the freshness field must hold. */
        public Builder reportData(ExpectedReportData expected) {
            this.reportData = Objects.requireNonNull(expected, "expected");
            return this;
        }

        /** TPM: the pinned AK; the quote must be signed by it (the AK inside the evidence is never trusted). */
        public Builder trustedAk(AkPublic ak) {
            this.trustedAk = Objects.requireNonNull(ak, "ak");
            return this;
        }

        /** SNP: the VCEK/VLEK (and chain) to use when the evidence has no certificate table. */
        public Builder snpCertificates(SnpCertificates certificates) {
            this.snpCertificates = Objects.requireNonNull(certificates, "certificates");
            return this;
        }

        /** SNP: the VMPL the report must carry (default 0). */
        public Builder snpVmpl(int vmpl) {
            if (vmpl < 0 || vmpl > 3) {
                throw new IllegalArgumentException("VMPL is 0-3, got " + vmpl);
            }
            this.snpVmpl = vmpl;
            return this;
        }

        /** TDX: TCB Info, QE identity and CRLs; the quote's TCB status is evaluated against them. */
        public Builder tdxCollateral(TdxCollateral collateral) {
            this.tdxCollateral = Objects.requireNonNull(collateral, "collateral");
            this.noTdxCollateralReason = null;
            return this;
        }

        /** TDX: verify signatures and the PCK chain only, no TCB status; the reason is reported as unchecked. */
        public Builder withoutTdxCollateral(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a reason is required to skip the TDX TCB evaluation");
            }
            this.noTdxCollateralReason = reason;
            this.tdxCollateral = null;
            return this;
        }

        /** TDX: which TCB statuses pass and whether expired collateral is tolerated (default: strict). */
        public Builder tdxPolicy(TdxVerificationPolicy policy) {
            this.tdxPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The digest of Trustee's init-data TOML, bound into the evidence: SNP {@code HOST_DATA} (a digest of up
         * to 32 bytes, zero-padded), TDX {@code MRCONFIGID} (up to 48 bytes, zero-padded), TPM PCR8 =
         * SHA-256(0^32 || digest) (32 bytes). A digest too long for the TEE fails verification; it is never
         * truncated.
         */
        public Builder initDataDigest(byte[] digest) {
            if (digest == null || digest.length == 0 || digest.length > 64) {
                throw new IllegalArgumentException("init-data digest must be 1-64 bytes");
            }
            this.initDataDigest = digest.clone();
            return this;
        }

        public Expectations build() {
            if (reportData == null) {
                throw new IllegalStateException("set reportData(...): exactly, trusteeRuntimeData or notChecked(reason)");
            }
            return new Expectations(this);
        }
    }
}
