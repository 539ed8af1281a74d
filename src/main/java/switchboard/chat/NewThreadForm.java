package switchboard.chat;

/**
 * What a member typed into the chat page's forms that was refused, so it comes back holding it:
 * the "New thread" form's fields, and {@code renaming}, the title typed into a refused Rename
 * (null: none; the field shows the thread's title).
 */
public record NewThreadForm(String title, String members, String renaming) {
    static final NewThreadForm EMPTY = new NewThreadForm("", "", null);

    NewThreadForm(String title, String members) {
        this(title, members, null);
    }

    NewThreadForm renaming(String typed) {
        return new NewThreadForm(title, members, typed);
    }

    /** Open when nothing else is, or when it holds what was typed. */
    public boolean filled() {
        return !title.isEmpty() || !members.isEmpty();
    }
}
