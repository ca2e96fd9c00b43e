package dev.trustedcompute.kbs.referencevalues;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where appraisals get reference values: RVPS in production, an in-memory map in unit tests. */
@FunctionalInterface
public interface ReferenceValueProvider {

    /**
     * The unexpired values of each requested name that has any; names without values are absent.
     *
     * @throws ReferenceValuesUnavailableException when the source cannot be asked
     */
    Map<String, List<String>> query(Set<String> names);
}
