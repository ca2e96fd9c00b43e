package dev.trustedcompute.kbs.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An administrative handler on {@code /kbs/v0}: {@link AdminAuthenticationInterceptor} authenticates its bearer
 * token (AAS token, or a Trustee admin token) before the method's {@code @PreAuthorize} runs.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AdminEndpoint {
}
