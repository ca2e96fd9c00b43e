package dev.trustedcompute.hvs.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertChainUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.TrustReportSummary;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Set;

/**
 * What the HVS README tells report consumers to do, offline: {@code alg} must be ES256 or ES384, the {@code x5c}
 * chain must lead to the pinned root (PKIX), {@code alg} must match the leaf key's curve (ES256 P-256, ES384 P-384)
 * and the signature must verify with that key, then the {@code trust_report} claim is read.
 */
public final class OfflineReportVerifier {

    private OfflineReportVerifier() {
    }

    public static TrustReportSummary verify(String compactJws, X509Certificate root) throws Exception {
        SignedJWT jwt = SignedJWT.parse(compactJws);
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(algorithm) && !JWSAlgorithm.ES384.equals(algorithm)) {
            throw new GeneralSecurityException("not ES256 or ES384: " + algorithm);
        }
        List<X509Certificate> chain = X509CertChainUtils.parse(jwt.getHeader().getX509CertChain());
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        if (path.isEmpty()) {
            if (!chain.getFirst().equals(root)) {
                throw new GeneralSecurityException("empty chain");
            }
        } else {
            PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            pkix.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), pkix);
        }
        ECPublicKey key = (ECPublicKey) chain.getFirst().getPublicKey();
        Curve curve = Curve.forECParameterSpec(key.getParams());
        if (!Curve.forJWSAlgorithm(algorithm).contains(curve)) {
            throw new GeneralSecurityException(algorithm + " with a key on " + curve);
        }
        if (!jwt.verify(new ECDSAVerifier(key))) {
            throw new GeneralSecurityException(algorithm + " signature does not verify");
        }
        String summary = JSONObjectUtils.toJSONString(jwt.getJWTClaimsSet().getJSONObjectClaim(TrustReportSummary.CLAIM));
        return ProtocolJson.decode(summary.getBytes(StandardCharsets.UTF_8), TrustReportSummary.class);
    }
}
