package dev.trustedcompute.aas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.servicekit.identity.CmsClient;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CmsSigningCertificatesTest {

    static final StubCms cms;

    static {
        try {
            cms = new StubCms();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CmsSigningCertificates certificates = new CmsSigningCertificates(new CmsClient(cms.url(), null),
            TestKeys.FACTORY, "bootstrap-token-123", "AAS JWT Issuer", Clock.systemUTC());

    @AfterAll
    static void stop() {
        cms.close();
    }

    @Test
    void issueWhenFirstKeyThenBootstrapTokenAndChainToRoot() throws Exception {
        cms.mode = StubCms.Mode.OK;
        KeyPair key = TestKeys.FACTORY.newKeyPair();
        List<X509Certificate> chain = certificates.issue(key, Instant.now(), null);

        assertThat(chain).hasSize(3);
        assertThat(chain.getFirst().getPublicKey()).isEqualTo(key.getPublic());
        assertThat(chain.getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=AAS JWT Signing Certificate");
        assertThat(chain.getLast()).isEqualTo(cms.root);
        assertThat(cms.bearerTokens.getLast()).isEqualTo("bootstrap-token-123");
    }

    @Test
    void issueWhenRotatingThenSelfIssuedTokenSignedByActiveKey() throws Exception {
        cms.mode = StubCms.Mode.OK;
        SigningKey active = TestKeys.active(Instant.now());
        certificates.issue(TestKeys.FACTORY.newKeyPair(), Instant.now(), new SigningKeyRing(active, List.of()));

        SignedJWT token = SignedJWT.parse(cms.bearerTokens.getLast());
        assertThat(token.getHeader().getKeyID()).isEqualTo(active.kid());
        assertThat(token.verify(new ECDSAVerifier(active.publicJwk()))).isTrue();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("aas");
        assertThat(token.getJWTClaimsSet().getClaim("permissions").toString()).contains("certificates:create:*");
    }

    @Test
    void issueWhenCmsRefusesThenSigningKeyExceptionWithStatus() {
        cms.mode = StubCms.Mode.UNAUTHORIZED;
        assertThatThrownBy(() -> certificates.issue(TestKeys.FACTORY.newKeyPair(), Instant.now(), null))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("401");
    }

    @Test
    void issueWhenCertificateForOtherKeyThenRejected() {
        cms.mode = StubCms.Mode.WRONG_KEY;
        assertThatThrownBy(() -> certificates.issue(TestKeys.FACTORY.newKeyPair(), Instant.now(), null))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("another public key");
    }
}
