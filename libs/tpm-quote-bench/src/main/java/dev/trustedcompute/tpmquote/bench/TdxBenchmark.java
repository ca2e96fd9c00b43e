package dev.trustedcompute.tpmquote.bench;

import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.tdx.ReportDataExpectation;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import dev.trustedcompute.tpmquote.tdx.TdxVerifier;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * TDX DCAP verification of go-tdx-guest's v5 sample quote with Intel PCS collateral (TCB Info v5, QE identity): full
 * verification with TCB evaluation, without collateral, and beside them the seven ECDSA P-256 signatures the full
 * verification checks (quote, QE report, PCK leaf and platform CA, TCB Signing certificate, TCB Info, QE identity).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TdxBenchmark {

    private static final Instant AT = Instant.parse("2026-02-10T00:00:00Z");
    private static final ReportDataExpectation ANY = ReportDataExpectation.notChecked("benchmark: captured sample");

    private final TdxVerifier verifier = TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults()
            .allowingExpiredCollateral("captured collateral windows do not overlap"));
    private byte[] quoteBytes;
    private TdxCollateral collateral;
    private List<Check> signatures;

    /** One raw signature verification: key, signed bytes, DER signature. */
    private record Check(PublicKey key, byte[] data, byte[] der) {
        boolean verify() throws GeneralSecurityException {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(der);
        }
    }

    @Setup
    public void load() throws Exception {
        quoteBytes = BenchEvidence.read("C_tdx/go-tdx-guest/quote_v5_sample.dat");
        byte[] chain = BenchEvidence.read("E_roots/intel/dcap-qvl/tcb_info_issuer_chain.pem");
        collateral = TdxCollateral.fromPcsResponses(BenchEvidence.read("C_tdx/go-tdx-guest/sample_tcbinfo_response_v5"),
                BenchEvidence.read("C_tdx/trustee/enclaveIdentity.json"), chain);
        TdxQuote quote = TdxQuote.parse(quoteBytes);
        List<X509Certificate> pck = quote.pckChain();
        X509Certificate tcbSigning = collateral.tcbInfoIssuerChain().getFirst();
        X509Certificate root = collateral.tcbInfoIssuerChain().getLast();
        signatures = List.of(
                new Check(BenchEvidence.p256(quote.attestationKey()), quote.signedBytes(), der(quote.signature())),
                new Check(pck.getFirst().getPublicKey(), quote.qeReport().raw(), der(quote.qeReportSignature())),
                new Check(pck.get(1).getPublicKey(), pck.getFirst().getTBSCertificate(), pck.getFirst().getSignature()),
                new Check(root.getPublicKey(), pck.get(1).getTBSCertificate(), pck.get(1).getSignature()),
                new Check(root.getPublicKey(), tcbSigning.getTBSCertificate(), tcbSigning.getSignature()),
                new Check(tcbSigning.getPublicKey(), collateral.tcbInfo().signedBytes(), der(collateral.tcbInfo().signature())),
                new Check(tcbSigning.getPublicKey(), collateral.qeIdentity().signedBytes(),
                        der(collateral.qeIdentity().signature())));
        if (allSignatures() != signatures.size()) {
            throw new IllegalStateException("a fixture signature does not verify");
        }
        verify();
    }

    private static byte[] der(byte[] rs) {
        int half = rs.length / 2;
        return BenchEvidence.derSignature(Arrays.copyOf(rs, half), Arrays.copyOfRange(rs, half, rs.length));
    }

    /** Parse the quote; PCK chain, QE report, quote signature, collateral signatures, TCB status. */
    @Benchmark
    public VerifiedTdxQuote verify() throws EvidenceException {
        return verifier.verify(TdxQuote.parse(quoteBytes), collateral, ANY, AT);
    }

    /** Parse the quote; PCK chain, QE report and quote signature only. */
    @Benchmark
    public VerifiedTdxQuote verifyWithoutCollateral() throws EvidenceException {
        return verifier.verifyWithoutCollateral(TdxQuote.parse(quoteBytes), ANY, AT);
    }

    /** The seven ECDSA P-256/SHA-256 verifications of {@link #verify()}, raw (JDK provider). */
    @Benchmark
    public int allSignatures() throws GeneralSecurityException {
        int ok = 0;
        for (Check check : signatures) {
            ok += check.verify() ? 1 : 0;
        }
        return ok;
    }
}
