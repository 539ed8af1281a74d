package switchboard.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import switchboard.auth.AccountStreams;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.db.Database;
import switchboard.db.SingletonJob;
import switchboard.live.Change;
import switchboard.live.ChangeFeed;
import switchboard.live.Hub;
import switchboard.live.Region;
import switchboard.live.Topic;
import switchboard.live.TopicKind;
import switchboard.live.Viewer;
import switchboard.web.Input;
import switchboard.web.Templates;

/**
 * Team chat at {@code /chat}: threads with members, live messages, drafts, attachments and a
 * typing indicator. Topics (each readable by the thread's members only): {@code thread:<id>}
 * (regions {@code messages} (append; edits and deletions replace the message in place),
 * {@code typing}, {@code thread-head}), {@code threadsum:<id>} (region {@code thread-summary},
 * the thread's line in everyone's list) and {@code inbox:<user>} (region {@code inbox}, the
 * member's whole list, when they join or leave a thread).
 */
public final class Chat {
    private static final long TYPING_LOCK = 0x5b_0020L;
    /** Message posts carry files up to 10 MB: their body cap is raised to this. */
    public static final Pattern UPLOADS = Pattern.compile("/chat/\\d{1,18}/messages");
    /**
     * The chat forms that refuse a control character themselves ("New thread", Rename), with the
     * form back as typed and the message beside it, so the request edge leaves that check to them.
     */
    public static final Pattern FORMS = Pattern.compile("/chat/(?:threads|\\d{1,18}/title)");
    public static final int MAX_UPLOAD = MessageRoutes.MAX_FILE;

    private final Database database;
    private final ThreadStore threads;
    private final MessageStore messages;
    private final Templates templates;
    private final ChangeFeed feed;

    public Chat(Database database, Templates templates, ChangeFeed feed) {
        this.database = database;
        this.threads = new ThreadStore(database.sql());
        this.messages = new MessageStore(database.sql());
        this.templates = templates;
        this.feed = feed;
    }

    private static final String THREAD = "thread";
    private static final String THREAD_SUMMARY = "threadsum";
    private static final String INBOX = "inbox";
    /** Change kinds the chat's triggers publish (V7__chat.sql): message.posted/edited/deleted, thread.*, typing. */
    static final String MESSAGE_CHANGES = "message.";
    static final String THREAD_CHANGES = "thread.";
    static final String TYPING = "typing";
    /** The change kind V21 publishes on {@code account:<id>} when the account leaves a thread (its id). */
    static final String LEFT = "thread.left";

    /** A thread's messages, typing marks and head. */
    static Topic thread(long id) {
        return Topic.of(THREAD, id);
    }

    /** A thread's line in every member's list. */
    static Topic threadSummary(long id) {
        return Topic.of(THREAD_SUMMARY, id);
    }

    /** A member's whole list of threads. */
    static Topic inbox(long userId) {
        return Topic.of(INBOX, userId);
    }

    /** Membership of the thread, for a thread's topic and its line in the list alike: one rule, one query per stream. */
    private final TopicKind.Readable membership = new TopicKind.Readable() {
        @Override
        public Set<Topic> of(Viewer viewer, Set<Topic> asked) {
            return memberOfAll(viewer, asked);
        }

        @Override
        public org.jooq.Field<String[]> column(org.jooq.Field<Long> account, org.jooq.Field<String[]> threadIds) {
            return ThreadStore.memberOfColumn(account, threadIds);
        }
    };

    public List<TopicKind> topicKinds() {
        return List.of(
                new TopicKind(THREAD, Input.ID, this::member, List.of(
                        Region.append("messages", c -> c.kind().startsWith(MESSAGE_CHANGES), this::renderMessages),
                        new Region("typing", Region.Mode.SNAPSHOT, c -> c.kind().equals(TYPING),
                                (topic, changes) -> templates.render("chat/typing.jte", messages.typists(id(topic)))),
                        new Region("thread-head", Region.Mode.SNAPSHOT, c -> c.kind().startsWith(THREAD_CHANGES),
                                (topic, changes) -> templates.render("chat/thread_head.jte", threads.find(id(topic)).orElse(null)))))
                        .readableAll(membership),
                new TopicKind(THREAD_SUMMARY, Input.ID, this::member, List.of(
                        Region.snapshot("thread-summary", (topic, changes) -> templates.render("chat/thread_summary.jte",
                                new ThreadSummary(id(topic), threads.summary(id(topic)).orElse(null))))))
                        .readableAll(membership),
                new TopicKind(INBOX, Input.ID, (viewer, topic) -> viewer.userId() == id(topic), List.of(
                        Region.snapshot("inbox", (topic, changes) -> templates.render("chat/thread_list.jte",
                                new ThreadList(threads.listFor(id(topic)), -1))))));
    }

