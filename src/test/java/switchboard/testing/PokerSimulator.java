package switchboard.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A game server for one table, written apart from the app's rules: it plays random legal hands
 * (blinds, betting rounds, flop/turn/river, a winner or a split, side pots paid as the rules
 * say) and emits the ingest events,
 * each with the next version and an eventId. Busted players leave and new ones sit down.
 */
public final class PokerSimulator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECK_RANKS = "23456789TJQKA";
    private static final String DECK_SUITS = "cdhs";

    public static final class Player {
        public final int seat;
        public final String id;
        public final String name;
        public long stack;
        boolean inHand;
        boolean folded;
        boolean allIn;
        boolean acted;
        long roundBet;
        long handBet;

        Player(int seat, String id, String name, long stack) {
            this.seat = seat;
            this.id = id;
            this.name = name;
            this.stack = stack;
        }

        boolean canAct() {
            return inHand && !folded && !allIn;
        }

        boolean live() {
            return inHand && !folded;
        }
    }

    private final String tableId;
    private final Random random;
    private final long smallBlind = 5;
    private final long bigBlind = 10;
    private final int seatsAtTable;
    private final TreeMap<Integer, Player> players = new TreeMap<>();
    private long version;
    private long handNo;
    private int button;
    private long pot;
    private long currentBet;
    private Integer turn;
    private int boardCards;
    private int newcomers;

    public PokerSimulator(String tableId, int seats, long seed) {
        this.tableId = tableId;
        this.seatsAtTable = seats;
        this.random = new Random(seed);
    }

    public long version() {
        return version;
    }

    public long handNo() {
        return handNo;
    }

    public Map<Integer, Player> players() {
        return Collections.unmodifiableMap(players);
    }

    /** table.opened and a player in every seat. */
    public List<ObjectNode> open() {
        var out = new ArrayList<ObjectNode>();
        out.add(event("table.opened").put("name", "Table " + tableId).put("smallBlind", smallBlind).put("bigBlind", bigBlind).put("seats", seatsAtTable));
        for (int seat = 1; seat <= seatsAtTable; seat++) {
            out.add(seat(seat));
        }
        button = seatsAtTable;
        return out;
    }

    /** One whole hand: replacing busted players, blinds, betting, board, and the payout. */
    public List<ObjectNode> playHand() {
        var out = new ArrayList<ObjectNode>();
        for (Player p : List.copyOf(players.values())) {
            if (p.stack == 0) {
                out.add(event("player.left").put("seat", p.seat));
                players.remove(p.seat);
                out.add(seat(p.seat));
            }
        }
        button = next(button, p -> true);
        handNo++;
        pot = 0;
        currentBet = 0;
        boardCards = 0;
        var deck = new ArrayList<String>();
        for (char r : DECK_RANKS.toCharArray()) {
            for (char s : DECK_SUITS.toCharArray()) {
                deck.add("" + r + s);
            }
        }
        Collections.shuffle(deck, random);
        for (Player p : players.values()) {
            p.inHand = p.stack > 0;
            p.folded = false;
            p.allIn = false;
            p.acted = false;
            p.roundBet = 0;
            p.handBet = 0;
        }
        out.add(event("hand.started").put("handNo", handNo).put("button", button));
        int small = next(button, p -> p.inHand);
        int big = next(small, p -> p.inHand);
        put(players.get(small), smallBlind);
        put(players.get(big), bigBlind);
        currentBet = Math.max(players.get(small).roundBet, players.get(big).roundBet);
        turn = roundOver() ? null : nextActing(big);
        while (true) {
            while (turn != null) {
                out.add(act(players.get(turn)));
            }
            if (live().size() < 2 || boardCards == 5) {
                break;
            }
            int count = boardCards == 0 ? 3 : 1;
            ArrayNode cards = JSON.createArrayNode();
            for (int i = 0; i < count; i++) {
                cards.add(deck.removeLast());
            }
            boardCards += count;
            var dealt = event("cards.dealt").put("handNo", handNo);
            dealt.set("cards", cards);
            out.add(dealt);
            currentBet = 0;
            players.values().forEach(p -> {
                p.roundBet = 0;
                p.acted = false;
            });
            long canAct = players.values().stream().filter(Player::canAct).count();
            turn = canAct < 2 ? null : nextActing(button);
        }
        out.add(end());
        return out;
    }

    private ObjectNode act(Player p) {
        long toCall = currentBet - p.roundBet;
        var e = event("player.acted").put("handNo", handNo).put("seat", p.seat);
        int roll = random.nextInt(100);
        if (toCall == 0) {
            if (roll < 60 || p.stack <= bigBlind) {
                e.put("action", "check");
            } else if (roll < 95 && p.stack > bigBlind * 3) {
                long amount = bigBlind * (1 + random.nextInt(2));
                e.put("action", currentBet == 0 ? "bet" : "raise").put("amount", amount);
                put(p, amount);
            } else {
                e.put("action", "all-in").put("amount", p.stack);
                put(p, p.stack);
            }
        } else if (roll < 15) {
            e.put("action", "fold");
            p.folded = true;
        } else if (toCall >= p.stack) {
            e.put("action", "all-in").put("amount", p.stack);
            put(p, p.stack);
        } else if (roll < 85 || p.stack <= toCall + bigBlind * 2) {
            e.put("action", "call").put("amount", toCall);
            put(p, toCall);
        } else {
            long amount = toCall + bigBlind;
            e.put("action", "raise").put("amount", amount);
            put(p, amount);
        }
        p.acted = true;
        if (p.roundBet > currentBet) {
            currentBet = p.roundBet;
            players.values().stream().filter(o -> o != p && o.canAct()).forEach(o -> o.acted = false);
        }
        turn = live().size() < 2 || roundOver() ? null : nextActing(p.seat);
        return e;
    }

    private ObjectNode end() {
        List<Player> live = live();
        var e = event("hand.ended").put("handNo", handNo).put("pot", pot);
        ArrayNode winners = e.putArray("winners");
        var won = new java.util.LinkedHashMap<Player, Long>();
        boolean level = live.stream().map(p -> p.handBet).distinct().count() == 1;
        if (level && live.size() >= 2 && pot % 2 == 0 && random.nextBoolean()) {
            won.put(live.get(0), pot / 2);
            won.put(live.get(1), pot / 2);
        } else {
            // A random showdown order; each side pot goes to the best player who is in it.
            var ranking = new ArrayList<>(live);
            Collections.shuffle(ranking, random);
            long below = 0;
            for (long top : players.values().stream().mapToLong(p -> p.handBet).filter(b -> b > 0).distinct().sorted().toArray()) {
                long from = below;
                long layer = players.values().stream().mapToLong(p -> Math.max(0, Math.min(p.handBet, top) - from)).sum();
                Player best = ranking.stream().filter(p -> p.handBet >= top).findFirst()
                        .orElse(ranking.stream().max(java.util.Comparator.comparingLong(p -> p.handBet)).orElseThrow());
                won.merge(best, layer, Long::sum);
                below = top;
            }
        }
        won.forEach((p, amount) -> {
            winners.addObject().put("seat", p.seat).put("amount", amount);
            p.stack += amount;
        });
        players.values().forEach(p -> {
            p.inHand = false;
            p.roundBet = 0;
        });
        pot = 0;
        turn = null;
        return e;
    }

    private ObjectNode seat(int seat) {
        var p = new Player(seat, "p" + seat + "-" + newcomers, "Player " + seat + (newcomers > 0 ? "." + newcomers : ""), 1000);
        newcomers++;
        players.put(seat, p);
        return event("player.seated").put("seat", seat).put("playerId", p.id).put("name", p.name).put("stack", p.stack);
    }

    private void put(Player p, long amount) {
        long chips = Math.min(amount, p.stack);
        p.stack -= chips;
        p.roundBet += chips;
        p.handBet += chips;
        pot += chips;
        if (p.stack == 0 && p.inHand) {
            p.allIn = true;
        }
    }

    private boolean roundOver() {
        var canAct = players.values().stream().filter(Player::canAct).toList();
        return canAct.stream().allMatch(p -> p.acted && p.roundBet == currentBet)
                || (canAct.size() <= 1 && canAct.stream().allMatch(p -> p.roundBet >= currentBet));
    }

    private List<Player> live() {
        return players.values().stream().filter(Player::live).toList();
    }

    private Integer nextActing(int from) {
        int seat = next(from, Player::canAct);
        return seat < 0 ? null : seat;
    }

    private int next(int from, java.util.function.Predicate<Player> ok) {
        var order = new ArrayList<>(players.tailMap(from, false).values());
        order.addAll(players.headMap(from, true).values());
        return order.stream().filter(ok).mapToInt(p -> p.seat).findFirst().orElse(-1);
    }

    private ObjectNode event(String type) {
        version++;
        return JSON.createObjectNode().put("type", type).put("tableId", tableId).put("version", version)
                .put("eventId", tableId + ":" + version);
    }
}
