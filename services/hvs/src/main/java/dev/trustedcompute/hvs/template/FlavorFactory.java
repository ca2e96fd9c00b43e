package dev.trustedcompute.hvs.template;

import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.hvs.flavor.EventLogEntry;
import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorPcr;
import dev.trustedcompute.hvs.flavor.FlavorValidator;
import dev.trustedcompute.hvs.rules.Evidence;
import dev.trustedcompute.hvs.rules.FlavorRules;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Makes flavors from a host's verified evidence with the flavor templates whose conditions hold for the host
 * (SecL {@code flavor_controller.go} with templates). Rules of several templates for the same part and PCR are
 * merged: banks in first-seen order, {@code pcr_matches} if any asks, excluded tags and included tags united.
 * For each PCR the first preferred bank the host quoted (and, for event rules, its event log carries) is used.
 * Events are taken only from PCRs whose replay equals the quote; anything a template asks for that the evidence
 * cannot give is a {@link FlavorCreationException}, never a silently smaller flavor.
 */
public final class FlavorFactory {

    private static final DateTimeFormatter LABEL_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Supplier<UUID> ids;

    public FlavorFactory(Supplier<UUID> ids) {
        this.ids = ids;
    }

    /** A merged rule for one PCR of one part. */
    private static final class Merged {
        final int index;
        final Set<TpmHash> banks = new LinkedHashSet<>();
        boolean pcrMatches;
        Set<String> equalsExcluding;
        Set<String> includes;

        Merged(int index) {
            this.index = index;
        }

        boolean needsEvents() {
            return equalsExcluding != null || includes != null;
        }
    }

    /**
     * @param parts the parts to make (SecL {@code partial_flavor_types}); empty means every part the templates define
     * @return one flavor per part, validated, ids assigned, in {@link FlavorPart} order
     */
    public List<Flavor> fromHost(HostManifest manifest, List<FlavorTemplate> templates, Set<FlavorPart> parts,
                                 Instant now) {
        HostInfo host = manifest.hostInfo();
        List<FlavorTemplate> applicable = templates.stream().filter(t -> t.appliesTo(host)).toList();
        if (applicable.isEmpty()) {
            throw new FlavorCreationException("none of the flavor templates " + templates.stream().map(FlavorTemplate::label)
                    .toList() + " applies to host " + host.hostName() + " (os " + host.osName() + ", tpm "
                    + host.tpmVersion() + ", secure boot " + host.secureBootEnabled() + ")");
        }
        Map<FlavorPart, TreeMap<Integer, Merged>> merged = merge(applicable);
        if (!parts.isEmpty()) {
            merged.keySet().retainAll(parts);
            Set<FlavorPart> missing = new java.util.TreeSet<>(parts);
            missing.removeAll(merged.keySet());
            if (!missing.isEmpty()) {
                throw new FlavorCreationException("the applicable templates " + labels(applicable)
                        + " define no rules for " + missing);
            }
        }
        Evidence evidence = Evidence.of(manifest);
        List<UUID> templateIds = applicable.stream().map(FlavorTemplate::id).toList();
        List<Flavor> flavors = new ArrayList<>();
        for (Map.Entry<FlavorPart, TreeMap<Integer, Merged>> part : merged.entrySet()) {
            List<FlavorPcr> pcrs = new ArrayList<>();
            for (Merged rule : part.getValue().values()) {
                pcrs.add(pcr(part.getKey(), rule, evidence));
            }
            UUID id = ids.get();
            Flavor flavor = new Flavor(new Flavor.Meta(id, null, description(part.getKey(), host, evidence, templateIds,
                    label(part.getKey(), host, now, id))),
                    part.getKey() == FlavorPart.PLATFORM ? new Flavor.Bios(host.biosVendor(), host.biosVersion()) : null,
                    pcrs);
            FlavorValidator.validate(flavor);
            flavors.add(flavor);
        }
        return flavors;
    }

