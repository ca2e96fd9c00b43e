package dev.trustedcompute.rvps.message;

import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One reference value read from a message and checked against {@link NamingRules}; not stored yet.
 *
 * @param expiration whole seconds, as Trustee writes it ({@code YYYY-MM-DDTHH:MM:SSZ}); always after the time the
 *                   message was read
 */
public record ExtractedValue(String name, List<String> values, Instant expiration) {

    public ExtractedValue {
        values = List.copyOf(values);
    }

    static ExtractedValue of(String name, List<String> values, Instant expiration, Instant now)
            throws InvalidMessageException {
        var nameProblem = NamingRules.nameViolation(name);
        if (nameProblem.isPresent()) {
            throw invalid(nameProblem.get() + ": " + NamingRules.printable(name));
        }
        if (values.isEmpty()) {
            throw invalid(name + ": at least one value is needed");
        }
        if (values.size() > NamingRules.MAX_VALUES_PER_NAME) {
            throw invalid(name + ": at most " + NamingRules.MAX_VALUES_PER_NAME + " values per name");
        }
        for (String value : values) {
            var valueProblem = NamingRules.valueViolation(value);
            if (valueProblem.isPresent()) {
                throw invalid(name + ": " + valueProblem.get());
            }
        }
        Instant seconds = expiration.truncatedTo(ChronoUnit.SECONDS);
        if (!seconds.isAfter(now)) {
            throw invalid(name + ": expiration " + seconds + " is not in the future");
        }
        return new ExtractedValue(name, values, seconds);
    }

    private static InvalidMessageException invalid(String detail) {
        return new InvalidMessageException(Reason.INVALID_REFERENCE_VALUE, detail);
    }
}
