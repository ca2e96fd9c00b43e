package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorApplicability;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorSigningKey;
import dev.trustedcompute.hvs.flavor.InvalidFlavorException;
import dev.trustedcompute.hvs.flavor.StoredFlavor;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroup;
import dev.trustedcompute.hvs.flavorgroup.MatchPolicy;
import dev.trustedcompute.hvs.flavorgroup.MatchType;
import dev.trustedcompute.hvs.flavorgroup.Requirement;
import dev.trustedcompute.hvs.rules.TrustVerdict.Fault;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The flavor engine without Spring: checks every flavor's signature, picks per group and part the flavors the match
 * policy asks for, runs {@link FlavorRules} on them and combines the results into a {@link TrustVerdict}.
 * <ul>
 *   <li>A flavor whose signature fails is refused: a FlavorTrusted fault, and its part is untrusted.</li>
 *   <li>Only flavors that apply to the host ({@link FlavorApplicability}) are candidates; with LATEST only the
 *       newest of them.</li>
 *   <li>No candidate: a fault when the part is required (REQUIRED, or REQUIRED_IF_DEFINED and defined), else NA.</li>
 *   <li>ANY_OF: trusted when one candidate passes; otherwise the faults of the candidate with the fewest.
 *       ALL_OF and LATEST: trusted when all candidates pass; otherwise all their faults.</li>
 *   <li>Several groups: a part is as trusted as its weakest group verdict.</li>
 * </ul>
 */
public final class TrustRules {

    private final FlavorSigningKey signingKey;

    public TrustRules(FlavorSigningKey signingKey) {
        this.signingKey = signingKey;
    }

    /** A stored flavor after its signature check: usable, or refused with the reason. */
    private sealed interface Checked {
        StoredFlavor stored();

        record Usable(StoredFlavor stored, Flavor flavor) implements Checked {
        }

        record Refused(StoredFlavor stored, String reason) implements Checked {
        }
    }

    public TrustVerdict evaluate(HostManifest manifest, List<GroupFlavors> groups, boolean goldenFromReboot) {
        Evidence evidence = Evidence.of(manifest);
        Map<FlavorPart, Trust> parts = new EnumMap<>(FlavorPart.class);
        for (FlavorPart part : FlavorPart.values()) {
            parts.put(part, Trust.NA);
        }
        Set<Fault> faults = new LinkedHashSet<>();
        Set<UUID> matched = new LinkedHashSet<>();
        Map<UUID, Checked> checked = new HashMap<>();
        Map<UUID, List<Fault>> ruleFaults = new HashMap<>();
        if (groups.isEmpty()) {
            faults.add(new Fault(Rule.FLAVOR_GROUP_LINKED, null, null,
                    "the host is linked to no flavor group, so no flavor can vouch for it"));
        }
        for (GroupFlavors group : groups) {
            List<Checked> flavors = group.flavors().stream()
                    .map(s -> checked.computeIfAbsent(s.id(), id -> check(s))).toList();
            for (Map.Entry<FlavorPart, MatchPolicy> policy : group.group().policies().entrySet()) {
                PartResult result = judge(group.group(), policy.getKey(), policy.getValue(), flavors, evidence,
                        ruleFaults);
                parts.merge(policy.getKey(), result.trust(), Trust::and);
                faults.addAll(result.faults());
                matched.addAll(result.matched());
            }
        }
        Trust overall = overall(parts, faults, groups.isEmpty());
        Evidence.SecureBoot secureBoot = evidence.secureBoot();
        return new TrustVerdict(parts, overall, List.copyOf(faults), matched,
                goldenFromReboot, secureBoot.enabled(), evidence.quirks());
    }

    private Checked check(StoredFlavor stored) {
        try {
            return new Checked.Usable(stored, stored.verifiedWith(signingKey));
        } catch (InvalidFlavorException e) {
            return new Checked.Refused(stored, e.getMessage());
        }
    }

    private record PartResult(Trust trust, List<Fault> faults, List<UUID> matched) {
    }

