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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evidence --tee tdx} on a fixture configfs-tsm entry holding the captured COS-113 TD quote (report data 64
 * zero bytes, no CCEL published here): the output must pass the KBS's TDX verifier (quote signature, QE report,
 * PCK chain to the bundled Intel root; TCB status left unchecked without collateral).
 */
class EvidenceTdxCliTest {

    private static final Instant WHILE_VALID = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path root;
    @TempDir
    Path state;

    private String evidence() {
        TestHost host = TestHost.empty(root).file("/dev/tdx_guest", "");
        FakeConfigfsTsm.install(host, "tdx_guest", TestHost.evidence("tdx-quote-cos113.dat"));
        CliRun run = CliRun.of("evidence", "--tee", "tdx", "--report-data",
                Base64.getEncoder().encodeToString(new byte[32]), "--root", root.toString(), "--state-dir",
                state.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void evidenceTdxWhenQuoteForTheReportDataThenTheKbsVerifierAcceptsIt() throws Exception {
        var evidence = TrusteeEvidence.parse(Tee.TDX, evidence().getBytes(StandardCharsets.UTF_8));

        var claims = EvidenceVerifiers.verify(evidence, Expectations.at(WHILE_VALID)
                .reportData(ExpectedReportData.trusteeRuntimeData(new byte[32]))
                .withoutTdxCollateral("no PCS collateral in this test").build());

        assertThat(claims).isNotNull();
    }

    @Test
    void evidenceTdxWhenVerifiedForOtherReportDataThenRefused() throws Exception {
        var evidence = TrusteeEvidence.parse(Tee.TDX, evidence().getBytes(StandardCharsets.UTF_8));
        byte[] other = new byte[32];
        other[31] = 1;

        assertThatThrownBy(() -> EvidenceVerifiers.verify(evidence, Expectations.at(WHILE_VALID)
                .reportData(ExpectedReportData.trusteeRuntimeData(other))
                .withoutTdxCollateral("no PCS collateral in this test").build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPORT_DATA_MISMATCH));
    }
}
