package dev.trustedcompute.tpmquote.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The EC operations the services pay per request, with the JDK's provider and with Bouncy Castle's, to choose
 * between them: HVS signs each trust report (P-256; P-384 with a key store made before ES256 reports) and the
 * attestation manager verifies it; every service verifies the AAS token of an authenticated request (P-384); KBS
 * signs (P-256) and checks its EAR and makes an ephemeral P-256 key and ECDH for each JWE it releases.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServiceSignatureBenchmark {

    /** {@code jdk} (SunEC) or {@code bc} (Bouncy Castle). */
    @Param({"jdk", "bc"})
    public String provider;

    private static final byte[] MESSAGE = ("eyJhbGciOiJFUzM4NCJ9." + "x".repeat(1500)).getBytes(StandardCharsets.US_ASCII);

    private Provider jca;
    private KeyPair p384;
    private KeyPair p256;
    private KeyPair workload;
    /** A workload key's parameters as KBS sees them: from a JWK through Nimbus, a JDK key (no Bouncy Castle name). */
    private ECParameterSpec jdkKeyParameters;
    private PublicKey p256JdkPublic;
    private byte[] p384Signature;
    private byte[] p256Signature;

    @Setup
    public void keys() throws GeneralSecurityException {
        jca = "bc".equals(provider) ? new BouncyCastleProvider() : null;
        p384 = generate("secp384r1");
        p256 = generate("secp256r1");
        workload = generate("secp256r1");
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC");
        jdk.initialize(new ECGenParameterSpec("secp256r1"));
        jdkKeyParameters = ((ECPublicKey) jdk.generateKeyPair().getPublic()).getParams();
        p256JdkPublic = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(p256.getPublic().getEncoded()));
        p384Signature = es384Sign();
        p256Signature = es256Sign();
    }

    @Benchmark
    public byte[] es384Sign() throws GeneralSecurityException {
        return sign("SHA384withECDSA", p384);
    }

    @Benchmark
    public boolean es384Verify() throws GeneralSecurityException {
        return verify("SHA384withECDSA", p384, p384Signature);
    }

    @Benchmark
    public byte[] es256Sign() throws GeneralSecurityException {
        return sign("SHA256withECDSA", p256);
    }

    @Benchmark
    public boolean es256Verify() throws GeneralSecurityException {
        return verify("SHA256withECDSA", p256, p256Signature);
    }

    /**
     * {@link #es256Verify} with a public key as the JDK decodes it, as HVS checks a quote with an AK read from its
     * database: the provider converts it on every check and cannot reuse precomputed tables (BC 233 against 84 us).
     */
    @Benchmark
    public boolean es256VerifyJdkKey() throws GeneralSecurityException {
        Signature signature = signature("SHA256withECDSA");
        signature.initVerify(p256JdkPublic);
        signature.update(MESSAGE);
        return signature.verify(p256Signature);
    }

    /** What KBS does per released resource for an EC workload key (ECDH-ES+A256KW). */
    @Benchmark
    public byte[] p256EphemeralKeyAndEcdh() throws GeneralSecurityException {
        KeyPair ephemeral = generate("secp256r1");
        KeyAgreement agreement = jca == null ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", jca);
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(workload.getPublic(), true);
        return agreement.generateSecret();
    }

    /**
     * The same key made from a JDK peer key's {@code ECParameterSpec} instead of the curve's name: Bouncy Castle then
     * builds a new curve and precomputes the base point's table again for every key (what KBS did until round 4).
     */
    @Benchmark
    public KeyPair p256EphemeralKeyFromKeyParameters() throws GeneralSecurityException {
        KeyPairGenerator generator = jca == null ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", jca);
        generator.initialize(jdkKeyParameters);
        return generator.generateKeyPair();
    }

    /** The ephemeral key alone, by curve name. */
    @Benchmark
    public KeyPair p256EphemeralKey() throws GeneralSecurityException {
        return generate("secp256r1");
    }

    private KeyPair generate(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = jca == null ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", jca);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private byte[] sign(String algorithm, KeyPair key) throws GeneralSecurityException {
        Signature signature = signature(algorithm);
        signature.initSign(key.getPrivate());
        signature.update(MESSAGE);
        return signature.sign();
    }

    private boolean verify(String algorithm, KeyPair key, byte[] value) throws GeneralSecurityException {
        Signature signature = signature(algorithm);
        signature.initVerify(key.getPublic());
        signature.update(MESSAGE);
        return signature.verify(value);
    }

    private Signature signature(String algorithm) throws GeneralSecurityException {
        return jca == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, jca);
    }
}
