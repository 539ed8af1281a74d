package switchboard.dashboard;

import static switchboard.db.jooq.Tables.ACTIVITY;
import static switchboard.db.jooq.Tables.AGENTS;
import static switchboard.db.jooq.Tables.AGENT_ACCOUNTS;
import static switchboard.db.jooq.Tables.ALERTS;
import static switchboard.db.jooq.Tables.ALERT_CURRENCY_THRESHOLDS;
import static switchboard.db.jooq.Tables.ALERT_SETTINGS;
import static switchboard.db.jooq.Tables.CHANGE_LOG;
import static switchboard.db.jooq.Tables.CURRENCIES;
import static switchboard.db.jooq.Tables.USERS;
import static switchboard.db.jooq.Tables.WAGERS;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record11;
import org.jooq.Records;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/** Reads for the dashboard's regions, and the alert and agent-account writes. An agent id of null means the whole book. */
final class DashboardStore {
    static final int STREAM_SIZE = 50;
    static final int FEED_SIZE = 30;

    private final DSLContext sql;

    DashboardStore(DSLContext sql) {
        this.sql = sql;
    }

    /** The newest wagers of a view, filtered as the page asks. */
    List<WagerItem> recentWagers(String agentId, String status, String currency, BigDecimal minStake) {
        return recentWagersQuery(agentId, status, currency, minStake).fetch(Records.mapping(WagerItem::new));
    }

    /**
     * Newest change first, by the time each item shows (updated_at), the order pushes arrive in:
     * sorted by placed_at, a reload put a wager settled a moment ago back where it was placed.
     * One index walk of at most {@link #STREAM_SIZE} entries (V27's wagers_updated, wagers_agent_updated).
     */
    ResultQuery<Record11<Long, String, String, String, String, BigDecimal, BigDecimal, BigDecimal, String, String, OffsetDateTime>> recentWagersQuery(
            String agentId, String status, String currency, BigDecimal minStake) {
        Condition where = agentId == null ? DSL.trueCondition() : WAGERS.AGENT_ID.eq(agentId);
        if (status != null) {
            where = where.and(WAGERS.STATUS.eq(status));
        }
        if (currency != null) {
            where = where.and(WAGERS.CURRENCY.eq(currency));
        }
        if (minStake != null) {
            where = where.and(WAGERS.STAKE.ge(minStake));
        }
        return sql.select(WAGERS.ID, WAGERS.REF, WAGERS.CUSTOMER_ID, WAGERS.AGENT_ID, WAGERS.CURRENCY, WAGERS.STAKE, WAGERS.POTENTIAL_PAYOUT,
                        WAGERS.PAYOUT, WAGERS.MARKET, WAGERS.STATUS, WAGERS.UPDATED_AT)
                .from(WAGERS)
                .where(where)
                .orderBy(WAGERS.UPDATED_AT.desc(), WAGERS.ID.desc())
                .limit(STREAM_SIZE);
    }

    /** The wagers a burst of changes touched, newest change first; an agent's view gets only its own. */
    List<WagerItem> wagers(List<Long> ids, String agentId) {
        Condition where = WAGERS.ID.in(ids);
        if (agentId != null) {
            where = where.and(WAGERS.AGENT_ID.eq(agentId));
        }
        var byId = sql.select(WAGERS.ID, WAGERS.REF, WAGERS.CUSTOMER_ID, WAGERS.AGENT_ID, WAGERS.CURRENCY, WAGERS.STAKE, WAGERS.POTENTIAL_PAYOUT,
                        WAGERS.PAYOUT, WAGERS.MARKET, WAGERS.STATUS, WAGERS.UPDATED_AT)
                .from(WAGERS)
                .where(where)
                .fetchMap(WAGERS.ID, Records.mapping(WagerItem::new));
        return ids.reversed().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }


    List<ActivityItem> recentActivity(String agentId) {
        return sql.select(ACTIVITY.ID, ACTIVITY.ICON, ACTIVITY.TEXT, ACTIVITY.AT)
                .from(ACTIVITY)
                .where(agentId == null ? DSL.trueCondition() : ACTIVITY.AGENT_ID.eq(agentId))
                .orderBy(ACTIVITY.AT.desc(), ACTIVITY.ID.desc())
                .limit(FEED_SIZE)
                .fetch(Records.mapping(ActivityItem::new));
    }

