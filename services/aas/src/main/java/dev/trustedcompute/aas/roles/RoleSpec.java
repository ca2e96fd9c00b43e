package dev.trustedcompute.aas.roles;

import dev.trustedcompute.aas.InvalidInputException;
import dev.trustedcompute.aas.permissions.PermissionRule;
import dev.trustedcompute.aas.permissions.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated role definition: (service, name, context) is unique; rules are {@code resource:action:selector}.
 * Context is free text such as CMS's {@code CN=hvs;SAN=hvs.local;certType=TLS}, or null.
 */
public record RoleSpec(String service, String name, String context, List<PermissionRule> rules) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern CONTEXT = Pattern.compile("[\\x20-\\x7e]{1,512}");
    static final int MAX_RULES = 256;

    public RoleSpec {
        rules = List.copyOf(rules);
    }

    public static RoleSpec parse(String service, String name, String context, List<String> rules)
            throws InvalidInputException {
        ServiceName.check("service", service);
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException("name", "is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "'" + name + "' must match [A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
        }
        String ctx = context == null || context.isEmpty() ? null : context;
        if (ctx != null && !CONTEXT.matcher(ctx).matches()) {
            throw new InvalidInputException("context", "must be at most 512 printable ASCII characters");
        }
        List<String> texts = rules == null ? List.of() : rules;
        if (texts.size() > MAX_RULES) {
            throw new InvalidInputException("permissions", "at most " + MAX_RULES + " rules per role");
        }
        var parsed = new LinkedHashSet<PermissionRule>();
        for (int i = 0; i < texts.size(); i++) {
            PermissionRule rule = PermissionRule.parse("permissions[" + i + "]", texts.get(i));
            if (!parsed.add(rule)) {
                throw new InvalidInputException("permissions[" + i + "]", "duplicate rule '" + rule + "'");
            }
        }
        return new RoleSpec(service, name, ctx, new ArrayList<>(parsed));
    }
}
