package dev.trustedcompute.trustagent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust for HVS and NATS from a PEM bundle (typically the CMS root); without one the JDK's trust store is used.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    public static Optional<SSLContext> from(Optional<Path> pemBundle) throws AgentException {
        if (pemBundle.isEmpty()) {
            return Optional.empty();
        }
        Path file = pemBundle.get();
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new AgentException(Failure.BAD_INPUT, file + " holds no PEM certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return Optional.of(tls);
        } catch (IOException e) {
            throw new AgentException(Failure.BAD_INPUT, "cannot read CA bundle " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new AgentException(Failure.BAD_INPUT, "CA bundle " + file + " is not usable: " + e.getMessage(), e);
        }
    }
}
