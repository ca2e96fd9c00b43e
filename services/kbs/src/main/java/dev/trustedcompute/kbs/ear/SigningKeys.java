package dev.trustedcompute.kbs.ear;

import dev.trustedcompute.kbs.crypto.MasterKeys;
import dev.trustedcompute.kbs.crypto.Sealed;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The EAR signing keys. The first instance to start creates a P-256 key (under an advisory lock, so concurrent
 * starts agree on one key) and stores it sealed under the master key; every instance signs with the newest key and
 * accepts tokens from any stored key. Keys are read from the database once and kept in memory.
 */
@Service
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final SigningKeyRepository repository;
    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private volatile List<TokenSigningKey> keys;

    public SigningKeys(SigningKeyRepository repository, MasterKeys masterKeys, SecureRandom random, Clock clock,
                       TransactionTemplate transactions) {
        this.repository = repository;
        this.masterKeys = masterKeys;
        this.random = random;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** The key new tokens are signed with. */
    public TokenSigningKey active() {
        return loaded().getFirst();
    }

    /** Every key whose tokens are accepted, newest first. */
    public List<TokenSigningKey> all() {
        return loaded();
    }

    public Optional<TokenSigningKey> find(String kid) {
        return loaded().stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** Re-seals private keys held under a retired master key; returns how many. */
    public int rewrapAll() {
        int count = 0;
        for (SigningKeyRepository.Row row : repository.all()) {
            if (!row.sealedKey().keyId().equals(masterKeys.activeId())) {
                Sealed fresh = masterKeys.rewrap(row.sealedKey(), context(row.kid()));
                if (repository.replaceSealedKey(row.kid(), row.sealedKey(), fresh)) {
                    count++;
                }
            }
        }
        return count;
    }

    private List<TokenSigningKey> loaded() {
        List<TokenSigningKey> current = keys;
        if (current == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = transactions.execute(status -> loadOrCreate());
                }
                current = keys;
            }
        }
        return current;
    }

    private List<TokenSigningKey> loadOrCreate() {
        repository.lock();
        List<SigningKeyRepository.Row> rows = repository.all();
        if (rows.isEmpty()) {
            SigningKeyRepository.Row created = create();
            repository.insert(created);
            log.info("created EAR signing key {}", created.kid());
            rows = List.of(created);
        }
        return rows.stream().map(this::open).toList();
    }

    private SigningKeyRepository.Row create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            String kid = TokenSigningKey.thumbprint((ECPublicKey) pair.getPublic());
            Instant now = clock.instant();
            X509Certificate certificate = selfSigned(pair, now);
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            try {
                return new SigningKeyRepository.Row(kid, masterKeys.seal(pkcs8, context(kid)),
                        certificate.getEncoded(), now);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an EAR signing key", e);
        }
    }

    private TokenSigningKey open(SigningKeyRepository.Row row) {
        byte[] pkcs8 = masterKeys.open(row.sealedKey(), context(row.kid()));
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(row.certificate()));
            var privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new TokenSigningKey(row.kid(), new KeyPair(certificate.getPublicKey(), privateKey), certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored EAR signing key " + row.kid() + " is unreadable", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private X509Certificate selfSigned(KeyPair pair, Instant now) throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=KBS attestation token signer");
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        try {
            var holder = new JcaX509v3CertificateBuilder(subject, new BigInteger(1, serial), Date.from(now),
                    Date.from(now.plus(CERTIFICATE_VALIDITY)), subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the signing key certificate", e);
        }
    }

    private static String context(String kid) {
        return "signing-key:" + kid;
    }
}
