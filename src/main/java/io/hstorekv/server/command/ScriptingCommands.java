package io.hstorekv.server.command;

import io.hstorekv.server.resp.RedisError;
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
            throw RedisError.scriptingUnsupported(name);
        }));
    }
}
