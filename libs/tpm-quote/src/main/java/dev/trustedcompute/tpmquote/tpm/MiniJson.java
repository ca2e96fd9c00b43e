package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader for the small JSON subset PCR files use: objects and strings only (no numbers, arrays,
 * escapes other than the simple ones). Keeps this library free of a JSON dependency. Nesting is bounded.
 */
final class MiniJson {

    private static final int MAX_DEPTH = 4;
    private final String s;
    private int pos;

    private MiniJson(String s) {
        this.s = s;
    }

    static Map<String, Object> parseObject(String json) throws EvidenceFormatException {
        MiniJson p = new MiniJson(json);
        p.ws();
        Map<String, Object> result = p.object(0);
        p.ws();
        if (p.pos != json.length()) {
            throw p.error("trailing characters");
        }
        return result;
    }

    private Map<String, Object> object(int depth) throws EvidenceFormatException {
        if (depth >= MAX_DEPTH) {
            throw error("nesting too deep");
        }
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        ws();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            Object value = peek() == '{' ? object(depth + 1) : string();
            if (map.put(key, value) != null) {
                throw error("duplicate key '" + key + "'");
            }
            ws();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private String string() throws EvidenceFormatException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    default -> throw error("unsupported escape \\" + e);
                }
            } else if (c < 0x20) {
                throw error("control character in string");
            } else {
                sb.append(c);
            }
        }
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char peek() throws EvidenceFormatException {
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(pos);
    }

    private char next() throws EvidenceFormatException {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) throws EvidenceFormatException {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private EvidenceFormatException error(String problem) {
        return new EvidenceFormatException(pos, "PCR JSON", problem);
    }
}
