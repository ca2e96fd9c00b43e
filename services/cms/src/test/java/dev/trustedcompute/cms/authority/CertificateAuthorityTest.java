package dev.trustedcompute.cms.authority;

import dev.trustedcompute.cms.TestCsrs;
import dev.trustedcompute.cms.cas.CaHierarchy;
import dev.trustedcompute.cms.cas.CaKeyStore;
import dev.trustedcompute.cms.cas.CaName;
import dev.trustedcompute.cms.cas.CaSettings;
import dev.trustedcompute.cms.cas.CaSigner;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CA use cases without Spring or a database: fixed clock, in-memory repository. */
class CertificateAuthorityTest {
    static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Caller ADMIN = new Caller("admin", List.of("*"));

    @TempDir
    static Path dir;
    static CaSigner signer;

    @BeforeAll
    static void cas() {
        CaHierarchy cas = CaHierarchy.loadOrCreate(new CaKeyStore(dir, "unit test passphrase".toCharArray()),
                new CaSettings("Unit CMS", Duration.ofDays(3650), Duration.ofDays(30)), CLOCK, new SecureRandom());
        signer = new CaSigner(cas, CLOCK, new SecureRandom());
    }

    private static CertificateAuthority authority(Provisioner provisioner, InMemoryRepository repo) {
        return new CertificateAuthority(provisioner, signer, repo, CLOCK, Duration.ofDays(7));
    }

    private static PermissionProvisioner provisioner(Duration validity) {
        return new PermissionProvisioner(Map.of(CertType.TLS, validity, CertType.TLS_CLIENT, validity, CertType.SIGNING, validity));
    }

    @Test
    void signWhenApprovedThenRecordedWithFixedClockTimes() throws Exception {
        InMemoryRepository repo = new InMemoryRepository();
        CertificateAuthority.IssuedChain chain = authority(provisioner(Duration.ofDays(7)), repo)
                .sign(TestCsrs.ec("secp521r1").cn("agent-1").pem(), CertType.TLS_CLIENT, new Caller("ta", List.of("CN=agent-1;certType=TLS-Client")));
        X509Certificate leaf = parse(chain.leafPem());
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        IssuedCertificate row = repo.rows.get(chain.serial());
        assertThat(row.requestedBy()).isEqualTo("ta");
        assertThat(row.issuedAt()).isEqualTo(NOW);
        assertThat(row.type()).isEqualTo(CertType.TLS_CLIENT);
        leaf.verify(parse(chain.issuingCaPem()).getPublicKey());
    }

    @Test
    void signWhenValidityBeyondIssuingCaThenCappedAtCaNotAfter() throws Exception {
        CertificateAuthority.IssuedChain chain = authority(provisioner(Duration.ofDays(365)), new InMemoryRepository())
                .sign(TestCsrs.ec("secp256r1").cn("x").pem(), CertType.TLS, ADMIN);
        X509Certificate ca = signer.hierarchy().get(CaName.TLS).certificate();
        assertThat(parse(chain.leafPem()).getNotAfter()).isEqualTo(ca.getNotAfter());
    }

