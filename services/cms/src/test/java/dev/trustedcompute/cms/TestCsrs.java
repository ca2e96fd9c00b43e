package dev.trustedcompute.cms;

import dev.trustedcompute.cms.authority.Pem;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

/** Builds real CSRs with Bouncy Castle: {@code TestCsrs.ec("secp256r1").cn("hvs").dns("hvs.local").pem()}. */
public final class TestCsrs {
    private final KeyPair keyPair;
    private final String signatureAlgorithm;
    private String subject = "CN=test";
    private final List<GeneralName> sans = new ArrayList<>();

    private TestCsrs(KeyPair keyPair, String signatureAlgorithm) {
        this.keyPair = keyPair;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public static TestCsrs ec(String curve) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec(curve));
            return new TestCsrs(gen.generateKeyPair(), curve.equals("secp521r1") ? "SHA512withECDSA" : "SHA384withECDSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestCsrs ed25519() {
        try {
            return new TestCsrs(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestCsrs rsa(int bits) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(bits);
            return new TestCsrs(gen.generateKeyPair(), "SHA256withRSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public TestCsrs cn(String cn) {
        this.subject = "CN=" + cn;
        return this;
    }

    public TestCsrs subject(String rfc4514) {
        this.subject = rfc4514;
        return this;
    }

    public TestCsrs dns(String name) {
        sans.add(new GeneralName(GeneralName.dNSName, name));
        return this;
    }

    public TestCsrs ip(String literal) {
        try {
            sans.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(literal).getAddress())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public TestCsrs email(String address) {
        sans.add(new GeneralName(GeneralName.rfc822Name, address));
        return this;
    }

    public KeyPair keyPair() { return keyPair; }

    public byte[] der() {
        try {
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keyPair.getPublic());
            if (!sans.isEmpty()) {
                ExtensionsGenerator ext = new ExtensionsGenerator();
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            }
            PKCS10CertificationRequest csr = b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate()));
            return csr.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String pem() {
        return Pem.encode("CERTIFICATE REQUEST", der());
    }
}
