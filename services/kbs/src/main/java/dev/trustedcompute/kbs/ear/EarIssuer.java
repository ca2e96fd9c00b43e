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
import java.text.ParseException;
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
    private volatile Signing signing;

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
        Signing signing = signing(keys.active());
        SignedJWT jwt = new SignedJWT(signing.header(), claims);
        try {
            jwt.sign(signing.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the EAR token", e);
        }
        String token = jwt.serialize();
        issued.add(token, signing.key().kid());
        return token;
    }

    /** The header and signer of the active key, made once per key (not per token: that was a tenth of a session). */
    private Signing signing(TokenSigningKey key) {
        Signing current = signing;
        if (current == null || current.key() != key) {
            current = Signing.of(key);
            signing = current;
        }
        return current;
    }

    private record Signing(TokenSigningKey key, JWSHeader header, ECDSASigner signer) {

        static Signing of(TokenSigningKey key) {
            ECKey jwk = key.publicJwk();
            JWSHeader built = new JWSHeader.Builder(TokenSigningKey.ALGORITHM)
                    .type(JOSEObjectType.JWT)
                    .jwk(jwk)
                    .x509CertChain(jwk.getX509CertChain())
                    .build();
            try {
                // parsed back from its own encoding, the header keeps that encoding instead of writing it per token
                JWSHeader header = JWSHeader.parse(built.toBase64URL());
                ECDSASigner signer = new ECDSASigner(key.privateJwk());
                // Bouncy Castle signs P-256 in under half of the JDK's time (docs/BENCHMARKS.md)
                signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                return new Signing(key, header, signer);
            } catch (JOSEException | ParseException e) {
                throw new IllegalStateException("EAR signing key " + key.kid() + " is unusable", e);
            }
        }
    }

    private static String version() {
        String version = EarIssuer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
