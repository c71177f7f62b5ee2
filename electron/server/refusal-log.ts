// Refused requests are logged, but anyone who can reach the port can make them: after a few a
// minute the rest are only counted, and the count is logged once the minute is over.
export function refusalLog(log: (m: string) => void, perMinute = 10, now: () => number = Date.now): (m: string) => void {
  let windowStart = 0;
  let inWindow = 0;
  let suppressed = 0;
  let flush: NodeJS.Timeout | undefined;
  const report = () => {
    flush = undefined;
    if (suppressed > 0) log(`refused ${suppressed} more request(s) in the last minute (not logged one by one)`);
    suppressed = 0;
  };
  return (m) => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t;
      inWindow = 0;
    }
    if (++inWindow <= perMinute) return log(m);
    suppressed++;
    if (!flush) {
      flush = setTimeout(report, 60_000 - (t - windowStart));
      flush.unref();
    }
  };
}
