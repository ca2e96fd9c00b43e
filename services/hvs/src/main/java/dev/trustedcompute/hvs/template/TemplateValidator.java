package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorValidator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a template before it is stored, so that flavor creation never meets a malformed one. */
public final class TemplateValidator {

    private TemplateValidator() {
    }

    public static void validate(FlavorTemplate template) {
        if (template.label() == null || template.label().isBlank()) {
            throw invalid("label", "is required");
        }
        text("label", template.label(), FlavorValidator.MAX_LABEL);
        for (int i = 0; i < template.condition().size(); i++) {
            condition("condition[" + i + "]", template.condition().get(i));
        }
        if (template.flavorParts().isEmpty()) {
            throw invalid("flavor_parts", "needs at least one part");
        }
        for (Map.Entry<FlavorPart, FlavorTemplate.PartRules> part : template.flavorParts().entrySet()) {
            String field = "flavor_parts." + part.getKey();
            if (part.getValue() == null || part.getValue().pcrRules().isEmpty()) {
                throw invalid(field + ".pcr_rules", "needs at least one rule");
            }
            Set<Integer> seen = new HashSet<>();
            List<PcrRule> rules = part.getValue().pcrRules();
            for (int i = 0; i < rules.size(); i++) {
                rule(field + ".pcr_rules[" + i + "]", rules.get(i), seen);
            }
        }
    }

    private static void condition(String field, Condition c) {
        if (c == null || c.field() == null) {
            throw invalid(field + ".field", "is required");
        }
        if (c.tests() != 1) {
            throw invalid(field, "needs exactly one of one_of, starts_with, present");
        }
        if (c.oneOf() != null) {
            if (c.oneOf().isEmpty()) {
                throw invalid(field + ".one_of", "must not be empty");
            }
            c.oneOf().forEach(v -> required(field + ".one_of", v));
        }
        if (c.startsWith() != null) {
            required(field + ".starts_with", c.startsWith());
        }
    }

    private static void rule(String field, PcrRule rule, Set<Integer> seen) {
        int index = rule.pcr().index();
        if (index < 0 || index >= FlavorValidator.PCR_COUNT) {
            throw invalid(field + ".pcr.index", "must be 0.." + (FlavorValidator.PCR_COUNT - 1));
        }
        if (!seen.add(index)) {
            throw invalid(field + ".pcr.index", "PCR " + index + " has two rules in this part");
        }
        if (rule.pcr().bank().isEmpty()
                || new HashSet<>(rule.pcr().bank()).size() != rule.pcr().bank().size()) {
            throw invalid(field + ".pcr.bank", "needs one or more distinct banks");
        }
        if (!rule.pcrMatches() && rule.eventlogEquals() == null && rule.eventlogIncludes() == null) {
            throw invalid(field, "needs pcr_matches, eventlog_equals or eventlog_includes");
        }
        if (rule.eventlogEquals() != null) {
            rule.eventlogEquals().excluded().forEach(t -> required(field + ".eventlog_equals.excluding_tags", t));
        }
        if (rule.eventlogIncludes() != null) {
            if (rule.eventlogIncludes().isEmpty()) {
                throw invalid(field + ".eventlog_includes", "must name at least one tag");
            }
            rule.eventlogIncludes().forEach(t -> required(field + ".eventlog_includes", t));
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, "must not hold null or empty strings");
        }
        text(field, value, FlavorValidator.MAX_TEXT);
    }

    private static void text(String field, String value, int max) {
        if (value.length() > max) {
            throw invalid(field, "longer than " + max + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw invalid(field, "must not contain NUL characters");
        }
    }

    private static InvalidTemplateException invalid(String field, String problem) {
        return new InvalidTemplateException(field + ": " + problem);
    }
}
