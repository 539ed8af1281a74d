package switchboard.web;

/** What an error page says: its title, heading, message and the links that lead on. */
public record ErrorPage(int status, String title, String heading, String message, String logIn, String back) {
    /** An error a route answers with as a page itself, whatever the request asked for, to a signed-in person; {@code back}: the way back. */
    public static ErrorPage shown(int status, String message, String back) {
        return of(status, message, true, null, back);
    }

    /** {@code back}: the page the person came from on this site (a form they sent), or null. */
    static ErrorPage of(int status, String told, boolean signedIn, String logIn, String back) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Sign in needed";
            case 403 -> "Not allowed";
            case 404 -> "Page not found";
            case 405 -> "Not available here";
            case 409 -> "Changed meanwhile";
            case 422 -> "Not accepted";
            case 413 -> "Too large";
            case 429 -> "Too many requests";
            case 503 -> "Briefly unavailable";
            default -> "Something went wrong";
        };
        String heading = switch (status) {
            case 401 -> "Please sign in";
            case 403 -> "You may not open this";
            case 404 -> "There is nothing at this address";
            case 409 -> "This changed while you were looking at it";
            case 413 -> "That was too large to send";
            case 429 -> "Slow down a little";
            case 503 -> "Switchboard is briefly unavailable";
            case 500 -> "Something went wrong on our side";
            default -> "That did not work";
        };
        String message = told != null ? told : switch (status) {
            case 404 -> "The page may have moved or been deleted, or the address has a typo.";
            case 401 -> "Your session has ended or you are not signed in.";
            case 403 -> "Your account may not do this.";
            default -> "Try again; if it keeps happening, tell an admin what you were doing.";
        };
        return new ErrorPage(status, title, heading, message, status == 401 || status == 403 && !signedIn ? logIn : null, back);
    }
}
