package dev.trustedcompute.kbs;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * KBS settings ({@code tc.kbs.*}). Secrets (master keys, the RVPS service account password) have no default and
 * are masked in {@link #toString()}.
 *
 * @param sessionTimeout       lifetime of an RCAR session and of its nonce (Trustee default: 5 minutes)
 * @param sampleTeeEnabled     accept the {@code sample} TEE (no hardware, for development only; default false)
 * @param masterKeys           AES-256 keys (base64, 32 bytes) by id; they wrap the keys that encrypt resources and
 *                             the token signing key at rest
 * @param activeMasterKey      id of the master key new data is wrapped under; at start, data wrapped under any
 *                             other configured key is re-wrapped under it (rotation)
 * @param token                EAR attestation tokens
 * @param policy               policy engine selection
 * @param rvps                 where reference values come from
 * @param admin                Trustee-style admin tokens (bearer JWT with a {@code role} claim), besides AAS tokens
 * @param tdx                  how TDX quotes ({@code tdx}, {@code az-tdx-vtpm}) are checked against Intel's collateral
 */
@Validated
@ConfigurationProperties("tc.kbs")
public record KbsProperties(
        Duration sessionTimeout,
        boolean sampleTeeEnabled,
        Map<String, String> masterKeys,
        String activeMasterKey,
        @Valid @NotNull Token token,
        @Valid @NotNull Policy policy,
        @Valid @NotNull Rvps rvps,
        @Valid @NotNull Admin admin,
        @Valid @NotNull Tdx tdx) {

    public KbsProperties {
        sessionTimeout = sessionTimeout == null ? Duration.ofMinutes(5) : sessionTimeout;
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || sessionTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("tc.kbs.session-timeout must be between 1 second and 1 hour, was "
                    + sessionTimeout);
        }
        masterKeys = masterKeys == null ? Map.of() : Map.copyOf(masterKeys);
        token = token == null ? new Token(null, null, null) : token;
        policy = policy == null ? new Policy(null, null, null) : policy;
        rvps = rvps == null ? new Rvps(null, null, null, null, null, null) : rvps;
        admin = admin == null ? new Admin(null, null, null, null) : admin;
        tdx = tdx == null ? new Tdx(null, null, null) : tdx;
    }

    @Override
    public String toString() {
        return "KbsProperties[sessionTimeout=" + sessionTimeout + ", sampleTeeEnabled=" + sampleTeeEnabled
                + ", masterKeys=" + masterKeys.keySet() + " (values masked), activeMasterKey=" + activeMasterKey
                + ", token=" + token + ", policy=" + policy + ", rvps=" + rvps + ", admin=" + admin + ", tdx=" + tdx + "]";
    }

    /**
     * @param lifetime  EAR token lifetime (Trustee default 5 minutes)
     * @param issuer    {@code iss} of EAR tokens (Trustee: {@code CoCo-Attestation-Service})
     * @param policyId  attestation policy id prefix; the policy used is {@code <policyId>_cpu} (Trustee: {@code default})
     */
    public record Token(Duration lifetime, String issuer, String policyId) {
        public Token {
            lifetime = lifetime == null ? Duration.ofMinutes(5) : lifetime;
            issuer = issuer == null ? "CoCo-Attestation-Service" : issuer;
            policyId = policyId == null ? "default" : policyId;
        }
    }

    /**
     * @param engine    {@code cel} (embedded, default) or {@code opa} (Rego on an Open Policy Agent server)
     * @param opaUrl    OPA base URL when {@code engine=opa}, e.g. {@code http://opa:8181}
     * @param opaTimeout time limit of one OPA call
     */
    public record Policy(String engine, URI opaUrl, Duration opaTimeout) {
        public Policy {
            engine = engine == null ? "cel" : engine;
            opaTimeout = opaTimeout == null ? Duration.ofSeconds(5) : opaTimeout;
        }
    }

    /**
     * @param url      RVPS base URL, e.g. {@code http://rvps:8446}; without it no reference value is known (every
     *                 appraisal that needs one fails to match)
     * @param aasUrl   AAS base URL for the service account's token
     * @param username service account holding {@code RVPS:reference_values:query} (and {@code :create} for the
     *                 admin forward)
     * @param password its password
     * @param timeout  time limit of one RVPS or AAS call
     * @param cacheTtl how long an RVPS answer is reused (default 5 s; 0 asks RVPS on every appraisal): a value
     *                 changed in RVPS directly takes effect at most this much later
     */
    public record Rvps(URI url, URI aasUrl, String username, String password, Duration timeout, Duration cacheTtl) {
        public Rvps {
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            cacheTtl = cacheTtl == null ? Duration.ofSeconds(5) : cacheTtl;
            if (cacheTtl.isNegative()) {
                throw new IllegalArgumentException("tc.kbs.rvps.cache-ttl must not be negative, not " + cacheTtl);
            }
        }

        @Override
        public String toString() {
            return "Rvps[url=" + url + ", aasUrl=" + aasUrl + ", username=" + username + ", password="
                    + (password == null ? null : "***") + ", timeout=" + timeout + ", cacheTtl=" + cacheTtl + "]";
        }
    }

    /**
     * Trustee's "bearer JWT with role" admin mode, for {@code kbs-client config --admin-token-file}.
     *
     * @param publicKeyFile PEM public key (Ed25519, EC P-256 or RSA) that signs admin tokens; unset disables the mode
     * @param issuer        required {@code iss}, when set
     * @param audience      required {@code aud} member, when set
     * @param roles         role name to the KBS permissions it grants (e.g. {@code admin: [resources:create, ...]});
     *                      default: {@code admin} gets every KBS permission
     */
    public record Admin(Path publicKeyFile, String issuer, String audience, Map<String, List<String>> roles) {
        public Admin {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }
    }

    /**
     * TDX verification: the quote's signature, QE report and PCK chain (to the bundled Intel SGX Root CA) are always
     * checked; the TCB status needs Intel's collateral, which KBS reads from files (it fetches nothing from PCS).
     *
     * @param collateralFiles            offline DCAP collateral, one bundle JSON per platform (FMSPC), in the format
     *                                   of libs/tpm-quote's {@code TdxCollateral.fromBundleJson}. None: quotes are
     *                                   verified without a TCB status and the token lists that as unchecked. Some:
     *                                   a quote from a platform without a bundle is refused
     * @param acceptedTcbStatuses        TCB statuses (PCS spelling, e.g. {@code UpToDate}, {@code SWHardeningNeeded})
     *                                   that pass verification; default every status but {@code Revoked}. The status
     *                                   is also a claim ({@code tcb_status}) the attestation policy can judge
     * @param expiredCollateralAllowance when set, collateral past its {@code nextUpdate} is still used, for this
     *                                   reason, and the token says so ({@code collateral_expiration_status} "1" and
     *                                   an unchecked item); unset, expired collateral fails verification
     */
    public record Tdx(List<Path> collateralFiles, Set<String> acceptedTcbStatuses, String expiredCollateralAllowance) {
        public Tdx {
            collateralFiles = collateralFiles == null ? List.of() : List.copyOf(collateralFiles);
            acceptedTcbStatuses = acceptedTcbStatuses == null ? Set.of() : Set.copyOf(acceptedTcbStatuses);
        }
    }
}
