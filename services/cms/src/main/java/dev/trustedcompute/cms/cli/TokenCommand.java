package dev.trustedcompute.cms.cli;

import dev.trustedcompute.cms.bootstrap.BootstrapKey;
import dev.trustedcompute.cms.bootstrap.BootstrapTokens;
import dev.trustedcompute.cms.cas.CaKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mints a single-use bootstrap token and prints it to stdout (nothing else goes to stdout, so
 * {@code TOKEN=$(java -jar cms.jar token ...)} works).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a short-lived, single-use bootstrap JWT signed with the CMS bootstrap key.",
        footer = {"", "Environment: TC_CMS_KEY_STORE_PASSWORD (required unless --key-store-password-file), TC_CMS_DATA_DIR.",
                "Example: cms token --permission 'CMS:certificates:create:CN=hvs;SAN=hvs.local;certType=TLS' --ttl 1h"})
public final class TokenCommand implements Callable<Integer> {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--permission"}, required = true, paramLabel = "SERVICE:resource:action[:selector]",
            description = "Permission to grant (repeatable), e.g. CMS:certificates:create:CN=hvs;certType=TLS")
    List<String> permissions;

    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION",
            description = "Lifetime: 30m, 1h, 24h or ISO-8601 (PT1H); at most 24h. Default: ${DEFAULT-VALUE}")
    String ttl;

    @Option(names = "--subject", defaultValue = "bootstrap", description = "Token subject (audit). Default: ${DEFAULT-VALUE}")
    String subject;

    @Option(names = "--data-dir", description = "CMS data directory (default: $TC_CMS_DATA_DIR or cms-data)")
    Path dataDir;

    @Option(names = "--key-store-password-file", paramLabel = "FILE",
            description = "Read the key-store passphrase from this file instead of $TC_CMS_KEY_STORE_PASSWORD")
    Path passwordFile;

    @Override
    public Integer call() {
        Duration lifetime = parseDuration(ttl);
        char[] password = password();
        Path dir = dataDir != null ? dataDir : Path.of(envOr("TC_CMS_DATA_DIR", "cms-data"));
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        BootstrapKey key = BootstrapKey.loadOrCreate(new CaKeyStore(dir, password), clock, random);
        try {
            String token = new BootstrapTokens(key, clock, random).mint(subject, permissions, lifetime);
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return 0;
    }

    private char[] password() {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + passwordFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("TC_CMS_KEY_STORE_PASSWORD");
        if (env == null || env.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "TC_CMS_KEY_STORE_PASSWORD is not set (or use --key-store-password-file): the bootstrap key is encrypted with it");
        }
        return env.toCharArray();
    }

    private Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--ttl '" + text + "' is not a duration like 30m, 1h or PT1H");
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
