package dev.weft.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads another process's CPU time and memory from Linux's {@code /proc}. */
public final class ProcessStats {
    private ProcessStats() {
    }

    /** User plus system CPU seconds of a process (fields 14 and 15 of {@code /proc/PID/stat}); -1 without a pid. */
    public static double cpuSeconds(long pid) throws IOException {
        if (pid <= 0) {
            return -1;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /** Resident set size in bytes ({@code VmRSS} of {@code /proc/PID/status}). */
    public static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /**
     * The live heap of a JVM in bytes: the total of {@code jcmd PID GC.class_histogram}, which
     * runs a full collection first. -1 for a process that is not a JVM.
     */
    public static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Path jcmd = jcmdFor(pid);
        if (jcmd == null) {
            return -1;
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed");
        }
        String[] last = out.strip().lines().reduce((a, b) -> b).orElse("").trim().split("\\s+");
        if (last.length != 3 || !last[0].equals("Total")) {
            throw new IOException("no total in the class histogram of " + pid);
        }
        return Long.parseLong(last[2]);
    }

    /** The {@code jcmd} beside a JVM process's {@code java}, or null if the process is not a JVM. */
    private static Path jcmdFor(long pid) {
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("");
        return command.endsWith("/java") ? Path.of(command).resolveSibling("jcmd") : null;
    }
}
