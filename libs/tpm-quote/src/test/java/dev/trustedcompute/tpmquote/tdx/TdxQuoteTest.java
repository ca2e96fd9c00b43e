package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.trustedcompute.tpmquote.tdx.TdxFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TdxQuoteTest {

    private static final HexFormat HEX = HexFormat.of();

    static Stream<TdxFixtures.QuoteFixture> quotes() {
        return TdxFixtures.quotes().stream();
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void parseFromBufferWhenCapturedQuoteThenFieldsMatchExpectedJson(TdxFixtures.QuoteFixture fixture) throws Exception {
        Map<String, Object> expected = TdxFixtures.expected(fixture);
        TdxQuote quote = TdxQuote.parseFromBuffer(fixture.bytes());

        assertThat(quote.trailingBytes()).isEqualTo(((BigDecimal) expected.get("trailing_bytes_after_cert_data")).intValue());
        assertThat(quote.version()).isEqualTo(((BigDecimal) expected.get("version")).intValue());
        assertThat(quote.body().type().name()).isEqualTo(expected.get("body_type"));
        assertThat(quote.header().attestationKeyType()).isEqualTo(((BigDecimal) expected.get("att_key_type")).intValue());
        assertThat(String.format("0x%x", quote.header().teeType())).isEqualTo(expected.get("tee_type"));
        assertThat(quote.header().qeVendorIdHex()).isEqualTo(expected.get("qe_vendor_id"));

        TdReportBody b = quote.body();
        Map<String, Object> body = at(expected, "body");
        assertThat(HEX.formatHex(b.teeTcbSvn())).isEqualTo(body.get("tee_tcb_svn"));
        assertThat(HEX.formatHex(b.mrSeam())).isEqualTo(body.get("mrseam"));
        assertThat(HEX.formatHex(b.mrSignerSeam())).isEqualTo(body.get("mrsignerseam"));
        assertThat(HEX.formatHex(b.seamAttributes())).isEqualTo(body.get("seam_attributes"));
        assertThat(HEX.formatHex(b.tdAttributes())).isEqualTo(body.get("td_attributes"));
        assertThat(HEX.formatHex(b.xfam())).isEqualTo(body.get("xfam"));
        assertThat(HEX.formatHex(b.mrTd())).isEqualTo(body.get("mrtd"));
        assertThat(HEX.formatHex(b.mrConfigId())).isEqualTo(body.get("mrconfigid"));
        assertThat(HEX.formatHex(b.mrOwner())).isEqualTo(body.get("mrowner"));
        assertThat(HEX.formatHex(b.mrOwnerConfig())).isEqualTo(body.get("mrownerconfig"));
        for (int i = 0; i < 4; i++) {
            assertThat(HEX.formatHex(b.rtmr(i))).as("rtmr" + i).isEqualTo(body.get("rtmr" + i));
        }
        assertThat(HEX.formatHex(b.reportData())).isEqualTo(body.get("report_data"));
        assertThat(b.teeTcbSvn2().map(HEX::formatHex).orElse(null)).isEqualTo(body.get("tee_tcb_svn2"));
        assertThat(b.mrServiceTd().map(HEX::formatHex).orElse(null)).isEqualTo(body.get("mrservicetd"));
        assertThat(b.debug()).isEqualTo(expected.get("td_attributes_debug"));

        Map<String, Object> qe = at(expected, "qe_report");
        QeReport r = quote.qeReport();
        assertThat(HEX.formatHex(r.cpuSvn())).isEqualTo(qe.get("cpusvn"));
        assertThat(String.format("%08x", Integer.reverseBytes((int) r.miscSelect()))).isEqualTo(qe.get("miscselect"));
        assertThat(HEX.formatHex(r.attributes())).isEqualTo(qe.get("attributes"));
        assertThat(HEX.formatHex(r.mrEnclave())).isEqualTo(qe.get("mrenclave"));
        assertThat(HEX.formatHex(r.mrSigner())).isEqualTo(qe.get("mrsigner"));
        assertThat(r.isvProdId()).isEqualTo(((BigDecimal) qe.get("isvprodid")).intValue());
        assertThat(r.isvSvn()).isEqualTo(((BigDecimal) qe.get("isvsvn")).intValue());
        assertThat(HEX.formatHex(r.reportData())).isEqualTo(qe.get("report_data"));

        Map<String, Object> pck = at(expected, "pck");
        PckExtensions ext = quote.pckExtensions();
        assertThat(ext.fmspcHex()).isEqualTo(pck.get("fmspc")).isEqualTo(at(expected, "verification", "fmspc"));
        assertThat(ext.pceSvn()).isEqualTo(((BigDecimal) pck.get("pcesvn")).intValue());
        assertThat(HEX.formatHex(ext.cpuSvn())).isEqualTo(pck.get("cpusvn"));
        assertThat(HEX.formatHex(ext.pceId())).isEqualTo(pck.get("pceid"));
        assertThat(String.format("%02x", ext.sgxType())).isEqualTo(pck.get("sgx_type"));
        List<Object> components = at(expected, "pck", "cpusvn_components");
        assertThat(ext.cpuSvnComponents()).containsExactly(components.stream()
                .mapToInt(o -> ((BigDecimal) o).intValue()).toArray());

        List<String> chain = at(expected, "verification", "pck_chain");
        assertThat(quote.pckChain()).hasSize(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            assertThat(quote.pckChain().get(i).getSubjectX500Principal().getName())
                    .isEqualTo(chain.get(i)); // Intel encodes C first, so RFC 2253 order reads C..CN
        }
        assertThat(quote.signedBytes()).hasSize(quote.version() == 4 ? 48 + 584 : 48 + 6 + b.type().size());
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void parseWhenCapturedQuoteThenTrailingBytesAreRejectedUnlessNone(TdxFixtures.QuoteFixture fixture) throws Exception {
        int trailing = ((BigDecimal) TdxFixtures.expected(fixture).get("trailing_bytes_after_cert_data")).intValue();
        if (trailing == 0) {
            assertThat(TdxQuote.parse(fixture.bytes()).raw()).isEqualTo(fixture.bytes());
        } else {
            assertThatThrownBy(() -> TdxQuote.parse(fixture.bytes()))
                    .isInstanceOf(EvidenceFormatException.class)
                    .hasMessageContaining(trailing + " trailing bytes");
        }
    }

    @Test
    void parseWhenV5BodySizeDisagreesWithBodyTypeThenFormatException() {
        byte[] quote = TdxFixtures.V5_SAMPLE.bytes();
        quote[50] = 0x48; // body size 0x288 (648) -> 0x248 (584): a TD 1.0 size under body type 3 (TD 1.5)
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("quote.bodySize");
    }

    @Test
    void parseWhenV5BodyTypeIsSgxThenFormatException() {
        byte[] quote = TdxFixtures.V5_SAMPLE.bytes();
        quote[48] = 1;
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("SGX enclave report");
    }

    @Test
    void parseWhenTeeTypeIsSgxThenFormatException() {
        byte[] quote = TdxFixtures.TRUSTEE_4.bytes();
        quote[4] = 0;
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("header.teeType");
    }

    @Test
    void parseWhenSignatureDataLengthOneLongerThenFormatException() {
        byte[] quote = TdxFixtures.TRUSTEE_4.bytes();
        quote[632]++; // u32 signature data length right after the v4 body
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("quote.signatureDataLength");
    }

    @Test
    void parseWhenCertificationDataSizeOneShorterThenFormatException() {
        byte[] quote = TdxFixtures.TRUSTEE_4.bytes();
        quote[632 + 4 + 128 + 2]--; // outer certification data size
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(EvidenceFormatException.class);
    }

    @Test
    void parseWhenOuterCertificationTypeIsPckChainThenFormatException() {
        byte[] quote = TdxFixtures.TRUSTEE_4.bytes();
        quote[632 + 4 + 128] = 5;
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("expected 6");
    }
}
