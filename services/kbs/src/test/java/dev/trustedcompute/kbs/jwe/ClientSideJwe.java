package dev.trustedcompute.kbs.jwe;

import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decrypts a KBS response the way guest-components does ({@code keypair.rs::decrypt_response} with kbs-types
 * {@code ProtectedHeader::generate_aad}): it parses the protected header into {alg, enc, other members}, serializes
 * it again (alg, enc, then the rest sorted, nested objects sorted, compact) and uses that text as the AAD; it never
 * uses the received {@code protected} string itself. The key unwrapping and A256GCM are Nimbus's, an implementation
 * independent of the KBS code under test.
 */
public final class ClientSideJwe {

    private ClientSideJwe() {
    }

    /** The header as the client re-serializes it (this is also its AAD, base64url-encoded). */
    public static String reserializedHeader(String protectedB64) throws Exception {
        Map<String, Object> header = JSONObjectUtils.parse(
                new String(Base64.getUrlDecoder().decode(protectedB64), StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder("{\"alg\":").append(quote((String) header.get("alg")));
        out.append(",\"enc\":").append(quote((String) header.get("enc")));
        for (Map.Entry<String, Object> e : new TreeMap<>(header).entrySet()) {
            if (!e.getKey().equals("alg") && !e.getKey().equals("enc")) {
                out.append(',').append(quote(e.getKey())).append(':').append(value(e.getValue()));
            }
        }
        return out.append('}').toString();
    }

    public static byte[] decrypt(Map<String, Object> response, JWK privateKey) throws Exception {
        String aadHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(reserializedHeader((String) response.get("protected")).getBytes(StandardCharsets.UTF_8));
        String compact = aadHeader + "." + response.get("encrypted_key") + "." + response.get("iv") + "."
                + response.get("ciphertext") + "." + response.get("tag");
        JWEObject jwe = JWEObject.parse(compact);
        JWEDecrypter decrypter = switch (privateKey) {
            case ECKey ec -> new ECDHDecrypter(ec);
            case RSAKey rsa -> new RSADecrypter(rsa);
            default -> throw new IllegalArgumentException("unsupported key " + privateKey.getKeyType());
        };
        jwe.decrypt(decrypter);
        return jwe.getPayload().toBytes();
    }

    private static String value(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote((String) e.getKey())).append(':').append(value(e.getValue()));
            }
            return out.append('}').toString();
        }
        return quote((String) value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
