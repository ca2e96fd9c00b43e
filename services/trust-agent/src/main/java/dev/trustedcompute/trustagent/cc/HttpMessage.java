package dev.trustedcompute.trustagent.cc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The small part of HTTP/1.1 the CC socket speaks: one request per connection ({@code Connection: close}), a body
 * only with {@code Content-Length} (no chunked encoding), bounded head and body. Enough for curl
 * ({@code --unix-socket}) and the SDK; nothing here trusts a length before checking it against the bound.
 */
final class HttpMessage {

    static final int MAX_HEAD = 16 * 1024;

    record Request(String method, String path, Map<String, String> query, byte[] body) {
    }

    record Response(int status, String contentType, byte[] body) {
    }

    private HttpMessage() {
    }

    static Request read(InputStream in, int maxBody) throws IOException, CcException {
        String head = head(in);
        String[] lines = head.split("\r\n");
        String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
            throw new CcException(CcError.BAD_REQUEST, "not an HTTP/1.x request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 1) {
                throw new CcException(CcError.BAD_REQUEST, "malformed header line");
            }
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new CcException(CcError.BAD_REQUEST, "Transfer-Encoding is not supported; send Content-Length");
        }
        long length;
        try {
            length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        } catch (NumberFormatException e) {
            throw new CcException(CcError.BAD_REQUEST, "Content-Length is not a number");
        }
        if (length < 0 || length > maxBody) {
            throw new CcException(CcError.PAYLOAD_TOO_LARGE, "body of " + length + " bytes, at most " + maxBody);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new CcException(CcError.BAD_REQUEST, "body ended after " + body.length + " of " + length + " bytes");
        }
        String target = start[1];
        int q = target.indexOf('?');
        return new Request(start[0], q < 0 ? target : target.substring(0, q),
                q < 0 ? Map.of() : query(target.substring(q + 1)), body);
    }

    static void write(OutputStream out, Response response) throws IOException {
        String head = "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n"
                + "Content-Type: " + response.contentType() + "\r\n"
                + "Content-Length: " + response.body().length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(response.body());
        out.flush();
    }

    private static String head(InputStream in) throws IOException, CcException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new CcException(CcError.BAD_REQUEST, "connection closed inside the request head");
            }
            if (head.size() >= MAX_HEAD) {
                throw new CcException(CcError.PAYLOAD_TOO_LARGE, "request head over " + MAX_HEAD + " bytes");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static Map<String, String> query(String query) throws CcException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (out.put(key, value) != null) {
                    throw new CcException(CcError.BAD_REQUEST, "query parameter '" + key + "' given twice");
                }
            } catch (IllegalArgumentException e) {
                throw new CcException(CcError.BAD_REQUEST, "malformed query string");
            }
        }
        return out;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
