package dev.trustedcompute.servicekit.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The two CMS calls a service makes at first start: fetch a CA certificate and have a CSR signed with a
 * bootstrap token. Talks plain HTTP to a lab CMS, or HTTPS trusting only the pinned CMS root.
 */
public final class CmsClient {

    private final URI baseUrl;
    private final HttpClient http;

    public CmsClient(URI baseUrl, X509Certificate trustedRoot) {
        this.baseUrl = baseUrl;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (trustedRoot != null && "https".equalsIgnoreCase(baseUrl.getScheme())) {
            builder.sslContext(trustOnly(trustedRoot));
        }
        this.http = builder.build();
    }

    /** {@code GET /cms/v1/ca-certificates?issuingCa=...} as parsed certificates. */
    public List<X509Certificate> caCertificates(String issuingCa) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(resolve("/cms/v1/ca-certificates?issuingCa=" + issuingCa))
                .header("Accept", "application/x-pem-file").timeout(Duration.ofSeconds(30)).GET().build();
        return Pem.certificates(send(request));
    }

    /** {@code POST /cms/v1/certificates?certType=...}: the signed chain, leaf first. */
    public List<X509Certificate> sign(String csrPem, String certType, String bearerToken) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(resolve("/cms/v1/certificates?certType=" + certType))
                .header("Content-Type", "application/x-pem-file")
                .header("Accept", "application/x-pem-file")
                .header("Authorization", "Bearer " + bearerToken)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(csrPem)).build();
        return Pem.certificates(send(request));
    }

    private String send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("CMS answered " + response.statusCode() + " to " + request.method() + " "
                        + request.uri().getPath() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling CMS", e);
        }
    }

    private URI resolve(String pathAndQuery) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + pathAndQuery);
    }

    /** A TLS context that trusts only {@code root}: for calls to services holding CMS-issued certificates. */
    public static SSLContext trustOnly(X509Certificate root) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("cms-root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a trust store for the CMS root", e);
        }
    }
}
