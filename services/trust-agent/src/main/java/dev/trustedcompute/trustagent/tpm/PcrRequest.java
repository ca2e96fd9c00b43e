package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * PCRs to quote, per bank, in the order the TPM digests them: banks in {@link TpmHash} order, indices ascending.
 *
 * @param banks bank to PCR indices 0..23, at least one bank and one index per bank
 */
public record PcrRequest(SortedMap<TpmHash, SortedSet<Integer>> banks) {

    public static final int PCR_COUNT = 24;

    public PcrRequest {
        if (banks.isEmpty()) {
            throw new IllegalArgumentException("no PCR bank selected");
        }
        var copy = new java.util.TreeMap<TpmHash, SortedSet<Integer>>();
        banks.forEach((bank, indices) -> {
            if (indices.isEmpty()) {
                throw new IllegalArgumentException("bank " + bank.label() + " selects no PCR");
            }
            indices.forEach(i -> {
                if (i < 0 || i >= PCR_COUNT) {
                    throw new IllegalArgumentException("PCR index " + i + " is not 0.." + (PCR_COUNT - 1));
                }
            });
            copy.put(bank, Collections.unmodifiableSortedSet(new TreeSet<>(indices)));
        });
        banks = Collections.unmodifiableSortedMap(copy);
    }

    /** From the protocol's {@code {"sha256":[0,1,7]}} (already range-checked by agent-protocol). */
    public static PcrRequest of(Map<String, List<Integer>> selection) {
        Map<TpmHash, SortedSet<Integer>> banks = new EnumMap<>(TpmHash.class);
        selection.forEach((label, indices) -> banks.put(bank(label), new TreeSet<>(indices)));
        return new PcrRequest(new java.util.TreeMap<>(banks));
    }

    /** All 24 PCRs of one bank (what Trustee's TPM evidence carries). */
    public static PcrRequest all(TpmHash bank) {
        SortedSet<Integer> indices = new TreeSet<>();
        for (int i = 0; i < PCR_COUNT; i++) {
            indices.add(i);
        }
        return new PcrRequest(new java.util.TreeMap<>(Map.of(bank, indices)));
    }

    /** {@code sha256:0,1,7}: one bank per argument (the CLI's {@code --pcrs}). */
    public static PcrRequest parse(List<String> specs) {
        Map<TpmHash, SortedSet<Integer>> banks = new EnumMap<>(TpmHash.class);
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            if (colon < 1 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("PCR selection '" + spec + "' is not <bank>:<index>,<index>...");
            }
            SortedSet<Integer> indices = new TreeSet<>();
            for (String index : spec.substring(colon + 1).split(",")) {
                try {
                    indices.add(Integer.parseInt(index.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("PCR index '" + index + "' in '" + spec + "' is not a number");
                }
            }
            if (banks.put(bank(spec.substring(0, colon)), indices) != null) {
                throw new IllegalArgumentException("bank " + spec.substring(0, colon) + " is selected twice");
            }
        }
        return new PcrRequest(new java.util.TreeMap<>(banks));
    }

    private static TpmHash bank(String label) {
        try {
            return TpmHash.fromLabel(label, "pcrs");
        } catch (EvidenceFormatException e) {
            throw new IllegalArgumentException("unknown PCR bank '" + label + "' (sha1, sha256, sha384, sha512)");
        }
    }
}
