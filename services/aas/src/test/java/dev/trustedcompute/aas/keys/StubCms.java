package dev.trustedcompute.aas.keys;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustedcompute.servicekit.identity.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A minimal CMS over loopback HTTP with a real two-level CA (root -> "CMS Signing CA"), answering the two calls
 * AAS makes. Records the bearer tokens it receives; {@link #mode} makes it misbehave for negative tests.
 */
public final class StubCms implements AutoCloseable {

    public enum Mode { OK, UNAUTHORIZED, WRONG_KEY }

    public volatile Mode mode = Mode.OK;
    public final List<String> bearerTokens = new CopyOnWriteArrayList<>();
    public final X509Certificate root;
    private final X509Certificate intermediate;
    private final KeyPair intermediateKey;
    private final HttpServer server;

    public StubCms() throws Exception {
        KeyPair rootKey = TestKeys.FACTORY.newKeyPair();
        intermediateKey = TestKeys.FACTORY.newKeyPair();
        Instant now = Instant.now();
        root = issue("CN=CMSCA", rootKey, "CN=CMSCA", rootKey.getPublic(), true, now);
        intermediate = issue("CN=CMSCA", rootKey, "CN=CMS Signing CA", intermediateKey.getPublic(), true, now);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cms/v1/ca-certificates", this::caCertificates);
        server.createContext("/cms/v1/certificates", this::certificates);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void caCertificates(HttpExchange exchange) throws IOException {
        respond(exchange, 200, Pem.encode(List.of(root)));
    }

    private void certificates(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        bearerTokens.add(auth == null ? "" : auth.replaceFirst("^Bearer ", ""));
        if (mode == Mode.UNAUTHORIZED || auth == null
                || !"Signing".equals(exchange.getRequestURI().getQuery().replace("certType=", ""))) {
            respond(exchange, 401, "{\"detail\":\"token rejected\"}");
            return;
        }
        String csrPem = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            var csr = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject());
            PublicKey subjectKey = mode == Mode.WRONG_KEY ? TestKeys.FACTORY.newKeyPair().getPublic() : csr.getPublicKey();
            X509Certificate leaf = issue("CN=CMS Signing CA", intermediateKey, csr.getSubject().toString(), subjectKey,
                    false, Instant.now());
            respond(exchange, 201, Pem.encode(List.of(leaf, intermediate)));
        } catch (Exception e) {
            respond(exchange, 400, "bad csr: " + e.getMessage());
        }
    }

    private static X509Certificate issue(String issuer, KeyPair issuerKey, String subject, PublicKey key, boolean ca,
                                         Instant now) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(365))), new X500Name(subject), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey.getPrivate())));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().add("Content-Type", "application/x-pem-file");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
