package dev.trustedcompute.hvs.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
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
 * What the HVS README tells report consumers to do, offline: the {@code x5c} chain must lead to the pinned root
 * (PKIX), the ES384 signature must verify with the chain's leaf, then the {@code trust_report} claim is read.
 */
public final class OfflineReportVerifier {

    private OfflineReportVerifier() {
    }

    public static TrustReportSummary verify(String compactJws, X509Certificate root) throws Exception {
        SignedJWT jwt = SignedJWT.parse(compactJws);
        if (!JWSAlgorithm.ES384.equals(jwt.getHeader().getAlgorithm())) {
            throw new GeneralSecurityException("not ES384: " + jwt.getHeader().getAlgorithm());
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
        if (!jwt.verify(new ECDSAVerifier((ECPublicKey) chain.getFirst().getPublicKey()))) {
            throw new GeneralSecurityException("ES384 signature does not verify");
        }
        String summary = JSONObjectUtils.toJSONString(jwt.getJWTClaimsSet().getJSONObjectClaim(TrustReportSummary.CLAIM));
        return ProtocolJson.decode(summary.getBytes(StandardCharsets.UTF_8), TrustReportSummary.class);
    }
}
