package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.AzureVtpmEvidence;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.snp.SnpExpectations;
import dev.trustedcompute.tpmquote.snp.SnpVerifier;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import dev.trustedcompute.tpmquote.tdx.ReportDataExpectation;
import dev.trustedcompute.tpmquote.tdx.TdReportBody;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tdx.TdxVerifier;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies Azure vTPM evidence from the hardware up; each step trusts only what an earlier one proved, and the
 * first failure throws a {@link VerificationException} naming what failed:
 * <ol>
 * <li>Runtime-data binding: the hardware REPORT_DATA is the runtime-data hash (hash type from the HCL
 *     report) followed by zeros (RUNTIME_DATA_MISMATCH). For TDX it is the TD quote's REPORTDATA, and the
 *     TDREPORT in the HCL report must be the one the quote was made from (HARDWARE_REPORT_MISMATCH).</li>
 * <li>Hardware report genuine: SEV-SNP with {@link SnpVerifier} (VCEK from the evidence or the expectations,
 *     pinned ASK/ARK, REPORT_DATA as above, VMPL 0, as the HCL runs there); TDX with {@link TdxVerifier}
 *     (PCK chain, QE and quote signatures, TCB status when collateral is given).</li>
 * <li>vTPM quote: signed by the runtime data's {@code HCLAkPub} (RSASSA/SHA-256), TPM-generated quote, nonce,
 *     PCR selection and digest ({@link AkPublic#verify}).</li>
 * <li>Evidence version 2: the HCL {@code user-data} is the quote's nonce followed by zeros (NONCE_MISMATCH).</li>
 * <li>Init data, when a digest is expected: PCR8 = SHA-256(32 zero bytes || digest) (INIT_DATA_MISMATCH).</li>
 * </ol>
 * Trustee checks the TPM quote first; the order here follows the trust chain instead. Unlike Trustee, the
 * whole 64-byte REPORT_DATA is compared (not only its first 32 bytes), the PCR selection is checked, and a
 * missing nonce is never assumed.
 */
public final class AzureVtpmVerifier {

    private static final HexFormat HEX = HexFormat.of();
    private static final int INIT_DATA_PCR = 8;
    /** The HCL runs in VMPL 0; a report from another VMPL was not made by it. */
    private static final int HCL_VMPL = 0;

    private final SnpVerifier snpVerifier;
    private final TdxVerifier tdxVerifier;

    public AzureVtpmVerifier(SnpVerifier snpVerifier, TdxVerifier tdxVerifier) {
        this.snpVerifier = Objects.requireNonNull(snpVerifier, "snpVerifier");
        this.tdxVerifier = Objects.requireNonNull(tdxVerifier, "tdxVerifier");
    }

    /** Pinned to the bundled AMD roots and Intel SGX Root CA. */
    public static AzureVtpmVerifier withPinnedRoots(TdxVerificationPolicy tdxPolicy) {
        return new AzureVtpmVerifier(SnpVerifier.withBundledRoots(), TdxVerifier.withIntelRoot(tdxPolicy));
    }

    public VerifiedAzureVtpm verify(AzureVtpmEvidence evidence, AzureExpectations expected)
            throws VerificationException {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(expected, "expected");
        List<String> unchecked = new ArrayList<>();
        byte[] binding = evidence.hclReport().expectedReportData();
        VerifiedHardware hardware = switch (evidence) {
            case AzSnpVtpmEvidence snp -> new VerifiedHardware.Snp(verifySnp(snp, binding, expected, unchecked));
            case AzTdxVtpmEvidence tdx -> new VerifiedHardware.Tdx(verifyTdx(tdx, binding, expected, unchecked));
        };
        QuotedPcrs pcrs = verifyQuote(evidence, expected, unchecked);
        checkUserData(evidence, pcrs, unchecked);
        checkInitData(pcrs, expected, unchecked);
        Map<String, Object> claims = switch (hardware) {
            case VerifiedHardware.Snp snp -> AzureClaims.snp(snp.report(), pcrs);
            case VerifiedHardware.Tdx tdx -> AzureClaims.tdx(tdx.quote().claims(), pcrs);
        };
        return new VerifiedAzureVtpm(evidence, hardware, pcrs, expected.verificationTime(), unchecked, claims);
    }

    private VerifiedSnpReport verifySnp(AzSnpVtpmEvidence evidence, byte[] binding, AzureExpectations expected,
            List<String> unchecked) throws VerificationException {
        checkBinding("SEV-SNP REPORT_DATA", evidence.snpReport().reportData(), binding, evidence.hclReport());
        VerifiedSnpReport report = snpVerifier.verify(evidence.snpReport(),
                expected.snpCertificates().orElse(evidence.vcek()),
                SnpExpectations.at(expected.verificationTime()).reportData(binding).vmpl(HCL_VMPL).build());
        report.uncheckedItems().forEach(item -> unchecked.add("snp " + item));
        return report;
    }

    private VerifiedTdxQuote verifyTdx(AzTdxVtpmEvidence evidence, byte[] binding, AzureExpectations expected,
            List<String> unchecked) throws VerificationException {
        TdxQuote quote = evidence.tdQuote();
        checkBinding("TD quote REPORTDATA", quote.body().reportData(), binding, evidence.hclReport());
        checkSameTd(evidence.tdReport(), quote.body());
        ReportDataExpectation reportData = ReportDataExpectation.exactly(binding);
        VerifiedTdxQuote verified = expected.tdxCollateral().isPresent()
                ? tdxVerifier.verify(quote, expected.tdxCollateral().get(), reportData, expected.verificationTime())
                : tdxVerifier.verifyWithoutCollateral(quote, reportData, expected.verificationTime());
        verified.uncheckedItems().forEach(item -> unchecked.add("tdx " + item));
        return verified;
    }

    /** Step 1: REPORT_DATA = H(runtime data) || zeros, exactly. */
    private static void checkBinding(String where, byte[] reportData, byte[] binding, HclReport hcl)
            throws VerificationException {
        if (!MessageDigest.isEqual(reportData, binding)) {
            throw new VerificationException(Reason.RUNTIME_DATA_MISMATCH, where + " is " + HEX.formatHex(reportData)
                    + " but the " + hcl.hashType() + " of the " + hcl.runtimeData().bytes().length
                    + "-byte HCL runtime data, zero-padded to 64 bytes, is " + HEX.formatHex(binding));
        }
    }

    /** One field the TDREPORT and the TD quote body both carry. */
    private record SharedField(String name, byte[] inHcl, byte[] inQuote) {
    }

    /** Step 1 (TDX): the HCL's TDREPORT and the TD quote describe the same TD. */
    private static void checkSameTd(TdReport report, TdReportBody body) throws VerificationException {
        List<SharedField> fields = new ArrayList<>(List.of(
                new SharedField("TEE_TCB_SVN", report.teeTcbSvn(), body.teeTcbSvn()),
                new SharedField("MRSEAM", report.mrSeam(), body.mrSeam()),
                new SharedField("MRSIGNERSEAM", report.mrSignerSeam(), body.mrSignerSeam()),
                new SharedField("SEAMATTRIBUTES", report.seamAttributes(), body.seamAttributes()),
                new SharedField("TDATTRIBUTES", report.tdAttributes(), body.tdAttributes()),
                new SharedField("XFAM", report.xfam(), body.xfam()),
                new SharedField("MRTD", report.mrTd(), body.mrTd()),
                new SharedField("MRCONFIGID", report.mrConfigId(), body.mrConfigId()),
                new SharedField("MROWNER", report.mrOwner(), body.mrOwner()),
                new SharedField("MROWNERCONFIG", report.mrOwnerConfig(), body.mrOwnerConfig())));
        for (int i = 0; i < 4; i++) {
            fields.add(new SharedField("RTMR" + i, report.rtmrs().get(i), body.rtmr(i)));
        }
        fields.add(new SharedField("REPORTDATA", report.reportData(), body.reportData()));
        for (SharedField field : fields) {
            if (!Arrays.equals(field.inHcl(), field.inQuote())) {
                throw new VerificationException(Reason.HARDWARE_REPORT_MISMATCH, field.name()
                        + " of the HCL report's TDREPORT is " + HEX.formatHex(field.inHcl()) + " but the TD quote has "
                        + HEX.formatHex(field.inQuote()) + ": the quote was not made from this HCL report");
            }
        }
    }

    /** Step 3: the vTPM quote, with the AK the (now bound) runtime data names. */
    private static QuotedPcrs verifyQuote(AzureVtpmEvidence evidence, AzureExpectations expected,
            List<String> unchecked) throws VerificationException {
        RuntimeKey akKey = evidence.hclReport().runtimeData().attestationKey();
        AkPublic ak;
        try {
            ak = AkPublic.fromSubjectPublicKeyInfo(akKey.publicKey().getEncoded());
        } catch (EvidenceFormatException e) {
            throw new IllegalStateException("a parsed RSA key re-encodes as SubjectPublicKeyInfo", e);
        }
        VtpmQuote quote = evidence.tpmQuote();
        byte[] nonce;
        if (expected.nonce().isPresent()) {
            nonce = expected.nonce().get();
        } else {
            nonce = quote.nonce();
            unchecked.add("nonce: " + expected.noNonceReason().orElseThrow() + " (quote carries "
                    + HEX.formatHex(nonce) + ")");
        }
        try {
            return ak.verify(quote.attest(), quote.signature(), quote.pcrs(), nonce);
        } catch (VerificationException e) {
            throw new VerificationException(e.reason(), "vTPM quote with " + RuntimeData.AK_KEY_ID + " from the HCL "
                    + "runtime data: " + e.detail(), e);
        }
    }

    /** Step 4: from evidence version 2 on, the HCL user-data repeats the nonce. */
    private static void checkUserData(AzureVtpmEvidence evidence, QuotedPcrs pcrs, List<String> unchecked)
            throws VerificationException {
        if (evidence.version() < 2) {
            unchecked.add("HCL user-data: evidence version " + evidence.version() + " does not bind the nonce there");
            return;
        }
        byte[] nonce = pcrs.quote().extraData();
        byte[] expectedUserData = Arrays.copyOf(nonce, RuntimeData.USER_DATA_SIZE);
        byte[] userData = evidence.hclReport().runtimeData().userData().orElseThrow(() -> new VerificationException(
                Reason.NONCE_MISMATCH, "evidence version 2 but the HCL runtime data has no user-data"));
        if (!MessageDigest.isEqual(userData, expectedUserData)) {
            throw new VerificationException(Reason.NONCE_MISMATCH, "HCL user-data is " + HEX.formatHex(userData)
                    + " but evidence version 2 requires the nonce zero-padded to 64 bytes: "
                    + HEX.formatHex(expectedUserData));
        }
    }

    /** Step 5: Trustee's init-data binding into PCR8. */
    private static void checkInitData(QuotedPcrs pcrs, AzureExpectations expected, List<String> unchecked)
            throws VerificationException {
        if (expected.initDataDigest().isEmpty()) {
            unchecked.add("init_data: no expected digest given");
            return;
        }
        if (!pcrs.contains(TpmHash.SHA256, INIT_DATA_PCR)) {
            throw new VerificationException(Reason.PCR_MISSING, "init-data digest expected but PCR"
                    + INIT_DATA_PCR + " is not quoted");
        }
        byte[] want = TpmHash.SHA256.digest(new byte[32], expected.initDataDigest().get());
        byte[] actual = pcrs.value(TpmHash.SHA256, INIT_DATA_PCR).orElseThrow();
        if (!MessageDigest.isEqual(actual, want)) {
            throw new VerificationException(Reason.INIT_DATA_MISMATCH, "PCR" + INIT_DATA_PCR + " is "
                    + HEX.formatHex(actual) + ", expected SHA-256(32 zero bytes || init-data digest) = "
                    + HEX.formatHex(want));
        }
    }
}
