package dev.trustedcompute.attestationmanager.reports;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.agentprotocol.TrustReportSummary;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a report event into a {@link VerifiedReport}, in this order: parse the JWS; require ES256 or ES384;
 * validate the {@code x5c} chain (PKIX, at the clock's time) up to the CMS root; require the algorithm to match the
 * leaf key's curve (ES256 P-256, what HVS signs with; ES384 P-384, HVS keys made before); verify the signature over
 * the received bytes with that key; only then read the claims and check they agree with the subject and message id.
 * Pure: no Spring, the root and clock are inputs. A chain that passed is remembered while its certificates are valid.
 */
public final class ReportVerifier {
    /** Tolerated clock difference between HVS and this manager for {@code iat}/{@code exp}. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    /** How many distinct chains are remembered: one or two per HVS signing key. */
    private static final int REMEMBERED_CHAINS = 32;

    private final X509Certificate cmsRoot;
    private final Subjects subjects;
    private final Clock clock;
    /**
     * Chains that passed validation, by their exact x5c: every report of one HVS carries the same chain, and
     * re-running PKIX (two P-384 signature checks) for each report would cost more than the report's own check.
     */
    private final Map<List<String>, ValidatedChain> validatedChains = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, ValidatedChain> eldest) {
            return size() > REMEMBERED_CHAINS;
        }
    };

    /** A chain that passed PKIX and the leaf checks; the result holds while every certificate of it is valid. */
    private record ValidatedChain(X509Certificate leaf, Instant notBefore, Instant notAfter) {
        boolean validAt(Instant at) {
            return !at.isBefore(notBefore) && !at.isAfter(notAfter);
        }
    }

    public ReportVerifier(X509Certificate cmsRoot, Subjects subjects, Clock clock) {
        this.cmsRoot = cmsRoot;
        this.subjects = subjects;
        this.clock = clock;
    }

    public VerifiedReport verify(ReportEvent event) throws ReportRejectedException {
        SignedJWT jws = parse(event.body());
        JWSAlgorithm algorithm = jws.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(algorithm) && !JWSAlgorithm.ES384.equals(algorithm)) {
            throw new ReportRejectedException(Rejection.ALGORITHM, "signed with " + algorithm
                    + ", only ES256 and ES384 are accepted");
        }
        X509Certificate leaf = validatedLeaf(jws.getHeader().getX509CertChain());
        verifySignature(jws, algorithm, leaf);
        JWTClaimsSet claims = claims(jws);
        String reportId = claims.getJWTID();
        String subject = claims.getSubject();
        Date issuedAt = claims.getIssueTime();
        Date expiresAt = claims.getExpirationTime();
        if (reportId == null || subject == null || issuedAt == null || expiresAt == null) {
            throw new ReportRejectedException(Rejection.CLAIMS, "jti, sub, iat and exp are required");
        }
        Instant now = clock.instant();
        if (!expiresAt.toInstant().plus(CLOCK_SKEW).isAfter(now)) {
            throw new ReportRejectedException(Rejection.EXPIRED, "report " + reportId + " expired at " + expiresAt.toInstant());
        }
        if (issuedAt.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw new ReportRejectedException(Rejection.CLAIMS, "report " + reportId + " is issued in the future ("
                    + issuedAt.toInstant() + ")");
        }
        TrustReportSummary summary = summary(claims);
        HostId host = consistentHost(event, reportId, subject, summary);
        return new VerifiedReport(reportId, host, leaf.getSubjectX500Principal().getName(), issuedAt.toInstant(),
                expiresAt.toInstant(), summary);
    }

    private static SignedJWT parse(byte[] body) throws ReportRejectedException {
        if (body == null || body.length == 0 || body.length > ProtocolJson.MAX_MESSAGE_BYTES) {
            throw new ReportRejectedException(Rejection.MALFORMED, "body is empty or larger than "
                    + ProtocolJson.MAX_MESSAGE_BYTES + " bytes");
        }
        try {
            return SignedJWT.parse(new String(body, StandardCharsets.US_ASCII).strip());
        } catch (ParseException e) {
            throw new ReportRejectedException(Rejection.MALFORMED, "not a compact JWS: " + e.getMessage());
        }
    }

    /** PKIX path from the leaf to the CMS root; the root itself may or may not be included in {@code x5c}. */
    private X509Certificate validatedLeaf(List<Base64> x5c) throws ReportRejectedException {
        if (x5c == null || x5c.isEmpty()) {
            throw new ReportRejectedException(Rejection.CHAIN, "no x5c certificate chain in the header");
        }
        List<String> key = x5c.stream().map(Base64::toString).toList();
        Instant now = clock.instant();
        ValidatedChain known;
        synchronized (validatedChains) {
            known = validatedChains.get(key);
        }
        if (known != null && known.validAt(now)) {
            return known.leaf();
        }
        List<X509Certificate> path = new ArrayList<>();
        for (Base64 der : x5c) {
            X509Certificate certificate = X509CertUtils.parse(der.decode());
            if (certificate == null) {
                throw new ReportRejectedException(Rejection.CHAIN, "x5c holds a malformed certificate");
            }
            if (!certificate.equals(cmsRoot)) {
                path.add(certificate);
            }
        }
        if (path.isEmpty()) {
            throw new ReportRejectedException(Rejection.CHAIN, "x5c holds only the root, no signing certificate");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(cmsRoot, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new ReportRejectedException(Rejection.CHAIN, "x5c does not chain to the CMS root: " + e.getMessage());
        }
        X509Certificate leaf = path.getFirst();
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw new ReportRejectedException(Rejection.CHAIN, "the signing certificate lacks digitalSignature key usage");
        }
        Instant notBefore = path.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo).orElseThrow();
        Instant notAfter = path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        synchronized (validatedChains) {
            validatedChains.put(key, new ValidatedChain(leaf, notBefore, notAfter));
        }
        return leaf;
    }

    private static void verifySignature(SignedJWT jws, JWSAlgorithm algorithm, X509Certificate leaf)
            throws ReportRejectedException {
        if (!(leaf.getPublicKey() instanceof ECPublicKey key)) {
            throw new ReportRejectedException(Rejection.SIGNATURE, "the signing certificate has no EC key");
        }
        Curve curve = Curve.forECParameterSpec(key.getParams());
        Curve expected = Curve.forJWSAlgorithm(algorithm).iterator().next(); // ES256 and ES384 name one curve each
        if (!expected.equals(curve)) {
            throw new ReportRejectedException(Rejection.ALGORITHM, "signed with " + algorithm + " but the signing "
                    + "certificate's key is on " + (curve == null ? "an unnamed curve" : curve) + ", not " + expected);
        }
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(key);
            // Bouncy Castle checks ES256 and ES384 in a fraction of the JDK's time (docs/BENCHMARKS.md, "EC providers")
            verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            if (!jws.verify(verifier)) {
                throw new ReportRejectedException(Rejection.SIGNATURE, "signature does not verify with "
                        + leaf.getSubjectX500Principal().getName());
            }
        } catch (JOSEException e) {
            throw new ReportRejectedException(Rejection.SIGNATURE, "signature check failed: " + e.getMessage());
        }
    }

    private static JWTClaimsSet claims(SignedJWT jws) throws ReportRejectedException {
        try {
            return jws.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new ReportRejectedException(Rejection.MALFORMED, "claims are not a JSON object: " + e.getMessage());
        }
    }

    private static TrustReportSummary summary(JWTClaimsSet claims) throws ReportRejectedException {
        Map<String, Object> json;
        try {
            json = claims.getJSONObjectClaim(TrustReportSummary.CLAIM);
        } catch (ParseException e) {
            throw new ReportRejectedException(Rejection.CLAIMS, TrustReportSummary.CLAIM + " is not an object");
        }
        if (json == null) {
            throw new ReportRejectedException(Rejection.CLAIMS, "no " + TrustReportSummary.CLAIM + " claim");
        }
        try {
            return ProtocolJson.decode(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8),
                    TrustReportSummary.class);
        } catch (ProtocolException e) {
            throw new ReportRejectedException(Rejection.CLAIMS, e.getMessage());
        }
    }

    private HostId consistentHost(ReportEvent event, String reportId, String subject, TrustReportSummary summary)
            throws ReportRejectedException {
        if (!reportId.equals(summary.reportId())) {
            throw new ReportRejectedException(Rejection.MISMATCH, "jti " + reportId + " but summary reportId "
                    + summary.reportId());
        }
        if (!subject.equals(summary.hostId())) {
            throw new ReportRejectedException(Rejection.MISMATCH, "sub " + subject + " but summary hostId " + summary.hostId());
        }
        if (event.messageId() != null && !event.messageId().equals(reportId)) {
            throw new ReportRejectedException(Rejection.MISMATCH, "Nats-Msg-Id " + event.messageId() + " but jti " + reportId);
        }
        HostId onSubject;
        try {
            onSubject = subjects.hostIdOf(event.subject());
        } catch (ProtocolException e) {
            throw new ReportRejectedException(Rejection.MISMATCH, e.getMessage());
        }
        if (!onSubject.value().equals(subject)) {
            throw new ReportRejectedException(Rejection.MISMATCH, "report for " + subject + " arrived on "
                    + event.subject());
        }
        return onSubject;
    }
}
