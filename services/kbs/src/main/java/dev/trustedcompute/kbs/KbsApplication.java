package dev.trustedcompute.kbs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * KBS: a Trustee-compatible key broker. Workloads run the RCAR handshake ({@code /kbs/v0/auth}, {@code /attest},
 * {@code /resource}) or the curl-friendly {@code /attestation} and {@code /resource} routes; the built-in
 * attestation service verifies their evidence, appraises it against RVPS reference values, issues an EAR token,
 * and resources are released as a JWE for the workload's key when the resource policy allows.
 */
@SpringBootApplication
public class KbsApplication {

    public static void main(String[] args) {
        SpringApplication.run(KbsApplication.class, args);
    }
}
