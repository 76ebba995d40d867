package dev.weft.benchmarks.load;

/** One way of loading a server, measured: the same for every server it runs against. */
public interface Scenario {
    /** A short name for command lines and tables, such as {@code small}. */
    String name();

    /** What it does, in one line for the report. */
    String description();

    /**
     * Runs against {@code target} and measures it.
     *
     * @throws Exception if the server could not be loaded as the scenario needs (refused
     *                   connections, a handshake failure): a failed run, not a slow one
     */
    Measurement run(Target target) throws Exception;
}
