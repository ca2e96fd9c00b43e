package dev.trustedcompute.aas.permissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a subject holds for one service: the element of the SecL {@code permissions} claim,
 * {@code {"service":"HVS","rules":["reports:search:*", ...]}}.
 */
public record Permission(String service, List<String> rules) {

    public Permission {
        rules = List.copyOf(rules);
    }

    /** A role's rules, before grouping. */
    public record Grant(String service, Collection<PermissionRule> rules) {
    }

    /**
     * Groups the rules of several roles by service, keeping first-seen order of services and rules and dropping
     * duplicates (two roles may grant the same rule).
     */
    public static List<Permission> group(Collection<Grant> grants) {
        Map<String, Set<String>> byService = new LinkedHashMap<>();
        for (Grant grant : grants) {
            Set<String> rules = byService.computeIfAbsent(grant.service(), s -> new LinkedHashSet<>());
            grant.rules().forEach(rule -> rules.add(rule.toString()));
        }
        List<Permission> result = new ArrayList<>();
        byService.forEach((service, rules) -> result.add(new Permission(service, new ArrayList<>(rules))));
        return List.copyOf(result);
    }
}
