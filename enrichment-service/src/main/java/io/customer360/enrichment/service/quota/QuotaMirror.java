package io.customer360.enrichment.service.quota;

import io.customer360.common.redis.RedisGuard;
import io.customer360.enrichment.store.UnsettledKeys;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

/**
 * A Redis mirror of the quota ledger that answers "spent" without a PostgreSQL round trip. It never grants a slot:
 * "go" only means "ask the ledger". Each write carries the ledger row's version and the script ignores older ones,
 * so instances racing to mirror cannot roll it back. Redis may lose it at any time; a missing key means "ask the
 * ledger", whose answer rebuilds it. Plain class so the benchmark runs the very same scripts.
 * <p>
 * A Redis outage never loosens the quota: every command goes through {@link RedisGuard}, and an unreachable,
 * slow or unsettled mirror (a forget that failed, {@link UnsettledKeys}) answers UNKNOWN, so the ledger decides
 * every reservation exactly as it always does, only without the shortcut.
 */
public class QuotaMirror {

    /** Decision: -1 unknown (ask the ledger), 0 spent, 1 not spent (ask the ledger for a slot). */
    public static final String GATE_SCRIPT = """
            local used = redis.call('HGET', KEYS[1], 'used')
            if not used then return -1 end
            local limit = tonumber(redis.call('HGET', KEYS[1], 'limit'))
            if limit >= 0 and tonumber(used) >= limit then return 0 end
            return 1""";

    /** Mirrors a ledger state: ARGV used, limit (-1 unlimited), version, ttl ms; older versions are ignored. */
    public static final String RECORD_SCRIPT = """
            local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
            if tonumber(ARGV[3]) <= current then return 0 end
            redis.call('HSET', KEYS[1], 'used', ARGV[1], 'limit', ARGV[2], 'version', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1""";

    public enum Gate {
        UNKNOWN,
        SPENT,
        OPEN
    }

    private final RedisAPI redis;
    private final RedisGuard guard;
    private final UnsettledKeys unsettled;
    private final String keyPrefix;
    private final Duration ttl;
    private volatile String gateSha;
    private volatile String recordSha;

    public QuotaMirror(RedisAPI redis, RedisGuard guard, UnsettledKeys unsettled, String keyPrefix, Duration ttl) {
        this.redis = redis;
        this.guard = guard;
        this.unsettled = unsettled;
        this.keyPrefix = keyPrefix;
        this.ttl = ttl;
    }

    public String key(String tenant, YearMonth month) {
        return keyPrefix + "quota:" + tenant + ":" + month;
    }

    /** The mirror's decision; a Redis failure is UNKNOWN, so the ledger decides. */
    public Uni<Gate> gate(String tenant, YearMonth month) {
        String key = key(tenant, month);
        if (unsettled.suspect(key)) {
            return Uni.createFrom().item(Gate.UNKNOWN);
        }
        return guard.call(() -> evalsha(true, List.of(key)))
                .map(response -> switch (response.toInteger()) {
                    case 0 -> Gate.SPENT;
                    case 1 -> Gate.OPEN;
                    default -> Gate.UNKNOWN;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.debugf("Quota mirror unavailable: %s", failure.toString());
                    return Gate.UNKNOWN;
                });
    }

    public Uni<Void> record(String tenant, YearMonth month, QuotaState state) {
        if (state == null) {
            return Uni.createFrom().voidItem();
        }
        return guard.call(() -> evalsha(
                        false,
                        List.of(
                                key(tenant, month),
                                Integer.toString(state.used()),
                                Integer.toString(state.limit() == null ? -1 : state.limit()),
                                Long.toString(state.version()),
                                Long.toString(ttl.toMillis()))))
                .replaceWithVoid()
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.debugf("Quota mirror not updated: %s", failure.toString());
                    return null;
                });
    }

    /**
     * Drops the mirror (the tier, and so the limit, changed): the next request asks the ledger. When Redis fails the
     * key stays unsettled, so this pod asks the ledger until the delete goes through.
     */
    public Uni<Void> forget(String tenant, YearMonth month) {
        String key = key(tenant, month);
        return guard.call(() -> redis.del(List.of(key)))
                .invoke(() -> unsettled.settled(key))
                .onFailure()
                .invoke(() -> unsettled.add(key))
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Response> evalsha(boolean gate, List<String> keyAndArgs) {
        String script = gate ? GATE_SCRIPT : RECORD_SCRIPT;
        String sha = gate ? gateSha : recordSha;
        Uni<String> loaded = sha != null ? Uni.createFrom().item(sha) : load(gate, script);
        return loaded.flatMap(digest -> redis.evalsha(args(digest, keyAndArgs)))
                // Redis restarted and forgot the script: load it again once
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> load(gate, script).flatMap(digest -> redis.evalsha(args(digest, keyAndArgs))));
    }

    private Uni<String> load(boolean gate, String script) {
        return redis.script(List.of("LOAD", script)).map(Response::toString).invoke(digest -> {
            if (gate) {
                gateSha = digest;
            } else {
                recordSha = digest;
            }
        });
    }

    private static List<String> args(String sha, List<String> keyAndArgs) {
        List<String> args = new java.util.ArrayList<>();
        args.add(sha);
        args.add("1");
        args.addAll(keyAndArgs);
        return args;
    }
}
