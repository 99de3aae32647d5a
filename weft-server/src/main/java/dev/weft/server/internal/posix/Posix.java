package dev.weft.server.internal.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Thin FFM bindings to the few libc calls the master needs (Linux x86_64, glibc 2.34 or newer).
 *
 * <p>Every method either returns its result or throws {@link NativeException} carrying {@code errno};
 * none of them hides a failure. Constants are the Linux x86_64 values. Callers need
 * {@code --enable-native-access=ALL-UNNAMED} on the command line, otherwise the JDK warns (and a future
 * JDK refuses).
 */
public final class Posix {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_REUSEPORT = 15;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 26;
    public static final int WNOHANG = 1;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0x40;
    public static final int O_APPEND = 0x400;
    public static final int ECHILD = 10;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;

    /** posix_spawnattr flags (glibc). */
    public static final short POSIX_SPAWN_SETPGROUP = 0x02;

    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final short POSIX_SPAWN_SETSID = 0x80;

    // glibc x86_64: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128.
    // Allocating more than needed costs nothing and guards against a layout change.
    static final long FILE_ACTIONS_SIZE = 256;
    static final long SPAWNATTR_SIZE = 512;
    static final long SIGSET_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET =
            errnoCall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
            errnoCall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND =
            errnoCall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = errnoCall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKNAME =
            errnoCall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle KILL = errnoCall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITPID =
            errnoCall("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    // posix_spawn family: they return an error number instead of setting errno.
    private static final MethodHandle SPAWN = plainCall(
            "posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT =
            plainCall("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY =
            plainCall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 =
            plainCall("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_OPEN = plainCall(
            "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CLOSEFROM =
            plainCall("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT =
            plainCall("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY =
            plainCall("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS =
            plainCall("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETPGROUP =
            plainCall("posix_spawnattr_setpgroup", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_SETSIGMASK =
            plainCall("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            plainCall("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private Posix() {}

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name + " (glibc 2.34+ needed)"));
    }

    /** The message libc gives for an error number. */
    public static String strerror(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static int check(String what, int rc, MemorySegment state) {
        if (rc < 0) {
            int errno = (int) ERRNO.get(state, 0L);
            throw new NativeException(what, errno);
        }
        return rc;
    }

    private static void checkSpawn(String what, int rc) {
        if (rc != 0) throw new NativeException(what, rc);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** {@code socket(2)}. */
    public static int socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return check("socket", (int) SOCKET.invokeExact(st, domain, type, protocol), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt(2)} with an int option value. */
    public static void setsockoptInt(int fd, int level, int option, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment v = a.allocateFrom(JAVA_INT, value);
            check("setsockopt", (int) SETSOCKOPT.invokeExact(st, fd, level, option, v, 4), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code bind(2)} to an already encoded {@code sockaddr}. */
    public static void bind(int fd, byte[] sockaddr) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment addr = a.allocateFrom(ValueLayout.JAVA_BYTE, sockaddr);
            check("bind", (int) BIND.invokeExact(st, fd, addr, sockaddr.length), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code listen(2)}. */
    public static void listen(int fd, int backlog) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            check("listen", (int) LISTEN.invokeExact(st, fd, backlog), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code getsockname(2)}: the raw bytes of the bound {@code sockaddr}. */
    public static byte[] getsockname(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment addr = a.allocate(128);
            MemorySegment len = a.allocateFrom(JAVA_INT, 128);
            check("getsockname", (int) GETSOCKNAME.invokeExact(st, fd, addr, len), st);
            return addr.asSlice(0, len.get(JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(2)}; errors are ignored because there is nothing useful to do about them. */
    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int ignored = (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code kill(2)}.
     *
     * @return false when the process no longer exists (ESRCH)
     */
    public static boolean kill(long pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int rc = (int) KILL.invokeExact(st, (int) pid, signal);
            if (rc < 0) {
                int errno = (int) ERRNO.get(st, 0L);
                if (errno == ESRCH) return false;
                throw new NativeException("kill", errno);
            }
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code waitpid(pid, &status, options)}.
     *
     * @return the reaped child's {@link WaitStatus}, or null if the child has not exited yet (WNOHANG)
     *         or is not our child (ECHILD)
     */
    public static WaitStatus waitpid(long pid, int options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment status = a.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(st, (int) pid, status, options);
                if (rc > 0) return WaitStatus.decode(rc, status.get(JAVA_INT, 0));
                if (rc == 0) return null;
                int errno = (int) ERRNO.get(st, 0L);
                if (errno == EINTR) continue;
                if (errno == ECHILD) return null;
                throw new NativeException("waitpid", errno);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Starts a program with {@code posix_spawn(3)}.
     *
     * @param spec what to run and which descriptors and attributes the child gets
     * @return the child's pid
     */
    public static long spawn(SpawnSpec spec) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fa = a.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = a.allocate(SPAWNATTR_SIZE, 16);
            checkSpawn("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(fa));
            checkSpawn("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                for (SpawnSpec.FdAction act : spec.fdActions()) {
                    switch (act) {
                        case SpawnSpec.Dup2 d ->
                            checkSpawn("posix_spawn_file_actions_adddup2", (int)
                                    FA_DUP2.invokeExact(fa, d.fd(), d.target()));
                        case SpawnSpec.Open o ->
                            checkSpawn("posix_spawn_file_actions_addopen", (int)
                                    FA_OPEN.invokeExact(fa, o.target(), a.allocateFrom(o.path()), o.flags(), o.mode()));
                    }
                }
                // Nothing but 0, 1 and 2 reaches the child: no listener of another Worker, no control socket.
                checkSpawn("posix_spawn_file_actions_addclosefrom_np", (int) FA_CLOSEFROM.invokeExact(fa, 3));

                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
                // setsid already makes a new group; setpgid after it would fail with EPERM.
                boolean pgroup = spec.newProcessGroup() && !spec.newSession();
                if (pgroup) flags |= POSIX_SPAWN_SETPGROUP;
                if (spec.newSession()) flags |= POSIX_SPAWN_SETSID;
                checkSpawn("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));
                if (pgroup) {
                    checkSpawn("posix_spawnattr_setpgroup", (int) ATTR_SETPGROUP.invokeExact(attr, 0));
                }
                // The JVM thread that calls us may block signals, and a master started under nohup ignores HUP:
                // give the child an empty mask and default dispositions so its JVM installs its own handlers.
                MemorySegment empty = a.allocate(SIGSET_SIZE, 8);
                checkSpawn("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, empty));
                MemorySegment defaults = a.allocate(SIGSET_SIZE, 8);
                long bits = 0;
                for (int sig = 1; sig <= 31; sig++) {
                    if (sig != 9 && sig != 19) bits |= 1L << (sig - 1);
                }
                defaults.set(ValueLayout.JAVA_LONG, 0, bits);
                checkSpawn("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, defaults));

                MemorySegment argv = cStringArray(a, spec.argv());
                MemorySegment envp = cStringArray(a, spec.env());
                MemorySegment pid = a.allocate(JAVA_INT);
                int rc = (int) SPAWN.invokeExact(pid, a.allocateFrom(spec.path()), fa, attr, argv, envp);
                checkSpawn("posix_spawn " + spec.path(), rc);
                return pid.get(JAVA_INT, 0);
            } finally {
                int r1 = (int) FA_DESTROY.invokeExact(fa);
                int r2 = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment cStringArray(Arena a, java.util.List<String> strings) {
        MemorySegment arr = a.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            arr.setAtIndex(ADDRESS, i, a.allocateFrom(strings.get(i)));
        }
        arr.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return arr;
    }
}
