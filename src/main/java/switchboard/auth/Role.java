package switchboard.auth;

/**
 * What a signed-in account may do: ADMIN manages, MEMBER takes part, KIOSK only watches, AGENT
 * watches the dashboard of the one agent its account is linked to (dashboard's agent_accounts),
 * STAFF works on the charity records other than donations and finance.
 */
public enum Role {
    ADMIN, MEMBER, KIOSK, AGENT, STAFF
}
