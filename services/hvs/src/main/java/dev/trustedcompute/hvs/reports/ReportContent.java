package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.agentprotocol.DiskEncryption;
import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.nats.EvidenceRejectedException;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.Trust;
import dev.trustedcompute.hvs.rules.TrustVerdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a trust report says, before it is numbered, dated and signed.
 *
 * @param hostInfo         what the agent reported (null when its evidence could not be read)
 * @param trust            PLATFORM, OS, HOST_UNIQUE, SOFTWARE, ASSET_TAG and OVERALL to TRUSTED/UNTRUSTED/NA
 * @param matchedFlavorIds flavors that matched
 * @param quirks           event-log quirks applied, named
 * @param resetCount       the TPM reset counter of the judged quote (null when there was none)
 */
public record ReportContent(HostInfo hostInfo, boolean trusted, Map<String, String> trust,
                            List<TrustReportSummary.Fault> faults, Boolean secureBootEnabled, boolean goldenFromReboot,
                            Set<UUID> matchedFlavorIds, List<String> quirks, Long resetCount) {

    public ReportContent {
        trust = Map.copyOf(trust);
        faults = List.copyOf(faults);
        matchedFlavorIds = Set.copyOf(matchedFlavorIds);
        quirks = List.copyOf(quirks);
    }

    /** The flavor engine's verdict on verified evidence. */
    public static ReportContent of(HostManifest manifest, TrustVerdict verdict) {
        return new ReportContent(manifest.hostInfo(), verdict.trusted(), verdict.summaryTrust(), verdict.summaryFaults(),
                verdict.secureBootEnabled(), verdict.goldenFromReboot(), verdict.matchedFlavorIds(), verdict.quirks(),
                manifest.counters().resetCount());
    }

    /**
     * Evidence that could not be verified: nothing about the host can be trusted, so every part and OVERALL are
     * UNTRUSTED, with one host-wide fault naming the failed check.
     */
    public static ReportContent rejected(HostInfo hostInfo, EvidenceRejectedException rejection) {
        Map<String, String> trust = new LinkedHashMap<>();
        for (FlavorPart part : FlavorPart.values()) {
            trust.put(part.name(), Trust.UNTRUSTED.name());
        }
        trust.put(TrustVerdict.OVERALL, Trust.UNTRUSTED.name());
        return new ReportContent(hostInfo, false, trust,
                List.of(new TrustReportSummary.Fault(rejection.rule(), null, rejection.getMessage())), null, false,
                Set.of(), List.of(), null);
    }

    /** Disk encryption as reported by the agent (self-reported, not measured). */
    DiskEncryption diskEncryption() {
        return hostInfo == null ? null : hostInfo.diskEncryption();
    }
}
