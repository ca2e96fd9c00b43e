package dev.trustedcompute.rvps.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Period;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * RVPS settings ({@code tc.rvps.*}).
 *
 * @param sampleValidity  how long values registered with a {@code sample} message stay valid (Trustee: 12 months)
 * @param trustedSigners  signer id -> PEM public key ({@code PUBLIC KEY}) or certificate ({@code CERTIFICATE}),
 *                        EC P-256/P-384/P-521 or RSA >= 2048 bits; a {@code signed-bundle} must name its signer
 *                        in the JWS {@code kid} header. Empty: signed bundles are refused.
 * @param defaultPageSize list page size when the caller gives no {@code limit} (default 100)
 * @param maxPageSize     largest {@code limit} accepted (default 1000)
 */
@Validated
@ConfigurationProperties("tc.rvps")
public record RvpsProperties(Period sampleValidity, Map<String, String> trustedSigners,
                             @Min(1) @Max(10_000) Integer defaultPageSize, @Min(1) @Max(10_000) Integer maxPageSize) {

    public RvpsProperties {
        sampleValidity = sampleValidity == null ? Period.ofMonths(12) : sampleValidity;
        if (sampleValidity.isNegative() || sampleValidity.isZero()) {
            throw new IllegalArgumentException("tc.rvps.sample-validity must be positive, was " + sampleValidity);
        }
        trustedSigners = trustedSigners == null ? Map.of() : Map.copyOf(trustedSigners);
        defaultPageSize = defaultPageSize == null ? 100 : defaultPageSize;
        maxPageSize = maxPageSize == null ? 1000 : maxPageSize;
        if (defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("tc.rvps.default-page-size (" + defaultPageSize
                    + ") exceeds tc.rvps.max-page-size (" + maxPageSize + ")");
        }
    }
}