    /** A thread's line pushed to every member's list; {@code thread} is null once it is deleted. */
    public record ThreadSummary(long id, ChatThread thread) {
    }

    /** The list of a member's threads, with the open one marked. */
    public record ThreadList(List<ChatThread> threads, long open) {
        /**
         * The topics of the lines a page keeps live: the most recent threads' (a stream takes
         * 32 topics, two go to the inbox and the open thread). A pushed list carries them, so
         * a page follows a thread it was added to while open.
         */
        public List<Topic> followed() {
            return threads.stream().limit(FOLLOWED).map(t -> threadSummary(t.id())).toList();
        }

        public String followedTopics() {
            return followed().stream().map(Topic::toString).collect(Collectors.joining(","));
        }
    }

    // A stream carries at most 32 topics: the inbox, the open thread, the header's bell and these.
    private static final int FOLLOWED = 29;

    private boolean member(Viewer viewer, Topic topic) {
        return viewer.signedIn() && threads.isMember(id(topic), viewer.userId());
    }

    /** The thread topics among {@code asked} whose thread the viewer is a member of: one query. */
    private Set<Topic> memberOfAll(Viewer viewer, Set<Topic> asked) {
        if (!viewer.signedIn()) {
            return Set.of();
        }
        Set<Long> member = threads.memberOf(viewer.userId(), asked.stream().map(Chat::id).toList());
        return asked.stream().filter(t -> member.contains(id(t))).collect(Collectors.toSet());
    }

    private String renderMessages(Topic topic, List<Change> changes) {
        Map<Long, String> kinds = changes.stream().collect(Collectors.toMap(Change::entityId, Change::kind, (a, b) -> a.equals("message.posted") ? a : b));
        var items = messages.byIds(kinds.keySet()).stream()
                .map(m -> new Pushed(m, !kinds.get(m.id()).equals("message.posted")))
                .toList();
        return templates.render("chat/pushed.jte", items);
    }

    /**
     * A message pushed to open pages: new ones are appended, changed ones replace their old copy.
     * New messages are pushed without edit tools (the same bytes go to every member, and most
     * are not the author's), which keeps each push small; the author's page then fetches its
     * own copy with tools ({@code GET /chat/{id}/messages/{message}}) over the same element.
     * Replacements (rare) carry them, and each page keeps only its own.
     */
    public record Pushed(Message message, boolean replace) {
    }

    private static long id(Topic topic) {
        return Long.parseLong(topic.arg());
    }

    /**
     * A member removed from a thread (V21 publishes {@code thread.left} on {@code account:<id>}
     * with the thread's id) loses the streams that follow that thread, on this node; the pages
     * reconnect without it. Their other streams stay open.
     */
    public void closeStreamsOnLeaving(Hub hub) {
        AccountStreams.closeOn(hub, LEFT, left -> {
            Topic thread = thread(left.entityId());
            Topic line = threadSummary(left.entityId());
            return topics -> topics.contains(thread) || topics.contains(line);
        }, "those that followed a thread it left");
    }

    public void register(Routes routes, Auth auth) {
        new ChatRoutes(threads, messages, templates, feed, auth).register(routes);
        new MessageRoutes(threads, messages, templates, auth).register(routes);
    }

    /** Typing marks run out after 5 s without a keystroke; this ends them, on one node. */
    public SingletonJob typingJob() {
        return new SingletonJob("typing-expiry", TYPING_LOCK, database.sql(), MessageStore::expireTyping).every(Duration.ofSeconds(1));
    }
}
