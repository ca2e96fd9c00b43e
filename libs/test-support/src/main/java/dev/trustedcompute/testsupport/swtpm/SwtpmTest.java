package dev.trustedcompute.testsupport.swtpm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class its own {@link Swtpm} (started before the first test, shut down after the
 * last), injected as a parameter of type {@code Swtpm} into constructors, lifecycle methods and tests.
 * Fails, never skips, when swtpm or tpm2-tools is missing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SwtpmExtension.class)
public @interface SwtpmTest {

    /** Manufacture the TPM with swtpm_setup first: RSA/ECC EK certificates and a platform certificate. */
    boolean ekCertificates() default false;
}
