package dev.trustedcompute.tpmquote.ccel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.eventlog.EventType;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CcEventLogTest {

    /** TD quote v4: 48-byte header, then the TD report body; RTMR0 at body offset 328 (after MRTD etc.). */
    private static final int QUOTE_RTMR0 = 48 + 328;

    record CcelCase(String path, int events, int bytesUsed, int bufferSize, int fill, Map<Integer, String> rtmrs) {
        @Override
        public String toString() {
            return path;
        }
    }

    static byte[] resource(String path) {
        try (InputStream in = CcEventLogTest.class.getResourceAsStream("/evidence/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String path) {
        return JsonMapper.builder().build().readTree(resource(path));
    }

    static Stream<CcelCase> logs() {
        Stream.Builder<CcelCase> out = Stream.builder();
        for (Map.Entry<String, JsonNode> e : json("C_tdx/trustee/EXPECTED.json").path("ccel_logs").path("logs")
                .properties()) {
            out.add(ccelCase("C_tdx/trustee/ccel/" + e.getKey(), e.getValue(), e.getValue().path("repo_stated_rtmrs")));
        }
        JsonNode quote = json("C_tdx/go-tdx-guest/EXPECTED.json").path("quotes");
        for (JsonNode q : quote) {
            if (q.has("ccel")) {
                out.add(ccelCase("C_tdx/go-tdx-guest/ccel_ccel_data.dat", q.path("ccel").path("replay"),
                        q.path("ccel").path("replay").path("rtmr")));
            }
        }
        return out.build();
    }

    private static CcelCase ccelCase(String path, JsonNode log, JsonNode rtmrs) {
        Map<Integer, String> values = new java.util.TreeMap<>();
        for (int n = 0; n < 4; n++) {
            values.put(n, rtmrs.has("rtmr" + n) ? rtmrs.path("rtmr" + n).asString() : "00".repeat(48));
        }
        return new CcelCase(path, log.path("events").asInt(), log.path("bytes_used").asInt(),
                log.path("buffer_size").asInt(), log.path("unused_fill").get(0).asInt(), values);
    }

    @ParameterizedTest
    @MethodSource("logs")
    void parseWhenCapturedCcelThenEventsEndAtFillAndReplayEqualsExpectedRtmrs(CcelCase c) throws Exception {
        byte[] area = resource(c.path());

        CcEventLog log = CcEventLog.parse(area);

        assertThat(area).hasSize(c.bufferSize());
        assertThat(log.unverifiedEvents()).hasSize(c.events());
        // the collector's bytes_used for zero-filled areas also counts the 12-byte header (MR index, type, digest
        // count) of the all-zero "event" it read before stopping; for 0xff fill it is the end of the last event
        assertThat(log.unusedTail().offset()).isEqualTo(c.bytesUsed() - (c.fill() == 0 ? 12 : 0));
        assertThat(log.unusedTail().offset() + log.unusedTail().length()).isEqualTo(area.length);
        assertThat(log.unusedTail().fill()).isEqualTo(c.fill());
        RtmrValues replayed = log.computeRtmrs();
        for (int n = 0; n < 4; n++) {
            assertThat(replayed.hex(n)).as("RTMR%d", n).isEqualTo(c.rtmrs().get(n));
        }
        RtmrValues quoted = RtmrValues.ofHex(c.rtmrs().get(0), c.rtmrs().get(1), c.rtmrs().get(2), c.rtmrs().get(3));
        VerifiedCcEvents verified = log.replay(quoted);
        assertThat(verified.events()).isNotEmpty()
                .allMatch(e -> e.pcrIndex() >= 1 && !e.type().equals(EventType.EV_NO_ACTION));
    }

    @Test
    void replayWhenGoTdxGuestQuoteThenQuotedRtmrsEqualReplay() throws Exception {
        byte[] quote = resource("C_tdx/go-tdx-guest/ccel_cos-113-tdx-quote.dat");
        RtmrValues quoted = rtmrsOf(quote);

        VerifiedCcEvents verified = CcEventLog.parse(resource("C_tdx/go-tdx-guest/ccel_ccel_data.dat"))
                .replay(quoted);

        assertThat(quoted.hex(0)).startsWith("3fa2f61f395b7f5f");
        assertThat(verified.events(CcMeasurementRegister.RTMR0)).isNotEmpty();
        assertThat(verified.events(CcMeasurementRegister.RTMR2)).isNotEmpty();
    }

    @Test
    void replayWhenEventDigestFlippedThenMismatchNamesRtmr() throws Exception {
        byte[] area = resource("C_tdx/go-tdx-guest/ccel_ccel_data.dat");
        RtmrValues quoted = rtmrsOf(resource("C_tdx/go-tdx-guest/ccel_cos-113-tdx-quote.dat"));
        TcgEvent rtmr1Event = CcEventLog.parse(area).unverifiedEvents().stream()
                .filter(e -> e.pcrIndex() == 2 && !e.type().equals(EventType.EV_NO_ACTION)).findFirst().orElseThrow();
        // digest starts after mrIndex(4), type(4), count(4), hashAlg(2)
        area[rtmr1Event.offset() + 14] ^= 0x01;
        CcEventLog tampered = CcEventLog.parse(area);

        VerificationException e = catchThrowableOfType(VerificationException.class, () -> tampered.replay(quoted));

        assertThat(e.reason()).isEqualTo(Reason.EVENT_LOG_REPLAY_MISMATCH);
        assertThat(e.getMessage()).contains("RTMR1 (sha384)").doesNotContain("RTMR0 (");
        assertThat(tampered.mismatchedRtmrs(quoted)).containsExactly(1);
    }

    @Test
    void parseWhenCcelTableThenFieldsMatchExpected() throws Exception {
        JsonNode want = json("C_tdx/go-tdx-guest/EXPECTED.json").path("quotes").get(2).path("ccel").path("acpi_table");

        CcelTable table = CcelTable.parse(resource("C_tdx/go-tdx-guest/ccel_ccel_table.dat"));

        assertThat(table.oemId()).isEqualTo(want.path("oem_id").asString());
        assertThat(table.ccType()).isEqualTo(want.path("cc_type").asInt()).isEqualTo(CcelTable.CC_TYPE_TDX);
        assertThat(table.ccSubType()).isEqualTo(want.path("cc_subtype").asInt());
        assertThat(table.logAreaMinimumLength()).isEqualTo(want.path("LAML").asLong());
        assertThat(String.format("0x%x", table.logAreaStartAddress())).isEqualTo(want.path("LASA").asString());
    }

    @Test
    void parseWhenCcelTableByteFlippedThenChecksumRejected() {
        byte[] table = resource("C_tdx/go-tdx-guest/ccel_ccel_table.dat");
        table[40] ^= 0x01;

        EvidenceFormatException e = catchThrowableOfType(EvidenceFormatException.class, () -> CcelTable.parse(table));

        assertThat(e.field()).isEqualTo("CCEL.Checksum");
    }

    @Test
    void parseWhenGarbageAfterLastEventThenRejected() {
        byte[] area = resource("C_tdx/trustee/ccel/CCEL_data_ovmf");
        area[area.length - 1] = 0x42;

        assertThat(catchThrowableOfType(EvidenceFormatException.class, () -> CcEventLog.parse(area))).isNotNull();
    }

    @Test
    void forPcrWhenUefiMappingThenPcr0MrtdPcr1And7Rtmr0Pcr2To6Rtmr1Pcr8To15Rtmr2() {
        assertThat(CcMeasurementRegister.forPcr(0)).contains(CcMeasurementRegister.MRTD);
        for (int pcr : List.of(1, 7)) {
            assertThat(CcMeasurementRegister.forPcr(pcr)).contains(CcMeasurementRegister.RTMR0);
        }
        for (int pcr = 2; pcr <= 6; pcr++) {
            assertThat(CcMeasurementRegister.forPcr(pcr)).contains(CcMeasurementRegister.RTMR1);
        }
        for (int pcr = 8; pcr <= 15; pcr++) {
            assertThat(CcMeasurementRegister.forPcr(pcr)).contains(CcMeasurementRegister.RTMR2);
        }
        assertThat(CcMeasurementRegister.forPcr(16)).isEmpty();
        assertThat(CcMeasurementRegister.RTMR3.ccMrIndex()).isEqualTo(4);
    }

    static RtmrValues rtmrsOf(byte[] quote) {
        return new RtmrValues(List.of(
                Arrays.copyOfRange(quote, QUOTE_RTMR0, QUOTE_RTMR0 + 48),
                Arrays.copyOfRange(quote, QUOTE_RTMR0 + 48, QUOTE_RTMR0 + 96),
                Arrays.copyOfRange(quote, QUOTE_RTMR0 + 96, QUOTE_RTMR0 + 144),
                Arrays.copyOfRange(quote, QUOTE_RTMR0 + 144, QUOTE_RTMR0 + 192)));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
