package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies Intel TDX quotes (v4/v5) against a pinned Intel SGX Root CA. Checks run in this order and the
 * first failure throws a {@link VerificationException} naming what failed:
 * <ol>
 *   <li>PCK chain: leaf -&gt; PCK Platform/Processor CA -&gt; pinned root, at the verification time, with the
 *       Root CA CRL and PCK CRL when the collateral has them (ROOT_NOT_TRUSTED, CERTIFICATE_CHAIN_INVALID,
 *       CERTIFICATE_EXPIRED, CERTIFICATE_REVOKED).</li>
 *   <li>QE report signature with the PCK leaf key (SIGNATURE_INVALID).</li>
 *   <li>QE report data: [0..32] = SHA-256(attestation key || QE auth data), [32..64] zero
 *       (QE_REPORT_DATA_MISMATCH).</li>
 *   <li>Quote signature over header and body with the attestation key (SIGNATURE_INVALID).</li>
 *   <li>Collateral (when given): TCB Info and QE identity signatures with their issuer chains to the same root
 *       (COLLATERAL_INVALID, chain reasons), FMSPC / PCE ID match the PCK (COLLATERAL_INVALID), freshness
 *       (COLLATERAL_EXPIRED unless the policy allows it, then reported).</li>
 *   <li>TCB status ({@link TcbEvaluator}): QE identity (TCB_MISMATCH), platform level, TDX module identity;
 *       no matching level or a status the policy does not accept: TCB_STATUS_UNACCEPTABLE.</li>
 *   <li>REPORTDATA against the caller's expectation (REPORT_DATA_MISMATCH).</li>
 * </ol>
 */
public final class TdxVerifier {

    private final X509Certificate root;
    private final TdxVerificationPolicy policy;

    private TdxVerifier(X509Certificate root, TdxVerificationPolicy policy) {
        this.root = root;
        this.policy = policy;
    }

    /** Trusts only the bundled, pinned Intel SGX Root CA. */
    public static TdxVerifier withIntelRoot(TdxVerificationPolicy policy) {
        return new TdxVerifier(IntelSgxRoot.certificate(), policy);
    }

    /** Trusts the given root instead (private PKIs, tests). */
    public static TdxVerifier withRoot(X509Certificate root, TdxVerificationPolicy policy) {
        return new TdxVerifier(root, policy);
    }

    /** Full verification including the TCB status from {@code collateral}. */
    public VerifiedTdxQuote verify(TdxQuote quote, TdxCollateral collateral, ReportDataExpectation reportData,
                                   Instant at) throws VerificationException {
        List<String> expired = new ArrayList<>();
        List<CertificateChains.Crl> crls = CertificateChains.Crl.of(collateral.rootCaCrl(), collateral.pckCrl());
        X509Certificate leaf = quote.pckChain().getFirst();
        if (collateral.pckCrl().isPresent()
                && !collateral.pckCrl().get().getIssuerX500Principal().equals(leaf.getIssuerX500Principal())) {
            throw new VerificationException(Reason.COLLATERAL_INVALID, "PCK CRL is issued by "
                    + collateral.pckCrl().get().getIssuerX500Principal().getName() + " but the PCK certificate by "
                    + leaf.getIssuerX500Principal().getName());
        }
        verifyQuoteSignatures(quote, crls, at, expired);
        verifyCollateral(quote, collateral, at, expired);
        if (!expired.isEmpty() && policy.expiredCollateralAllowance().isEmpty()) {
            throw new VerificationException(Reason.COLLATERAL_EXPIRED, "not valid at " + at + ": "
                    + String.join("; ", expired));
        }
        TcbVerdict verdict = TcbEvaluator.evaluate(quote, collateral.tcbInfo(), collateral.qeIdentity());
        if (!policy.acceptedTcbStatuses().contains(verdict.status())) {
            throw new VerificationException(Reason.TCB_STATUS_UNACCEPTABLE, "TCB status " + verdict.status().pcsName()
                    + " (platform " + verdict.platformStatus().pcsName() + ", QE " + verdict.qeStatus().pcsName()
                    + verdict.tdxModuleStatus().map(s -> ", TDX module " + s.pcsName()).orElse("")
                    + ", advisories " + verdict.advisoryIds() + ") is not accepted; accepted: "
                    + policy.acceptedTcbStatuses());
        }
        List<String> unchecked = new ArrayList<>();
        checkReportData(quote, reportData, unchecked);
        if (!expired.isEmpty()) {
            unchecked.add("collateral freshness: accepted expired collateral because "
                    + policy.expiredCollateralAllowance().get());
        }
        return new VerifiedTdxQuote(quote, at, Optional.of(verdict), expired, unchecked);
    }

    /**
     * Signatures, QE binding and PCK chain only; the TCB status is not evaluated (no collateral) and the
     * result says so in {@link VerifiedTdxQuote#uncheckedItems()}.
     */
    public VerifiedTdxQuote verifyWithoutCollateral(TdxQuote quote, ReportDataExpectation reportData, Instant at)
            throws VerificationException {
        List<String> expired = new ArrayList<>();
        verifyQuoteSignatures(quote, List.of(), at, expired);
        List<String> unchecked = new ArrayList<>();
        unchecked.add("TCB status: no collateral (TCB Info, QE identity, CRLs) was supplied");
        checkReportData(quote, reportData, unchecked);
        return new VerifiedTdxQuote(quote, at, Optional.empty(), expired, unchecked);
    }

