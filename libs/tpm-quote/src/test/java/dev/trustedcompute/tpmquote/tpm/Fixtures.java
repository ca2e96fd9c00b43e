package dev.trustedcompute.tpmquote.tpm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Loads captured evidence from {@code src/test/resources/evidence} (see PROVENANCE.md there). */
final class Fixtures {

    static final String GCE = "evidence/A_tpm_quotes/go-tpm-tools/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String path) {
        return JSON.readTree(bytes(path));
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** The PCR values of one quote entry of a go-tpm-tools EXPECTED.json as a bank. */
    static PcrBank bank(TpmHash hash, JsonNode pcrs) {
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        pcrs.properties().forEach(e -> values.put(Integer.parseInt(e.getKey()), hex(e.getValue().asString())));
        return new PcrBank(hash, values);
    }

    static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
