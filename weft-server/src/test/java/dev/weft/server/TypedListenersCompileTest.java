package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.control.Monitor;
import dev.weft.coroutine.Co;
import dev.weft.net.Connection;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed listeners make a handler of the wrong message type a compile error: javac, run here on small
 * programs against Weft's classes, refuses them with a type error and accepts the right ones.
 */
class TypedListenersCompileTest {
    @TempDir
    Path out;

    /** Compiles one class whose {@code main} body is {@code body}; returns javac's errors (empty: compiled). */
    private List<Diagnostic<? extends JavaFileObject>> compile(String body) throws Exception {
        String source = """
                import dev.weft.net.*;
                import dev.weft.net.http.*;
                import dev.weft.net.routing.*;
                import dev.weft.server.*;

                public class Snippet {
                    public static void main(String[] args) {
                        %s
                    }
                }
                """.formatted(body);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = Stream.of(Worker.class, Connection.class, Co.class, Monitor.Config.class)
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                                .toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaFileObject unit =
                    new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    };
            List<String> options = List.of("-classpath", classPath, "-d", out.toString(), "-proc:none");
            javac.getTask(null, files, diagnostics, options, null, List.of(unit))
                    .call();
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        return errors;
    }

    private static String messages(List<Diagnostic<? extends JavaFileObject>> errors) {
        return errors.stream()
                .map(d -> d.getCode() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }

    /** javac's codes for a type mismatch: incompatible types, or no applicable method for these argument types. */
    private static void assertTypeError(List<Diagnostic<? extends JavaFileObject>> errors) {
        assertThat(errors).as("javac errors").isNotEmpty();
        assertThat(messages(errors))
                .as("a type error")
                .containsAnyOf("compiler.err.prob.found.req", "compiler.err.cant.apply.symbol");
    }

    @Test
    void anHttpRequestHandlerOnATextListenerDoesNotCompile() throws Exception {
        assertTypeError(compile("""
                Worker.text("text://127.0.0.1:0").onLine((TextConnection c, HttpRequest r) -> r.path());
                """));
        assertTypeError(compile("""
                RequestHandler h = (c, r) -> c.send(Response.text("hi"));
                Worker.text("text://127.0.0.1:0").onLine(h);
                """));
    }

    @Test
    void aWebSocketTextHandlerOnAnHttpListenerDoesNotCompile() throws Exception {
        assertTypeError(compile("""
                TypedMessageHandler<WebSocketConnection, String> chat = (c, text) -> c.send(text);
                Worker.http("http://127.0.0.1:0").onRequest(chat);
                """));
        assertTypeError(compile("""
                Worker.http("http://127.0.0.1:0").onRequest((WebSocketConnection c, String text) -> c.send(text));
                """));
    }

    @Test
    void sendingWhatTheSchemeCannotSendDoesNotCompile() throws Exception {
        assertTypeError(compile("""
                Worker.http("http://127.0.0.1:0").onRequest((c, r) -> c.send(java.util.Map.of("a", 1)));
                """));
        assertTypeError(compile("""
                Worker.text("text://127.0.0.1:0").onLine((c, line) -> c.send(Response.text(line)));
                """));
    }

    @Test
    void untypedLambdasGetTheSchemesTypes() throws Exception {
        assertThat(messages(compile("""
                        Worker.http("http://127.0.0.1:0").onRequest((c, r) -> r.path());
                        Worker.http("http://127.0.0.1:0").onRequest((c, r) -> c.send(Response.text(r.path())));
                        Worker.websocket("ws://127.0.0.1:0").onText((c, t) -> c.send("length " + t.length())).onBinary((c, b) -> c.send(b));
                        Worker.text("text://127.0.0.1:0").onLine((c, line) -> c.send(line.strip()));
                        Worker.frame("frame://127.0.0.1:0").onFrame((c, payload) -> c.send(payload));
                        Worker.http("http://127.0.0.1:0").onRequest(new Router().get("/{id}", (c, r) -> c.send(r.pathParam("id"))));
                        new Worker("http://127.0.0.1:0").onMessage((Connection c, HttpRequest r) -> c.send(r.path()));
                        """))).isEmpty();
    }
}
