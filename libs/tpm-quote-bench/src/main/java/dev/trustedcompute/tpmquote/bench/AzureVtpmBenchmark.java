package dev.trustedcompute.tpmquote.bench;

import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.azure.AzureExpectations;
import dev.trustedcompute.tpmquote.azure.AzureVtpmVerifier;
import dev.trustedcompute.tpmquote.azure.TrusteeAzureEvidence;
import dev.trustedcompute.tpmquote.azure.VerifiedAzureVtpm;
import dev.trustedcompute.tpmquote.snp.AmdRoots;
import dev.trustedcompute.tpmquote.snp.SnpProduct;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Azure vTPM verification of Trustee's captured az-snp-vtpm (v2) and az-tdx-vtpm (v1) evidence: parse the JSON and
 * verify everything (hardware report, runtime-data binding, vTPM quote), verify pre-parsed evidence, and beside them
 * the raw signatures each verification checks. SNP: RSASSA-PKCS1-v1_5/SHA-256 of the vTPM quote (RSA-2048, JDK),
 * ECDSA P-384 of the report (Bouncy Castle, as the verifier) and RSASSA-PSS VCEK←ASK←ARK (RSA-4096, JDK). TDX: the
 * vTPM quote's RSA signature and four ECDSA P-256 (quote, QE report, PCK leaf, PCK platform CA; no collateral).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AzureVtpmBenchmark {

    private static final String DIR = "D_azure_vtpm/trustee/";
    private static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final AzureVtpmVerifier verifier = AzureVtpmVerifier.withPinnedRoots(TdxVerificationPolicy.defaults());
    private byte[] snpJson;
    private byte[] tdxJson;
    private AzSnpVtpmEvidence snp;
    private AzTdxVtpmEvidence tdx;
    private AzureExpectations snpExpected;
    private AzureExpectations tdxExpected;
    private List<Check> snpSignatures;
    private List<Check> tdxSignatures;

    /** One raw signature verification: algorithm, provider (null: the JDK's), key, signed bytes, signature. */
    private record Check(String algorithm, PSSParameterSpec pss, java.security.Provider provider, PublicKey key,
                         byte[] data, byte[] signature) {
        boolean verify() throws GeneralSecurityException {
            Signature s = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
            if (pss != null) {
                s.setParameter(pss);
            }
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        }
    }

    @Setup
    public void load() throws Exception {
        snpJson = BenchEvidence.read(DIR + "az-snp-vtpm/evidence-v2.json");
        tdxJson = BenchEvidence.read(DIR + "az-tdx-vtpm/evidence-v1.json");
        snp = TrusteeAzureEvidence.parseSnp(snpJson);
        tdx = TrusteeAzureEvidence.parseTdx(tdxJson);
        snpExpected = AzureExpectations.at(AT).nonce(snp.tpmQuote().nonce()).build();
        tdxExpected = AzureExpectations.at(AT).nonce("challenge".getBytes(StandardCharsets.US_ASCII)).build();

        SnpReport report = snp.snpReport();
        X509Certificate vcek = BenchEvidence.certificate(snp.vcek().vek().der());
        AmdRoots.ProductRoots milan = AmdRoots.bundled().forProduct(SnpProduct.MILAN).orElseThrow();
        X509Certificate ask = BenchEvidence.certificate(milan.ask().der());
        X509Certificate ark = BenchEvidence.certificate(milan.ark().der());
        byte[] raw = report.rawBytes();
        snpSignatures = List.of(vtpm(snp.tpmQuote().attest().attestBytes(), snp.tpmQuote().signature().rsaSignature(),
                        snp.hclReport().runtimeData().attestationKey().publicKey()),
                new Check("SHA384withECDSA", null, BC, vcek.getPublicKey(), Arrays.copyOf(raw, SnpReport.SIGNED_LENGTH),
                        BenchEvidence.derSignature(BenchEvidence.reversed(Arrays.copyOfRange(raw, 0x2A0, 0x2A0 + 48)),
                                BenchEvidence.reversed(Arrays.copyOfRange(raw, 0x2E8, 0x2E8 + 48)))),
                pss(vcek, ask), pss(ask, ark));

        TdxQuote quote = tdx.tdQuote();
        List<X509Certificate> pck = quote.pckChain();
        tdxSignatures = List.of(vtpm(tdx.tpmQuote().attest().attestBytes(), tdx.tpmQuote().signature().rsaSignature(),
                        tdx.hclReport().runtimeData().attestationKey().publicKey()),
                p256(BenchEvidence.p256(quote.attestationKey()), quote.signedBytes(), der(quote.signature())),
                p256(pck.getFirst().getPublicKey(), quote.qeReport().raw(), der(quote.qeReportSignature())),
                p256(pck.get(1).getPublicKey(), pck.getFirst().getTBSCertificate(), pck.getFirst().getSignature()),
                p256(pck.getLast().getPublicKey(), pck.get(1).getTBSCertificate(), pck.get(1).getSignature()));
        if (snpSignatures() != snpSignatures.size() || tdxSignatures() != tdxSignatures.size()) {
            throw new IllegalStateException("a fixture signature does not verify");
        }
        verifySnp();
        verifyTdx();
    }

    private static Check vtpm(byte[] attest, byte[] signature, PublicKey ak) {
        return new Check("SHA256withRSA", null, null, ak, attest, signature);
    }

    private static Check p256(PublicKey key, byte[] data, byte[] der) {
        return new Check("SHA256withECDSA", null, null, key, data, der);
    }

    private static Check pss(X509Certificate subject, X509Certificate issuer) throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
        try {
            params.init(subject.getSigAlgParams());
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new Check("RSASSA-PSS", params.getParameterSpec(PSSParameterSpec.class), null, issuer.getPublicKey(),
                subject.getTBSCertificate(), subject.getSignature());
    }

    private static byte[] der(byte[] rs) {
        int half = rs.length / 2;
        return BenchEvidence.derSignature(Arrays.copyOf(rs, half), Arrays.copyOfRange(rs, half, rs.length));
    }

    /** az-snp-vtpm: parse Trustee's JSON (HCL report, VCEK), then binding, SNP chain and signature, vTPM quote. */
    @Benchmark
    public VerifiedAzureVtpm verifySnp() throws EvidenceException {
        return verifier.verify(TrusteeAzureEvidence.parseSnp(snpJson), snpExpected);
    }

    /** az-snp-vtpm, evidence already parsed. */
    @Benchmark
    public VerifiedAzureVtpm verifySnpParsed() throws EvidenceException {
        return verifier.verify(snp, snpExpected);
    }

    /** The four signatures of {@link #verifySnp()}, raw. */
    @Benchmark
    public int snpSignatures() throws GeneralSecurityException {
        return count(snpSignatures);
    }

    /** az-tdx-vtpm: parse Trustee's JSON (HCL report, TD quote), then binding, DCAP signatures, vTPM quote. */
    @Benchmark
    public VerifiedAzureVtpm verifyTdx() throws EvidenceException {
        return verifier.verify(TrusteeAzureEvidence.parseTdx(tdxJson), tdxExpected);
    }

    /** The five signatures of {@link #verifyTdx()}, raw. */
    @Benchmark
    public int tdxSignatures() throws GeneralSecurityException {
        return count(tdxSignatures);
    }

    /** The vTPM quote alone: RSASSA-PKCS1-v1_5/SHA-256 with the 2048-bit HCLAkPub. */
    @Benchmark
    public boolean vtpmQuoteSignature() throws GeneralSecurityException {
        return snpSignatures.getFirst().verify();
    }

    private static int count(List<Check> checks) throws GeneralSecurityException {
        int ok = 0;
        for (Check check : checks) {
            ok += check.verify() ? 1 : 0;
        }
        return ok;
    }
}
