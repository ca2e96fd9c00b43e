package dev.trustedcompute.rvps.referencevalues;

import java.time.Instant;
import java.util.List;

/** A stored reference value: appraisers see {@code values} while the clock is before {@code expiration}. */
public record ReferenceValue(String name, List<String> values, Instant expiration, Provenance provenance) {

    public ReferenceValue {
        values = List.copyOf(values);
    }
}
