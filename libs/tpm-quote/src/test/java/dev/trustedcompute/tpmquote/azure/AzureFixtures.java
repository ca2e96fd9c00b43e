package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Captured Azure vTPM evidence under {@code src/test/resources/evidence/D_azure_vtpm} (see PROVENANCE.md there)
 * and the values its EXPECTED.json files state.
 */
final class AzureFixtures {

    static final String TRUSTEE_SNP = "evidence/D_azure_vtpm/trustee/az-snp-vtpm/";
    static final String TRUSTEE_TDX = "evidence/D_azure_vtpm/trustee/az-tdx-vtpm/";
    static final String TOOLING = "evidence/D_azure_vtpm/azure-cvm-tooling/";
    /** Inside every VCEK's validity here (2025-01-28 .. 2030-05-02) and the pinned AMD ASK/ARK. */
    static final Instant PINNED = Instant.parse("2025-06-01T00:00:00Z");
    static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AzureFixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = AzureFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code samples.<name>} entry of the EXPECTED.json in {@code dir}. */
    static JsonNode expected(String dir, String name) {
        JsonNode sample = JSON.readTree(bytes(dir + "EXPECTED.json")).get("samples").get(name);
        if (sample == null) {
            throw new IllegalStateException(name + " not in " + dir + "EXPECTED.json");
        }
        return sample;
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }

    /** EXPECTED.json {@code pcrs} ({@code {"0":"hex",...}}) as index to lower-case hex. */
    static Map<Integer, String> pcrs(JsonNode pcrs) {
        Map<Integer, String> out = new TreeMap<>();
        pcrs.properties().forEach(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().asString()));
        return out;
    }

    static Map<Integer, String> pcrs(QuotedPcrs quoted) {
        Map<Integer, String> out = new TreeMap<>();
        quoted.indices(TpmHash.SHA256).forEach(i -> out.put(i,
                HexFormat.of().formatHex(quoted.value(TpmHash.SHA256, i).orElseThrow())));
        return out;
    }

    static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
