package dev.trustedcompute.trustagent.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The agent's reading of captured Azure HCL reports (kinvolk/azure-cvm-tooling test files). */
class HclReportTest {

    private static final byte[] SNP = TestHost.evidence("hcl-report-snp.bin");
    private static final byte[] TDX = TestHost.evidence("hcl-report-tdx.bin");

    @Test
    void parseWhenSnpHclReportThenSnpReportBindsVariableData() throws Exception {
        HclReport report = HclReport.parse(SNP);

        assertThat(report.type()).isEqualTo(HclReport.Type.SNP);
        assertThat(report.variableData()).hasSize(583);
        assertThat(new String(report.variableData(), StandardCharsets.UTF_8)).contains("HCLAkPub");
        byte[] reportData = SnpReport.parse(report.hardwareReport()).reportData();
        assertThat(Arrays.copyOf(reportData, 32)).isEqualTo(TpmHash.SHA256.digest(report.variableData()));
    }

    @Test
    void parseWhenTdxHclReportThenTdReportAndBothKeys() throws Exception {
        HclReport report = HclReport.parse(TDX);

        assertThat(report.type()).isEqualTo(HclReport.Type.TDX);
        assertThat(report.hardwareReport()).hasSize(1024);
        assertThat(new String(report.variableData(), StandardCharsets.UTF_8)).contains("HCLAkPub").contains("HCLEkPub");
    }

    @Test
    void parseWhenSignatureFlippedThenFormatException() {
        byte[] bad = SNP.clone();
        bad[0] ^= 1;

        assertThatThrownBy(() -> HclReport.parse(bad)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("HCLA");
    }

    @Test
    void parseWhenTruncatedThenFormatException() {
        assertThatThrownBy(() -> HclReport.parse(Arrays.copyOf(SNP, 1200))).isInstanceOf(EvidenceFormatException.class);
    }

    @Test
    void parseWhenUnknownReportTypeThenFormatException() {
        byte[] bad = SNP.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 1184 + 8, 3);

        assertThatThrownBy(() -> HclReport.parse(bad)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("report_type");
    }

    @Test
    void parseWhenVariableDataOverrunsTheReportThenFormatException() {
        byte[] bad = SNP.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 1184 + 16, 5000);

        assertThatThrownBy(() -> HclReport.parse(bad)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("variable_data_size");
    }
}
