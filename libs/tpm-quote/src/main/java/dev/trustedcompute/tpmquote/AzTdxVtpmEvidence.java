package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.azure.HclHardwareReport;
import dev.trustedcompute.tpmquote.azure.HclReport;
import dev.trustedcompute.tpmquote.azure.TdReport;
import dev.trustedcompute.tpmquote.azure.VtpmQuote;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import java.util.Objects;

/**
 * Azure confidential VM on Intel TDX (Trustee {@code az-tdx-vtpm}).
 *
 * @param version   Trustee's evidence version (0, 1 or 2)
 * @param tpmQuote  the vTPM quote
 * @param hclReport the HCL report; it must carry a TDREPORT
 * @param tdQuote   the DCAP quote Azure's quoting service made from that TDREPORT
 */
public record AzTdxVtpmEvidence(int version, VtpmQuote tpmQuote, HclReport hclReport, TdxQuote tdQuote)
        implements AzureVtpmEvidence {

    public AzTdxVtpmEvidence {
        Objects.requireNonNull(tpmQuote, "tpmQuote");
        Objects.requireNonNull(tdQuote, "tdQuote");
        if (!(Objects.requireNonNull(hclReport, "hclReport").hardwareReport() instanceof HclHardwareReport.Tdx)) {
            throw new IllegalArgumentException("az-tdx-vtpm evidence needs an HCL report with a TDREPORT");
        }
    }

    @Override
    public Tee tee() {
        return Tee.AZ_TDX_VTPM;
    }

    /** The TDREPORT inside the HCL report. */
    public TdReport tdReport() {
        return ((HclHardwareReport.Tdx) hclReport.hardwareReport()).report();
    }
}
