package switchboard.bench;

/** Write-path benchmark alone: Usage: WritePath <writers> <secondsEach>. */
public final class WritePath {
    private WritePath() {
    }

    public static void main(String[] args) throws Exception {
        SseFanout.writePath(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    }
}
