package dev.trustedcompute.cms;

import dev.trustedcompute.cms.cli.CmsCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One jar, two uses: without arguments (or with Spring options such as {@code --server.port=...}) it runs the
 * CMS web service; with a CLI command as first argument ({@code token}, {@code help}) it runs that command
 * and exits.
 */
@SpringBootApplication
public class CmsApplication {

    public static void main(String[] args) {
        if (CmsCli.isCommand(args)) {
            System.exit(CmsCli.run(args));
        }
        SpringApplication.run(CmsApplication.class, args);
    }
}
