package dev.trustedcompute.servicekit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits shared by every service.
 *
 * @param maxBodySize largest request body accepted (default 1MB); larger ones get 413 problem+json.
 */
@Validated
@ConfigurationProperties("tc.web")
public record WebProperties(DataSize maxBodySize) {

    public WebProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
    }
}
