package dev.trustedcompute.aas.keys;

import dev.trustedcompute.aas.AasProperties;
import dev.trustedcompute.servicekit.identity.CmsClient;
import dev.trustedcompute.servicekit.identity.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the key ring: passphrase-protected storage, self-signed or CMS certificates, scheduled rotation. */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {

    @Bean
    SigningKeyFactory signingKeyFactory(SecureRandom random) {
        return new SigningKeyFactory(random);
    }

    @Bean
    PrivateKeyCodec privateKeyCodec(AasProperties properties, SecureRandom random) {
        String passphrase = properties.signing().keyPassphrase();
        if (passphrase == null || passphrase.length() < 12) {
            throw new IllegalStateException("tc.aas.signing.key-passphrase is not set or shorter than 12 characters: "
                    + "set TC_AAS_SIGNING_KEY_PASSPHRASE; it encrypts the JWT signing keys stored in the database");
        }
        return new PrivateKeyCodec(passphrase.toCharArray(), random);
    }

    @Bean
    SigningCertificates signingCertificates(AasProperties properties, SigningKeyFactory factory, Clock clock) {
        if (!properties.cmsConfigured()) {
            return new SelfSignedCertificates(factory, properties.signing().certificateValidity());
        }
        X509Certificate root = properties.cmsCaFile() == null ? null : cmsRoot(properties);
        return new CmsSigningCertificates(new CmsClient(properties.cmsUrl(), root), factory,
                properties.bootstrapToken(), properties.issuer(), clock);
    }

    @Bean(initMethod = "initialize")
    KeyRingService keyRingService(SigningKeyRepository repository, SigningKeyFactory factory, PrivateKeyCodec codec,
                                  SigningCertificates certificates, TransactionTemplate tx, Clock clock,
                                  AasProperties properties) {
        return new KeyRingService(repository, factory, codec, certificates, tx, clock, properties.tokenLifetime(),
                properties.signing().clockSkew(), properties.signing().rotationInterval());
    }

    @Bean
    KeyRotationScheduler keyRotationScheduler(KeyRingService keys) {
        return new KeyRotationScheduler(keys);
    }

    /** Checks once a minute (configurable) whether the active key is due for rotation, and picks up other replicas' rotations. */
    public static final class KeyRotationScheduler {
        private final KeyRingService keys;

        KeyRotationScheduler(KeyRingService keys) {
            this.keys = keys;
        }

        @Scheduled(fixedDelayString = "${tc.aas.signing.check-interval:PT1M}",
                initialDelayString = "${tc.aas.signing.check-interval:PT1M}")
        public void tick() {
            keys.rotateIfDue();
        }
    }

    private static X509Certificate cmsRoot(AasProperties properties) {
        try {
            List<X509Certificate> certs = Pem.certificates(Files.readString(properties.cmsCaFile()));
            return certs.getLast();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tc.aas.cms-ca-file " + properties.cmsCaFile() + ": "
                    + e.getMessage(), e);
        }
    }
}
