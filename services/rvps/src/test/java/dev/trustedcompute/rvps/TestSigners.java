package dev.trustedcompute.rvps;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.trustedcompute.servicekit.identity.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Bundle signers for tests: real keys made with Nimbus, their PEM (public key or self-signed certificate) for
 * {@code tc.rvps.trusted-signers}, and signed manifests built the way a vendor's pipeline would.
 */
public final class TestSigners {

    private TestSigners() {
    }

    /** A key pair able to sign bundles. */
    public record Signer(JWK jwk, JWSAlgorithm alg) {

        public static Signer ec(Curve curve) {
            try {
                JWSAlgorithm alg = curve.equals(Curve.P_256) ? JWSAlgorithm.ES256
                        : curve.equals(Curve.P_384) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
                return new Signer(new ECKeyGenerator(curve).generate(), alg);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Signer rsa(int bits, JWSAlgorithm alg) {
            try {
                return new Signer(new RSAKeyGenerator(bits).generate(), alg);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** SubjectPublicKeyInfo PEM ({@code PUBLIC KEY}). */
        public String publicKeyPem() {
            return Pem.encode("PUBLIC KEY", keyPair().getPublic().getEncoded());
        }

        /** A self-signed certificate for the key, valid from {@code notBefore} to {@code notAfter}, as PEM. */
        public String certificatePem(Instant notBefore, Instant notAfter) {
            KeyPair pair = keyPair();
            String sigAlg = jwk instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
            X500Name name = new X500Name("CN=RVPS test bundle signer");
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
            try {
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder(sigAlg).build(pair.getPrivate())));
                return Pem.encode("CERTIFICATE", certificate.getEncoded());
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        private KeyPair keyPair() {
            try {
                return switch (jwk) {
                    case ECKey ec -> ec.toKeyPair();
                    case RSAKey rsa -> rsa.toKeyPair();
                    default -> throw new IllegalStateException("EC or RSA only");
                };
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A compact JWS over {@code manifest}, header {@code alg} and {@code kid}. */
        public String sign(String kid, String manifest) {
            return sign(new JWSHeader.Builder(alg).keyID(kid).build(), manifest);
        }

        public String sign(JWSHeader header, String manifest) {
            try {
                JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(jwk, header.getAlgorithm());
                JWSObject jws = new JWSObject(header, new Payload(manifest));
                jws.sign(signer);
                return jws.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Manifest JSON: builder of {@code {"expiration":..., "referenceValues":[...]}}. */
    public static Manifest manifest(Instant expiration) {
        return new Manifest(expiration);
    }

    public static final class Manifest {
        private final Instant expiration;
        private final List<Map<String, Object>> values = new ArrayList<>();

        private Manifest(Instant expiration) {
            this.expiration = expiration;
        }

        public Manifest value(String name, Instant expiration, String... values) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("values", List.of(values));
            entry.put("expiration", expiration.toString());
            this.values.add(entry);
            return this;
        }

        public String json() {
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("expiration", expiration.toString());
            manifest.put("referenceValues", values);
            return JSONObjectUtils.toJSONString(manifest);
        }
    }
}
