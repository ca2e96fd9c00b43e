package dev.trustedcompute.hvs.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A stand-in flavor engine for tests of the attestation plumbing: golden PCR values set by the test instead of
 * flavors (the real engine is tested by the flavor tests).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    @Bean
    @Primary
    public GoldenPcrEvaluator goldenPcrEvaluator() {
        return new GoldenPcrEvaluator();
    }
}
