package dev.trustedcompute.cms.cas;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root CA and the three issuing CAs. {@link #loadOrCreate} reads the PKCS#12 files of the data directory
 * and creates only what is missing (first start: everything). Loaded CAs are checked: each issuing CA must be
 * signed by the loaded root, otherwise start-up fails rather than issue certificates nobody can verify.
 */
public final class CaHierarchy {
    /** All CA keys are EC P-384, signatures ECDSA with SHA-384. */
    static final String CURVE = "secp384r1";
    static final String SIGNATURE_ALGORITHM = "SHA384withECDSA";

    private final Map<CaName, CaKey> cas;

    private CaHierarchy(Map<CaName, CaKey> cas) {
        this.cas = new EnumMap<>(cas);
    }

    public CaKey get(CaName name) { return cas.get(name); }

    public X509Certificate root() { return cas.get(CaName.ROOT).certificate(); }

    /** Issuing CA first, then the root (for an issuing CA); just the root for the root. */
    public List<X509Certificate> chain(CaName name) {
        return name.isRoot() ? List.of(root()) : List.of(cas.get(name).certificate(), root());
    }

    public static CaHierarchy loadOrCreate(CaKeyStore store, CaSettings settings, Clock clock, SecureRandom random) {
        Map<CaName, CaKey> cas = new EnumMap<>(CaName.class);
        Optional<CaKeyStore.LoadedEntry> root = store.load(CaName.ROOT.fileName());
        if (root.isEmpty()) {
            for (CaName name : CaName.values()) {
                if (!name.isRoot() && store.load(name.fileName()).isPresent()) {
                    throw new IllegalStateException("Issuing CA file " + store.fileOf(name.fileName()) + " exists but the root CA file "
                            + store.fileOf(CaName.ROOT.fileName()) + " is missing; refusing to create a new root under existing issuing CAs");
                }
            }
            cas.put(CaName.ROOT, createRoot(store, settings, clock, random));
        } else {
            cas.put(CaName.ROOT, new CaKey(CaName.ROOT, root.get().privateKey(), root.get().certificate()));
        }
        CaKey rootKey = cas.get(CaName.ROOT);
        for (CaName name : CaName.values()) {
            if (name.isRoot()) {
                continue;
            }
            Optional<CaKeyStore.LoadedEntry> loaded = store.load(name.fileName());
            CaKey key = loaded.map(e -> new CaKey(name, e.privateKey(), e.certificate()))
                    .orElseGet(() -> createIssuing(name, rootKey, store, settings, clock, random));
            requireIssuedBy(key, rootKey, store);
            cas.put(name, key);
        }
        return new CaHierarchy(cas);
    }

    private static void requireIssuedBy(CaKey issuing, CaKey root, CaKeyStore store) {
        try {
            issuing.certificate().verify(root.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Issuing CA " + store.fileOf(issuing.name().fileName()) + " is not signed by the root CA "
                    + root.certificate().getSubjectX500Principal() + "; the data directory is inconsistent", e);
        }
    }

    private static CaKey createRoot(CaKeyStore store, CaSettings settings, Clock clock, SecureRandom random) {
        KeyPair keyPair = newKeyPair(random);
        X500Name subject = name(settings.namePrefix() + " " + CaName.ROOT.commonNameSuffix());
        Instant now = clock.instant();
        X509Certificate cert = build(subject, keyPair.getPublic(), subject, keyPair.getPrivate(), keyPair.getPublic(),
                now, now.plus(settings.rootValidity()), -1, random);
        store.create(CaName.ROOT.fileName(), keyPair.getPrivate(), cert);
        return new CaKey(CaName.ROOT, keyPair.getPrivate(), cert);
    }

    private static CaKey createIssuing(CaName name, CaKey root, CaKeyStore store, CaSettings settings, Clock clock, SecureRandom random) {
        KeyPair keyPair = newKeyPair(random);
        X500Name subject = name(settings.namePrefix() + " " + name.commonNameSuffix());
        Instant now = clock.instant();
        Instant rootEnd = root.certificate().getNotAfter().toInstant();
        Instant notAfter = now.plus(settings.issuingValidity());
        if (notAfter.isAfter(rootEnd)) {
            notAfter = rootEnd;
        }
        X509Certificate cert = build(subject, keyPair.getPublic(), X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded()),
                root.privateKey(), root.certificate().getPublicKey(), now, notAfter, 0, random);
        store.create(name.fileName(), keyPair.getPrivate(), cert, root.certificate());
        return new CaKey(name, keyPair.getPrivate(), cert);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec(CURVE), random);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate " + CURVE + " keys", e);
        }
    }

    /** A CA certificate; {@code pathLen} -1 means unlimited (root). */
    private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
                                         PublicKey issuerPublicKey, Instant notBefore, Instant notAfter, int pathLen,
                                         SecureRandom random) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(128, random).setBit(127),
                    Date.from(notBefore.minus(Duration.ofMinutes(1))), Date.from(notAfter), subject,
                    SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
            b.addExtension(Extension.basicConstraints, true, pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build CA certificate " + subject, e);
        }
    }
}
