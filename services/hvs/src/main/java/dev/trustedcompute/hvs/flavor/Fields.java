package dev.trustedcompute.hvs.flavor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable copies of the lists and maps of flavor and template documents that say which field holds a null
 * (a client's mistake, reported as a 400 naming the field, not an anonymous NullPointerException).
 */
public final class Fields {

    private Fields() {
    }

    /** A copy of {@code list}, or {@code whenAbsent} when it is null. */
    public static <T> List<T> list(String field, List<T> list, List<T> whenAbsent) {
        if (list == null) {
            return whenAbsent;
        }
        if (list.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not hold null");
        }
        return List.copyOf(list);
    }

    /** A copy of {@code map}, empty when it is null. */
    public static <K, V> Map<K, V> map(String field, Map<K, V> map) {
        if (map == null) {
            return Map.of();
        }
        if (map.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException(field + " must not hold null");
        }
        return Map.copyOf(map);
    }
}
