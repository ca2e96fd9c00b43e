package dev.trustedcompute.kbs.referencevalues;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Reference values in memory with RVPS's contract: expired values are never returned, names without values absent. */
public final class InMemoryReferenceValues implements ReferenceValueProvider {

    private record Entry(List<String> values, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryReferenceValues(Clock clock) {
        this.clock = clock;
    }

    public void put(String name, Instant expiresAt, String... values) {
        entries.put(name, new Entry(List.of(values), expiresAt));
    }

    public void clear() {
        entries.clear();
    }

    @Override
    public Map<String, List<String>> query(Set<String> names) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (String name : names) {
            Entry entry = entries.get(name);
            if (entry != null && entry.expiresAt().isAfter(now)) {
                found.put(name, entry.values());
            }
        }
        return found;
    }
}
