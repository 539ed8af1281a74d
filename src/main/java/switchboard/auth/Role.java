package switchboard.auth;

/**
 * What a signed-in account may do: ADMIN manages, MEMBER takes part, KIOSK only watches, AGENT
 * watches the dashboard of the one agent its account is linked to (dashboard's agent_accounts),
 * STAFF works on the charity records other than donations and finance.
 */
public enum Role {
    ADMIN, MEMBER, KIOSK, AGENT, STAFF;

    /**
     * The roles that may open the plain live pages (polls, statistics, tables): {@link
     * Access#VIEWER}'s rule, which their live topics apply too.
     */
    public static final java.util.Set<Role> VIEWERS = java.util.EnumSet.of(ADMIN, MEMBER, KIOSK);
    /** {@link #VIEWERS} by name, as a live viewer carries its role. */
    public static final java.util.Set<String> VIEWER_NAMES = VIEWERS.stream().map(Role::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
}
