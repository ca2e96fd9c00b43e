package dev.trustedcompute.trustagent.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.ccel.CcEventLog;
import dev.trustedcompute.tpmquote.tdx.TdReportBody;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.trustagent.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TDX backend on the captured COS-113 CCEL and TD quote in a fixture tree ({@link CcTestNodes}). */
class TdxCcBackendTest {

    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path root;

    private CcTrustedApi api(TestHost host) {
        return new CcTrustedApi(new TdxCcBackend(host.paths()));
    }

    @Test
    void measurementWhenTdxGuestThenMrtdAndRtmrsOfTheQuoteInSha384() throws Exception {
        CcTrustedApi api = api(CcTestNodes.tdxGuest(root));
        TdReportBody body = TdxQuote.parseFromBuffer(CcTestNodes.QUOTE).body();

        assertThat(api.defaultAlgorithm()).isEqualTo("sha384");
        assertThat(api.measurementCount()).isEqualTo(5);
        assertThat(api.measurement(0, Optional.empty()))
                .isEqualTo(new CcMeasurement(0, "sha384", HEX.formatHex(body.mrTd())));
        for (int rtmr = 0; rtmr < 4; rtmr++) {
            assertThat(api.measurement(rtmr + 1, Optional.of("sha384")).digest())
                    .isEqualTo(HEX.formatHex(body.rtmrs().get(rtmr)));
        }
    }

    @Test
    void replayWhenWholeCcelThenEqualsTheQuotedRtmrs() throws Exception {
        CcTrustedApi api = api(CcTestNodes.tdxGuest(root));

        List<CcEvent> events = api.eventLog(0, Optional.empty());
        List<CcMeasurement> replayed = api.replay(events);

        assertThat(events).hasSize(CcEventLog.parse(CcTestNodes.CCEL_DATA).unverifiedEvents().size());
        assertThat(events).allSatisfy(e -> assertThat(e.imrIndex()).isBetween(0L, 4L));
        assertThat(events.getFirst().eventTypeName()).isEqualTo("EV_NO_ACTION");
        assertThat(replayed).extracting(CcMeasurement::index).containsExactly(1, 2, 3);
        for (CcMeasurement m : replayed) {
            assertThat(m).isEqualTo(api.measurement(m.index(), Optional.empty()));
        }
        assertThat(api.measurement(4, Optional.empty()).digest()).isEqualTo("00".repeat(48));
    }

    @Test
    void replayWhenOneDigestFlippedThenThatRtmrDiffersFromTheQuote() throws Exception {
        CcTrustedApi api = api(CcTestNodes.tdxGuest(root));
        List<CcEvent> events = new java.util.ArrayList<>(api.eventLog(0, Optional.empty()));
        CcEvent last = events.removeLast();
        String flipped = (last.digests().getFirst().digest().charAt(0) == '0' ? "1" : "0")
                + last.digests().getFirst().digest().substring(1);
        events.add(new CcEvent(last.recNum(), last.imrIndex(), last.eventType(), last.eventTypeName(),
                List.of(new CcEvent.Digest("sha384", flipped)), last.event()));

        CcMeasurement replayed = api.replay(events).stream().filter(m -> m.index() == last.imrIndex())
                .findFirst().orElseThrow();

        assertThat(replayed).isNotEqualTo(api.measurement((int) last.imrIndex(), Optional.empty()));
    }

    @Test
    void eventLogWhenWindowThenThoseEventsAndBeyondTheLogRefused() throws Exception {
        CcTrustedApi api = api(CcTestNodes.tdxGuest(root));
        int size = api.eventLog(0, Optional.empty()).size();

        assertThat(api.eventLog(2, Optional.of(3))).extracting(CcEvent::recNum).containsExactly(2, 3, 4);
        assertThat(api.eventLog(size, Optional.empty())).isEmpty();
        assertThatThrownBy(() -> api.eventLog(size - 1, Optional.of(2)))
                .isInstanceOfSatisfying(CcException.class, e -> assertThat(e.error()).isEqualTo(CcError.EVENT_LOG_RANGE));
        assertThatThrownBy(() -> api.eventLog(size + 1, Optional.empty()))
                .isInstanceOfSatisfying(CcException.class, e -> assertThat(e.error()).isEqualTo(CcError.EVENT_LOG_RANGE));
    }

    @Test
    void reportWhenNonceAndUserDataThenTdQuoteWithSha512OfBothAsReportData() throws Exception {
        byte[] nonce = "nonce-0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] userData = "workload public key hash".getBytes(StandardCharsets.US_ASCII);
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(nonce);
        byte[] expected = sha512.digest(userData);
        TestHost host = CcTestNodes.tdxGuest(root)
                .file("/sys/kernel/config/tsm/report/trust-agent/outblob", CcTestNodes.quoteFor(expected));

        CcReport report = api(host).report(nonce, userData);

        assertThat(report.ccType()).isEqualTo("tdx");
        assertThat(report.boundData()).isEqualTo(HEX.formatHex(expected));
        assertThat(TdxQuote.parseFromBuffer(Base64.getDecoder().decode(report.quote())).body().reportData())
                .isEqualTo(expected);
    }

    @Test
    void reportWhenConfigfsAnswersForOtherReportDataThenUnavailableAsStale() {
        CcTrustedApi api = api(CcTestNodes.tdxGuest(root));

        assertThatThrownBy(() -> api.report(new byte[16], new byte[0]))
                .isInstanceOfSatisfying(CcException.class, e -> {
                    assertThat(e.error()).isEqualTo(CcError.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("stale");
                });
    }

    @Test
    void callsWhenBadInputThenClearErrors() {
        CcTrustedApi api = api(CcTestNodes.tdxGuest(root));

        assertThatThrownBy(() -> api.measurement(5, Optional.empty())).isInstanceOfSatisfying(CcException.class,
                e -> assertThat(e.getMessage()).contains("0..4"));
        assertThatThrownBy(() -> api.measurement(1, Optional.of("sha256"))).isInstanceOfSatisfying(
                CcException.class, e -> assertThat(e.error()).isEqualTo(CcError.UNKNOWN_ALGORITHM));
        assertThatThrownBy(() -> api.report(new byte[16], new byte[65])).isInstanceOfSatisfying(
                CcException.class, e -> assertThat(e.error()).isEqualTo(CcError.REPORT_INPUT_SIZE));
        assertThatThrownBy(() -> api.report(new byte[4], new byte[0])).isInstanceOfSatisfying(
                CcException.class, e -> assertThat(e.error()).isEqualTo(CcError.REPORT_INPUT_SIZE));
    }

    @Test
    void callsWhenNotATdxGuestThenUnavailableNamingTheMissingFiles() {
        TestHost host = TestHost.empty(root);

        assertThatThrownBy(() -> api(host).measurement(1, Optional.empty())).isInstanceOfSatisfying(
                CcException.class, e -> {
                    assertThat(e.error()).isEqualTo(CcError.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("/dev/tdx_guest");
                });
        assertThatThrownBy(() -> api(host).eventLog(0, Optional.empty())).isInstanceOfSatisfying(
                CcException.class, e -> assertThat(e.getMessage()).contains("sys/firmware/acpi/tables/CCEL"));
    }
}
