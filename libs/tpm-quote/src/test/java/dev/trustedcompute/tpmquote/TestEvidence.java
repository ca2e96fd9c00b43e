package dev.trustedcompute.tpmquote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Captured evidence under {@code src/test/resources/evidence} (see PROVENANCE.md there), for the top-level API tests. */
final class TestEvidence {

    static final String TRUSTEE_TPM = "evidence/F_misc/trustee/";
    static final String GCE = "evidence/A_tpm_quotes/go-tpm-tools/gce-cos-85-nonce9009/";
    static final String GO_TDX = "evidence/C_tdx/go-tdx-guest/";
    static final String TRUSTEE_TDX = "evidence/C_tdx/trustee/";
    static final String GO_SEV = "evidence/B_sev_snp/go-sev-guest/";
    static final String INTEL_ROOTS = "evidence/E_roots/intel/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvidence() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = TestEvidence.class.getClassLoader().getResourceAsStream(path)) {
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

    static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
