package dev.trustedcompute.attestationmanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AttestationManagerApplication {
    public static void main(String[] args) {
        SpringApplication.run(AttestationManagerApplication.class, args);
    }
}
