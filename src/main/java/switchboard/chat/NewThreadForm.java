package switchboard.chat;

/** The "New thread" form's fields as the member typed them: refused, it comes back holding them. */
public record NewThreadForm(String title, String members) {
    static final NewThreadForm EMPTY = new NewThreadForm("", "");

    /** Open when nothing else is, or when it holds what was typed. */
    public boolean filled() {
        return !title.isEmpty() || !members.isEmpty();
    }
}
