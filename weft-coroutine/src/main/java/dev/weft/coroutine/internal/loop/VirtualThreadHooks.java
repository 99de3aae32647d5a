package dev.weft.coroutine.internal.loop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;

/**
 * The JDK-internal hooks the event loops need, found once by reflection: the package-private
 * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)} constructor (virtual threads whose
 * scheduler is an executor of ours) and the {@code VirtualThread.scheduler} field (which loop a
 * virtual thread runs on). Both need {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it,
 * or on a JDK that dropped them, {@link #available()} is false and {@link #unavailableReason()} says
 * why.
 */
public final class VirtualThreadHooks {
    /** The JVM option that opens the hooks to Weft. */
    public static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private static final Constructor<?> BUILDER;
    /** {@code (Thread) Executor}: the scheduler of a virtual thread. */
    private static final MethodHandle SCHEDULER;
    /** {@code () Thread}: {@code Thread.currentCarrierThread()}, the platform thread under a virtual one. */
    private static final MethodHandle CARRIER;

    private static final String UNAVAILABLE;

    static {
        Constructor<?> builder = null;
        MethodHandle scheduler = null;
        MethodHandle carrier = null;
        String reason = null;
        try {
            Class<?> b = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            builder = b.getDeclaredConstructor(Executor.class);
            builder.setAccessible(true);
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            scheduler = l.findGetter(vt, "scheduler", Executor.class)
                    .asType(MethodType.methodType(Executor.class, Thread.class));
            carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            // Probe the constructor once: it throws on a JVM without continuation support.
            builder.newInstance((Executor) Runnable::run);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            reason = String.valueOf(cause);
            builder = null;
            scheduler = null;
            carrier = null;
        }
        BUILDER = builder;
        SCHEDULER = scheduler;
        CARRIER = carrier;
        UNAVAILABLE = reason;
    }

    private VirtualThreadHooks() {}

    /** Whether virtual threads can be given a scheduler of Weft's. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why the hooks are unavailable, or null when they are available. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * A virtual-thread builder whose threads run on {@code scheduler}.
     *
     * @throws IllegalStateException if the hooks are unavailable
     */
    public static Thread.Builder.OfVirtual builder(Executor scheduler) {
        if (BUILDER == null) {
            throw new IllegalStateException("custom virtual-thread schedulers are unavailable: " + UNAVAILABLE);
        }
        try {
            return (Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a virtual-thread builder", e);
        }
    }

    /** The scheduler of virtual thread {@code t}; null for a platform thread or without the hooks. */
    public static Executor schedulerOf(Thread t) {
        if (SCHEDULER == null || !t.isVirtual()) {
            return null;
        }
        try {
            return (Executor) SCHEDULER.invokeExact(t);
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * The platform thread the caller runs on: the carrier of a virtual thread, else the thread
     * itself ({@link Thread#currentThread()} without the hooks).
     */
    public static Thread currentCarrier() {
        if (CARRIER == null) {
            return Thread.currentThread();
        }
        try {
            return (Thread) CARRIER.invokeExact();
        } catch (Throwable e) {
            return Thread.currentThread();
        }
    }

    /**
     * The virtual thread whose continuation {@code task} runs (the JDK hands a scheduler a bound
     * method reference to {@code VirtualThread.runContinuation}), or null. Slow (reflection): only
     * for stall reports.
     */
    static Thread threadOf(Runnable task) {
        if (task == null || BUILDER == null) {
            return null;
        }
        try {
            for (Field f : task.getClass().getDeclaredFields()) {
                if (Thread.class.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    return (Thread) f.get(task);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
