package io.hstorekv.server.resp;

import io.hstorekv.WrongTypeException;
import java.util.Locale;

/**
 * A command failed in a way the client is told with an error reply; the message starts with the
 * code. Every error text the server sends is made here (Redis 7's wording, so clients and the
 * differential tests match them), nowhere else.
 */
public final class RedisError extends RuntimeException {
    private static final int MAX_QUOTED = 128;
    private static final String WRONG_TYPE = new WrongTypeException().getMessage();

    private RedisError(String message) {
        super(message, null, false, false);
    }

    /** The reply text, with its code ("ERR ...", "WRONGTYPE ..."). */
    public String reply() {
        return getMessage();
    }

    private static RedisError err(String text) {
        return new RedisError("ERR " + text);
    }

    // ---- arguments ----

    public static RedisError syntax() {
        return err("syntax error");
    }

    public static RedisError notInteger() {
        return err("value is not an integer or out of range");
    }

    public static RedisError notFloat() {
        return err("value is not a valid float");
    }

    /** A facade's rejection of an argument ({@link IllegalArgumentException}), its message as the text. */
    public static RedisError invalidArgument(String message) {
        return err(message);
    }

    /** The facade's {@link WrongTypeException} already words it as Redis does. */
    public static RedisError wrongType() {
        return new RedisError(WRONG_TYPE);
    }

    public static RedisError noSuchKey() {
        return err("no such key");
    }

    /** LPOP/RPOP's count. */
    public static RedisError indexOutOfRange() {
        return err("index out of range");
    }

    /** A number Redis parses with a named bound, e.g. "numkeys should be greater than 0". */
    public static RedisError shouldBeGreaterThanZero(String what) {
        return err(what + " should be greater than 0");
    }

    /** LPOS's COUNT and MAXLEN. */
    public static RedisError cannotBeNegative(String option) {
        return err(option + " can't be negative");
    }

