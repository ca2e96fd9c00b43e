package dev.trustedcompute.trustagent.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.PcrValues;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.evidence.EventLogSource;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.testing.TestHost;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.AkAlgorithm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPM backend on a real swtpm: measurements against tpm2_pcrread, reports verified with libs/tpm-quote, and
 * the replay of a captured event log (glinux-alex, a real laptop's sha1+sha256 log) whose events were extended
 * into the swtpm's PCRs one by one.
 */
@SwtpmTest
class TpmCcBackendSwtpmTest {

    private static final int AK_HANDLE = 0x81018000;

    @TempDir
    Path dir;

    private CcTrustedApi api;
    private AkManager akManager;

    @BeforeEach
    void setUp(Swtpm swtpm) throws Exception {
        AgentTpm tpm = new AgentTpm(TpmEndpoint.parse(swtpm.tcti()));
        akManager = new AkManager(tpm, StateDirectory.open(dir.resolve("state")));
        Path log = Files.write(dir.resolve("log.bin"), TestHost.evidence("eventlog-glinux-alex.bin"));
        api = new CcTrustedApi(new TpmCcBackend(tpm, akManager, new EventLogSource(log)));
    }

    @Test
    void measurementWhenPcrExtendedThenEqualsTpm2Pcrread(Swtpm swtpm) throws Exception {
        swtpm.tpm2("tpm2_pcrextend", "7:sha256=" + "ab".repeat(32));

        assertThat(api.defaultAlgorithm()).isEqualTo("sha256");
        assertThat(api.measurementCount()).isEqualTo(24);
        for (int pcr : List.of(0, 7, 23)) {
            assertThat(api.measurement(pcr, Optional.empty()).digest()).isEqualTo(pcrread(swtpm, "sha256", pcr));
        }
        assertThat(api.measurement(7, Optional.empty()).digest()).isNotEqualTo("00".repeat(32));
    }

    @Test
    void measurementWhenIndexOrAlgorithmBadThenRefused() {
        assertThatThrownBy(() -> api.measurement(24, Optional.empty())).isInstanceOfSatisfying(CcException.class,
                e -> assertThat(e.error()).isEqualTo(CcError.INDEX_OUT_OF_RANGE));
        assertThatThrownBy(() -> api.measurement(0, Optional.of("sha3_256"))).isInstanceOfSatisfying(
                CcException.class, e -> assertThat(e.error()).isEqualTo(CcError.UNKNOWN_ALGORITHM));
    }

    @Test
    void reportWhenNonceAndUserDataThenQuoteVerifiesWithTheAkAndBindsBoth() throws Exception {
        akManager.ensure(AkAlgorithm.RSA_2048, AK_HANDLE);
        byte[] nonce = "nonce-for-cc-api".getBytes(StandardCharsets.US_ASCII);
        byte[] userData = "user".getBytes(StandardCharsets.US_ASCII);

        CcReport report = api.report(nonce, userData);

        Base64.Decoder b64 = Base64.getDecoder();
        AkPublic ak = AkPublic.parse(b64.decode(report.akPublic()));
        TpmsAttest attest = TpmsAttest.parse(b64.decode(report.quote()));
        TpmtSignature signature = TpmtSignature.parse(b64.decode(report.signature()));
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        report.pcrs().get("sha256").forEach((i, hex) -> values.put(i, HexFormat.of().parseHex(hex)));
        PcrBank bank = new PcrBank(TpmHash.SHA256, values);
        byte[] bound = TpmHash.SHA256.digest(nonce, userData);

        assertThat(ak.verify(attest, signature, bank, bound).indices(TpmHash.SHA256)).hasSize(24);
        assertThat(report.boundData()).isEqualTo(HexFormat.of().formatHex(bound));
        assertThatThrownBy(() -> ak.verify(attest, signature, bank, TpmHash.SHA256.digest(nonce)))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void reportWhenNoAkThenUnavailable() {
        assertThatThrownBy(() -> api.report(new byte[16], new byte[0])).isInstanceOfSatisfying(CcException.class,
                e -> assertThat(e.error()).isEqualTo(CcError.UNAVAILABLE));
    }

    @Test
    void replayWhenCapturedLogExtendedIntoSwtpmThenEqualsMeasurements(Swtpm swtpm) throws Exception {
        List<CcEvent> events = api.eventLog(0, Optional.empty());
        for (CcEvent e : events) {
            if (e.eventType() != 3 && e.imrIndex() < 24) {
                swtpm.tpm2("tpm2_pcrextend", e.imrIndex() + ":" + e.digests().stream()
                        .map(d -> d.algorithm() + "=" + d.digest()).collect(Collectors.joining(",")));
            }
        }

        List<CcMeasurement> replayed = api.replay(events);

        assertThat(replayed).extracting(CcMeasurement::algorithm).contains("sha1", "sha256");
        List<PcrValues> library = EventLog.parse(TestHost.evidence("eventlog-glinux-alex.bin")).computePcrs();
        for (CcMeasurement m : replayed) {
            assertThat(library.stream().filter(b -> b.algorithm().name().equals(m.algorithm())).findFirst()
                    .orElseThrow().hex(m.index())).hasValue(m.digest());
            // the laptop started its TPM from locality 3 (the log's StartupLocality event); swtpm starts from 0
            if (m.index() != 0) {
                assertThat(m).isEqualTo(api.measurement(m.index(), Optional.of(m.algorithm())));
            }
        }
    }

    private static String pcrread(Swtpm swtpm, String bank, int pcr) {
        String out = swtpm.tpm2("tpm2_pcrread", bank + ":" + pcr).stdout();
        Matcher m = Pattern.compile("\\b" + pcr + "\\s*:\\s*0x([0-9A-Fa-f]+)").matcher(out);
        assertThat(m.find()).as("tpm2_pcrread output %s", out).isTrue();
        return m.group(1).toLowerCase();
    }
}
