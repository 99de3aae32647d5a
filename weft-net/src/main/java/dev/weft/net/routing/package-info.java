/**
 * HTTP routing: a {@link dev.weft.net.routing.Router} picks a {@link dev.weft.net.RequestHandler} by
 * method and path pattern ({@code /users/{id}}, a wildcard tail {@code /static/*}), answers 404 and
 * 405 (with {@code Allow}) itself, and serves {@code HEAD} with the {@code GET} route. Patterns are
 * compiled into segments once; matching a request uses no regular expression.
 */
package dev.weft.net.routing;
