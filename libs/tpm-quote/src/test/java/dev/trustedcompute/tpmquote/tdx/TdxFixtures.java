package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Captured TDX evidence under {@code evidence/} and the values its EXPECTED.json states. */
final class TdxFixtures {

    static final String GO = "evidence/C_tdx/go-tdx-guest/";
    static final String TRUSTEE = "evidence/C_tdx/trustee/";
    static final String INTEL_ROOTS = "evidence/E_roots/intel/";

    /** A captured quote, the EXPECTED.json it is described in, and a time inside its PCK leaf validity. */
    record QuoteFixture(String dir, String file, Instant at) {
        byte[] bytes() {
            return read(dir + file);
        }

        String expectedJson() {
            return dir + "EXPECTED.json";
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static final QuoteFixture SPR_E4 = new QuoteFixture(GO, "tdx_prod_quote_SPR_E4.dat", Instant.parse("2023-06-20T00:00:00Z"));
    static final QuoteFixture V5_SAMPLE = new QuoteFixture(GO, "quote_v5_sample.dat", Instant.parse("2026-02-10T00:00:00Z"));
    static final QuoteFixture COS_113 = new QuoteFixture(GO, "ccel_cos-113-tdx-quote.dat", Instant.parse("2024-08-01T00:00:00Z"));
    static final QuoteFixture TRUSTEE_4 = new QuoteFixture(TRUSTEE, "tdx_quote_4.dat", Instant.parse("2023-06-20T00:00:00Z"));
    static final QuoteFixture TRUSTEE_5 = new QuoteFixture(TRUSTEE, "tdx_quote_5.dat", Instant.parse("2024-04-01T00:00:00Z"));

    static List<QuoteFixture> quotes() {
        return List.of(SPR_E4, V5_SAMPLE, COS_113, TRUSTEE_4, TRUSTEE_5);
    }

    private TdxFixtures() {
    }

    static byte[] read(String resource) {
        try (InputStream in = TdxFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The EXPECTED.json entry of {@code quotes[]} whose "file" is the fixture's file, as plain Java values. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(QuoteFixture q) {
        Map<String, Object> doc = (Map<String, Object>) plain(json(q.expectedJson()));
        for (Object entry : (List<Object>) doc.get("quotes")) {
            Map<String, Object> m = (Map<String, Object>) entry;
            if (q.file().equals(m.get("file"))) {
                return m;
            }
        }
        throw new IllegalStateException(q.file() + " not in " + q.expectedJson());
    }

    static Json.Value json(String resource) {
        try {
            return Json.parse(read(resource), resource);
        } catch (EvidenceFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Json values as Map / List / String / BigDecimal / Boolean / null. */
    static Object plain(Json.Value v) {
        return switch (v) {
            case Json.Obj o -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                o.members().forEach((k, x) -> m.put(k, plain(x)));
                yield m;
            }
            case Json.Arr a -> a.items().stream().map(TdxFixtures::plain).toList();
            case Json.Str s -> s.value();
            case Json.Num n -> n.value();
            case Json.Bool b -> b.value();
            case Json.Null ignored -> null;
        };
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String p : path) {
            cur = ((Map<String, Object>) cur).get(p);
        }
        return (T) cur;
    }

    static TdxCollateral collateral(String tcbInfoResource, String qeIdentityResource) {
        try {
            return TdxCollateral.fromPcsResponses(read(tcbInfoResource), read(qeIdentityResource),
                    read(INTEL_ROOTS + "dcap-qvl/tcb_info_issuer_chain.pem"));
        } catch (EvidenceFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] flip(byte[] in, int offset) {
        byte[] out = in.clone();
        out[offset] ^= 0x01;
        return out;
    }
}
