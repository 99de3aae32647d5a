package dev.weft.server.internal.master;

import dev.weft.server.internal.posix.ListenSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening sockets an upgrade hands from the old master to the new one, as the new master's
 * {@code WEFT_UPGRADE_LISTENERS} variable: one entry per socket, {@code ;}-separated, each {@code fd worker
 * configured bound} (URL-encoded fields). The new master gives each of its Workers the inherited socket of the
 * Worker with the same name and listen URL, else the one with the same listen URL if that URL names a port
 * (or a Unix socket path),
 * and opens a socket only for a Worker that matches none: so a Worker whose URL did not change keeps its
 * socket and its accept queue, and a changed set of Workers takes effect.
 */
final class InheritedListeners {
    /**
     * One inherited socket.
     *
     * @param fd         its descriptor in the new master
     * @param worker     the old master's Worker name
     * @param configured the Worker's listen URL as written in the code ({@code http://0.0.0.0:0})
     * @param bound      the URL with the bound port
     */
    record Entry(int fd, String worker, String configured, String bound) {}

    private final List<Entry> unclaimed;

    InheritedListeners(List<Entry> entries) {
        this.unclaimed = new ArrayList<>(entries);
    }

    /** {@code WEFT_UPGRADE_LISTENERS}'s value for these entries. */
    static String format(List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) sb.append(';');
            sb.append(e.fd())
                    .append(' ')
                    .append(enc(e.worker()))
                    .append(' ')
                    .append(enc(e.configured()))
                    .append(' ')
                    .append(enc(e.bound()));
        }
        return sb.toString();
    }

    /**
     * Parses {@link #format}'s output.
     *
     * @throws IllegalArgumentException if the value is malformed
     */
    static InheritedListeners parse(String value) {
        List<Entry> entries = new ArrayList<>();
        if (value != null && !value.isBlank()) {
            for (String item : value.split(";")) {
                String[] f = item.split(" ");
                if (f.length != 4) throw new IllegalArgumentException("bad inherited listener entry: " + item);
                try {
                    entries.add(new Entry(Integer.parseInt(f[0]), dec(f[1]), dec(f[2]), dec(f[3])));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad descriptor in inherited listener entry: " + item);
                }
            }
        }
        return new InheritedListeners(entries);
    }

    /**
     * Takes the inherited socket for a Worker of the new code, or null if none fits: same name and URL first,
     * then the same URL if it names a port (port 0 means "any free port", which only the name can tie to an
     * old socket).
     */
    Entry claim(String worker, String configured) {
        for (Entry e : unclaimed) {
            if (e.worker().equals(worker) && e.configured().equals(configured)) return take(e);
        }
        if (port(configured) > 0 || ListenSocket.isUnix(configured)) {
            for (Entry e : unclaimed) if (e.configured().equals(configured)) return take(e);
        }
        return null;
    }

    /** The sockets no Worker of the new code claimed (Workers removed or moved): the new master closes them. */
    List<Entry> unclaimed() {
        return List.copyOf(unclaimed);
    }

    private Entry take(Entry e) {
        unclaimed.remove(e);
        return e;
    }

    private static int port(String url) {
        try {
            return URI.create(url).getPort();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
