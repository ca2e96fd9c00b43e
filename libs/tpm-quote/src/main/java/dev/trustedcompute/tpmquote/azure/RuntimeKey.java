package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One JWK of the runtime data's {@code keys} (RFC 7517/7518): the vTPM's attestation key {@code HCLAkPub} or
 * endorsement key {@code HCLEkPub}. Azure only issues RSA keys; any other {@code kty} is malformed here.
 *
 * @param kid       key id
 * @param keyOps    {@code key_ops} as given (Azure writes {@code sign} for the AK, {@code encrypt} for the EK)
 * @param publicKey the RSA key from {@code n} and {@code e}
 */
public record RuntimeKey(String kid, List<String> keyOps, RSAPublicKey publicKey) {

    /** Keeps a hostile modulus from turning signature checks into a denial of service. */
    private static final int MAX_MODULUS_BITS = 8192;

    public RuntimeKey {
        Objects.requireNonNull(kid, "kid");
        keyOps = List.copyOf(keyOps);
        Objects.requireNonNull(publicKey, "publicKey");
    }

    static RuntimeKey parse(Json.Value value, String path) throws EvidenceFormatException {
        JsonFields jwk = new JsonFields(value, path);
        String kid = jwk.string("kid");
        String kty = jwk.string("kty");
        if (!kty.equals("RSA")) {
            throw new EvidenceFormatException(value.start(), path + ".kty", "'" + kty + "' is not RSA");
        }
        List<String> keyOps = jwk.has("key_ops") ? jwk.stringArray("key_ops") : List.of();
        BigInteger n = unsigned(jwk, "n", MAX_MODULUS_BITS / 8);
        BigInteger e = unsigned(jwk, "e", 8);
        if (n.bitLength() < 1024 || !n.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw new EvidenceFormatException(value.start(), path, "not a usable RSA public key ("
                    + n.bitLength() + "-bit modulus, exponent " + e + ")");
        }
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            return new RuntimeKey(kid, keyOps, key);
        } catch (InvalidKeySpecException ex) {
            throw new EvidenceFormatException(path, "RSA key rejected: " + ex.getMessage(), ex);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A JWK integer: unpadded base64url, big-endian, at most {@code maxBytes}. */
    private static BigInteger unsigned(JsonFields jwk, String member, int maxBytes) throws EvidenceFormatException {
        String text = jwk.string(member);
        long at = jwk.value(member).start();
        String field = jwk.path() + "." + member;
        if (text.length() > (maxBytes * 4 + 2) / 3 || text.endsWith("=")) {
            throw new EvidenceFormatException(at, field, "not an unpadded base64url integer of at most " + maxBytes
                    + " bytes");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            if (bytes.length == 0) {
                throw new EvidenceFormatException(at, field, "empty");
            }
            return new BigInteger(1, bytes);
        } catch (IllegalArgumentException ex) {
            throw new EvidenceFormatException(at, field, "invalid base64url: " + ex.getMessage(), ex);
        }
    }

    /** Every key in the {@code keys} array, in document order. */
    static List<RuntimeKey> parseAll(List<Json.Value> keys, String path) throws EvidenceFormatException {
        List<RuntimeKey> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(parse(keys.get(i), path + "[" + i + "]"));
        }
        return out;
    }
}
