package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The flavor engine's judgement of one {@link HostManifest}.
 *
 * @param parts             trust of every flavor part (all parts present, NA where nothing applies)
 * @param overall           TRUSTED only when no part is UNTRUSTED, at least one part is TRUSTED and there is no fault
 * @param faults            every failed rule, in evaluation order; empty when trusted
 * @param matchedFlavorIds  flavors whose rules all passed and that satisfied their group's match policy
 * @param goldenFromReboot  true when, by a flavor group's explicit golden-after-reboot option, this evidence
 *                          was itself taken as golden (first evidence after a TPM reset)
 * @param secureBootEnabled Secure Boot state from the verified PCR7 events; null when it could not be read
 *                          (no event log, PCR7 not quoted or not replayable)
 * @param quirks            event-log quirks replay had to apply and banks it could not check, named
 */
public record TrustVerdict(Map<FlavorPart, Trust> parts, Trust overall, List<Fault> faults,
                           Set<UUID> matchedFlavorIds, boolean goldenFromReboot, Boolean secureBootEnabled,
                           List<String> quirks) {

    /** Key of the overall verdict in {@link #summaryTrust()}. */
    public static final String OVERALL = "OVERALL";

    /**
     * One failed rule.
     *
     * @param rule        the rule
     * @param part        the flavor part it was checked for; null for host-wide faults
     * @param flavorId    the flavor whose rule failed; null when no single flavor is concerned
     * @param description what was expected and what was found
     */
    public record Fault(Rule rule, FlavorPart part, UUID flavorId, String description) {
        public Fault {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(description, "description");
        }

        /** As written into the signed report. */
        public TrustReportSummary.Fault toSummary() {
            return new TrustReportSummary.Fault(rule.ruleName(), part == null ? null : part.name(),
                    flavorId == null ? description : description + " (flavor " + flavorId + ")");
        }
    }

    public TrustVerdict {
        EnumMap<FlavorPart, Trust> all = new EnumMap<>(FlavorPart.class);
        for (FlavorPart part : FlavorPart.values()) {
            all.put(part, Objects.requireNonNull(parts.get(part), () -> "no trust for " + part));
        }
        parts = Map.copyOf(all);
        Objects.requireNonNull(overall, "overall");
        faults = List.copyOf(faults);
        matchedFlavorIds = Set.copyOf(matchedFlavorIds);
        quirks = List.copyOf(quirks);
        if (overall == Trust.TRUSTED && !faults.isEmpty()) {
            throw new IllegalArgumentException("a trusted verdict cannot carry faults: " + faults);
        }
    }

    /** Whether the host as a whole is trusted. */
    public boolean trusted() {
        return overall == Trust.TRUSTED;
    }

    /** {@code TrustReportSummary#trust}: every part's name and {@code OVERALL} to TRUSTED/UNTRUSTED/NA. */
    public Map<String, String> summaryTrust() {
        Map<String, String> out = new LinkedHashMap<>();
        for (FlavorPart part : FlavorPart.values()) {
            out.put(part.name(), parts.get(part).name());
        }
        out.put(OVERALL, overall.name());
        return out;
    }

    /** {@code TrustReportSummary#faults}. */
    public List<TrustReportSummary.Fault> summaryFaults() {
        return faults.stream().map(Fault::toSummary).toList();
    }
}
