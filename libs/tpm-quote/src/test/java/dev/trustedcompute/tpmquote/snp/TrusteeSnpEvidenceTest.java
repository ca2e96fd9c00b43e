package dev.trustedcompute.tpmquote.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.SnpEvidence;
import dev.trustedcompute.tpmquote.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trustee's {@code snp} evidence JSON. The test set holds no Trustee SNP JSON capture, so every captured binary
 * report (v2 and v3, VCEK with and without ASK/ARK) is written as guest-components would send it
 * ({@link SerdeReportJson}); parsing must give back the exact signed bytes, and they must verify.
 */
class TrusteeSnpEvidenceTest {

    private static byte[] json(SnpFixture f, boolean withChain) {
        List<SerdeReportJson.Cert> certs = new ArrayList<>();
        certs.add(new SerdeReportJson.Cert("VCEK", SerdeReportJson.der(f.vcek()).getFirst()));
        if (withChain && f.chain() != null) {
            List<byte[]> chain = SerdeReportJson.der(f.chain());
            certs.add(new SerdeReportJson.Cert("ASK", chain.get(0)));
            certs.add(new SerdeReportJson.Cert("ARK", chain.get(1)));
        }
        return SerdeReportJson.evidence(f.report(), certs).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void parseWhenCapturedReportAsTrusteeJsonThenSameBytesAndVerifies(SnpFixture f) throws Exception {
        SnpEvidence evidence = TrusteeSnpEvidence.parse(json(f, true));

        assertThat(evidence.report().rawBytes()).isEqualTo(f.report());
        VerifiedSnpReport verified = SnpVerifier.withBundledRoots().verify(evidence.report(),
                evidence.certificates().orElseThrow(), f.expectations().build());
        assertThat(verified.version()).isEqualTo(f.expected().version());
    }

    @Test
    void parseWhenMeasurementIntegerChangedThenSignatureInvalid() throws Exception {
        String json = new String(json(SnpFixture.VIRTEE_SEV, false), StandardCharsets.UTF_8);
        int at = json.indexOf("\"measurement\":[") + "\"measurement\":[".length();
        int end = json.indexOf(',', at);
        int first = Integer.parseInt(json.substring(at, end));
        String tampered = json.substring(0, at) + ((first + 1) % 256) + json.substring(end);

        SnpEvidence evidence = TrusteeSnpEvidence.parse(tampered.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> SnpVerifier.withBundledRoots().verify(evidence.report(),
                evidence.certificates().orElseThrow(), SnpFixture.VIRTEE_SEV.expectations().build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void parseWhenCertChainNullThenNoCertificates() throws Exception {
        String json = SerdeReportJson.evidence(SnpFixture.GO_SEV_GUEST.report(), null);

        assertThat(TrusteeSnpEvidence.parse(json.getBytes(StandardCharsets.UTF_8)).certificates()).isEmpty();
    }

    @Test
    void parseWhenUnknownReportMemberThenEvidenceFormatException() {
        String json = new String(json(SnpFixture.GO_SEV_GUEST, false), StandardCharsets.UTF_8)
                .replace("\"vmpl\":", "\"vmpl_extra\":1,\"vmpl\":");

        assertThatThrownBy(() -> TrusteeSnpEvidence.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("vmpl_extra");
    }

    @Test
    void parseWhenMilanReportCarriesFmcThenEvidenceFormatException() {
        String json = new String(json(SnpFixture.AZURE_V3, false), StandardCharsets.UTF_8)
                .replace("\"fmc\":null", "\"fmc\":1");

        assertThatThrownBy(() -> TrusteeSnpEvidence.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("FMC");
    }

    @Test
    void parseWhenByteOutOfRangeOrArrayShortThenEvidenceFormatException() {
        String json = new String(json(SnpFixture.GO_SEV_GUEST, false), StandardCharsets.UTF_8);
        String outOfRange = json.replaceFirst("\"report_data\":\\[1,", "\"report_data\":[256,");
        String shortArray = json.replaceFirst("\"host_data\":\\[0,", "\"host_data\":[");

        assertThatThrownBy(() -> TrusteeSnpEvidence.parse(outOfRange.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("0-255");
        assertThatThrownBy(() -> TrusteeSnpEvidence.parse(shortArray.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class).hasMessageContaining("expected 32");
    }

    @Test
    void parseWhenUnknownCertTypeThenEvidenceFormatException() {
        String json = SerdeReportJson.evidence(SnpFixture.GO_SEV_GUEST.report(),
                List.of(new SerdeReportJson.Cert("CRL", new byte[] {1})));

        assertThatThrownBy(() -> TrusteeSnpEvidence.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EvidenceFormatException.class);
    }
}
