package dev.trustedcompute.trustagent.hostinfo;

import java.util.HashMap;
import java.util.Map;

/**
 * os-release(5): {@code KEY=value} lines, values optionally in single or double quotes with backslash escapes.
 */
record OsRelease(Map<String, String> fields) {

    static OsRelease parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq < 1) {
                continue;
            }
            fields.put(l.substring(0, eq), unquote(l.substring(eq + 1)));
        }
        return new OsRelease(Map.copyOf(fields));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code NAME}, e.g. "Ubuntu". */
    String name() {
        return fields.get("NAME");
    }

    /** {@code VERSION_ID}, e.g. "22.04" (absent on rolling releases). */
    String versionId() {
        return fields.get("VERSION_ID");
    }
}
