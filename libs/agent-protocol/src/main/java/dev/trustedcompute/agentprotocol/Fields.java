package dev.trustedcompute.agentprotocol;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Field checks shared by the message records; each failure names the field. */
final class Fields {
    static final Set<String> PCR_BANKS = Set.of("sha1", "sha256", "sha384", "sha512");
    static final int PCR_COUNT = 24;

    private Fields() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String base64(String field, String value, int minBytes) {
        required(field, value);
        int length;
        try {
            length = Base64.getDecoder().decode(value).length;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64");
        }
        if (length < minBytes) {
            throw new IllegalArgumentException(field + " must hold at least " + minBytes + " bytes");
        }
        return value;
    }

    /** {@code {"sha256":[0,1,7]}}: known banks, indices 0..23, no duplicates, at least one PCR. */
    static Map<String, List<Integer>> pcrSelection(String field, Map<String, List<Integer>> selection) {
        required(field, selection);
        if (selection.isEmpty()) {
            throw new IllegalArgumentException(field + " selects no PCR bank");
        }
        selection.forEach((bank, indices) -> {
            bank(field, bank);
            required(field + "." + bank, indices);
            if (indices.isEmpty() || indices.stream().distinct().count() != indices.size()) {
                throw new IllegalArgumentException(field + "." + bank + " must list distinct PCR indices");
            }
            indices.forEach(index -> pcrIndex(field + "." + bank, index));
        });
        return Map.copyOf(selection);
    }

    /** {@code {"sha256":{"0":"hex",...}}}: known banks, indices 0..23, digests of the bank's length. */
    static Map<String, Map<String, String>> pcrValues(String field, Map<String, Map<String, String>> values) {
        required(field, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " holds no PCR bank");
        }
        values.forEach((bank, pcrs) -> {
            int digestLength = bank(field, bank);
            required(field + "." + bank, pcrs);
            pcrs.forEach((index, hex) -> {
                String name = field + "." + bank + "." + index;
                try {
                    pcrIndex(name, Integer.parseInt(index));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": PCR index is not a number");
                }
                if (hex == null || hex.length() != 2 * digestLength || !hex.equals(hex.toLowerCase())) {
                    throw new IllegalArgumentException(name + " must be " + digestLength + " bytes of lower-case hex");
                }
                try {
                    HexFormat.of().parseHex(hex);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " is not hex");
                }
            });
        });
        return Map.copyOf(values);
    }

    private static int bank(String field, String bank) {
        return switch (bank) {
            case "sha1" -> 20;
            case "sha256" -> 32;
            case "sha384" -> 48;
            case "sha512" -> 64;
            default -> throw new IllegalArgumentException(field + ": unknown PCR bank '" + bank + "' (expected one of "
                    + PCR_BANKS + ")");
        };
    }

    private static void pcrIndex(String field, Integer index) {
        if (index == null || index < 0 || index >= PCR_COUNT) {
            throw new IllegalArgumentException(field + ": PCR index must be 0.." + (PCR_COUNT - 1));
        }
    }
}
