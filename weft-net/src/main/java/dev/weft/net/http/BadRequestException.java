package dev.weft.net.http;

/**
 * The request is well-formed HTTP but its content is not acceptable: a parameter that is missing or
 * not a number, a duration that does not parse. Thrown by a handler (or by {@link Parameters}'
 * typed getters), it is answered {@code 400 Bad Request} with {@link #getMessage()} as the
 * plain-text body, and the connection goes on serving (the request was read whole). Nothing is
 * logged above debug level: a client's mistake is not the server's failure.
 */
public class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the request, in words fit for the client: it is the
     *     response body
     */
    public BadRequestException(String message) {
        super(message);
    }
}