    private static Map<FlavorPart, TreeMap<Integer, Merged>> merge(List<FlavorTemplate> templates) {
        Map<FlavorPart, TreeMap<Integer, Merged>> merged = new EnumMap<>(FlavorPart.class);
        for (FlavorTemplate template : templates) {
            template.flavorParts().forEach((part, rules) -> {
                for (PcrRule rule : rules.pcrRules()) {
                    Merged m = merged.computeIfAbsent(part, p -> new TreeMap<>())
                            .computeIfAbsent(rule.pcr().index(), Merged::new);
                    m.banks.addAll(rule.pcr().bank());
                    m.pcrMatches |= rule.pcrMatches();
                    if (rule.eventlogEquals() != null) {
                        if (m.equalsExcluding == null) {
                            m.equalsExcluding = new LinkedHashSet<>();
                        }
                        m.equalsExcluding.addAll(rule.eventlogEquals().excluded());
                    }
                    if (rule.eventlogIncludes() != null) {
                        if (m.includes == null) {
                            m.includes = new LinkedHashSet<>();
                        }
                        m.includes.addAll(rule.eventlogIncludes());
                    }
                }
            });
        }
        return merged;
    }

    private static FlavorPcr pcr(FlavorPart part, Merged rule, Evidence evidence) {
        Optional<TpmHash> bank = rule.banks.stream()
                .filter(b -> evidence.quoted(rule.index, b).isPresent() && (!rule.needsEvents() || evidence.logCarries(b)))
                .findFirst();
        if (bank.isEmpty()) {
            throw new FlavorCreationException(part + " PCR " + rule.index + ": the host quoted none of the banks "
                    + rule.banks + (rule.needsEvents() ? " in which its event log has digests" : ""));
        }
        FlavorPcr.Pcr pcr = new FlavorPcr.Pcr(rule.index, bank.get());
        String measurement = HexFormat.of().formatHex(evidence.quoted(rule.index, bank.get()).orElseThrow());
        if (!rule.needsEvents()) {
            return new FlavorPcr(pcr, measurement, rule.pcrMatches, null, null);
        }
        List<EventLogEntry> events = switch (evidence.events(rule.index, bank.get())) {
            case Evidence.PcrEvents.Verified v -> FlavorRules.entries(v.events(), bank.get());
            case Evidence.PcrEvents.Unverified u -> throw new FlavorCreationException(part + " " + pcr
                    + ": events cannot be taken: " + u.reason());
        };
        FlavorPcr.EventLogEquals equals = null;
        if (rule.equalsExcluding != null) {
            List<String> excluded = List.copyOf(rule.equalsExcluding);
            equals = new FlavorPcr.EventLogEquals(events.stream().filter(e -> !e.taggedWithAny(excluded)).toList(),
                    excluded.isEmpty() ? null : excluded);
        }
        List<EventLogEntry> includes = null;
        if (rule.includes != null) {
            for (String tag : rule.includes) {
                if (events.stream().noneMatch(e -> e.tags().contains(tag))) {
                    throw new FlavorCreationException(part + " " + pcr + ": no verified event carries the tag '" + tag
                            + "' that eventlog_includes asks for");
                }
            }
            List<String> tags = List.copyOf(rule.includes);
            includes = events.stream().filter(e -> e.taggedWithAny(tags)).toList();
        }
        return new FlavorPcr(pcr, measurement, rule.pcrMatches, equals, includes);
    }

    private static Flavor.Description description(FlavorPart part, HostInfo host, Evidence evidence,
                                                  List<UUID> templateIds, String label) {
        boolean platform = part == FlavorPart.PLATFORM;
        boolean os = part == FlavorPart.OS;
        boolean perHost = part == FlavorPart.HOST_UNIQUE || part == FlavorPart.ASSET_TAG;
        return new Flavor.Description(part, label, host.hostName(),
                platform ? host.biosVendor() : null, platform ? host.biosVersion() : null,
                os ? host.osName() : null, os ? host.osVersion() : null,
                host.tpmVersion(), perHost ? host.hardwareUuid() : null,
                platform ? evidence.secureBoot().enabled() : null, templateIds, null);
    }

    private static String label(FlavorPart part, HostInfo host, Instant now, UUID id) {
        return part + "_" + host.hostName() + "_" + LABEL_TIME.format(now) + "_" + id.toString().substring(0, 8);
    }

    private static List<String> labels(List<FlavorTemplate> templates) {
        return templates.stream().map(FlavorTemplate::label).toList();
    }
}
