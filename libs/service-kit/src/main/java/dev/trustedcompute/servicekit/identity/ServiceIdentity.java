package dev.trustedcompute.servicekit.identity;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A service's key and CMS-issued certificate chain, kept in a PKCS#12 file protected by a passphrase.
 * At first start the key is generated here (it never leaves the service), a CSR goes to CMS with a
 * bootstrap token, and the returned chain is checked against the CMS root before it is stored. The root
 * itself is fetched once and must match the configured SHA-384 pin.
 */
public final class ServiceIdentity {

    private static final Pattern IP = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$");

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final X509Certificate root;

    private ServiceIdentity(PrivateKey privateKey, List<X509Certificate> chain, X509Certificate root) {
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.root = root;
    }

    /**
     * What to ask for and where to keep it. {@code curve} is the curve of a new key; a key store that already
     * exists is loaded with whatever key it holds.
     */
    public record Request(String certType, String commonName, List<String> sans, Path keyStore, char[] password,
                          KeyCurve curve) {
        public Request {
            Objects.requireNonNull(curve, "curve");
        }
    }

    /** The EC curve of a generated key, and the signature its CSR is signed with (the curve's matching hash). */
    public enum KeyCurve {
        P_256("secp256r1", "SHA256withECDSA"),
        P_384("secp384r1", "SHA384withECDSA");

        private final String name;
        private final String csrSignature;

        KeyCurve(String name, String csrSignature) {
            this.name = name;
            this.csrSignature = csrSignature;
        }
    }

    /** Loads {@code request.keyStore()} when it exists, else enrolls with CMS and writes it. */
    public static ServiceIdentity loadOrEnroll(Request request, CmsClient cms, String bootstrapToken,
                                               String rootSha384Pin) throws IOException, GeneralSecurityException {
        if (Files.exists(request.keyStore())) {
            return load(request.keyStore(), request.password());
        }
        X509Certificate root = pinnedRoot(cms, rootSha384Pin);
        KeyPair keyPair = generateKey(request.curve());
        String csr = csr(keyPair, request.curve(), request.commonName(), request.sans());
        if (bootstrapToken == null || bootstrapToken.isBlank()) {
            throw new IllegalStateException("no " + request.certType() + " certificate in " + request.keyStore()
                    + " and no bootstrap token to enroll one with CMS (set tc.identity.bootstrap-token)");
        }
        List<X509Certificate> chain = cms.sign(csr, request.certType(), bootstrapToken);
        if (!chain.getFirst().getPublicKey().equals(keyPair.getPublic())) {
            throw new GeneralSecurityException("CMS returned a certificate for a different key");
        }
        validate(chain, root);
        store(request.keyStore(), request.password(), keyPair.getPrivate(), chain, root);
        return new ServiceIdentity(keyPair.getPrivate(), chain, root);
    }

    public static ServiceIdentity load(Path keyStore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        PrivateKey key = (PrivateKey) store.getKey("identity", password);
        Certificate[] certificates = store.getCertificateChain("identity");
        X509Certificate root = (X509Certificate) store.getCertificate("cms-root");
        if (key == null || certificates == null || root == null) {
            throw new GeneralSecurityException(keyStore + " does not hold an identity entry and the CMS root");
        }
        // PKCS#12 may append the stored root to the chain; the root is kept apart
        List<X509Certificate> chain = java.util.Arrays.stream(certificates).map(X509Certificate.class::cast)
                .filter(certificate -> !certificate.equals(root)).toList();
        return new ServiceIdentity(key, chain, root);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Leaf first, then the issuing CA(s); the root is separate. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate root() {
        return root;
    }

    static X509Certificate pinnedRoot(CmsClient cms, String rootSha384Pin) throws IOException, GeneralSecurityException {
        // No trust on first use: without a pin any server answering at the CMS URL could become our root.
        if (rootSha384Pin == null || rootSha384Pin.isBlank()) {
            throw new GeneralSecurityException("no CMS root pin configured (tc.identity.cms-root-sha384, the SHA-384 "
                    + "of the root's DER): refusing to enrol against an unauthenticated root");
        }
        X509Certificate root = cms.caCertificates("root").getFirst();
        String digest = sha384Hex(root);
        if (!rootSha384Pin.equalsIgnoreCase(digest)) {
            throw new GeneralSecurityException("CMS root certificate SHA-384 " + digest + " does not match the pin "
                    + rootSha384Pin);
        }
        return root;
    }

    /** The CMS root pin's form: SHA-384 of the certificate's DER, lower-case hex. */
    public static String sha384Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash the certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static KeyPair generateKey(KeyCurve curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve.name));
        return generator.generateKeyPair();
    }

    static String csr(KeyPair keyPair, KeyCurve curve, String commonName, List<String> sans) throws IOException {
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), keyPair.getPublic());
            if (!sans.isEmpty()) {
                GeneralName[] names = sans.stream()
                        .map(san -> new GeneralName(IP.matcher(san).matches() ? GeneralName.iPAddress : GeneralName.dNSName, san))
                        .toArray(GeneralName[]::new);
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            PKCS10CertificationRequest request =
                    builder.build(new JcaContentSignerBuilder(curve.csrSignature).build(keyPair.getPrivate()));
            return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a CSR", e);
        }
    }

    private static void validate(List<X509Certificate> chain, X509Certificate root) throws GeneralSecurityException {
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    private static void store(Path file, char[] password, PrivateKey key, List<X509Certificate> chain,
                              X509Certificate root) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("identity", key, password, chain.toArray(Certificate[]::new));
        store.setCertificateEntry("cms-root", root);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, password);
        }
        // written whole or not at all, so a crash never leaves half a key store
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
