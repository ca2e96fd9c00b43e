package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.GO;
import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.TRUSTEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TCB evaluation on edited copies of the v5 sample (the evaluator runs after signature checks and never
 * looks at signatures, so edited quotes and collateral exercise each branch of the algorithm).
 */
class TcbEvaluatorTest {

    private static final int TEE_TCB_SVN = 54;                       // v5: header 48 + type 2 + size 4
    private static final int QE_REPORT = 54 + 648 + 4 + 64 + 64 + 6;  // after signature, key and cert header

    private static TdxQuote v5(int offset, int value) throws Exception {
        byte[] q = TdxFixtures.V5_SAMPLE.bytes();
        q[offset] = (byte) value;
        return TdxQuote.parse(q);
    }

    private static TcbInfo tcbInfo(String from, String to) throws Exception {
        TcbInfo signed = TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5"));
        String text = new String(signed.signedBytes(), StandardCharsets.UTF_8);
        String edited = text.replaceFirst(from, to);
        assertThat(edited).isNotEqualTo(text);
        return TcbInfo.parse(edited.getBytes(StandardCharsets.UTF_8), signed.signature());
    }

    private static EnclaveIdentity qeIdentity() throws Exception {
        return EnclaveIdentity.parseResponse(TdxFixtures.read(TRUSTEE + "enclaveIdentity.json"));
    }

    @Test
    void evaluateWhenV5SampleThenUpToDateOnEveryAxis() throws Exception {
        TcbVerdict v = TcbEvaluator.evaluate(TdxQuote.parse(TdxFixtures.V5_SAMPLE.bytes()),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity());

        assertThat(v.status()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(v.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(v.tdxModuleStatus()).contains(TcbStatus.UP_TO_DATE);
        assertThat(v.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(v.advisoryIds()).isEmpty();
    }

    @Test
    void evaluateWhenTdxModuleSvnBelowNewestLevelThenOutOfDateWithModuleAdvisories() throws Exception {
        TcbVerdict v = TcbEvaluator.evaluate(v5(TEE_TCB_SVN, 5),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity());

        assertThat(v.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(v.tdxModuleStatus()).contains(TcbStatus.OUT_OF_DATE);
        assertThat(v.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(v.advisoryIds()).containsExactly("INTEL-SA-01036", "INTEL-SA-01099");
    }

    @Test
    void evaluateWhenTdxComponentBelowNewestLevelThenSecondLevelOutOfDate() throws Exception {
        TcbVerdict v = TcbEvaluator.evaluate(v5(TEE_TCB_SVN + 2, 2),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity());

        assertThat(v.platformStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(v.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(v.advisoryIds()).containsExactly("INTEL-SA-01036", "INTEL-SA-01079", "INTEL-SA-01099",
                "INTEL-SA-01103", "INTEL-SA-01111");
    }

    @Test
    void evaluateWhenPlatformConfigurationNeededAndModuleOutOfDateThenOutOfDateConfigurationNeeded() throws Exception {
        TcbInfo info = tcbInfo("(\"tcbLevels\":\\[\\{\"tcb\":\\{\"sgxtcbcomponents\".*?\"tcbStatus\":\")UpToDate\"",
                "$1ConfigurationNeeded\"");

        TcbVerdict v = TcbEvaluator.evaluate(v5(TEE_TCB_SVN, 5), info, qeIdentity());

        assertThat(v.platformStatus()).isEqualTo(TcbStatus.CONFIGURATION_NEEDED);
        assertThat(v.status()).isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    }

    @Test
    void evaluateWhenPlatformLevelRevokedThenRevoked() throws Exception {
        TcbInfo info = tcbInfo("(\"tcbLevels\":\\[\\{\"tcb\":\\{\"sgxtcbcomponents\".*?\"tcbStatus\":\")UpToDate\"",
                "$1Revoked\"");

        TcbVerdict v = TcbEvaluator.evaluate(TdxQuote.parse(TdxFixtures.V5_SAMPLE.bytes()), info, qeIdentity());

        assertThat(v.status()).isEqualTo(TcbStatus.REVOKED);
        assertThat(TdxVerificationPolicy.defaults().acceptedTcbStatuses()).doesNotContain(TcbStatus.REVOKED);
    }

    @Test
    void evaluateWhenModuleMajorVersionHasNoIdentityThenTcbStatusUnacceptable() throws Exception {
        assertThatThrownBy(() -> TcbEvaluator.evaluate(v5(TEE_TCB_SVN + 1, 2),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TCB_STATUS_UNACCEPTABLE))
                .hasMessageContaining("no TDX module identity TDX_02");
    }

    @Test
    void evaluateWhenMrSignerSeamDiffersFromModuleIdentityThenTcbMismatch() throws Exception {
        assertThatThrownBy(() -> TcbEvaluator.evaluate(v5(TEE_TCB_SVN + 64, 1),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TCB_MISMATCH))
                .hasMessageContaining("MRSIGNERSEAM").hasMessageContaining("TDX_01");
    }

    @Test
    void evaluateWhenQeIsvSvnBelowEveryLevelThenTcbStatusUnacceptable() throws Exception {
        assertThatThrownBy(() -> TcbEvaluator.evaluate(v5(QE_REPORT + 258, 3),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TCB_STATUS_UNACCEPTABLE))
                .hasMessageContaining("QE ISVSVN 3");
    }

    @Test
    void evaluateWhenQeMrSignerDiffersFromIdentityThenTcbMismatch() throws Exception {
        assertThatThrownBy(() -> TcbEvaluator.evaluate(v5(QE_REPORT + 128, 0),
                TcbInfo.parseResponse(TdxFixtures.read(GO + "sample_tcbinfo_response_v5")), qeIdentity()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TCB_MISMATCH))
                .hasMessageContaining("QE report MRSIGNER");
    }

    @ParameterizedTest
    @CsvSource({
            "UP_TO_DATE, OUT_OF_DATE, OUT_OF_DATE",
            "SW_HARDENING_NEEDED, OUT_OF_DATE, OUT_OF_DATE",
            "CONFIGURATION_NEEDED, OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED",
            "CONFIGURATION_AND_SW_HARDENING_NEEDED, OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED",
            "OUT_OF_DATE, OUT_OF_DATE, OUT_OF_DATE",
            "CONFIGURATION_NEEDED, UP_TO_DATE, CONFIGURATION_NEEDED",
            "UP_TO_DATE, REVOKED, REVOKED",
            "REVOKED, UP_TO_DATE, REVOKED"})
    void convergeWhenComponentStatusGivenThenIntelQvlRule(TcbStatus platform, TcbStatus other, TcbStatus result) {
        assertThat(TcbEvaluator.converge(platform, other)).isEqualTo(result);
    }
}