    List<ActivityItem> activity(List<Long> ids, String agentId) {
        return sql.select(ACTIVITY.ID, ACTIVITY.ICON, ACTIVITY.TEXT, ACTIVITY.AT)
                .from(ACTIVITY)
                .where(ACTIVITY.ID.in(ids))
                .and(agentId == null ? DSL.trueCondition() : ACTIVITY.AGENT_ID.eq(agentId))
                .orderBy(ACTIVITY.ID.desc())
                .fetch(Records.mapping(ActivityItem::new));
    }

    void record(String agentId, String icon, String text) {
        sql.insertInto(ACTIVITY, ACTIVITY.AGENT_ID, ACTIVITY.ICON, ACTIVITY.TEXT)
                .values(agentId, icon, text.length() > 300 ? text.substring(0, 300) : text)
                .execute();
    }

    Alerts alerts(String agentId) {
        Condition mine = agentId == null ? DSL.trueCondition() : ALERTS.AGENT_ID.eq(agentId);
        var open = sql.select(ALERTS.ID, ALERTS.AGENT_ID, ALERTS.PRIORITY, ALERTS.RULE, ALERTS.MESSAGE, ALERTS.RAISED_AT,
                        ALERTS.ACKNOWLEDGED_BY, ALERTS.ACKNOWLEDGED_AT)
                .from(ALERTS)
                .where(mine)
                .and(ALERTS.ACKNOWLEDGED_AT.isNull())
                .orderBy(ALERTS.RAISED_AT.desc())
                .limit(50)
                .fetch(Records.mapping(AlertItem::new));
        var done = sql.select(ALERTS.ID, ALERTS.AGENT_ID, ALERTS.PRIORITY, ALERTS.RULE, ALERTS.MESSAGE, ALERTS.RAISED_AT,
                        ALERTS.ACKNOWLEDGED_BY, ALERTS.ACKNOWLEDGED_AT)
                .from(ALERTS)
                .where(mine)
                .and(ALERTS.ACKNOWLEDGED_AT.isNotNull())
                .orderBy(ALERTS.ACKNOWLEDGED_AT.desc())
                .limit(5)
                .fetch(Records.mapping(AlertItem::new));
        var order = List.of("critical", "high", "normal", "low");
        return new Alerts(open.stream().sorted(Comparator.comparing((AlertItem a) -> order.indexOf(a.priority()))).toList(), done, null, agentId == null);
    }

    /** The alert {@code id}, if the caller may see it (an agent: their own). */
    Optional<AlertItem> alert(long id, String agentId) {
        return sql.select(ALERTS.ID, ALERTS.AGENT_ID, ALERTS.PRIORITY, ALERTS.RULE, ALERTS.MESSAGE, ALERTS.RAISED_AT,
                        ALERTS.ACKNOWLEDGED_BY, ALERTS.ACKNOWLEDGED_AT)
                .from(ALERTS)
                .where(ALERTS.ID.eq(id))
                .and(agentId == null ? DSL.trueCondition() : ALERTS.AGENT_ID.eq(agentId))
                .fetchOptional(Records.mapping(AlertItem::new));
    }

    /**
     * Acknowledges an open alert the caller may see and says so in the activity feed, in one
     * transaction; false when there is none such. The line goes under the alert's own agent, so
     * that agent's feed shows it as the book's does (an admin acknowledging it is no reason to hide
     * it from them), and quotes what the alert says: its id is nowhere on the page.
     */
    boolean acknowledge(long id, String agentId, String by) {
        record Acknowledged(String agentId, String message) {
        }
        return sql.transactionResult(tx -> {
            var alert = tx.dsl().update(ALERTS)
                    .set(ALERTS.ACKNOWLEDGED_BY, by)
                    .set(ALERTS.ACKNOWLEDGED_AT, DSL.currentOffsetDateTime())
                    .where(ALERTS.ID.eq(id))
                    .and(ALERTS.ACKNOWLEDGED_AT.isNull())
                    .and(agentId == null ? DSL.trueCondition() : ALERTS.AGENT_ID.eq(agentId))
                    .returningResult(ALERTS.AGENT_ID, ALERTS.MESSAGE)
                    .fetchOptional(Records.mapping(Acknowledged::new));
            alert.ifPresent(a -> new DashboardStore(tx.dsl()).record(a.agentId(), "admin", by + " acknowledged the alert “" + shortened(a.message()) + "”"));
            return alert.isPresent();
        });
    }

