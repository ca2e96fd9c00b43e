package dev.trustedcompute.servicekit.security;

import org.springframework.security.oauth2.jwt.Jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed view of the Intel SecL-shaped claims AAS puts in its tokens:
 * {@code roles:[{service,name,context}]} and {@code permissions:[{service,rules:["resource:action:selector"]}]}.
 * Malformed entries are ignored (they grant nothing).
 */
public record TokenClaims(String subject, List<RoleClaim> roles, List<PermissionClaim> permissions) {

    public record RoleClaim(String service, String name, String context) {
    }

    public record PermissionClaim(String service, List<String> rules) {
    }

    /** One permission rule, split: {@code resource:action:selector} (the selector defaults to {@code *}). */
    public record Rule(String service, String resource, String action, String selector) {

        static Rule parse(String service, String rule) {
            String[] parts = rule.split(":", 3);
            if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
                return null;
            }
            return new Rule(service, parts[0], parts[1], parts.length == 3 && !parts[2].isBlank() ? parts[2] : "*");
        }
    }

    public static TokenClaims from(Jwt jwt) {
        return from(jwt.getSubject(), jwt.getClaims());
    }

    public static TokenClaims from(String subject, Map<String, Object> claims) {
        List<RoleClaim> roles = new ArrayList<>();
        if (claims.get("roles") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map && map.get("service") instanceof String service
                        && map.get("name") instanceof String name) {
                    roles.add(new RoleClaim(service, name, map.get("context") instanceof String c ? c : null));
                }
            }
        }
        List<PermissionClaim> permissions = new ArrayList<>();
        if (claims.get("permissions") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map && map.get("service") instanceof String service
                        && map.get("rules") instanceof List<?> rules) {
                    permissions.add(new PermissionClaim(service,
                            rules.stream().filter(String.class::isInstance).map(String.class::cast).toList()));
                }
            }
        }
        return new TokenClaims(subject, List.copyOf(roles), List.copyOf(permissions));
    }

    /** Every permission rule in the token, split into its parts. */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (PermissionClaim permission : permissions) {
            for (String text : permission.rules()) {
                Rule rule = Rule.parse(permission.service(), text);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    /** Selectors of the rules granting {@code service:resource:action} ({@code *} parts in a rule match anything). */
    public List<String> selectorsFor(String service, String resource, String action) {
        return rules().stream()
                .filter(r -> wildcardEquals(r.service(), service) && wildcardEquals(r.resource(), resource)
                        && wildcardEquals(r.action(), action))
                .map(Rule::selector)
                .toList();
    }

    private static boolean wildcardEquals(String granted, String wanted) {
        return "*".equals(granted) || granted.equalsIgnoreCase(wanted);
    }
}
