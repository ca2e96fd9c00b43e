package dev.trustedcompute.tpmquote.snp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The captured SEV-SNP reports with their VCEKs (src/test/resources/evidence, see PROVENANCE.md) and the values
 * their EXPECTED.json files state. All are Milan; the Azure one is a version 3 report lifted out of Trustee's
 * az-snp-vtpm evidence-v0.json (HCL report bytes 0x20..0x4C0).
 */
enum SnpFixture {

    GO_SEV_GUEST("B_sev_snp/go-sev-guest/attestation.bin", "B_sev_snp/go-sev-guest/vcek.testcer",
            "B_sev_snp/go-sev-guest/milan.testcer",
            new Expected(2, 0, 0xb0000L, 1,
                    "01020304050000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                    "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
                    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                    "8edc638e1857c555d21f6b11bda3c8b1b5a09dba4852b4c8ee7aa2f16f22cc0a",
                    0x4405000000000002L, 0x4405000000000002L, 0x4405000000000002L, 0x4405000000000002L,
                    2, 0, 5, 68,
                    "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d",
                    "1.49.3", Instant.parse("2022-09-24T00:55:28Z"), Instant.parse("2029-09-24T00:55:28Z"))),
    TRUSTEE("B_sev_snp/trustee/test-report.bin", "B_sev_snp/trustee/test-vcek.der", null,
            new Expected(2, 4, 0x3001fL, 1,
                    "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e20000000000000000000000000000000000000000000000000000000000000000",
                    "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c23500644e0e692e6be917f9050d3d38c",
                    "0356215882a825279a85b300b0b742931d113bf7e32dde2e50ffde7ec743ca491ecdd7f336dc28a6e0b2bb57af7a44a3",
                    "385eba81216de4776548fcb86f8ead03c1ebc92b6207f3210d9ccebb89c99005",
                    0xce08000000000003L, 0x7308000000000003L, 0x7308000000000003L, 0x7308000000000003L,
                    3, 0, 8, 115,
                    "c38427a30d4c7af9d96f7a15b97269825a64cb76a2352ffd5d18115d89ad473f8e8c0bcd9a5d9286612bad4aadfb4426205a3b9e4fea82301135a170e477524e",
                    "1.52.4", Instant.parse("2023-01-24T17:58:26Z"), Instant.parse("2030-01-24T17:58:26Z"))),
    VIRTEE_SEV("B_sev_snp/virtee-sev/report_milan.bin", "B_sev_snp/virtee-sev/vcek_milan.der",
            "B_sev_snp/virtee-sev/cert_chain_milan",
            new Expected(2, 0, 0x30000L, 1,
                    "d447b55d197491bfe15cf298f9de9986b7a7c4be2468b4f6e2d53b71d7c645810b0f2cdfca0040433be063fc1a8293f0f3f8dae7b79fecb3d1cd82bd6a93ebfd",
                    "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f",
                    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                    "92b3b47d59f0a2a10a74c5678868a80238cf593c01a82f3cffb878e904c28d5b",
                    0x7308000000000003L, 0x7308000000000003L, 0x7308000000000003L, 0x7308000000000003L,
                    3, 0, 8, 115,
                    "d49554ec717f4e5b0fe6b143bcf0405bd7ae304727edf46603f2a76aef6a3abc15d7af38db757039029f0efacfd08e244324884738c72b082e2f87a44d541eb6",
                    "1.52.4", Instant.parse("2023-04-03T19:23:43Z"), Instant.parse("2030-04-03T19:23:43Z"))),
    AZURE_V3("D_azure_vtpm/trustee/az-snp-vtpm/evidence-v0.json", "D_azure_vtpm/trustee/az-snp-vtpm/evidence-v0.json",
            null,
            new Expected(3, 10, 0x3001fL, 0x25,
                    "af2910341dd8108360e485f1b72494255190b9cdd5ccb44b73b883037cf99f210000000000000000000000000000000000000000000000000000000000000000",
                    "6a063be9dd79f6371c842e480f8dc3b5c725961344e57130e88c5adf49e8f7f6c79b75a5eb77fc769959f4aeb2f9401e",
                    null, null,
                    0xdb18000000000004L, 0xdb18000000000004L, 0xdb18000000000004L, 0xdb18000000000004L,
                    4, 0, 24, 219,
                    "66a5a7b4403a3006ca734aa36a76dd3061d56f398e1e73b0be683ecd2eede9e70811c677abf8d9c9251b52baafbdc97b8121ec0c75661ffba636073b09fa563a",
                    "1.55.29", null, null));

    /** Inside every fixture's VCEK validity period; the certificates of the captures have long expired or will. */
    static final Instant PINNED = Instant.parse("2025-06-01T00:00:00Z");

    /** Values from the EXPECTED.json next to each capture ({@code null}: not stated there). */
    record Expected(int version, long guestSvn, long policy, long platformInfo, String reportData, String measurement,
            String idKeyDigest, String reportId, long currentTcb, long reportedTcb, long committedTcb, long launchTcb,
            int bootloader, int tee, int snp, int microcode, String chipId, String currentVersion,
            Instant vcekNotBefore, Instant vcekNotAfter) {
    }

    private static final String ROOT = "/evidence/";
    private static final Pattern JSON_REPORT = Pattern.compile("\"report\"\\s*:\\s*\\[([\\d,\\s]+)]");
    private static final Pattern JSON_VCEK = Pattern.compile("\"vcek\"\\s*:\\s*\"([^\"]*+)\"");

    private final String reportPath;
    private final String vcekPath;
    private final String chainPath;
    private final Expected expected;

    SnpFixture(String reportPath, String vcekPath, String chainPath, Expected expected) {
        this.reportPath = reportPath;
        this.vcekPath = vcekPath;
        this.chainPath = chainPath;
        this.expected = expected;
    }

    Expected expected() {
        return expected;
    }

    byte[] report() {
        if (this == AZURE_V3) {
            Matcher m = JSON_REPORT.matcher(text(reportPath));
            if (!m.find()) {
                throw new IllegalStateException("no report array in " + reportPath);
            }
            String[] numbers = m.group(1).split(",");
            byte[] hcl = new byte[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                hcl[i] = (byte) Integer.parseInt(numbers[i].strip());
            }
            // HCL report: 32-byte header, then the SNP ATTESTATION_REPORT
            return Arrays.copyOfRange(hcl, 0x20, 0x20 + SnpReport.SIZE);
        }
        return resource(reportPath);
    }

    byte[] vcek() {
        if (this == AZURE_V3) {
            Matcher m = JSON_VCEK.matcher(text(vcekPath));
            if (!m.find()) {
                throw new IllegalStateException("no vcek in " + vcekPath);
            }
            return m.group(1).replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
        }
        return resource(vcekPath);
    }

    /** The ASK+ARK PEM chain captured with the report, or null. */
    byte[] chain() {
        return chainPath == null ? null : resource(chainPath);
    }

    SnpReport parsed() throws Exception {
        return SnpReport.parse(report());
    }

    SnpExpectations.Builder expectations() {
        return SnpExpectations.at(PINNED).reportData(java.util.HexFormat.of().parseHex(expected.reportData()));
    }

    static byte[] resource(String path) {
        try (InputStream in = SnpFixture.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + ROOT + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String path) {
        return new String(resource(path), StandardCharsets.UTF_8);
    }
}