    /** An alert's message as an activity line quotes it: at most {@link #QUOTED} characters, never cut inside one. */
    static String shortened(String message) {
        return message.codePointCount(0, message.length()) <= QUOTED ? message
                : message.substring(0, message.offsetByCodePoints(0, QUOTED - 1)).stripTrailing() + "…";
    }

    static final int QUOTED = 80;

    void raise(String agentId, String priority, String rule, String message) {
        sql.insertInto(ALERTS, ALERTS.AGENT_ID, ALERTS.PRIORITY, ALERTS.RULE, ALERTS.MESSAGE)
                .values(agentId, priority, rule, message)
                .execute();
    }

    boolean hasOpen(String rule) {
        return sql.fetchExists(ALERTS, ALERTS.RULE.eq(rule).and(ALERTS.ACKNOWLEDGED_AT.isNull()));
    }

    AlertSettings settings() {
        return sql.select(ALERT_SETTINGS.BIG_WAGER, ALERT_SETTINGS.LIABILITY_JUMP_PCT, ALERT_SETTINGS.CUSTOMER_EXPOSURE, ALERT_SETTINGS.FEED_LAG_MS)
                .from(ALERT_SETTINGS)
                .fetchOne(Records.mapping(AlertSettings::new));
    }

    void saveSettings(AlertSettings s) {
        sql.update(ALERT_SETTINGS)
                .set(ALERT_SETTINGS.BIG_WAGER, s.bigWager())
                .set(ALERT_SETTINGS.LIABILITY_JUMP_PCT, s.liabilityJumpPct())
                .set(ALERT_SETTINGS.CUSTOMER_EXPOSURE, s.customerExposure())
                .set(ALERT_SETTINGS.FEED_LAG_MS, s.feedLagMs())
                .execute();
    }

    /** Each currency's own thresholds at its scale, however they were saved (100 EUR shows as 100.00 EUR, as every amount does). */
    List<CurrencyThreshold> currencyThresholds() {
        return sql.select(ALERT_CURRENCY_THRESHOLDS.CURRENCY, ALERT_CURRENCY_THRESHOLDS.BIG_WAGER, ALERT_CURRENCY_THRESHOLDS.CUSTOMER_EXPOSURE, CURRENCIES.MINOR_UNITS)
                .from(ALERT_CURRENCY_THRESHOLDS)
                .join(CURRENCIES).on(CURRENCIES.CODE.eq(ALERT_CURRENCY_THRESHOLDS.CURRENCY))
                .orderBy(ALERT_CURRENCY_THRESHOLDS.CURRENCY)
                .fetch(Records.mapping((currency, bigWager, exposure, units) -> new CurrencyThreshold(currency, atScale(bigWager, units), atScale(exposure, units))));
    }

    /** Never rounded: a threshold with a digit past the currency's decimals (saved before they were checked) shows as it is. */
    private static BigDecimal atScale(BigDecimal amount, int units) {
        return amount == null ? null : switchboard.web.MinorUnits.atScale(amount, units).orElse(amount);
    }

    boolean acceptsCurrency(String currency) {
        return WagerStore.minorUnits(sql, currency).isPresent();
    }

