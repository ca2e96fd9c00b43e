package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.hvs.flavor.EcFlavorSigningKey;
import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.StoredFlavor;
import dev.trustedcompute.hvs.flavor.StrictJson;
import dev.trustedcompute.hvs.template.DefaultTemplates;
import dev.trustedcompute.hvs.template.FlavorFactory;
import dev.trustedcompute.hvs.template.FlavorTemplate;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Flavors made from the GCE capture with the shipped default template, signed with a test key. */
public final class TestFlavors {

    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    public static final EcFlavorSigningKey KEY = newKey();

    private TestFlavors() {
    }

    public static EcFlavorSigningKey newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return new EcFlavorSigningKey(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped {@code flavor-templates/default-linux-uefi.json}. */
    public static FlavorTemplate defaultTemplate() {
        return DefaultTemplates.load(DefaultTemplates.LINUX_UEFI);
    }

    /** PLATFORM, OS and HOST_UNIQUE flavors from {@code manifest} with the default template. */
    public static Map<FlavorPart, Flavor> from(HostManifest manifest) {
        return new FlavorFactory(UUID::randomUUID).fromHost(manifest, List.of(defaultTemplate()), Set.of(), T0).stream()
                .collect(Collectors.toMap(Flavor::part, Function.identity()));
    }

    /** Signed with {@link #KEY}, created at {@link #T0}. */
    public static StoredFlavor store(Flavor flavor) {
        return store(flavor, T0);
    }

    public static StoredFlavor store(Flavor flavor, Instant createdAt) {
        String content = StrictJson.write(flavor);
        return new StoredFlavor(flavor.meta().id(), flavor.part(), createdAt, content,
                KEY.sign(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static List<StoredFlavor> storeAll(Iterable<Flavor> flavors) {
        List<StoredFlavor> out = new java.util.ArrayList<>();
        flavors.forEach(f -> out.add(store(f)));
        return out;
    }
}
