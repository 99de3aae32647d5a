package dev.weft.net.http;

import dev.weft.net.internal.http.HttpChars;
import java.time.Duration;

/**
 * A cookie to set with a {@code Set-Cookie} response header (RFC 6265 section 4.1). Immutable;
 * the {@code with...} methods return modified copies:
 *
 * <pre>{@code
 * Cookie.of("sid", token).withPath("/").withMaxAge(Duration.ofHours(1)).withHttpOnly(true)
 * }</pre>
 *
 * @param name the cookie name, an RFC 9110 token
 * @param value the value: cookie-octets only (no whitespace, comma, semicolon, quote or backslash)
 * @param path the Path attribute, or {@code null}
 * @param domain the Domain attribute, or {@code null}
 * @param maxAge the Max-Age attribute (zero deletes the cookie), or {@code null} for a session
 *     cookie
 * @param secure whether to add the Secure attribute
 * @param httpOnly whether to add the HttpOnly attribute
 * @param sameSite the SameSite attribute, or {@code null}
 */
public record Cookie(
        String name,
        String value,
        String path,
        String domain,
        Duration maxAge,
        boolean secure,
        boolean httpOnly,
        SameSite sameSite) {

    /** Values of the SameSite attribute. */
    public enum SameSite {
        /** Sent only with same-site requests. */
        Strict,
        /** Also sent with top-level cross-site navigations. */
        Lax,
        /** Sent with all requests; browsers require {@code secure} with it. */
        None
    }

    /**
     * Validates the cookie, so that no value can inject header syntax.
     *
     * @throws IllegalArgumentException if the name, value, path or domain has characters a
     *     Set-Cookie header cannot carry
     */
    public Cookie {
        if (!HttpChars.isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isCookieOctet(value.charAt(i))) {
                throw new IllegalArgumentException("invalid character in cookie value: " + value);
            }
        }
        checkAttribute(path);
        checkAttribute(domain);
    }

    /**
     * Creates a session cookie with no attributes.
     *
     * @param name the cookie name
     * @param value the cookie value
     * @return the cookie
     */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, null, null, null, false, false, null);
    }

    /**
     * Returns a copy with a Path attribute.
     *
     * @param newPath the path
     * @return the modified cookie
     */
    public Cookie withPath(String newPath) {
        return new Cookie(name, value, newPath, domain, maxAge, secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with a Domain attribute.
     *
     * @param newDomain the domain
     * @return the modified cookie
     */
    public Cookie withDomain(String newDomain) {
        return new Cookie(name, value, path, newDomain, maxAge, secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with a Max-Age attribute.
     *
     * @param newMaxAge the lifetime, whole seconds; zero or negative deletes the cookie
     * @return the modified cookie
     */
    public Cookie withMaxAge(Duration newMaxAge) {
        return new Cookie(name, value, path, domain, newMaxAge, secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with or without the Secure attribute.
     *
     * @param newSecure whether the cookie is only sent over HTTPS
     * @return the modified cookie
     */
    public Cookie withSecure(boolean newSecure) {
        return new Cookie(name, value, path, domain, maxAge, newSecure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with or without the HttpOnly attribute.
     *
     * @param newHttpOnly whether scripts are denied access to the cookie
     * @return the modified cookie
     */
    public Cookie withHttpOnly(boolean newHttpOnly) {
        return new Cookie(name, value, path, domain, maxAge, secure, newHttpOnly, sameSite);
    }

    /**
     * Returns a copy with a SameSite attribute.
     *
     * @param newSameSite the policy
     * @return the modified cookie
     */
    public Cookie withSameSite(SameSite newSameSite) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, newSameSite);
    }

    /**
     * Formats the value of a Set-Cookie header for this cookie.
     *
     * @return for example {@code sid=abc; Path=/; Max-Age=3600; HttpOnly}
     */
    public String toHeaderValue() {
        StringBuilder header = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            header.append("; Path=").append(path);
        }
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            header.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        }
        if (secure) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (sameSite != null) {
            header.append("; SameSite=").append(sameSite.name());
        }
        return header.toString();
    }

    private static boolean isCookieOctet(char c) {
        return c == 0x21
                || (c >= 0x23 && c <= 0x2B)
                || (c >= 0x2D && c <= 0x3A)
                || (c >= 0x3C && c <= 0x5B)
                || (c >= 0x5D && c <= 0x7E);
    }

    private static void checkAttribute(String attribute) {
        if (attribute == null) {
            return;
        }
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ';') {
                throw new IllegalArgumentException("invalid character in cookie attribute: " + attribute);
            }
        }
    }
}
