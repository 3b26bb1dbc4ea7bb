// Loaded with `node --import` into a process whose memory is measured: at exit, whatever the exit, it writes the
// process's own peak RSS (and its run time) as one JSON line to file descriptor 3, which the measuring parent reads.
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

process.on('exit', (code) => {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  try {
    writeSync(3, `${JSON.stringify({ peakRssMb, ms: performance.now(), code })}\n`);
  } catch {
    // No fd 3: not run by the memory benchmark.
  }
});
