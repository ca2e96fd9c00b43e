package dev.trustedcompute.aas;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * AAS settings ({@code tc.aas.*}). Secrets (admin password, key passphrase, bootstrap token) have no default in
 * code and are masked in {@link #toString()}.
 *
 * @param issuer         {@code iss} of issued tokens
 * @param tokenLifetime  lifetime of issued tokens (default 2h, as SecL's 120 minutes)
 * @param admin          the administrator created at first start
 * @param signing        JWT signing key ring
 * @param cmsUrl         CMS base URL (e.g. {@code https://cms:8445}); when set with {@code bootstrapToken}, signing
 *                       certificates come from CMS instead of being self-signed
 * @param bootstrapToken bearer token for the first CMS certificate request (later rotations use a token AAS
 *                       issues to itself)
 * @param cmsCaFile      PEM file with the pinned CMS root CA (its last certificate), trusted for HTTPS to CMS
 * @param password       Argon2id cost for password hashes
 * @param lockout        brute-force lockout
 */
@Validated
@ConfigurationProperties("tc.aas")
public record AasProperties(
        @NotBlank String issuer,
        @NotNull Duration tokenLifetime,
        @Valid @NotNull Admin admin,
        @Valid @NotNull Signing signing,
        URI cmsUrl,
        String bootstrapToken,
        Path cmsCaFile,
        @Valid @NotNull Argon2 password,
        @Valid @NotNull Lockout lockout) {

    public AasProperties {
        issuer = issuer == null ? "AAS JWT Issuer" : issuer;
        tokenLifetime = tokenLifetime == null ? Duration.ofHours(2) : tokenLifetime;
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("tc.aas.token-lifetime must be between 1 second and 30 days, was "
                    + tokenLifetime);
        }
        admin = admin == null ? new Admin(null, null) : admin;
        signing = signing == null ? new Signing(null, null, null, null) : signing;
        password = password == null ? new Argon2(null, null, null) : password;
        lockout = lockout == null ? new Lockout(null, null, null) : lockout;
    }

    /** True when signing certificates are to be requested from CMS. */
    public boolean cmsConfigured() {
        return cmsUrl != null && bootstrapToken != null && !bootstrapToken.isBlank();
    }

    @Override
    public String toString() {
        return "AasProperties[issuer=" + issuer + ", tokenLifetime=" + tokenLifetime + ", admin=" + admin
                + ", signing=" + signing + ", cmsUrl=" + cmsUrl + ", bootstrapToken=" + (bootstrapToken == null ? null : "***")
                + ", cmsCaFile=" + cmsCaFile + ", password=" + password + ", lockout=" + lockout + "]";
    }

    /**
     * @param username administrator user name (default {@code admin})
     * @param password its password; required only when no administrator exists yet (env {@code TC_AAS_ADMIN_PASSWORD})
     */
    public record Admin(String username, String password) {
        public Admin {
            username = username == null ? "admin" : username;
        }

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=" + (password == null ? null : "***") + "]";
        }
    }

    /**
     * @param keyPassphrase       encrypts the private signing keys stored in the database (env
     *                            {@code TC_AAS_SIGNING_KEY_PASSPHRASE}); required, at least 12 characters
     * @param rotationInterval    age after which the scheduler rotates the active key (default 30 days)
     * @param clockSkew           allowance added to the token lifetime before a retired key leaves the JWKS (default 60s)
     * @param certificateValidity validity of self-signed signing certificates (default 365 days)
     */
    public record Signing(String keyPassphrase, Duration rotationInterval, Duration clockSkew,
                          Duration certificateValidity) {
        public Signing {
            rotationInterval = rotationInterval == null ? Duration.ofDays(30) : rotationInterval;
            clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
            certificateValidity = certificateValidity == null ? Duration.ofDays(365) : certificateValidity;
        }

        @Override
        public String toString() {
            return "Signing[keyPassphrase=" + (keyPassphrase == null ? null : "***") + ", rotationInterval="
                    + rotationInterval + ", clockSkew=" + clockSkew + ", certificateValidity=" + certificateValidity + "]";
        }
    }

    /** Argon2id cost; defaults are the OWASP minimum (m=19456 KiB, t=2, p=1). */
    public record Argon2(@Min(64) @Max(4194304) Integer memoryKib, @Min(1) @Max(64) Integer iterations,
                         @Min(1) @Max(16) Integer parallelism) {
        public Argon2 {
            memoryKib = memoryKib == null ? 19_456 : memoryKib;
            iterations = iterations == null ? 2 : iterations;
            parallelism = parallelism == null ? 1 : parallelism;
        }
    }

    /** SecL defaults: 5 failed logins within 5 minutes lock the name for 15 minutes. */
    public record Lockout(@Min(1) Integer maxFailures, Duration window, Duration duration) {
        public Lockout {
            maxFailures = maxFailures == null ? 5 : maxFailures;
            window = window == null ? Duration.ofMinutes(5) : window;
            duration = duration == null ? Duration.ofMinutes(15) : duration;
        }
    }
}
