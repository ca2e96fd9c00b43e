package dev.trustedcompute.deploy.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Spring property a service binds, with its shape: a map takes any key below it, a list takes indexes.
 *
 * @param name  canonical name, dotted kebab case ({@code tc.aas.signing.key-passphrase})
 * @param shape what may follow the name
 */
public record SettingName(String name, Shape shape) {

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    public enum Shape { VALUE, LIST, MAP }

    public static SettingName value(String name) {
        return new SettingName(name, Shape.VALUE);
    }

    /** A flattened YAML key; {@code a.b[0]} is the list {@code a.b}. */
    static SettingName ofYamlKey(String key) {
        String withoutIndex = INDEX.matcher(key).replaceAll("");
        return new SettingName(withoutIndex, withoutIndex.equals(key) ? Shape.VALUE : Shape.LIST);
    }

    /** Spring's two environment forms: dashes dropped ({@code KEYSTOREPASSWORD}) or turned into underscores. */
    boolean matchesEnvironment(String env) {
        for (String form : new String[] {envForm(name.replace("-", "")), envForm(name.replace('-', '_'))}) {
            boolean match = switch (shape) {
                case VALUE -> env.equals(form);
                case LIST -> env.equals(form) || env.matches(Pattern.quote(form) + "_\\d+(_[A-Z0-9_]+)?");
                case MAP -> env.startsWith(form + "_") && env.length() > form.length() + 1;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    boolean matchesProperty(String property) {
        return switch (shape) {
            case VALUE -> property.equals(name);
            case LIST -> property.equals(name) || property.matches(Pattern.quote(name) + "\\[\\d+].*");
            case MAP -> property.startsWith(name + ".") || property.startsWith(name + "[");
        };
    }

    private static String envForm(String dotted) {
        return dotted.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