    private void verifyQuoteSignatures(TdxQuote quote, List<CertificateChains.Crl> crls, Instant at,
                                       List<String> expired) throws VerificationException {
        CertificateChains.verify(quote.pckChain(), root, at, "PCK chain", crls, expired);
        X509Certificate pck = quote.pckChain().getFirst();
        if (!Ecdsa.verify(pck.getPublicKey(), quote.qeReport().raw(), quote.qeReportSignature(), "QE report signature")) {
            throw new VerificationException(Reason.SIGNATURE_INVALID, "QE report signature does not verify with the "
                    + "PCK certificate key (" + CertificateChains.name(pck) + ", serial "
                    + pck.getSerialNumber().toString(16) + ")");
        }
        byte[] reportData = quote.qeReport().reportData();
        byte[] expected = sha256(quote.attestationKey(), quote.qeAuthData());
        HexFormat hex = HexFormat.of();
        if (!MessageDigest.isEqual(expected, Arrays.copyOf(reportData, 32))) {
            throw new VerificationException(Reason.QE_REPORT_DATA_MISMATCH, "QE report data[0..32] is "
                    + hex.formatHex(reportData, 0, 32) + ", expected SHA-256(attestation key || QE auth data) = "
                    + hex.formatHex(expected));
        }
        for (int i = 32; i < 64; i++) {
            if (reportData[i] != 0) {
                throw new VerificationException(Reason.QE_REPORT_DATA_MISMATCH, "QE report data[32..64] must be zero,"
                        + " found " + hex.formatHex(reportData, 32, 64));
            }
        }
        PublicKey ak = Ecdsa.p256Key(quote.attestationKey(), "attestation key");
        if (!Ecdsa.verify(ak, quote.signedBytes(), quote.signature(), "quote signature")) {
            throw new VerificationException(Reason.SIGNATURE_INVALID, "quote signature over header and body ("
                    + quote.signedBytes().length + " bytes) does not verify with the attestation key "
                    + hex.formatHex(quote.attestationKey()));
        }
    }

    private void verifyCollateral(TdxQuote quote, TdxCollateral collateral, Instant at, List<String> expired)
            throws VerificationException {
        List<CertificateChains.Crl> rootCrl = CertificateChains.Crl.of(collateral.rootCaCrl(), Optional.empty());
        TcbInfo tcbInfo = collateral.tcbInfo();
        CertificateChains.verify(collateral.tcbInfoIssuerChain(), root, at, "TCB Info signing chain", rootCrl, expired);
        if (!Ecdsa.verify(collateral.tcbInfoIssuerChain().getFirst().getPublicKey(), tcbInfo.signedBytes(),
                tcbInfo.signature(), "TCB Info signature")) {
            throw new VerificationException(Reason.COLLATERAL_INVALID, "TCB Info (FMSPC " + tcbInfo.fmspcHex()
                    + ", issued " + tcbInfo.issueDate() + ") signature does not verify with "
                    + CertificateChains.name(collateral.tcbInfoIssuerChain().getFirst()));
        }
        EnclaveIdentity qe = collateral.qeIdentity();
        CertificateChains.verify(collateral.qeIdentityIssuerChain(), root, at, "QE identity signing chain", rootCrl,
                expired);
        if (!Ecdsa.verify(collateral.qeIdentityIssuerChain().getFirst().getPublicKey(), qe.signedBytes(),
                qe.signature(), "QE identity signature")) {
            throw new VerificationException(Reason.COLLATERAL_INVALID, "QE identity " + qe.id() + " (issued "
                    + qe.issueDate() + ") signature does not verify with "
                    + CertificateChains.name(collateral.qeIdentityIssuerChain().getFirst()));
        }
        PckExtensions pck = quote.pckExtensions();
        if (!MessageDigest.isEqual(pck.fmspc(), tcbInfo.fmspc())) {
            throw new VerificationException(Reason.COLLATERAL_INVALID, "TCB Info is for FMSPC " + tcbInfo.fmspcHex()
                    + " but the PCK certificate has FMSPC " + pck.fmspcHex());
        }
        if (!MessageDigest.isEqual(pck.pceId(), tcbInfo.pceId())) {
            HexFormat hex = HexFormat.of();
            throw new VerificationException(Reason.COLLATERAL_INVALID, "TCB Info is for PCE ID "
                    + hex.formatHex(tcbInfo.pceId()) + " but the PCK certificate has " + hex.formatHex(pck.pceId()));
        }
        freshness("TCB Info", tcbInfo.issueDate(), tcbInfo.nextUpdate(), at, expired);
        freshness("QE identity", qe.issueDate(), qe.nextUpdate(), at, expired);
    }

    private static void freshness(String what, Instant issued, Instant nextUpdate, Instant at, List<String> expired) {
        if (at.isBefore(issued) || !at.isBefore(nextUpdate)) {
            expired.add(what + " (issueDate " + issued + ", nextUpdate " + nextUpdate + ")");
        }
    }

    private static void checkReportData(TdxQuote quote, ReportDataExpectation expectation, List<String> unchecked)
            throws VerificationException {
        switch (expectation) {
            case ReportDataExpectation.Exactly exactly -> {
                byte[] actual = quote.body().reportData();
                if (!exactly.matches(actual)) {
                    HexFormat hex = HexFormat.of();
                    throw new VerificationException(Reason.REPORT_DATA_MISMATCH, "TD REPORTDATA is "
                            + hex.formatHex(actual) + ", expected " + hex.formatHex(exactly.expected()));
                }
            }
            case ReportDataExpectation.NotChecked notChecked ->
                    unchecked.add("report data: not checked because " + notChecked.reason());
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
