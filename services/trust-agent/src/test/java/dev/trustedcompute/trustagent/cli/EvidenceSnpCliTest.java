package dev.trustedcompute.trustagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceVerifiers;
import dev.trustedcompute.tpmquote.Expectations;
import dev.trustedcompute.tpmquote.ExpectedReportData;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.Tee;
import dev.trustedcompute.tpmquote.TrusteeEvidence;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.trustagent.testing.FakeConfigfsTsm;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evidence --tee snp} on a fixture configfs-tsm entry holding a captured Milan report and a certificate
 * table built from the captured VCEK, ASK and ARK; the output must pass the KBS's SNP verifier (libs/tpm-quote),
 * which rebuilds the signed report from the JSON and checks the chain to its bundled AMD root.
 */
class EvidenceSnpCliTest {

    private static final byte[] REPORT = TestHost.evidence("snp-report-milan.bin");
    private static final byte[] DIGEST = HexFormat.of()
            .parseHex("ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2");
    private static final Instant WHILE_VALID = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path root;
    @TempDir
    Path state;

    private CliRun evidence(byte[] reportData) {
        return CliRun.of("evidence", "--tee", "snp", "--report-data", Base64.getEncoder().encodeToString(reportData),
                "--root", root.toString(), "--state-dir", state.toString());
    }

    /** The extended report's table: {GUID, offset, length} entries, an all-zero entry, then the DER blobs. */
    private static byte[] certificateTable(boolean terminated) throws Exception {
        List<Certificate> askArk = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(TestHost.evidence("snp-ask-ark-milan.pem"))));
        List<byte[]> ders = List.of(TestHost.evidence("snp-vcek-milan.der"), askArk.get(0).getEncoded(),
                askArk.get(1).getEncoded());
        List<String> guids = List.of("63da758d-e664-4564-adc5-f4b93be8accd", "4ab7b379-bbac-4fe4-a02f-05aef327c782",
                "c0b406a4-a803-4952-9743-3fb6014cd0ae");
        int headers = 24 * (ders.size() + (terminated ? 1 : 0));
        ByteBuffer table = ByteBuffer.allocate(headers + ders.stream().mapToInt(d -> d.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        int offset = headers;
        for (int i = 0; i < ders.size(); i++) {
            table.put(HexFormat.of().parseHex(guids.get(i).replace("-", ""))).putInt(offset).putInt(ders.get(i).length);
            offset += ders.get(i).length;
        }
        table.position(headers);
        ByteArrayOutputStream blobs = new ByteArrayOutputStream();
        ders.forEach(blobs::writeBytes);
        table.put(blobs.toByteArray());
        return table.array();
    }

    private TestHost snpGuest(byte[] report, byte[] table) {
        TestHost host = TestHost.empty(root).file("/dev/sev-guest", "");
        FakeConfigfsTsm.install(host, "sev_guest", report);
        if (table != null) {
            host.file("/sys/kernel/config/tsm/report/trust-agent/auxblob", table);
        }
        return host;
    }

    @Test
    void evidenceSnpWhenReportAndCertificateTableThenTheKbsVerifierAcceptsIt() throws Exception {
        snpGuest(REPORT, certificateTable(true));

        CliRun run = evidence(DIGEST);

        assertThat(run.exitCode()).as(run.err()).isZero();
        var evidence = TrusteeEvidence.parse(Tee.SNP, run.out().getBytes(StandardCharsets.UTF_8));
        var claims = EvidenceVerifiers.verify(evidence, Expectations.at(WHILE_VALID)
                .reportData(ExpectedReportData.trusteeRuntimeData(DIGEST)).build());
        assertThat(claims).isNotNull();
    }

    @Test
    void evidenceSnpWhenVerifiedForOtherReportDataThenRefused() throws Exception {
        snpGuest(REPORT, certificateTable(true));
        byte[] other = DIGEST.clone();
        other[0] ^= 1;

        CliRun run = evidence(DIGEST);

        var evidence = TrusteeEvidence.parse(Tee.SNP, run.out().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence, Expectations.at(WHILE_VALID)
                .reportData(ExpectedReportData.trusteeRuntimeData(other)).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPORT_DATA_MISMATCH));
    }

    @Test
    void evidenceSnpWhenReportTamperedOutsideReportDataThenSignatureRefused() throws Exception {
        byte[] tampered = REPORT.clone();
        tampered[0x90] ^= 1; // measurement
        snpGuest(tampered, certificateTable(true));

        CliRun run = evidence(DIGEST);

        assertThat(run.exitCode()).as(run.err()).isZero();
        var evidence = TrusteeEvidence.parse(Tee.SNP, run.out().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence, Expectations.at(WHILE_VALID)
                .reportData(ExpectedReportData.trusteeRuntimeData(DIGEST)).build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void evidenceSnpWhenHostGaveNoCertificatesThenCertChainNull() throws Exception {
        snpGuest(REPORT, null);

        CliRun run = evidence(DIGEST);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"cert_chain\" : null");
    }

    @Test
    void evidenceSnpWhenCertificateTableUnterminatedThenExit4() throws Exception {
        snpGuest(REPORT, certificateTable(false));

        CliRun run = evidence(DIGEST);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("certificate table is malformed");
    }
}
