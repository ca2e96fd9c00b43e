package dev.trustedcompute.aas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** AAS: users, roles and permissions; issues ES384 JWTs in the Intel SecL claim shape; publishes its JWKS. */
@SpringBootApplication
public class AasApplication {

    public static void main(String[] args) {
        SpringApplication.run(AasApplication.class, args);
    }
}
