package dev.trustedcompute.rvps;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * RVPS: stores reference values (name -> digests) registered as Trustee messages or signed bundles, keeps their
 * provenance, and hands unexpired values to appraisers (KBS's attestation service).
 */
@SpringBootApplication
public class RvpsApplication {

    public static void main(String[] args) {
        SpringApplication.run(RvpsApplication.class, args);
    }
}
