package dev.trustedcompute.hvs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The host verification service: hosts, AK onboarding, flavors, verification queue and signed trust reports. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HvsApplication {

    public static void main(String[] args) {
        SpringApplication.run(HvsApplication.class, args);
    }
}
