package dev.trustedcompute.kbs.ear;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.kbs.KbsProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Signs EAR attestation tokens (draft-ietf-rats-ear) in Trustee's profile: ES256, header {@code jwk} (with
 * {@code x5c}) and {@code x5c}; claims {@code eat_profile}, {@code iat}, {@code exp}, {@code iss},
 * {@code ear.verifier-id} and one submodule {@code cpu0} with status, the full trustworthiness vector, the policy id
 * and the annotated evidence.
 */
@Service
public class EarIssuer {

    public static final String EAT_PROFILE = "tag:github.com,2024:confidential-containers/Trustee";
    public static final String SUBMODULE = "cpu0";

    private final SigningKeys keys;
    private final IssuedTokens issued;
    private final Clock clock;
    private final Duration lifetime;
    private final String issuer;

    public EarIssuer(SigningKeys keys, IssuedTokens issued, Clock clock, KbsProperties properties) {
        this.keys = keys;
        this.issued = issued;
        this.clock = clock;
        this.lifetime = properties.token().lifetime();
        this.issuer = properties.token().issuer();
    }

    public String issue(Appraisal appraisal) {
        Instant now = clock.instant();
        Map<String, Object> submodule = new LinkedHashMap<>();
        submodule.put("ear.status", appraisal.vector().status().jsonName());
        submodule.put("ear.trustworthiness-vector", appraisal.vector().toJson());
        submodule.put("ear.appraisal-policy-id", appraisal.policyId());
        submodule.put("ear.veraison.annotated-evidence", appraisal.annotatedEvidence());
        Map<String, Object> verifier = new LinkedHashMap<>();
        verifier.put("developer", "https://trustedcompute.dev");
        verifier.put("build", "kbs " + version());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("eat_profile", EAT_PROFILE)
                .claim("iat", now.getEpochSecond())
                .claim("exp", now.plus(lifetime).getEpochSecond())
                .claim("iss", issuer)
                .claim("ear.verifier-id", verifier)
                .claim("submods", Map.of(SUBMODULE, submodule))
                .build();
        TokenSigningKey key = keys.active();
        ECKey jwk = key.publicJwk();
        JWSHeader header = new JWSHeader.Builder(TokenSigningKey.ALGORITHM)
                .type(JOSEObjectType.JWT)
                .jwk(jwk)
                .x509CertChain(jwk.getX509CertChain())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            ECDSASigner signer = new ECDSASigner(key.privateJwk());
            // Bouncy Castle signs P-256 in under half of the JDK's time (docs/BENCHMARKS.md)
            signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the EAR token", e);
        }
        String token = jwt.serialize();
        issued.add(token);
        return token;
    }

    private static String version() {
        String version = EarIssuer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
