package dev.trustedcompute.trustagent.cc.client;

import dev.trustedcompute.trustagent.cc.CcEvent;
import dev.trustedcompute.trustagent.cc.CcMeasurement;
import dev.trustedcompute.trustagent.cc.CcReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workload's side of the CC Trusted API: the agent's Unix socket ({@code /run/trust-agent/cc.sock} by default,
 * mounted into the pod), one HTTP/1.1 request per call. Method names follow cc-api/evidence-api.
 *
 * <pre>{@code
 * CcClient cc = new CcClient(Path.of("/run/trust-agent/cc.sock"));
 * CcReport report = cc.getCcReport(nonce, userData);   // a TPM or TDX quote binding both
 * List<CcEvent> log = cc.getCcEventlog(0, Optional.empty());
 * List<CcMeasurement> replayed = cc.replayCcEventlog(log);
 * }</pre>
 */
public final class CcClient {

    public static final Path DEFAULT_SOCKET = Path.of("/run/trust-agent/cc.sock");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_RESPONSE = 64 * 1024 * 1024;

    private final Path socket;

    public CcClient(Path socket) {
        this.socket = socket;
    }

    public String getDefaultAlgorithm() throws CcApiException {
        return get("/cc/v1/default-algorithm").get("algorithm").asString();
    }

    public int getMeasurementCount() throws CcApiException {
        return get("/cc/v1/measurement-count").get("count").asInt();
    }

    /** The register's value; {@code algorithm} empty asks for the default algorithm. */
    public CcMeasurement getCcMeasurement(int index, Optional<String> algorithm) throws CcApiException {
        String query = algorithm.map(a -> "?algorithm=" + URLEncoder.encode(a, StandardCharsets.UTF_8)).orElse("");
        return convert(get("/cc/v1/measurements/" + index + query), CcMeasurement.class);
    }

    /** Events {@code start ..} ({@code count} empty: to the end of the log). */
    public List<CcEvent> getCcEventlog(int start, Optional<Integer> count) throws CcApiException {
        String query = "?start=" + start + count.map(c -> "&count=" + c).orElse("");
        return List.of(convert(get("/cc/v1/eventlog" + query).get("events"), CcEvent[].class));
    }

    public CcReport getCcReport(byte[] nonce, byte[] userData) throws CcApiException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("nonce", Base64.getEncoder().encodeToString(nonce));
        body.put("userData", Base64.getEncoder().encodeToString(userData));
        return convert(post("/cc/v1/report", body), CcReport.class);
    }

    public List<CcMeasurement> replayCcEventlog(List<CcEvent> events) throws CcApiException {
        return List.of(convert(post("/cc/v1/replay", Map.of("events", events)).get("measurements"),
                CcMeasurement[].class));
    }

    private JsonNode get(String target) throws CcApiException {
        return exchange("GET", target, new byte[0]);
    }

    private JsonNode post(String target, Object body) throws CcApiException {
        return exchange("POST", target, JSON.writeValueAsBytes(body));
    }

    private JsonNode exchange(String method, String target, byte[] body) throws CcApiException {
        byte[] response;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + (body.length > 0 ? "Content-Type: application/json\r\n" : "")
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            InputStream in = Channels.newInputStream(channel);
            response = in.readNBytes(MAX_RESPONSE);
        } catch (IOException e) {
            throw new CcApiException(0, "unreachable", "cannot reach the trust agent at " + socket + ": " + e);
        }
        return parse(response);
    }

    private JsonNode parse(byte[] response) throws CcApiException {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new CcApiException(0, "protocol", "the agent at " + socket + " did not answer HTTP/1.1");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        boolean problem = text.substring(0, end).toLowerCase(Locale.ROOT).contains("application/problem+json");
        JsonNode json;
        try {
            json = JSON.readTree(new String(response, end + 4, response.length - end - 4, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new CcApiException(status, "protocol", "the agent's answer is not JSON");
        }
        if (status != 200) {
            throw new CcApiException(status, problem ? json.path("type").asString("") : "unknown",
                    json.path("detail").asString(""));
        }
        return json;
    }

    private static <T> T convert(JsonNode node, Class<T> type) throws CcApiException {
        try {
            return JSON.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new CcApiException(200, "protocol", "unexpected answer shape: " + e.getOriginalMessage());
        }
    }
}
