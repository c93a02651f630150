package io.github.cometdboot.benchmark.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What Linux's {@code /proc} tells about a process: the CPU time it has used and its resident memory.
 * The server is judged by its own CPU time, because on a small machine the load client shares the cores.
 */
public final class ProcessStats {

	private static final long TICKS_PER_SECOND = ticksPerSecond();

	private ProcessStats() {
	}

	/**
	 * The user plus system CPU time of a process so far.
	 * @param pid the process id
	 * @return the CPU time in nanoseconds, or -1 if it cannot be read
	 */
	public static long cpuNanos(long pid) {
		long[] split = cpuSplitNanos(pid);
		return (split[0] < 0) ? -1 : split[0] + split[1];
	}

	/**
	 * The user and the system CPU time of a process so far, apart: loopback networking shows as system
	 * time.
	 * @param pid the process id
	 * @return user and system CPU time in nanoseconds, or -1s if they cannot be read
	 */
	public static long[] cpuSplitNanos(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name may hold spaces and parentheses: the fields that follow start after the last ')'.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 of proc(5): utime is field 14, stime field 15.
			return new long[] { Long.parseLong(fields[11]) * 1_000_000_000L / TICKS_PER_SECOND,
					Long.parseLong(fields[12]) * 1_000_000_000L / TICKS_PER_SECOND };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { -1, -1 };
		}
	}

	/**
	 * The CPU time the JIT compiler threads of a JVM have used so far: while it still grows, the server
	 * is not warm yet, and the figures include compilation.
	 * @param pid the process id of a HotSpot JVM
	 * @return the CPU time in nanoseconds, or -1 if it cannot be read
	 */
	public static long compilerCpuNanos(long pid) {
		long total = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks) {
				String name = Files.readString(task.resolve("comm")).trim();
				if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
					total += ticks(Files.readString(task.resolve("stat")));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// a thread that ended meanwhile, or no /proc: report what cannot be known as unknown
			return -1;
		}
		return total * 1_000_000_000L / TICKS_PER_SECOND;
	}

	private static long ticks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/**
	 * The resident set size of a process.
	 * @param pid the process id
	 * @return the RSS in kilobytes, or -1 if it cannot be read
	 */
	public static long rssKilobytes(long pid) {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
			for (String line : lines) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		return -1;
	}

	/**
	 * The file descriptors a process holds open: its sockets, among others.
	 * @param pid the process id
	 * @return how many, or -1 if they cannot be read
	 */
	public static long openFileDescriptors(long pid) {
		try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
			long count = 0;
			for (Path ignored : fds) {
				count++;
			}
			return count;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).trim();
			getconf.waitFor();
			return Long.parseLong(out);
		}
		catch (IOException | RuntimeException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

}
