package switchboard.admin;

import java.util.List;
import switchboard.auth.User;

/** What {@code /admin/users} shows; {@code form} keeps what was typed when creating failed. */
public record UsersPage(List<User> users, long selfId, String notice, String error, NewUser form) {
    public record NewUser(String username, String displayName, String role) {
        static final NewUser EMPTY = new NewUser("", "", "MEMBER");
    }
}
