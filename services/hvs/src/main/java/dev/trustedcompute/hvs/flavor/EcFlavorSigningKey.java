package dev.trustedcompute.hvs.flavor;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Objects;

/**
 * An EC flavor signing key: detached JWS, ES256 with a P-256 key or ES384 with a P-384 key (HVS's signing key, whose
 * curve is P-256 when made now and P-384 when made before), {@code kid} = the key's RFC 7638 thumbprint,
 * {@code typ} = {@value #TYPE}. Verification accepts only this key's algorithm and {@code kid}.
 */
public final class EcFlavorSigningKey implements FlavorSigningKey {

    /** The JWS {@code typ} of flavor signatures. */
    public static final String TYPE = "flavor+jws";

    private final JWSAlgorithm algorithm;
    private final ECDSASigner signer;
    private final ECDSAVerifier verifier;
    private final String keyId;

    public EcFlavorSigningKey(KeyPair keyPair) {
        if (!(keyPair.getPublic() instanceof ECPublicKey pub) || !(keyPair.getPrivate() instanceof ECPrivateKey priv)) {
            throw new IllegalArgumentException("flavor signing needs an EC P-256 or P-384 key pair");
        }
        Curve curve = Curve.forECParameterSpec(pub.getParams());
        try {
            this.algorithm = ECDSA.resolveAlgorithm(pub);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("flavor signing needs an EC P-256 or P-384 key pair", e);
        }
        if (!JWSAlgorithm.ES256.equals(algorithm) && !JWSAlgorithm.ES384.equals(algorithm)) {
            throw new IllegalArgumentException("flavor signing needs an EC P-256 or P-384 key pair");
        }
        try {
            this.signer = new ECDSASigner(priv);
            this.verifier = new ECDSAVerifier(pub);
            this.keyId = new ECKey.Builder(curve, pub).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable EC key: " + e.getMessage(), e);
        }
    }

    /** The {@code kid} written into signatures. */
    public String keyId() {
        return keyId;
    }

    @Override
    public String sign(byte[] content) {
        JWSHeader header = new JWSHeader.Builder(algorithm).keyID(keyId).type(new JOSEObjectType(TYPE)).build();
        JWSObject jws = new JWSObject(header, new Payload(content.clone()));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a flavor", e);
        }
        return jws.serialize(true);
    }

    @Override
    public boolean verify(byte[] content, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            JWSObject jws = JWSObject.parse(signature, new Payload(content.clone()));
            JWSHeader header = jws.getHeader();
            return algorithm.equals(header.getAlgorithm()) && Objects.equals(keyId, header.getKeyID())
                    && header.getCriticalParams() == null && jws.verify(verifier);
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return false;
        }
    }
}