    /** Sets a currency's own thresholds; with neither, the currency goes back to the book's. */
    void saveCurrencyThreshold(CurrencyThreshold t) {
        if (t.bigWager() == null && t.customerExposure() == null) {
            sql.deleteFrom(ALERT_CURRENCY_THRESHOLDS)
                    .where(ALERT_CURRENCY_THRESHOLDS.CURRENCY.eq(t.currency()))
                    .execute();
            return;
        }
        sql.insertInto(ALERT_CURRENCY_THRESHOLDS, ALERT_CURRENCY_THRESHOLDS.CURRENCY, ALERT_CURRENCY_THRESHOLDS.BIG_WAGER, ALERT_CURRENCY_THRESHOLDS.CUSTOMER_EXPOSURE)
                .values(t.currency(), t.bigWager(), t.customerExposure())
                .onConflict(ALERT_CURRENCY_THRESHOLDS.CURRENCY)
                .doUpdate()
                .set(ALERT_CURRENCY_THRESHOLDS.BIG_WAGER, t.bigWager())
                .set(ALERT_CURRENCY_THRESHOLDS.CUSTOMER_EXPOSURE, t.customerExposure())
                .execute();
    }

    /** The agent an AGENT account watches; empty for any other account or an unlinked agent. */
    Optional<String> agentOf(long userId) {
        return sql.select(AGENT_ACCOUNTS.AGENT_ID)
                .from(AGENT_ACCOUNTS)
                .join(USERS).on(USERS.ID.eq(AGENT_ACCOUNTS.USER_ID))
                .where(AGENT_ACCOUNTS.USER_ID.eq(userId))
                .and(USERS.ROLE.eq("AGENT"))
                .and(USERS.DISABLED_AT.isNull())
                .fetchOptional(AGENT_ACCOUNTS.AGENT_ID);
    }

    /** Whether the account is an enabled kiosk (kiosks watch the whole book). */
    boolean isKiosk(long userId) {
        return sql.fetchExists(USERS, USERS.ID.eq(userId).and(USERS.ROLE.eq("KIOSK")).and(USERS.DISABLED_AT.isNull()));
    }

    void link(long userId, String agentId) {
        sql.insertInto(AGENT_ACCOUNTS, AGENT_ACCOUNTS.USER_ID, AGENT_ACCOUNTS.AGENT_ID)
                .values(userId, agentId)
                .onConflict(AGENT_ACCOUNTS.USER_ID)
                .doUpdate()
                .set(AGENT_ACCOUNTS.AGENT_ID, agentId)
                .execute();
    }

    List<Agent> agents() {
        return sql.select(AGENTS.ID, AGENTS.NAME)
                .from(AGENTS)
                .orderBy(AGENTS.ID)
                .fetch(Records.mapping(Agent::new));
    }

    boolean agentExists(String id) {
        return sql.fetchExists(AGENTS, AGENTS.ID.eq(id));
    }

    /** Adds the agent; an agent that exists keeps its name unless {@code rename}. */
    void addAgent(String id, String name, boolean rename) {
        var insert = sql.insertInto(AGENTS, AGENTS.ID, AGENTS.NAME)
                .values(id, name);
        if (rename) {
            insert.onConflict(AGENTS.ID).doUpdate().set(AGENTS.NAME, name).execute();
        } else {
            insert.onConflictDoNothing().execute();
        }
    }

    /** The last change of the view's topic, ticks aside: the kiosk's ETag. */
    static long lastChange(DSLContext sql, String topic) {
        Long seq = sql.select(DSL.max(CHANGE_LOG.SEQ))
                .from(CHANGE_LOG)
                .where(CHANGE_LOG.TOPIC.eq(topic))
                .and(CHANGE_LOG.KIND.ne(Dashboard.TICK))
                .fetchOne(0, Long.class);
        return seq == null ? 0 : seq;
    }

    /** How long ago the oldest change after {@code cursor} was committed; 0 when the listener is up to date. */
    long behindMs(long cursor) {
        var oldest = sql.select(DSL.min(CHANGE_LOG.AT))
                .from(CHANGE_LOG)
                .where(CHANGE_LOG.SEQ.gt(cursor))
                .fetchOne(0, java.time.OffsetDateTime.class);
        return oldest == null ? 0 : java.time.Duration.between(oldest.toInstant(), java.time.Instant.now()).toMillis();
    }

    static Collection<String> statuses() {
        return List.of("pending", "won", "lost", "void", "cancelled");
    }
}
