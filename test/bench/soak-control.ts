// The soak bench's control: a Node process started with the backend's Node options, the same
// probe (soak-probe.ts, by `--import`) and nothing else to do. The bench signals it together with
// the backend, so its event-loop delay covers the same windows: what the machine alone costs an
// idle Node loop (other processes' load, timer granularity), which the bench subtracts from the
// backend's to leave the backend's own share.
//
// The probe's histogram timer does not keep a process alive; this interval does, and fires too
// rarely to add delay of its own.
setInterval(() => undefined, 2 ** 30);
// The probe's SIGUSR2 handler is in place once this module runs (`--import` loads first): until
// then the signal would end the process, so the bench waits for this line.
process.stdout.write('ready\n');