    @Test
    void signWhenWeakKeyAndUnapprovedThenKeyErrorFirstAndNothingStored() {
        InMemoryRepository repo = new InMemoryRepository();
        Caller nobody = new Caller("nobody", List.of());
        assertThatThrownBy(() -> authority(provisioner(Duration.ofDays(1)), repo).sign(TestCsrs.rsa(2048).cn("x").pem(), CertType.TLS, nobody))
                .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.WEAK_KEY));
        assertThatThrownBy(() -> authority(provisioner(Duration.ofDays(1)), repo).sign(TestCsrs.ec("secp256r1").cn("x").pem(), CertType.TLS, nobody))
                .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.NOT_APPROVED));
        assertThat(repo.rows).isEmpty();
    }

    @Test
    void signWhenProvisionerOmitsAModifierThenBugNotClientError() {
        Provisioner broken = (caller, type) -> List.of(new SignOption.KeyPolicy(3072), new SignOption.ApprovedIdentities(List.of(new CertificateSelector.Any())));
        assertThatThrownBy(() -> authority(broken, new InMemoryRepository()).sign(TestCsrs.ec("secp256r1").cn("x").pem(), CertType.TLS, ADMIN))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void revokeWhenUnknownThen404AndTwiceThen409() {
        InMemoryRepository repo = new InMemoryRepository();
        CertificateAuthority ca = authority(provisioner(Duration.ofDays(1)), repo);
        assertThatThrownBy(() -> ca.revoke(SerialNumber.parse("abc"), RevocationReason.UNSPECIFIED))
                .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.UNKNOWN_CERTIFICATE));
        SerialNumber serial = ca.sign(TestCsrs.ec("secp256r1").cn("x").pem(), CertType.SIGNING, ADMIN).serial();
        assertThat(ca.revoke(serial, RevocationReason.SUPERSEDED).revokedAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> ca.revoke(serial, RevocationReason.KEY_COMPROMISE))
                .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.ALREADY_REVOKED));
        X509CRLHolder crl = ca.crl(CaName.SIGNING);
        assertThat(crl.getRevokedCertificate(serial.value())).isNotNull();
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(CRLNumber.getInstance(ca.crl(CaName.SIGNING).getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber())
                .isEqualTo(BigInteger.TWO);
        assertThat(ca.crl(CaName.ROOT).getRevokedCertificates()).isEmpty();
    }

    @Test
    void loadOrCreateWhenCalledAgainThenSameCasAndWrongPassphraseRefused() {
        CaHierarchy again = CaHierarchy.loadOrCreate(new CaKeyStore(dir, "unit test passphrase".toCharArray()),
                new CaSettings("Other", Duration.ofDays(1), Duration.ofDays(1)), CLOCK, new SecureRandom());
        assertThat(again.root()).isEqualTo(signer.hierarchy().root());
        assertThatThrownBy(() -> CaHierarchy.loadOrCreate(new CaKeyStore(dir, "not the passphrase".toCharArray()),
                new CaSettings("Other", Duration.ofDays(1), Duration.ofDays(1)), CLOCK, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong tc.cms.key-store-password");
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Same contract as the JDBC repository, in memory. */
    static final class InMemoryRepository implements IssuedCertificateRepository {
        final Map<SerialNumber, IssuedCertificate> rows = new HashMap<>();
        final Map<String, Long> crlNumbers = new HashMap<>();

        @Override
        public void save(IssuedCertificate certificate) { rows.put(certificate.serial(), certificate); }

        @Override
        public Optional<IssuedCertificate> find(SerialNumber serial) { return Optional.ofNullable(rows.get(serial)); }

        @Override
        public RevokeOutcome revoke(SerialNumber serial, Instant at, RevocationReason reason) {
            IssuedCertificate c = rows.get(serial);
            if (c == null) return RevokeOutcome.UNKNOWN;
            if (c.revocation().isPresent()) return RevokeOutcome.ALREADY_REVOKED;
            rows.put(serial, new IssuedCertificate(c.serial(), c.type(), c.subject(), c.sans(), c.notBefore(), c.notAfter(), c.pem(),
                    c.issuedAt(), c.requestedBy(), Optional.of(new IssuedCertificate.Revocation(at, reason))));
            return RevokeOutcome.REVOKED;
        }

        @Override
        public List<IssuedCertificate> revoked(CertType type, Instant at) {
            List<IssuedCertificate> out = new ArrayList<>();
            rows.values().stream().filter(c -> c.type() == type && c.revocation().isPresent() && c.notAfter().isAfter(at)).forEach(out::add);
            return out;
        }

        @Override
        public long nextCrlNumber(String caName) { return crlNumbers.merge(caName, 1L, Long::sum); }
    }
}
