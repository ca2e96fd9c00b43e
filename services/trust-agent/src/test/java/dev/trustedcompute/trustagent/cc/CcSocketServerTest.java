package dev.trustedcompute.trustagent.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.openapi.OpenApiSpecs;
import dev.trustedcompute.trustagent.cc.client.CcApiException;
import dev.trustedcompute.trustagent.cc.client.CcClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CC API over a real Unix socket through the SDK, on the TDX fixture node ({@link CcTestNodes}). */
class CcSocketServerTest {

    @TempDir
    Path root;

    private CcSocketServer server;
    private CcClient client;

    @BeforeEach
    void start() throws Exception {
        server = start(CcSocketServer.Settings.defaults(root.resolve("run/cc.sock")));
        client = new CcClient(server.socket());
    }

    private CcSocketServer start(CcSocketServer.Settings settings) throws Exception {
        return CcSocketServer.start(settings, new CcTrustedApi(new TdxCcBackend(CcTestNodes.tdxGuest(root).paths())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sdkWhenEveryOperationThenAnswersOfTheTdxBackend() throws Exception {
        assertThat(client.getDefaultAlgorithm()).isEqualTo("sha384");
        assertThat(client.getMeasurementCount()).isEqualTo(5);
        List<CcEvent> events = client.getCcEventlog(0, Optional.empty());
        List<CcMeasurement> replayed = client.replayCcEventlog(events);

        assertThat(client.getCcEventlog(1, Optional.of(2))).containsExactly(events.get(1), events.get(2));
        assertThat(replayed).isNotEmpty().allSatisfy(m ->
                assertThat(m).isEqualTo(client.getCcMeasurement(m.index(), Optional.of("sha384"))));
        assertThat(Files.getPosixFilePermissions(server.socket())).hasSize(6);
    }

    @Test
    void sdkWhenBadInputThenClear4xxProblems() throws Exception {
        int size = client.getCcEventlog(0, Optional.empty()).size();

        assertProblem(() -> client.getCcMeasurement(5, Optional.empty()), 400, "cc-index-out-of-range", "0..4");
        assertProblem(() -> client.getCcMeasurement(1, Optional.of("md5")), 400, "cc-unknown-algorithm", "md5");
        assertProblem(() -> client.getCcReport(new byte[16], new byte[65]), 400, "cc-report-input-size", "65");
        assertProblem(() -> client.getCcEventlog(0, Optional.of(size + 1)), 400, "cc-event-log-range", "past");
        assertProblem(() -> client.replayCcEventlog(List.of(new CcEvent(0, 9, 4, "EV_SEPARATOR",
                List.of(new CcEvent.Digest("sha384", "00")), ""))), 400, "cc-index-out-of-range", "9");
    }

    @Test
    void socketWhenMalformedRequestsThenProblemJsonNever500() throws Exception {
        assertThat(raw("POST /cc/v1/report HTTP/1.1\r\nContent-Length: 5\r\n\r\n{nope"))
                .startsWith("HTTP/1.1 400").contains("application/problem+json").contains("malformed JSON");
        assertThat(raw("GET /cc/v1/nothing HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404");
        assertThat(raw("DELETE /cc/v1/eventlog HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(raw("GET /cc/v1/measurements/x HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("POST /cc/v1/replay HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n")).startsWith("HTTP/1.1 413");
        assertThat(raw("POST /cc/v1/report HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400").contains("nonce is required");
    }

    @Test
    void socketWhenCallerExceedsItsBucketThen429() throws Exception {
        server.close();
        server = start(CcSocketServer.Settings.defaults(root.resolve("run/cc.sock"))
                .withAccess("0666", Optional.empty(), 3, 0.01));

        for (int i = 0; i < 3; i++) {
            assertThat(client.getMeasurementCount()).isEqualTo(5);
        }
        assertProblem(client::getMeasurementCount, 429, "rate-limited", "uid");
    }

    @Test
    void startWhenModeAndGroupGivenThenSocketHasThem() throws Exception {
        server.close();
        String group = Files.readAttributes(root, PosixFileAttributes.class).group().getName();
        server = start(CcSocketServer.Settings.defaults(root.resolve("run/cc.sock"))
                .withAccess("660", Optional.of(group), 20, 5));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket()))).isEqualTo("rw-rw----");
        assertThat(Files.readAttributes(server.socket(), PosixFileAttributes.class).group().getName()).isEqualTo(group);
        assertThat(client.getMeasurementCount()).isEqualTo(5);
    }

    @Test
    void settingsWhenModeOrRateInvalidThenRefusedNamingTheValue() throws Exception {
        CcSocketServer.Settings defaults = CcSocketServer.Settings.defaults(root.resolve("other.sock"));

        for (String mode : List.of("0777", "66", "rw-rw-rw-", "0668", "10666")) {
            assertThatThrownBy(() -> defaults.withAccess(mode, Optional.empty(), 20, 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(mode);
        }
        assertThatThrownBy(() -> defaults.withAccess("0660", Optional.empty(), 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> defaults.withAccess("0660", Optional.empty(), 20, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> CcSocketServer.start(defaults.withAccess("0660", Optional.of("no-such-group-tc"), 20,
                5), new CcTrustedApi(new TdxCcBackend(CcTestNodes.tdxGuest(root).paths()))))
                .hasMessageContaining("no-such-group-tc");
    }

    @Test
    void specWhenComparedWithRoutesThenSamePathsAndMethods() throws IOException {
        String yaml = Files.readString(OpenApiSpecs.repositoryRoot().resolve("api-specs/cc-trusted-api.yaml"));
        List<String> documented = new ArrayList<>();
        String path = null;
        for (String line : yaml.lines().toList()) {
            Matcher p = Pattern.compile("^  (/\\S+):$").matcher(line);
            Matcher m = Pattern.compile("^    (get|post|put|delete|patch):$").matcher(line);
            if (p.matches()) {
                path = p.group(1);
            } else if (m.matches() && path != null) {
                documented.add(m.group(1).toUpperCase() + " " + path);
            } else if (line.matches("^\\S.*")) {
                path = null;
            }
        }

        assertThat(documented).containsExactlyInAnyOrderElementsOf(CcRoutes.ROUTES);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertProblem(Call call, int status, String slug, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CcApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.type()).isEqualTo("https://trustedcompute.dev/problems/" + slug);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    private String raw(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(server.socket()));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
