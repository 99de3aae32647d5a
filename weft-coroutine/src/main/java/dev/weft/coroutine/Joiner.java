package dev.weft.coroutine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@link Co#join} with Swoole's rules. */
final class Joiner {
    private Joiner() {}

    static boolean join(Context ctx, Collection<Coroutine> targets, Duration timeout) {
        ctx.enter();
        if (targets == null || targets.isEmpty()) {
            ctx.result(CoError.INVALID_PARAMS);
            return false;
        }
        JoinGroup group = new JoinGroup();
        List<Coroutine> attached = new ArrayList<>(targets.size());
        boolean ok = false;
        try {
            for (Coroutine t : targets) {
                int r = t == ctx ? -1 : t.attachJoiner(group);
                if (r < 0) {
                    ctx.result(CoError.WRONG_OPERATION);
                    return false;
                }
                if (r > 0) {
                    group.attached();
                    attached.add(t);
                }
            }
            if (attached.isEmpty()) {
                // Swoole answers INVALID_PARAMS here because it cannot tell a finished id from an
                // unknown one; a Coroutine object always existed, so all-finished is success.
                ok = true;
                return true;
            }
            ok = await(ctx, group, timeout);
            return ok;
        } finally {
            if (!ok) {
                attached.forEach(t -> t.detachJoiner(group));
            }
        }
    }

    private static boolean await(Context ctx, JoinGroup group, Duration timeout) {
        Suspension s = Suspension.begin(ctx, "join", true, false);
        try {
            group.suspension(s);
            if (!group.arrive()) {
                s.await(Suspension.deadline(timeout));
            }
        } finally {
            s.end();
        }
        return s.outcome() == Suspension.Outcome.WOKEN;
    }
}
