package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.tee.AzureHclReportCollector;
import dev.trustedcompute.trustagent.tee.HclReport;
import dev.trustedcompute.trustagent.tee.Tee;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An Azure confidential VM (SEV-SNP or TDX under a paravisor): the vTPM is the measurement root, so measurements,
 * event log and replay are the {@link TpmCcBackend}'s. A report is the vTPM quote plus the HCL report, refreshed
 * with the quote's bound data as its user data: the HCL report's hardware report (signed by the CPU) binds the
 * runtime claims that carry the vTPM's AK and that user data, so a verifier can go nonce -> quote -> AK -> hardware.
 */
public final class AzureVtpmCcBackend implements CcBackend {

    private final TpmCcBackend vtpm;
    private final AzureHclReportCollector hcl;
    private final String ccType;

    private AzureVtpmCcBackend(TpmCcBackend vtpm, AzureHclReportCollector hcl, String ccType) {
        this.vtpm = vtpm;
        this.hcl = hcl;
        this.ccType = ccType;
    }

    /** Reads the HCL report once to learn the hardware under the vTPM; fails naming the NV index when absent. */
    public static AzureVtpmCcBackend open(TpmCcBackend vtpm, AzureHclReportCollector hcl) throws AgentException {
        try {
            HclReport.Type hardware = HclReport.parse(hcl.collect(Optional.empty())).type();
            Tee tee = hardware == HclReport.Type.SNP ? Tee.AZ_SNP_VTPM : Tee.AZ_TDX_VTPM;
            return new AzureVtpmCcBackend(vtpm, hcl, tee.label());
        } catch (EvidenceFormatException e) {
            throw new IllegalStateException("the collector returned an HCL report it had checked to parse", e);
        }
    }

    /** {@code az-snp-vtpm} or {@code az-tdx-vtpm}, Trustee's names for these TEEs. */
    @Override
    public String ccType() {
        return ccType;
    }

    @Override
    public DigestAlgorithm defaultAlgorithm() {
        return vtpm.defaultAlgorithm();
    }

    @Override
    public Set<DigestAlgorithm> algorithms() {
        return vtpm.algorithms();
    }

    @Override
    public int measurementCount() {
        return vtpm.measurementCount();
    }

    @Override
    public boolean replays(long index) {
        return vtpm.replays(index);
    }

    @Override
    public CcMeasurement measurement(int index, DigestAlgorithm algorithm) throws CcException {
        return vtpm.measurement(index, algorithm);
    }

    @Override
    public List<TcgEvent> events() throws CcException {
        return vtpm.events();
    }

    @Override
    public CcReport report(byte[] nonce, byte[] userData) throws CcException {
        CcReport quote = vtpm.report(nonce, userData);
        try {
            byte[] hclReport = hcl.collect(Optional.of(HexFormat.of().parseHex(quote.boundData())));
            return new CcReport(ccType, quote.quote(), quote.signature(), quote.akPublic(), quote.pcrs(),
                    quote.boundData(), Base64.getEncoder().encodeToString(hclReport));
        } catch (AgentException e) {
            throw CcException.from(e);
        }
    }
}
