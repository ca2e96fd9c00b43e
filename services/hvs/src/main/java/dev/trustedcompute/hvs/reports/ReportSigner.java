package dev.trustedcompute.hvs.reports;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.hvs.hosts.Host;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Signs trust reports as JWTs: ES256 with a P-256 key (ES384 with a P-384 key made before; the algorithm follows the
 * key's curve), header {@code x5c} = the signing certificate chain (leaf first, root last)
 * and {@code x5t#S256} of the leaf. Claims: {@code iss} "hvs", {@code sub} the host's NATS host id, {@code jti}
 * the report id, {@code iat}/{@code exp}, {@value TrustReportSummary#CLAIM} (the {@link TrustReportSummary}
 * consumers decide on) and {@value #DETAILS_CLAIM} (HVS's details: host record id, matched flavors, quirks,
 * TPM reset count).
 * <p>
 * Signing is a large part of the CPU a report costs, and Bouncy Castle signs in a fraction of the JDK's time
 * (ES256 115 µs against 291 µs, ES384 304 µs against 1 518 µs: docs/BENCHMARKS.md, "EC providers"), so the
 * signer uses it.
 */
@Component
public class ReportSigner {

    public static final String ISSUER = "hvs";
    public static final String DETAILS_CLAIM = "hvs_report";
    static final JOSEObjectType TYPE = new JOSEObjectType("trust-report+jwt");
    private static final Set<JWSAlgorithm> REPORT_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JWSHeader header;
    private final ECDSASigner signer;

    public ReportSigner(ReportSigningKey key) {
        if (!(key.privateKey() instanceof ECPrivateKey privateKey)) {
            throw new IllegalStateException("the report signing key must be an EC P-256 (or P-384) key, not "
                    + key.privateKey().getAlgorithm());
        }
        JWSAlgorithm algorithm = algorithmFor(privateKey);
        List<Base64> x5c = new ArrayList<>();
        try {
            for (X509Certificate certificate : key.chain()) {
                x5c.add(Base64.encode(certificate.getEncoded()));
            }
            this.header = new JWSHeader.Builder(algorithm).type(TYPE).x509CertChain(x5c)
                    .x509CertSHA256Thumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-256")
                            .digest(key.leaf().getEncoded())))
                    .build();
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot encode the report signing chain", e);
        }
        try {
            this.signer = new ECDSASigner(privateKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("the report signing key is not a usable EC key", e);
        }
        signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
    }

    public SignedReport sign(UUID reportId, Host host, ReportContent content, Instant createdAt, Instant expiresAt) {
        TrustReportSummary summary = new TrustReportSummary(reportId.toString(), host.natsHostId().value(), host.name(),
                host.hardwareUuid().toString(), content.trusted(), content.trust(), content.faults(),
                content.secureBootEnabled(), content.diskEncryption(), content.goldenFromReboot(), createdAt, expiresAt);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host_uuid", host.id().toString());
        details.put("matched_flavor_ids", content.matchedFlavorIds().stream().map(UUID::toString).sorted().toList());
        details.put("quirks", content.quirks());
        details.put("tpm_reset_count", content.resetCount());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(host.natsHostId().value())
                .jwtID(reportId.toString())
                .issueTime(Date.from(createdAt))
                .expirationTime(Date.from(expiresAt))
                .claim(TrustReportSummary.CLAIM, asMap(summary))
                .claim(DETAILS_CLAIM, details)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a trust report", e);
        }
        return new SignedReport(summary, jwt.serialize(), JSONObjectUtils.toJSONString(claims.toJSONObject()));
    }

    /** ES256 for the P-256 keys HVS makes, ES384 for a P-384 key made before; no other curve is accepted. */
    private static JWSAlgorithm algorithmFor(ECPrivateKey key) {
        Curve curve = Curve.forECParameterSpec(key.getParams());
        try {
            JWSAlgorithm algorithm = ECDSA.resolveAlgorithm(curve);
            if (REPORT_ALGORITHMS.contains(algorithm)) {
                return algorithm;
            }
        } catch (JOSEException e) {
            // an unnamed or unsupported curve: refused below
        }
        throw new IllegalStateException("the report signing key is on " + (curve == null ? "an unnamed curve" : curve)
                + ": trust reports are signed ES256 with a P-256 key (or ES384 with a P-384 key)");
    }

    /** The summary as the JSON object the wire contract defines (same encoder as the NATS messages). */
    private static Map<String, Object> asMap(TrustReportSummary summary) {
        return JSON.readValue(ProtocolJson.encode(summary), new TypeReference<>() {
        });
    }
}
