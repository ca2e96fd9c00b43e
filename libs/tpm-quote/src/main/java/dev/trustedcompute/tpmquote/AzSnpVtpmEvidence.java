package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.azure.HclHardwareReport;
import dev.trustedcompute.tpmquote.azure.HclReport;
import dev.trustedcompute.tpmquote.azure.VtpmQuote;
import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import java.util.Objects;

/**
 * Azure confidential VM on AMD SEV-SNP (Trustee {@code az-snp-vtpm}).
 *
 * @param version   Trustee's evidence version (0, 1 or 2)
 * @param tpmQuote  the vTPM quote
 * @param hclReport the HCL report; it must carry an SEV-SNP report
 * @param vcek      the VCEK (or VLEK) Azure's IMDS/THIM handed out with the evidence; ASK and ARK are pinned
 */
public record AzSnpVtpmEvidence(int version, VtpmQuote tpmQuote, HclReport hclReport, SnpCertificates vcek)
        implements AzureVtpmEvidence {

    public AzSnpVtpmEvidence {
        Objects.requireNonNull(tpmQuote, "tpmQuote");
        Objects.requireNonNull(vcek, "vcek");
        if (!(Objects.requireNonNull(hclReport, "hclReport").hardwareReport() instanceof HclHardwareReport.Snp)) {
            throw new IllegalArgumentException("az-snp-vtpm evidence needs an HCL report with an SEV-SNP report");
        }
    }

    @Override
    public Tee tee() {
        return Tee.AZ_SNP_VTPM;
    }

    /** The SEV-SNP report inside the HCL report. */
    public SnpReport snpReport() {
        return ((HclHardwareReport.Snp) hclReport.hardwareReport()).report();
    }
}
