package dev.trustedcompute.tpmquote.bench;

import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpExpectations;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.snp.SnpVerifier;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Arrays;
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
 * SEV-SNP verification of virtee/sev's captured Milan report with its VCEK and AMD chain: the full verification
 * (with and without parsing the VCEK), and beside it the signatures it checks: ECDSA P-384 over the report and
 * RSASSA-PSS/SHA-384 for VCEK←ASK and ASK←ARK.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnpBenchmark {

    private static final String DIR = "B_sev_snp/virtee-sev/";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final SnpVerifier verifier = SnpVerifier.withBundledRoots();
    private byte[] report;
    private byte[] vcekDer;
    private SnpCertificates certificates;
    private SnpExpectations expected;
    private X509Certificate vcek;
    private X509Certificate ask;
    private X509Certificate ark;
    private byte[] signedPart;
    private byte[] reportSignature;

    @Setup
    public void load() throws Exception {
        report = BenchEvidence.read(DIR + "report_milan.bin");
        vcekDer = BenchEvidence.read(DIR + "vcek_milan.der");
        certificates = SnpCertificates.of(vcekDer);
        expected = SnpExpectations.at(Instant.parse("2025-06-01T00:00:00Z"))
                .reportData(Arrays.copyOfRange(report, 0x50, 0x90)).build();
        vcek = BenchEvidence.certificate(vcekDer);
        String chain = new String(BenchEvidence.read(DIR + "cert_chain_milan"), java.nio.charset.StandardCharsets.US_ASCII);
        int split = chain.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        ask = BenchEvidence.certificate(chain.substring(0, split).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ark = BenchEvidence.certificate(chain.substring(split).strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        signedPart = Arrays.copyOf(report, SnpReport.SIGNED_LENGTH);
        // R and S are 72-byte little-endian fields; P-384 uses the low 48 bytes
        reportSignature = BenchEvidence.derSignature(
                BenchEvidence.reversed(Arrays.copyOfRange(report, 0x2A0, 0x2A0 + 48)),
                BenchEvidence.reversed(Arrays.copyOfRange(report, 0x2E8, 0x2E8 + 48)));
        if (!ecdsaP384ReportSignature() || !rsaPssChainSignatures()) {
            throw new IllegalStateException("a fixture signature does not verify");
        }
        verifyParsed();
    }

    /** Parse the report and the VCEK, then chain, signature, TCB, VMPL, REPORT_DATA. */
    @Benchmark
    public VerifiedSnpReport verify() throws EvidenceException {
        return verifier.verify(SnpReport.parse(report), SnpCertificates.of(vcekDer), expected);
    }

    /** The same with the VCEK parsed once (a verifier caches it per chip and TCB). */
    @Benchmark
    public VerifiedSnpReport verifyParsed() throws EvidenceException {
        return verifier.verify(SnpReport.parse(report), certificates, expected);
    }

    /** ECDSA P-384/SHA-384 over bytes 0x000-0x29F (Bouncy Castle, as the verifier uses). */
    @Benchmark
    public boolean ecdsaP384ReportSignature() throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA384withECDSA", BC);
        s.initVerify(vcek.getPublicKey());
        s.update(signedPart);
        return s.verify(reportSignature);
    }

    /**
     * VCEK←ASK and ASK←ARK, RSASSA-PSS with SHA-384 on 4096-bit keys (JDK provider), over the TBS bytes:
     * {@code X509Certificate.verify} would remember its last result and measure nothing.
     */
    @Benchmark
    public boolean rsaPssChainSignatures() throws GeneralSecurityException {
        return pss(vcek, ask) && pss(ask, ark);
    }

    private static boolean pss(X509Certificate subject, X509Certificate issuer) throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
        try {
            params.init(subject.getSigAlgParams());
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(params.getParameterSpec(PSSParameterSpec.class));
        s.initVerify(issuer.getPublicKey());
        s.update(subject.getTBSCertificate());
        return s.verify(subject.getSignature());
    }
}
