package dev.weft.net.http;

import static dev.weft.net.http.HttpParseException.badRequest;

import dev.weft.net.internal.http.HttpChars;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code multipart/form-data} body held in memory (RFC 7578, framing from RFC 2046
 * section 5.1.1). Each part needs a {@code Content-Disposition: form-data; name="..."} header; a
 * part with a {@code filename} parameter is a file, any other part a UTF-8 text field.
 */
final class Multipart {
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
    private static final int[] HEADERS_END_FAILURE = failureTable(HEADERS_END);

    private Multipart() {}

    static FormData parse(byte[] body, String boundary, int maxParts) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw badRequest("missing or invalid multipart boundary");
        }
        // Every delimiter but possibly the first is preceded by CRLF, which belongs to it.
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int[] failure = failureTable(delimiter);
        int pos;
        if (regionMatches(body, 0, delimiter, 2)) {
            pos = delimiter.length - 2;
        } else {
            int at = indexOf(body, 0, delimiter, failure);
            if (at < 0) {
                throw badRequest("multipart body without its boundary");
            }
            pos = at + delimiter.length;
        }
        Parameters.Builder fields = new Parameters.Builder();
        List<UploadedFile> files = new ArrayList<>();
        int parts = 0;
        while (true) {
            if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
                // The close delimiter: the epilogue after it is ignored.
                return new FormData(fields.build(), List.copyOf(files));
            }
            while (pos < body.length && HttpChars.isWhitespace(body[pos])) {
                pos++; // Transport padding after a delimiter.
            }
            if (pos + 1 >= body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                throw badRequest("malformed multipart delimiter line");
            }
            pos += 2;
            int headersEnd;
            int contentStart;
            if (regionMatches(body, pos, HEADERS_END, 2)) {
                headersEnd = pos;
                contentStart = pos + 2;
            } else {
                headersEnd = indexOf(body, pos, HEADERS_END, HEADERS_END_FAILURE);
                if (headersEnd < 0) {
                    throw badRequest("unterminated multipart part headers");
                }
                contentStart = headersEnd + 4;
            }
            int contentEnd = indexOf(body, contentStart, delimiter, failure);
            if (contentEnd < 0) {
                throw badRequest("unterminated multipart part");
            }
            if (++parts > maxParts) {
                throw badRequest("more than " + maxParts + " multipart parts");
            }
            String partHeaders = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            addPart(partHeaders, body, contentStart, contentEnd, fields, files);
            pos = contentEnd + delimiter.length;
        }
    }

    private static void addPart(
            String headerBlock, byte[] body, int from, int to, Parameters.Builder fields, List<UploadedFile> files) {
        String disposition = null;
        String contentType = "application/octet-stream";
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw badRequest("malformed multipart part header");
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Disposition")) {
                disposition = value;
            } else if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            }
        }
        if (disposition == null || !HeaderParams.main(disposition).equals("form-data")) {
            throw badRequest("multipart part without Content-Disposition: form-data");
        }
        String field = HeaderParams.param(disposition, "name");
        if (field == null) {
            throw badRequest("multipart part without a field name");
        }
        String fileName = HeaderParams.param(disposition, "filename");
        if (fileName != null) {
            byte[] content = java.util.Arrays.copyOfRange(body, from, to);
            files.add(new UploadedFile(field, fileName, contentType, content));
        } else {
            fields.add(field, new String(body, from, to - from, StandardCharsets.UTF_8));
        }
    }

    private static boolean regionMatches(byte[] body, int at, byte[] pattern, int patternFrom) {
        int length = pattern.length - patternFrom;
        if (at + length > body.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (body[at + i] != pattern[patternFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /** Knuth-Morris-Pratt, so that a hostile body cannot make the search quadratic. */
    private static int indexOf(byte[] body, int from, byte[] pattern, int[] failure) {
        int matched = 0;
        for (int i = from; i < body.length; i++) {
            while (matched > 0 && body[i] != pattern[matched]) {
                matched = failure[matched - 1];
            }
            if (body[i] == pattern[matched]) {
                matched++;
            }
            if (matched == pattern.length) {
                return i - pattern.length + 1;
            }
        }
        return -1;
    }

    private static int[] failureTable(byte[] pattern) {
        int[] failure = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = failure[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            failure[i] = k;
        }
        return failure;
    }
}
