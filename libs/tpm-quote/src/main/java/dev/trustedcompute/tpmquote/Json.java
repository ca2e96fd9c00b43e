package dev.trustedcompute.tpmquote;


import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Minimal strict JSON reader (RFC 8259) for evidence and collateral documents (Intel PCS collateral,
 * Trustee evidence, Azure HCL runtime data). Every parsed value remembers its byte span in the input:
 * the PCS collateral signature covers the exact bytes of one member value ({@code "tcbInfo":{...}}) as it
 * appears in the document, so the signed bytes are cut out of the document instead of re-serialized.
 * Duplicate keys, trailing content and nesting deeper than {@value #MAX_DEPTH} are rejected; every failure
 * is an {@link EvidenceFormatException} with the offset.
 */
public final class Json {

    public static final int MAX_DEPTH = 32;
    /** RFC 8259 section 6: no leading zeros, no leading '+', digits on both sides of the point. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** A parsed value and the half-open byte range {@code [start, end)} it occupied in the input. */
    public sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
        int start();

        int end();
    }

    public record Obj(Map<String, Value> members, int start, int end) implements Value {
    }

    public record Arr(List<Value> items, int start, int end) implements Value {
    }

    public record Str(String value, int start, int end) implements Value {
    }

    public record Num(BigDecimal value, int start, int end) implements Value {
    }

    public record Bool(boolean value, int start, int end) implements Value {
    }

    public record Null(int start, int end) implements Value {
    }

    private final byte[] in;
    private final String field;
    private int pos;

    private Json(byte[] in, String field) {
        this.in = in;
        this.field = field;
    }

    /** Parses a whole UTF-8 document; {@code field} names the document in error messages. */
    public static Value parse(byte[] utf8, String field) throws EvidenceFormatException {
        Json json = new Json(utf8, field);
        json.skipWhitespace();
        Value value = json.value(0);
        json.skipWhitespace();
        if (json.pos != utf8.length) {
            throw json.error("trailing content after the JSON value");
        }
        return value;
    }

    private Value value(int depth) throws EvidenceFormatException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        if (pos >= in.length) {
            throw error("unexpected end of input");
        }
        return switch (in[pos]) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> {
                int start = pos;
                String s = string();
                yield new Str(s, start, pos);
            }
            case 't' -> literal("true", new Bool(true, pos, pos + 4));
            case 'f' -> literal("false", new Bool(false, pos, pos + 5));
            case 'n' -> literal("null", new Null(pos, pos + 4));
            default -> number();
        };
    }

    private Value literal(String word, Value value) throws EvidenceFormatException {
        byte[] expected = word.getBytes(StandardCharsets.US_ASCII);
        if (pos + expected.length > in.length) {
            throw error("truncated literal " + word);
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[pos + i] != expected[i]) {
                throw error("invalid literal");
            }
        }
        pos += expected.length;
        return value;
    }

    private Obj object(int depth) throws EvidenceFormatException {
        int start = pos++;
        Map<String, Value> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new Obj(Collections.unmodifiableMap(members), start, pos);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Value v = value(depth + 1);
            if (members.putIfAbsent(key, v) != null) {
                throw new EvidenceFormatException(keyAt, field, "duplicate member \"" + key + "\"");
            }
            skipWhitespace();
            int c = peek();
            pos++;
            if (c == '}') {
                return new Obj(Collections.unmodifiableMap(members), start, pos);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private Arr array(int depth) throws EvidenceFormatException {
        int start = pos++;
        List<Value> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new Arr(List.copyOf(items), start, pos);
        }
        while (true) {
            skipWhitespace();
            items.add(value(depth + 1));
            skipWhitespace();
            int c = peek();
            pos++;
            if (c == ']') {
                return new Arr(List.copyOf(items), start, pos);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws EvidenceFormatException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        int runStart = pos;
        while (true) {
            if (pos >= in.length) {
                throw error("unterminated string");
            }
            int b = in[pos] & 0xff;
            if (b == '"') {
                sb.append(utf8(runStart, pos));
                pos++;
                return sb.toString();
            }
            if (b < 0x20) {
                throw error("control character in string");
            }
            if (b == '\\') {
                sb.append(utf8(runStart, pos));
                pos++;
                if (pos >= in.length) {
                    throw error("unterminated escape");
                }
                int e = in[pos++];
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > in.length) {
                            throw error("truncated \\u escape");
                        }
                        int cp = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(in[pos + i], 16);
                            if (d < 0) {
                                throw error("invalid \\u escape");
                            }
                            cp = cp * 16 + d;
                        }
                        pos += 4;
                        sb.append((char) cp);
                    }
                    default -> {
                        pos--;
                        throw error("invalid escape");
                    }
                }
                runStart = pos;
                continue;
            }
            pos++;
        }
    }

    /** Bytes {@code [from, to)} as UTF-8; malformed sequences are an error, never replaced. */
    private String utf8(int from, int to) throws EvidenceFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EvidenceFormatException(from, field, "string is not valid UTF-8", e);
        }
    }

    private Num number() throws EvidenceFormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < in.length && isNumberChar(in[pos])) {
            pos++;
        }
        if (pos == digits) {
            throw error("unexpected character");
        }
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (text.length() > 40) {
            throw error("number too long");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new EvidenceFormatException(start, field, "invalid number " + text);
        }
        try {
            return new Num(new BigDecimal(text), start, pos);
        } catch (NumberFormatException e) {
            throw new EvidenceFormatException(start, field, "invalid number " + text, e);
        }
    }

    private static boolean isNumberChar(byte b) {
        return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
    }

    private void skipWhitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    private int peek() throws EvidenceFormatException {
        if (pos >= in.length) {
            throw error("unexpected end of input");
        }
        return in[pos];
    }

    private void expect(char c) throws EvidenceFormatException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private EvidenceFormatException error(String problem) {
        return new EvidenceFormatException(pos, field, problem);
    }
}
