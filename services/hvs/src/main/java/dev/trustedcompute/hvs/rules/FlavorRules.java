package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.hvs.flavor.EventLogEntry;
import dev.trustedcompute.hvs.flavor.EventTags;
import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorPcr;
import dev.trustedcompute.hvs.rules.TrustVerdict.Fault;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The rules of one verified flavor against one host's evidence, all of them, every fault collected:
 * per PCR PcrMatchesConstant, PcrEventLogIntegrity (whenever an event-log rule is present), PcrEventLogEquals and
 * PcrEventLogIncludes; for a PLATFORM flavor taken with Secure Boot on, SecureBootEnabled.
 */
public final class FlavorRules {

    private FlavorRules() {
    }

    public static List<Fault> check(Flavor flavor, Evidence evidence) {
        UUID id = flavor.meta().id();
        FlavorPart part = flavor.part();
        List<Fault> faults = new ArrayList<>();
        for (FlavorPcr pcr : flavor.pcrs()) {
            if (pcr.pcrMatches()) {
                pcrMatches(pcr, evidence).ifPresent(d -> faults.add(new Fault(Rule.PCR_MATCHES_CONSTANT, part, id, d)));
            }
            if (!pcr.hasEventLogRules()) {
                continue;
            }
            switch (evidence.events(pcr.pcr().index(), pcr.pcr().bank())) {
                case Evidence.PcrEvents.Unverified u -> faults.add(new Fault(Rule.EVENT_LOG_INTEGRITY, part, id,
                        pcr.pcr() + ": events cannot be checked: " + u.reason()));
                case Evidence.PcrEvents.Verified v -> {
                    List<EventLogEntry> actual = entries(v.events(), pcr.pcr().bank());
                    if (pcr.eventlogEquals() != null) {
                        equals(pcr, actual).ifPresent(d -> faults.add(new Fault(Rule.EVENT_LOG_EQUALS, part, id, d)));
                    }
                    if (pcr.eventlogIncludes() != null) {
                        includes(pcr, actual).ifPresent(d -> faults.add(new Fault(Rule.EVENT_LOG_INCLUDES, part, id, d)));
                    }
                }
            }
        }
        if (part == FlavorPart.PLATFORM && Boolean.TRUE.equals(flavor.meta().description().secureBootEnabled())) {
            Evidence.SecureBoot sb = evidence.secureBoot();
            if (sb.enabled() == null) {
                faults.add(new Fault(Rule.SECURE_BOOT_ENABLED, part, id, "Secure Boot state unknown: " + sb.problem()));
            } else if (!sb.enabled()) {
                faults.add(new Fault(Rule.SECURE_BOOT_ENABLED, part, id,
                        "Secure Boot is disabled (the verified PCR 7 events measure SecureBoot = 00)"));
            }
        }
        return faults;
    }

    /** The flavor form of verified events: type, tags and digest in {@code bank}. */
    public static List<EventLogEntry> entries(List<TcgEvent> events, TpmHash bank) {
        return events.stream().map(e -> new EventLogEntry(String.format("0x%08x", e.type().code()), e.type().name(),
                EventTags.of(e), e.digest(Evidence.algorithm(bank)).orElseThrow(() -> new IllegalStateException(
                        e.describe() + " has no " + bank + " digest in a log that carries the bank")).hex())).toList();
    }

    private static Optional<String> pcrMatches(FlavorPcr pcr, Evidence evidence) {
        Optional<byte[]> quoted = evidence.quoted(pcr.pcr().index(), pcr.pcr().bank());
        if (quoted.isEmpty()) {
            return Optional.of(pcr.pcr() + " was not quoted (PcrValueMissing)");
        }
        String actual = HexFormat.of().formatHex(quoted.get());
        return actual.equals(pcr.measurement()) ? Optional.empty()
                : Optional.of(pcr.pcr() + " is " + actual + " but the flavor expects " + pcr.measurement());
    }

    private static Optional<String> equals(FlavorPcr pcr, List<EventLogEntry> actual) {
        List<String> excluded = pcr.eventlogEquals().excluded();
        List<EventLogEntry> want = pcr.eventlogEquals().events().stream().filter(e -> !e.taggedWithAny(excluded)).toList();
        List<EventLogEntry> have = actual.stream().filter(e -> !e.taggedWithAny(excluded)).toList();
        List<EventLogEntry> missing = subtract(want, have);
        List<EventLogEntry> unexpected = subtract(have, want);
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder d = new StringBuilder(pcr.pcr().toString()).append(": events differ from the flavor");
        if (!excluded.isEmpty()) {
            d.append(" (excluding tags ").append(excluded).append(')');
        }
        if (!unexpected.isEmpty()) {
            d.append("; unexpected: ").append(describe(unexpected));
        }
        if (!missing.isEmpty()) {
            d.append("; missing: ").append(describe(missing));
        }
        return Optional.of(d.toString());
    }

    private static Optional<String> includes(FlavorPcr pcr, List<EventLogEntry> actual) {
        List<EventLogEntry> missing = subtract(pcr.eventlogIncludes(), actual);
        return missing.isEmpty() ? Optional.empty()
                : Optional.of(pcr.pcr() + ": expected events missing: " + describe(missing));
    }

    /** Multiset difference by (type_id, measurement), keeping {@code from}'s order (SecL TpmEventLog.Subtract). */
    static List<EventLogEntry> subtract(List<EventLogEntry> from, List<EventLogEntry> remove) {
        Map<EventLogEntry.Key, Integer> counts = new HashMap<>();
        remove.forEach(e -> counts.merge(e.key(), 1, Integer::sum));
        List<EventLogEntry> out = new ArrayList<>();
        for (EventLogEntry e : from) {
            int left = counts.getOrDefault(e.key(), 0);
            if (left > 0) {
                counts.put(e.key(), left - 1);
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static String describe(List<EventLogEntry> events) {
        return events.stream().map(EventLogEntry::describe).collect(Collectors.joining(", "));
    }
}
