package dev.trustedcompute.tpmquote.tdx;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat claim map of a verified quote. Keys are Trustee's claim paths ({@code deps/verifier/src/tdx/claims.rs},
 * {@code parse_tdx_claims_expected.json}) joined with dots; byte fields are lower-case hex of the bytes as
 * they appear in the quote (so {@code quote.header.version} of a v4 quote is {@code "0400"}).
 * <pre>
 * quote.header.{version, att_key_type, tee_type, reserved, vendor_id, user_data}
 * quote.type, quote.size                                      (v5 only)
 * quote.body.{tcb_svn, mr_seam, mrsigner_seam, seam_attributes, td_attributes, xfam, mr_td, mr_config_id,
 *             mr_owner, mr_owner_config, rtmr_0..rtmr_3, report_data}
 * quote.body.{tee_tcb_svn2, mr_servicetd}                     (TD 1.5 only)
 * td_attributes.{debug, septve_disable, protection_keys, key_locker, perfmon}   (booleans)
 * report_data, init_data (= mr_config_id), fmspc,
 * platform_instance_id (when the PCK has one; byte-reversed as Trustee prints it)
 * tcb_status, advisory_ids (list), collateral_expiration_status ("0"/"1")    (when TCB was evaluated)
 * </pre>
 */
final class TdxClaims {

    private TdxClaims() {
    }

    static Map<String, Object> of(VerifiedTdxQuote v) {
        HexFormat hex = HexFormat.of();
        TdxQuote q = v.quote();
        byte[] header = q.header().raw();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("quote.header.version", hex.formatHex(header, 0, 2));
        c.put("quote.header.att_key_type", hex.formatHex(header, 2, 4));
        c.put("quote.header.tee_type", hex.formatHex(header, 4, 8));
        c.put("quote.header.reserved", hex.formatHex(header, 8, 12));
        c.put("quote.header.vendor_id", hex.formatHex(header, 12, 28));
        c.put("quote.header.user_data", hex.formatHex(header, 28, 48));
        if (q.version() == 5) {
            byte[] signed = q.signedBytes();
            c.put("quote.type", hex.formatHex(signed, 48, 50));
            c.put("quote.size", hex.formatHex(signed, 50, 54));
        }
        TdReportBody b = q.body();
        c.put("quote.body.tcb_svn", hex.formatHex(b.teeTcbSvn()));
        c.put("quote.body.mr_seam", hex.formatHex(b.mrSeam()));
        c.put("quote.body.mrsigner_seam", hex.formatHex(b.mrSignerSeam()));
        c.put("quote.body.seam_attributes", hex.formatHex(b.seamAttributes()));
        c.put("quote.body.td_attributes", hex.formatHex(b.tdAttributes()));
        c.put("quote.body.xfam", hex.formatHex(b.xfam()));
        c.put("quote.body.mr_td", hex.formatHex(b.mrTd()));
        c.put("quote.body.mr_config_id", hex.formatHex(b.mrConfigId()));
        c.put("quote.body.mr_owner", hex.formatHex(b.mrOwner()));
        c.put("quote.body.mr_owner_config", hex.formatHex(b.mrOwnerConfig()));
        for (int i = 0; i < 4; i++) {
            c.put("quote.body.rtmr_" + i, hex.formatHex(b.rtmr(i)));
        }
        c.put("quote.body.report_data", hex.formatHex(b.reportData()));
        b.teeTcbSvn2().ifPresent(s -> c.put("quote.body.tee_tcb_svn2", hex.formatHex(s)));
        b.mrServiceTd().ifPresent(s -> c.put("quote.body.mr_servicetd", hex.formatHex(s)));

        long attributes = b.tdAttributesValue();
        c.put("td_attributes.debug", bit(attributes, 0));
        c.put("td_attributes.septve_disable", bit(attributes, 28));
        c.put("td_attributes.protection_keys", bit(attributes, 30));
        c.put("td_attributes.key_locker", bit(attributes, 31));
        c.put("td_attributes.perfmon", bit(attributes, 63));

        c.put("report_data", hex.formatHex(b.reportData()));
        c.put("init_data", hex.formatHex(b.mrConfigId()));
        c.put("fmspc", v.fmspc());
        // Trustee prints the PCK's PlatformInstanceID byte-reversed; we do the same so its policies keep working
        // (the certificate's own byte order is PckExtensions.platformInstanceId())
        q.pckExtensions().platformInstanceId().ifPresent(id -> c.put("platform_instance_id", hex.formatHex(reversed(id))));
        v.tcb().ifPresent(t -> {
            c.put("tcb_status", t.status().pcsName());
            c.put("advisory_ids", t.advisoryIds());
            c.put("collateral_expiration_status", v.collateralExpired() ? "1" : "0");
        });
        return Collections.unmodifiableMap(c);
    }

    private static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    private static boolean bit(long value, int bit) {
        return (value >>> bit & 1L) != 0;
    }
}
