package dev.trustedcompute.kbs.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks controllers serving Trustee's {@code /kbs/v0} API: their errors use Trustee's body and status codes. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TrusteeApi {
}
