#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace bridge::bench {

// CPU time and memory of one process, read from /proc/PID/stat and /proc/PID/status.
struct ProcessSample {
  double cpu_seconds = 0;  // utime + stime, converted with sysconf(_SC_CLK_TCK)
  long rss_kib = 0;        // VmRSS
  long peak_rss_kib = 0;   // VmHWM, the peak resident set size since the process started
};

// Reads pid's CPU time and memory. Returns nullopt when the process is gone or /proc
// cannot be read.
std::optional<ProcessSample> sample_process(pid_t pid);

// Returns this process's user plus system CPU time in seconds, all threads included.
double own_cpu_seconds();

}  // namespace bridge::bench
