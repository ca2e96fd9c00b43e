import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The workload's side of a KBS resource release, for the README's curl sequence; JDK only, run as a source file
 * ({@code java services/kbs/scripts/WorkloadKey.java ...}):
 * <pre>
 * new KEYFILE       create an EC P-256 key (PKCS#8 PEM, mode 600); print its tee-pubkey JWK,
 *                   {"alg":"ECDH-ES+A256KW","crv":"P-256","kty":"EC","x":...,"y":...}
 * decrypt KEYFILE   read the KBS response (flattened JWE JSON) on stdin, print the secret
 * </pre>
 * The JWK members are printed in RFC 8785 order, so the runtime data the evidence binds can be written with
 * printf. Decryption is RFC 7518 ECDH-ES+A256KW (Concat KDF with SHA-256, AES key unwrap) then A256GCM with the
 * received protected header as AAD.
 */
public final class WorkloadKey {

    private static final Pattern MEMBER = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: WorkloadKey.java new|decrypt KEYFILE");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "new" -> System.out.println(create(file));
            case "decrypt" -> System.out.write(decrypt(file, new String(System.in.readAllBytes(), StandardCharsets.UTF_8)));
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
        System.out.flush();
    }

    /** Writes the private key (owner-only) and returns the public JWK. */
    private static String create(Path file) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem);
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        return "{\"alg\":\"ECDH-ES+A256KW\",\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
    }

    private static ECPrivateKey privateKey(Path file) throws GeneralSecurityException, IOException {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static byte[] decrypt(Path file, String response) throws GeneralSecurityException, IOException {
        String protectedHeader = member(response, "protected");
        String header = new String(Base64.getUrlDecoder().decode(protectedHeader), StandardCharsets.UTF_8);
        if (!"ECDH-ES+A256KW".equals(member(header, "alg")) || !"A256GCM".equals(member(header, "enc"))) {
            throw new GeneralSecurityException("expected ECDH-ES+A256KW / A256GCM, header is " + header);
        }
        ECPrivateKey key = privateKey(file);
        ECPoint epk = new ECPoint(new BigInteger(1, b64url(member(header, "x"))), new BigInteger(1, b64url(member(header, "y"))));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(key);
        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(epk, key.getParams())), true);
        byte[] kek = concatKdf(agreement.generateSecret());
        Cipher unwrap = Cipher.getInstance("AESWrap");
        unwrap.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
        byte[] cek = unwrap.unwrap(b64url(member(response, "encrypted_key")), "AES", Cipher.SECRET_KEY).getEncoded();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, b64url(member(response, "iv"))));
        gcm.updateAAD(protectedHeader.getBytes(StandardCharsets.US_ASCII));
        byte[] ciphertext = b64url(member(response, "ciphertext"));
        byte[] tag = b64url(member(response, "tag"));
        byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        return gcm.doFinal(sealed);
    }

    /** RFC 7518 4.6.2: SHA-256(1 || Z || len||"ECDH-ES+A256KW" || 0 || 0 || 256), one round for a 256-bit key. */
    private static byte[] concatKdf(byte[] z) throws GeneralSecurityException {
        byte[] alg = "ECDH-ES+A256KW".getBytes(StandardCharsets.US_ASCII);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(new byte[] {0, 0, 0, 1});
        sha256.update(z);
        sha256.update(new byte[] {0, 0, 0, (byte) alg.length});
        sha256.update(alg);
        sha256.update(new byte[8]);
        sha256.update(new byte[] {0, 0, 1, 0});
        return sha256.digest();
    }

    private static String member(String json, String name) throws GeneralSecurityException {
        Matcher m = Pattern.compile(String.format(MEMBER.pattern(), name)).matcher(json);
        if (!m.find()) {
            throw new GeneralSecurityException("no \"" + name + "\" in " + json);
        }
        return m.group(1);
    }

    private static byte[] b64url(String value) {
        return Base64.getUrlDecoder().decode(value);
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