    private static PartResult judge(FlavorGroup group, FlavorPart part, MatchPolicy policy, List<Checked> flavors,
                                    Evidence evidence, Map<UUID, List<Fault>> ruleFaults) {
        List<Fault> faults = new ArrayList<>();
        for (Checked c : flavors) {
            if (c instanceof Checked.Refused r && r.stored().part() == part) {
                faults.add(new Fault(Rule.FLAVOR_SIGNATURE, part, r.stored().id(), "flavor refused: " + r.reason()));
            }
        }
        List<Checked.Usable> ofPart = flavors.stream().filter(c -> c instanceof Checked.Usable u && u.flavor().part() == part)
                .map(Checked.Usable.class::cast).toList();
        List<Checked.Usable> applicable = ofPart.stream()
                .filter(u -> FlavorApplicability.appliesTo(u.flavor(), evidence.manifest().hostInfo())).toList();
        if (policy.matchType() == MatchType.LATEST && applicable.size() > 1) {
            applicable = List.of(applicable.stream().max(Comparator.comparing((Checked.Usable u) -> u.stored().createdAt())
                    .thenComparing(u -> u.stored().id())).orElseThrow());
        }
        boolean perHost = part == FlavorPart.HOST_UNIQUE || part == FlavorPart.ASSET_TAG;
        boolean defined = !faults.isEmpty() || (perHost ? !applicable.isEmpty() : !ofPart.isEmpty());
        boolean required = policy.required() == Requirement.REQUIRED || defined;
        if (applicable.isEmpty()) {
            if (!faults.isEmpty()) {
                return new PartResult(Trust.UNTRUSTED, faults, List.of());
            }
            if (!required) {
                return new PartResult(Trust.NA, List.of(), List.of());
            }
            faults.add(new Fault(Rule.REQUIRED_FLAVOR_PART, part, null, "flavor group '" + group.name() + "' requires a "
                    + part + " flavor (" + policy.matchType() + ", " + policy.required() + ") but none of its "
                    + ofPart.size() + " " + part + " flavors applies to this host" + hostMetadata(part, evidence)));
            return new PartResult(Trust.UNTRUSTED, faults, List.of());
        }
        Map<UUID, List<Fault>> results = new java.util.LinkedHashMap<>();
        for (Checked.Usable u : applicable) {
            results.put(u.stored().id(), ruleFaults.computeIfAbsent(u.stored().id(),
                    id -> FlavorRules.check(u.flavor(), evidence)));
        }
        List<UUID> passing = results.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        boolean satisfied = switch (policy.matchType()) {
            case ANY_OF -> !passing.isEmpty();
            case ALL_OF, LATEST -> passing.size() == results.size();
        };
        if (!satisfied) {
            switch (policy.matchType()) {
                case ANY_OF -> faults.addAll(results.values().stream().min(Comparator.comparingInt(List::size)).orElseThrow());
                case ALL_OF -> {
                    results.values().forEach(faults::addAll);
                    List<UUID> failing = results.keySet().stream().filter(id -> !passing.contains(id)).toList();
                    faults.add(new Fault(Rule.ALL_OF_FLAVORS, part, null, "flavor group '" + group.name() + "' requires all "
                            + results.size() + " applicable " + part + " flavors to match; these do not: "
                            + failing.stream().map(UUID::toString).collect(Collectors.joining(", "))));
                }
                case LATEST -> results.values().forEach(faults::addAll);
            }
        }
        Trust trust = satisfied && faults.isEmpty() ? Trust.TRUSTED : Trust.UNTRUSTED;
        return new PartResult(trust, faults, trust == Trust.TRUSTED ? passing : List.of());
    }

    private static String hostMetadata(FlavorPart part, Evidence evidence) {
        var host = evidence.manifest().hostInfo();
        return switch (part) {
            case PLATFORM -> " (BIOS " + host.biosVendor() + " " + host.biosVersion() + ")";
            case OS -> " (OS " + host.osName() + " " + host.osVersion() + ")";
            case HOST_UNIQUE, ASSET_TAG -> " (hardware UUID " + host.hardwareUuid() + ")";
            case SOFTWARE -> "";
        };
    }

    private static Trust overall(Map<FlavorPart, Trust> parts, Set<Fault> faults, boolean noGroups) {
        if (noGroups || !faults.isEmpty() || parts.containsValue(Trust.UNTRUSTED)) {
            return Trust.UNTRUSTED;
        }
        if (!parts.containsValue(Trust.TRUSTED)) {
            faults.add(new Fault(Rule.REQUIRED_FLAVOR_PART, null, null,
                    "no flavor group of the host requires or defines a flavor part, so nothing vouches for it"));
            return Trust.UNTRUSTED;
        }
        return Trust.TRUSTED;
    }
}
