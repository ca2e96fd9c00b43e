package dev.trustedcompute.tpmquote.eventlog;

import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PCR values of one bank, unverified: the output of {@link EventLog#computePcrs()} (values the log replays to, for
 * CLIs and for flavors taken from a trusted host). Replay itself takes only a verified quote's {@code QuotedPcrs}.
 *
 * @param algorithm the bank's hash algorithm
 * @param values PCR index to value; every value has the algorithm's digest size
 */
public record PcrValues(DigestAlgorithm algorithm, Map<Integer, byte[]> values) {

    public PcrValues {
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            if (e.getKey() < 0) {
                throw new IllegalArgumentException("negative PCR index " + e.getKey());
            }
            if (e.getValue().length != algorithm.size()) {
                throw new IllegalArgumentException("PCR" + e.getKey() + " has " + e.getValue().length
                        + " bytes, " + algorithm + " needs " + algorithm.size());
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        values = Collections.unmodifiableSortedMap(copy);
    }

    /** Builds from lower-case or upper-case hex strings (convenience for tests, CLIs and flavors). */
    public static PcrValues ofHex(DigestAlgorithm algorithm, Map<Integer, String> hex) {
        TreeMap<Integer, byte[]> map = new TreeMap<>();
        hex.forEach((k, v) -> map.put(k, HexFormat.of().parseHex(v)));
        return new PcrValues(algorithm, map);
    }

    /** The value of {@code pcr}; a copy. */
    public Optional<byte[]> value(int pcr) {
        byte[] v = values.get(pcr);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** Lower-case hex value of {@code pcr}. */
    public Optional<String> hex(int pcr) {
        return value(pcr).map(HexFormat.of()::formatHex);
    }

    /** PCR index to lower-case hex. */
    public Map<Integer, String> toHex() {
        TreeMap<Integer, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public String toString() {
        return algorithm.name() + toHex();
    }
}