    public static RedisError rankZero() {
        return err("RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                + "or use negative to start from the end of the list");
    }

    /** An integer outside [-LONG_MAX, LONG_MAX] where Redis excludes LONG_MIN (LPOS RANK). */
    public static RedisError outOfSymmetricRange() {
        return err("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    }

    /** Blocking commands' timeout. */
    public static RedisError timeoutNotFloat() {
        return err("timeout is not a float or out of range");
    }

    public static RedisError timeoutOutOfRange() {
        return err("timeout is out of range");
    }

    public static RedisError timeoutNegative() {
        return err("timeout is negative");
    }

    public static RedisError invalidCursor() {
        return err("invalid cursor");
    }

    public static RedisError invalidExpireTime(String command) {
        return err("invalid expire time in '" + command + "' command");
    }

    public static RedisError decrementOverflow() {
        return err("decrement would overflow");
    }

    /** INCRBYFLOAT's (and a stored infinity's) text. */
    public static RedisError nanOrInfinity() {
        return err("increment would produce NaN or Infinity");
    }

    /** HINCRBYFLOAT's text for an infinite increment. */
    public static RedisError incrementNanOrInfinity() {
        return err("value is NaN or Infinity");
    }

    public static RedisError unsupportedOption(String option) {
        return err("Unsupported option " + option);
    }

    public static RedisError nxWithOtherConditions() {
        return err("NX and XX, GT or LT options at the same time are not compatible");
    }

    public static RedisError gtAndLt() {
        return err("GT and LT options at the same time are not compatible");
    }

    // ---- sorted sets ----

    public static RedisError zaddXxAndNx() {
        return err("XX and NX options at the same time are not compatible");
    }

    public static RedisError zaddGtLtNx() {
        return err("GT, LT, and/or NX options at the same time are not compatible");
    }

    public static RedisError zaddIncrPairs() {
        return err("INCR option supports a single increment-element pair");
    }

    public static RedisError minMaxNotFloat() {
        return err("min or max is not a float");
    }

    public static RedisError minMaxNotLex() {
        return err("min or max not valid string range item");
    }

    public static RedisError limitNeedsByScoreOrLex() {
        return err("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }

    public static RedisError withScoresByLex() {
        return err("syntax error, WITHSCORES not supported in combination with BYLEX");
    }

    public static RedisError notPositive() {
        return err("value is out of range, must be positive");
    }

    public static RedisError outOfRange() {
        return err("value is out of range");
    }

    public static RedisError outOfRange(long min, long max) {
        return err("value is out of range, value must between " + min + " and " + max); // sic, Redis 7.0
    }

    public static RedisError numkeysNotPositive() {
        return err("numkeys should be greater than 0");
    }

    public static RedisError countNotPositive() {
        return err("count should be greater than 0");
    }

    public static RedisError noInputKeys(String command) {
        return err("at least 1 input key is needed for '" + command + "' command");
    }

    public static RedisError weightNotFloat() {
        return err("weight value is not a float");
    }

    // ---- commands and dispatch ----

    /** Redis 7's text: the name and the first arguments, quoted, up to 128 characters. */
    public static RedisError unknownCommand(Args args) {
        StringBuilder rest = new StringBuilder();
        for (int i = 1; i < args.count() && rest.length() < MAX_QUOTED; i++) {
            String arg = args.string(i);
            int room = MAX_QUOTED - rest.length();
            rest.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
        }
        return err("unknown command '" + truncated(args.string(0)) + "', with args beginning with: " + rest);
    }

    public static RedisError wrongArity(String command) {
        return err("wrong number of arguments for '" + command + "' command");
    }

    /** A container command's subcommand arity error, as Redis 7 words it ("'client|setname'"). */
    public static RedisError subcommandArity(String command, String subcommand) {
        return wrongArity(command + "|" + subcommand.toLowerCase(Locale.ROOT));
    }

    public static RedisError unknownSubcommand(Args args) {
        return err("unknown subcommand '" + truncated(args.string(1)) + "'. Try "
                + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    /**
     * Scripting commands, known but not implemented. Not "unknown command" and not NOSCRIPT: clients
     * with a script cache (Redisson) answer those by retrying, forever; this they raise at once.
     */
    public static RedisError scriptingUnsupported(String command) {
        return err("scripting is not supported by hstore-kv ('" + command + "' command)");
    }

    /** What the client sees of a failure that is ours, not theirs; the log has the detail under {@code id}. */
    /**
     * The database cannot be reached ({@link io.hstorekv.DatabaseUnavailableException}): a plain
     * ERR, which every client raises at once rather than retrying, stable for health checks to match.
     */
    public static RedisError databaseUnavailable() {
        return err("database unavailable");
    }

    public static RedisError internal(String id) {
        return err("internal error (id " + id + ")");
    }

    public static RedisError protocol(String what) {
        return err("Protocol error: " + what);
    }

    public static RedisError maxClients() {
        return err("max number of clients reached");
    }

    // ---- connection ----

    public static RedisError noAuth() {
        return new RedisError("NOAUTH Authentication required.");
    }

    public static RedisError helloNoAuth() {
        return new RedisError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                + "the RESP protocol version at the same time");
    }

    public static RedisError wrongPass() {
        return new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
    }

    public static RedisError authWithoutPassword() {
        return err("AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?");
    }

    public static RedisError protocolVersionNotInteger() {
        return err("Protocol version is not an integer or out of range");
    }

    public static RedisError noProto() {
        return new RedisError("NOPROTO unsupported protocol version");
    }

    public static RedisError helloOption(String option) {
        return err("Syntax error in HELLO option '" + option + "'");
    }

    public static RedisError dbIndexOutOfRange() {
        return err("DB index is out of range");
    }

    /** A database's namespace exists with another durability than configured. */
    public static RedisError databaseConflict(String message) {
        return err(message);
    }

    // ---- CLIENT ----

    public static RedisError clientName() {
        return err("Client names cannot contain spaces, newlines or special characters.");
    }

    public static RedisError unrecognizedOption(String option) {
        return err("Unrecognized option '" + option.toLowerCase(Locale.ROOT) + "'");
    }

    public static RedisError clientAttribute(String label) {
        return err(label + " cannot contain spaces, newlines or special characters.");
    }

    public static RedisError unknownClientType(String type) {
        return err("Unknown client type '" + type + "'");
    }

    public static RedisError invalidClientId() {
        return err("Invalid client ID");
    }

    public static RedisError noSuchClient() {
        return err("No such client");
    }

    public static RedisError clientIdNotPositive() {
        return err("client-id should be greater than 0");
    }

    // ---- COMMAND and CONFIG ----

    public static RedisError invalidCommandSpecified() {
        return err("Invalid command specified");
    }

    public static RedisError invalidArgumentCount() {
        return err("Invalid number of arguments specified for command");
    }

    public static RedisError noKeyArguments() {
        return err("The command has no key arguments");
    }

    public static RedisError noConfigFile() {
        return err("The server is running without a config file");
    }

    public static RedisError unknownConfigOption(String option) {
        return err("Unknown option or number of arguments for CONFIG SET - '" + option + "'");
    }

    public static RedisError configSetFailed(String parameter, String why) {
        return err("CONFIG SET failed (possibly related to argument '" + parameter + "') - " + why);
    }

    // ---- MULTI / EXEC ----

    public static RedisError nestedMulti() {
        return err("MULTI calls can not be nested");
    }

    public static RedisError withoutMulti(String command) {
        return err(command + " without MULTI");
    }

    public static RedisError watchInsideMulti() {
        return err("WATCH inside MULTI is not allowed");
    }

    public static RedisError execAbortedByErrors() {
        return new RedisError("EXECABORT Transaction discarded because of previous errors.");
    }

    /** A malformed EXEC: {@code cause}'s text without its code (execCommandAbort). */
    public static RedisError execAborted(RedisError cause) {
        return new RedisError("EXECABORT Transaction discarded because of: " + cause.reply().substring("ERR ".length()));
    }

    // ---- the commands of issue #12 ----

    public static RedisError offsetOutOfRange() {
        return err("offset is out of range");
    }

    public static RedisError stringTooLong() {
        return err("string exceeds maximum allowed size (proto-max-bulk-len)");
    }

    public static RedisError bitOffset() {
        return err("bit offset is not an integer or out of range");
    }

    public static RedisError notABit() {
        return err("bit is not an integer or out of range");
    }

    public static RedisError mustBePositive() {
        return err("value is out of range, must be positive");
    }

    public static RedisError valueOutOfRange() {
        return err("value is out of range");
    }

    public static RedisError countOutOfRange() {
        return err("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    }

    /** FUNCTION FLUSH and SCRIPT FLUSH with another option than SYNC or ASYNC (Redis words the two differently). */
    public static RedisError flushModeOnly(String command) {
        return err(command.equals("FUNCTION") ? "FUNCTION FLUSH only supports SYNC|ASYNC option"
                : "SCRIPT FLUSH only support SYNC|ASYNC option");
    }

    public static RedisError moreKeysThanArgs() {
        return err("Number of keys can't be greater than number of args");
    }

    public static RedisError negativeLimit() {
        return err("LIMIT can't be negative");
    }

    public static RedisError lcsNotStrings() {
        return err("The specified keys must contain string values");
    }

    public static RedisError lcsLenAndIdx() {
        return err("If you want both the length and indexes, please just use IDX.");
    }

    public static RedisError lcsTooLarge() {
        return err("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    }

    public static RedisError sameObject() {
        return err("source and destination objects are the same");
    }

    /** COPY or MOVE of a type this server cannot copy yet: loud, so that nothing is lost. */
    public static RedisError cannotCopyType(String type) {
        return err("COPY and MOVE of a " + type + " are not supported yet");
    }

    public static RedisError lfuNotSelected() {
        return err("An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when "
                + "switching between policies at runtime LRU and LFU data will take some time to adjust.");
    }

    public static RedisError notAllowedInTransaction() {
        return err("Command not allowed inside a transaction");
    }

    public static RedisError noShutdownInProgress() {
        return err("No shutdown in progress.");
    }

    public static RedisError shutdownFailed() {
        return err("Errors trying to SHUTDOWN. Check logs.");
    }

    private static String truncated(String text) {
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) : text;
    }
}
