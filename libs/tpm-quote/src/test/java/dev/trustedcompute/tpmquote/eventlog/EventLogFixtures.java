package dev.trustedcompute.tpmquote.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The captured event logs under evidence/A_tpm_* with the values their EXPECTED.json files state. */
final class EventLogFixtures {

    static final String ROOT = "/evidence/";

    /**
     * One captured log.
     *
     * @param path resource path below evidence/
     * @param format expected format
     * @param events expected event count (Spec ID header included)
     * @param quoted PCR values to replay against (repo-stated or quoted), per bank
     * @param replayed values a plain replay gives (collector), per bank; may be empty
     * @param secureBoot EXPECTED secureboot_variables: name to "01"/"00"/"(empty)" or "N bytes"
     * @param quirks quirks the replay against {@code quoted} must record
     */
    record LogCase(String path, EventLogFormat format, int events, List<PcrValues> quoted, List<PcrValues> replayed,
                   Map<String, String> secureBoot, List<EventLogQuirk> quirks) {
        @Override
        public String toString() {
            return path;
        }

        byte[] bytes() {
            return resource(path);
        }
    }

    private EventLogFixtures() {
    }

    static byte[] resource(String path) {
        try (InputStream in = EventLogFixtures.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + ROOT + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String path) {
        return JsonMapper.builder().build().readTree(resource(path));
    }

    static List<LogCase> all() {
        List<LogCase> out = new ArrayList<>();
        JsonNode ga = json("A_tpm_eventlogs/go-attestation/EXPECTED.json").path("logs");
        for (Map.Entry<String, JsonNode> e : ga.properties()) {
            JsonNode log = e.getValue();
            boolean ebs = e.getKey().equals("ebs_event_missing_eventlog");
            List<PcrValues> replayed = banks(log.path("replayed_pcrs"));
            List<PcrValues> quoted = log.has("repo_stated_pcrs") ? banks(log.path("repo_stated_pcrs")) : replayed;
            out.add(new LogCase("A_tpm_eventlogs/go-attestation/" + e.getKey(), format(log), log.path("events")
                    .asInt(), quoted, replayed, strings(log.path("secureboot_variables")),
                    ebs ? List.of(EventLogQuirk.EXIT_BOOT_SERVICES_EVENTS_MISSING) : List.of()));
        }
        JsonNode gt = json("A_tpm_eventlogs/go-tpm-tools/EXPECTED.json").path("logs");
        for (Map.Entry<String, JsonNode> e : gt.properties()) {
            JsonNode log = e.getValue();
            out.add(new LogCase("A_tpm_eventlogs/go-tpm-tools/" + e.getKey(), format(log), log.path("events").asInt(),
                    banks(log.path("repo_stated_pcrs")), List.of(), strings(log.path("secureboot_variables")),
                    List.of()));
        }
        for (String dir : List.of("gce-cos-85-no-nonce", "gce-cos-85-nonce9009")) {
            String base = "A_tpm_quotes/go-tpm-tools/" + dir + "/";
            JsonNode x = json(base + "EXPECTED.json");
            JsonNode log = x.path("event_log");
            List<PcrValues> quoted = new ArrayList<>();
            for (Map.Entry<String, JsonNode> q : x.path("quotes").properties()) {
                quoted.add(bank(q.getKey(), q.getValue().path("pcrs")));
            }
            out.add(new LogCase(base + log.path("file").asString(), format(log), log.path("events").asInt(), quoted,
                    List.of(), strings(log.path("secureboot_variables")), List.of()));
        }
        return out;
    }

    static EventLogFormat format(JsonNode log) {
        String f = log.path("format").asString();
        if (f.startsWith("crypto-agile")) {
            return EventLogFormat.CRYPTO_AGILE;
        }
        if (f.startsWith("legacy SHA-1")) {
            return EventLogFormat.SHA1;
        }
        throw new IllegalStateException("unknown format " + f);
    }

    static List<PcrValues> banks(JsonNode node) {
        List<PcrValues> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> b : node.properties()) {
            out.add(bank(b.getKey(), b.getValue()));
        }
        return out;
    }

    static PcrValues bank(String name, JsonNode values) {
        Map<Integer, String> hex = new TreeMap<>();
        for (Map.Entry<String, JsonNode> v : values.properties()) {
            hex.put(Integer.parseInt(v.getKey()), v.getValue().asString());
        }
        return PcrValues.ofHex(algorithm(name), hex);
    }

    static DigestAlgorithm algorithm(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sha1" -> DigestAlgorithm.SHA1;
            case "sha256" -> DigestAlgorithm.SHA256;
            case "sha384" -> DigestAlgorithm.SHA384;
            default -> throw new IllegalStateException("bank " + name);
        };
    }

    static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> v : node.properties()) {
            out.put(v.getKey(), v.getValue().asString());
        }
        return out;
    }
}
