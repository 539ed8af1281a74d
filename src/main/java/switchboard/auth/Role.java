package switchboard.auth;

/** What a signed-in account may do: ADMIN manages, MEMBER takes part, KIOSK only watches. */
public enum Role {
    ADMIN, MEMBER, KIOSK
}
