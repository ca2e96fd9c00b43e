package dev.trustedcompute.kbs.policy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference values a policy needs are those it names literally, as {@code reference_values["name"]} or
 * {@code reference_values.name} (the same spelling in CEL and Rego). KBS fetches exactly these from RVPS before each
 * appraisal, in one query.
 */
public final class ReferenceValueNames {

    private static final Pattern NAME = Pattern.compile(
            "reference_values(?:\\[\"([^\"\\\\]+)\"]|\\.([A-Za-z_][A-Za-z0-9_]*))");

    private ReferenceValueNames() {
    }

    public static Set<String> in(String policyText) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(policyText);
        while (matcher.find()) {
            names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return names;
    }
}
