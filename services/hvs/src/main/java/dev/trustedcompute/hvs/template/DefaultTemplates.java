package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.flavor.StrictJson;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the shipped templates on start-up ({@code classpath:flavor-templates/}) under their fixed ids, once: an
 * operator's deletion (soft) is kept, and a template is linked to {@code automatic} only when it is first inserted.
 * Safe when several replicas start at once ({@code ON CONFLICT DO NOTHING}).
 */
@Component
public class DefaultTemplates implements ApplicationRunner {

    /** The default template for Linux UEFI hosts with SHA-384/SHA-256 banks. */
    public static final String LINUX_UEFI = "flavor-templates/default-linux-uefi.json";

    private final FlavorTemplateRepository templates;
    private final Clock clock;

    public DefaultTemplates(FlavorTemplateRepository templates, Clock clock) {
        this.templates = templates;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        FlavorTemplate template = load(LINUX_UEFI);
        TemplateValidator.validate(template);
        if (templates.insert(template, clock.instant())) {
            templates.link(template.id(), FlavorGroupRepository.AUTOMATIC_ID);
        }
    }

    public static FlavorTemplate load(String resource) {
        try (InputStream in = DefaultTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return StrictJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), FlavorTemplate.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
