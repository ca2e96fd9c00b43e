package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.ccel.RtmrValues;
import dev.trustedcompute.tpmquote.ccel.VerifiedCcEvents;
import dev.trustedcompute.tpmquote.tdx.ReportDataExpectation;
import dev.trustedcompute.tpmquote.tdx.TdxVerifier;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Intel TDX quotes ({@link TdxEvidence}) against the bundled Intel SGX Root CA (see {@link TdxVerifier} for the
 * DCAP steps): PCK chain and CRLs → QE report → quote signature → collateral and TCB status
 * ({@link Expectations#tdxPolicy()}) → REPORTDATA → MRCONFIGID (init-data digest of up to 48 bytes, zero-padded)
 * → CCEL replay into RTMR0-3 when the evidence has an event log.
 *
 * <p>Flat claims: Trustee's TDX claims under {@code tdx.} ({@code tdx.quote.header.*}, {@code tdx.quote.body.*}
 * such as {@code tdx.quote.body.mr_td} and {@code rtmr_0..3}, {@code tdx.td_attributes.debug}, {@code tdx.fmspc},
 * {@code tdx.tcb_status}, {@code tdx.advisory_ids}, {@code tdx.collateral_expiration_status}), and
 * {@code report_data}, {@code init_data} (MRCONFIGID) at the top.
 */
public final class TdxEvidenceVerifier implements EvidenceVerifier {

    private static final HexFormat HEX = HexFormat.of();

    TdxEvidenceVerifier() {
    }

    @Override
    public Tee tee() {
        return Tee.TDX;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, Expectations expectations) throws VerificationException {
        TdxEvidence tdx = EvidenceVerifiers.as(TdxEvidence.class, evidence);
        ReportDataExpectation reportData = switch (expectations.reportData()) {
            case ExpectedReportData.Exact exact -> ReportDataExpectation.exactly(exact.value());
            case ExpectedReportData.RuntimeDataDigest digest -> ReportDataExpectation.exactly(digest.placedFor(Tee.TDX));
            case ExpectedReportData.NotChecked skip -> ReportDataExpectation.notChecked(skip.reason());
        };
        TdxVerifier verifier = TdxVerifier.withIntelRoot(expectations.tdxPolicy());
        List<String> unchecked = new ArrayList<>();
        VerifiedTdxQuote quote;
        if (expectations.tdxCollateral().isPresent()) {
            quote = verifier.verify(tdx.quote(), expectations.tdxCollateral().get(), reportData,
                    expectations.verificationTime());
        } else {
            String why = expectations.noTdxCollateralReason().orElseThrow(() -> new IllegalStateException(
                    "TDX needs collateral: Expectations.Builder.tdxCollateral(...) or withoutTdxCollateral(reason)"));
            quote = verifier.verifyWithoutCollateral(tdx.quote(), reportData, expectations.verificationTime());
            unchecked.add("TCB status (caller's reason): " + why);
        }
        unchecked.addAll(quote.uncheckedItems());
        checkInitData(quote, expectations);
        Optional<VerifiedCcEvents> events = Optional.empty();
        if (tdx.eventLog().isPresent()) {
            events = Optional.of(tdx.eventLog().get().replay(new RtmrValues(quote.rtmrs())));
        }
        TeeClaims.Tdx typed = new TeeClaims.Tdx(quote, events);
        return new VerifiedClaims(Tee.TDX, typed, flat(quote), unchecked, expectations.verificationTime());
    }

    private static void checkInitData(VerifiedTdxQuote quote, Expectations expectations) throws VerificationException {
        Optional<byte[]> digest = expectations.initDataDigest();
        if (digest.isEmpty()) {
            return;
        }
        if (digest.get().length > 48) {
            throw new VerificationException(Reason.INIT_DATA_MISMATCH, "MRCONFIGID is 48 bytes and cannot hold a "
                    + digest.get().length + "-byte init-data digest; it is never truncated");
        }
        byte[] expected = Arrays.copyOf(digest.get(), 48);
        if (!MessageDigest.isEqual(expected, quote.mrConfigId())) {
            throw new VerificationException(Reason.INIT_DATA_MISMATCH, "MRCONFIGID is " + HEX.formatHex(quote.mrConfigId())
                    + ", expected the init-data digest zero-padded: " + HEX.formatHex(expected));
        }
    }

    private static Map<String, Object> flat(VerifiedTdxQuote quote) {
        Map<String, Object> c = new TreeMap<>();
        quote.claims().forEach((k, v) -> {
            boolean hoisted = k.equals("report_data") || k.equals("init_data");
            c.put(hoisted ? k : "tdx." + k, v);
        });
        return c;
    }
}
