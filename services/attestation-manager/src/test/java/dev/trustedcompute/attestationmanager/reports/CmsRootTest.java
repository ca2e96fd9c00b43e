package dev.trustedcompute.attestationmanager.reports;

import dev.trustedcompute.servicekit.identity.ServiceIdentity;
import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.attestationmanager.TestPki;
import dev.trustedcompute.servicekit.identity.CmsClient;
import dev.trustedcompute.servicekit.identity.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading the CMS root: from a file, or from a local HTTP server standing in for CMS, against a SHA-384 pin. */
class CmsRootTest {
    static final TestPki pki = TestPki.create();
    static final HttpServer cms = cms(pki);

    @AfterAll
    static void stop() {
        cms.stop(0);
    }

    @Test
    void fromCmsWhenPinMatchesThenRoot() throws Exception {
        String pin = ServiceIdentity.sha384Hex(pki.root());
        assertThat(CmsRoot.fromCms(client(), pin)).isEqualTo(pki.root());
        String colons = pin.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertThat(CmsRoot.fromCms(client(), colons)).isEqualTo(pki.root());
    }

    @Test
    void fromCmsWhenPinDiffersThenRefused() {
        String otherPin = ServiceIdentity.sha384Hex(TestPki.foreign().root());
        assertThatThrownBy(() -> CmsRoot.fromCms(client(), otherPin)).isInstanceOf(IOException.class)
                .hasMessageContaining("pinned SHA-384");
    }

    @Test
    void fromCmsWhenPinMalformedThenIllegalArgument() {
        assertThatThrownBy(() -> CmsRoot.fromCms(client(), "abcd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CmsRoot.fromCms(client(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromFileWhenOneCertificateThenItAndWhenTwoThenRefused(@TempDir Path dir) throws Exception {
        assertThat(CmsRoot.fromFile(pki.writeRootPem(dir))).isEqualTo(pki.root());
        Path two = dir.resolve("two.pem");
        Files.writeString(two, Pem.encode(List.of(pki.root(), TestPki.foreign().root())));
        assertThatThrownBy(() -> CmsRoot.fromFile(two)).isInstanceOf(IOException.class).hasMessageContaining("exactly one");
    }

    private static CmsClient client() {
        return new CmsClient(URI.create("http://127.0.0.1:" + cms.getAddress().getPort()), null);
    }

    private static HttpServer cms(TestPki pki) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] pem = Pem.encode(List.of(pki.root())).getBytes(StandardCharsets.US_ASCII);
            server.createContext("/cms/v1/ca-certificates", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/x-pem-file");
                exchange.sendResponseHeaders(200, pem.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(pem);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
