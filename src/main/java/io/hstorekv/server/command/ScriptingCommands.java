package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.Map;

/**
 * EVAL, EVALSHA, SCRIPT, FUNCTION, FCALL and their read-only variants: registered with Redis's
 * arity so that they fail with a reason, never as unknown commands (see
 * {@link RedisError#scriptingUnsupported}), until scripting exists.
 */
final class ScriptingCommands {
    /** Each command and its Redis 7 arity. */
    private static final Map<String, Integer> ARITY = Map.of(
            "eval", -3, "eval_ro", -3, "evalsha", -3, "evalsha_ro", -3,
            "fcall", -3, "fcall_ro", -3, "script", -2, "function", -2);

    private ScriptingCommands() {}

    static void register(CommandTable table) {
        ARITY.forEach((name, arity) -> table.keyless(name, arity, (c, a, r) -> {
            if (!harmlessNoOp(a, r)) {
                throw RedisError.scriptingUnsupported(name);
            }
        }));
    }

    /**
     * What holds with no scripts and no functions, answered as Redis would: FUNCTION FLUSH and
     * SCRIPT FLUSH ([ASYNC|SYNC]) are OK (Redis's test harness sends FUNCTION FLUSH before each
     * unit), FUNCTION LIST is empty, SCRIPT EXISTS finds none. False for everything else.
     */
    private static boolean harmlessNoOp(Args a, Reply r) {
        String command = a.option(0);
        String sub = a.option(1);
        boolean scriptOrFunction = command.equals("SCRIPT") || command.equals("FUNCTION");
        if (scriptOrFunction && sub.equals("FLUSH") && a.count() <= 3) {
            if (a.count() == 3 && !a.option(2).equals("ASYNC") && !a.option(2).equals("SYNC")) {
                throw RedisError.flushModeOnly(command);
            }
            r.ok();
            return true;
        }
        if (command.equals("FUNCTION") && sub.equals("LIST")) {
            r.array(0);
            return true;
        }
        if (command.equals("SCRIPT") && sub.equals("EXISTS") && a.count() > 2) {
            r.array(a.count() - 2);
            for (int i = 2; i < a.count(); i++) {
                r.integer(0);
            }
            return true;
        }
        return false;
    }
}
