package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * PCR values of one bank as reported by the attester (unverified until {@link AkPublic#verify} matches
 * them against a quote).
 *
 * @param hash   the bank
 * @param values PCR index to value; every value has the bank's digest length
 */
public record PcrBank(TpmHash hash, SortedMap<Integer, byte[]> values) {

    public PcrBank {
        Objects.requireNonNull(hash, "hash");
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        values.forEach((index, value) -> {
            if (index < 0 || index >= PcrSelection.MAX_SIZE_OF_SELECT * 8) {
                throw new IllegalArgumentException("PCR index out of range: " + index);
            }
            if (value.length != hash.digestLength()) {
                throw new IllegalArgumentException("PCR " + index + " has " + value.length + " bytes, "
                        + hash + " needs " + hash.digestLength());
            }
            copy.put(index, value.clone());
        });
        values = Collections.unmodifiableSortedMap(copy);
    }

    /** A copy of the value of PCR {@code index}, or null when the bank does not hold it. */
    public byte[] value(int index) {
        byte[] v = values.get(index);
        return v == null ? null : v.clone();
    }

    /**
     * Parses PCR JSON as written by several tools: {@code {"sha256": {"0": "hex", "1": "hex"}, "sha1": {...}}}.
     * Hex may carry a {@code 0x} prefix and upper-case digits. Returns the banks in document order.
     */
    public static Map<TpmHash, PcrBank> parseJson(String json) throws EvidenceFormatException {
        JsonFields root = new JsonFields(Json.parse(json.getBytes(StandardCharsets.UTF_8), "pcrs"), "pcrs");
        Map<TpmHash, PcrBank> banks = new LinkedHashMap<>();
        for (Map.Entry<String, Json.Value> bank : root.obj().members().entrySet()) {
            TpmHash hash = TpmHash.fromLabel(bank.getKey(), "pcrs");
            if (!(bank.getValue() instanceof Json.Obj entries)) {
                throw new EvidenceFormatException(bank.getValue().start(), "pcrs." + bank.getKey(),
                        "must be an object of index to hex");
            }
            SortedMap<Integer, byte[]> values = new TreeMap<>();
            for (Map.Entry<String, Json.Value> e : entries.members().entrySet()) {
                String field = "pcrs." + bank.getKey() + "." + e.getKey();
                int index = parseIndex(e.getKey(), field);
                if (!(e.getValue() instanceof Json.Str hex)) {
                    throw new EvidenceFormatException(e.getValue().start(), field, "must be a hex string");
                }
                byte[] value = parseHex(hex.value(), field);
                if (value.length != hash.digestLength()) {
                    throw new EvidenceFormatException(hex.start(), field, value.length + " bytes, " + hash + " needs "
                            + hash.digestLength());
                }
                values.put(index, value);
            }
            banks.put(hash, new PcrBank(hash, values));
        }
        return banks;
    }

    private static int parseIndex(String s, String field) throws EvidenceFormatException {
        if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(s) >= 64) {
            throw new EvidenceFormatException(field, "PCR index must be a decimal number below 64");
        }
        return Integer.parseInt(s);
    }

    static byte[] parseHex(String hex, String field) throws EvidenceFormatException {
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        return JsonFields.decodeHex(h, field, -1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PcrBank b) || b.hash != hash || !b.values.keySet().equals(values.keySet())) {
            return false;
        }
        return values.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.values.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return hash.hashCode() * 31 + values.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(hash.label()).append('{');
        values.forEach((i, v) -> sb.append(i).append('=').append(HexFormat.of().formatHex(v)).append(' '));
        return sb.append('}').toString();
    }
}
