// The program ssh runs as SSH_ASKPASS, written next to the broker's socket at startup. It is
// plain CommonJS with no dependencies because ssh starts it with whatever Node (or Electron as
// Node) runs Virtdeck, from a private directory. It sends the question, ssh's own command line
// (so the broker knows which host asks) and a one-shot token; prints the answer; exits 1 when
// the user cancels or the broker refuses.
export const ASKPASS_CLIENT_SOURCE = `'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
let ssh = [];
try {
  ssh = fs.readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8').split('\\0').filter(Boolean);
} catch (e) {}
const question = { prompt: process.argv[2] || '', ssh: ssh, hint: process.env.SSH_ASKPASS_PROMPT || '' };
function ask(retries) {
  let token;
  try {
    token = fs.readFileSync(path.join(__dirname, 'token'), 'utf8').trim();
  } catch (e) {
    process.exit(1);
  }
  const sock = net.connect(path.join(__dirname, 'sock'));
  let buf = '';
  sock.setEncoding('utf8');
  sock.on('connect', function () {
    sock.write(JSON.stringify(Object.assign({ token: token }, question)) + '\\n');
  });
  sock.on('data', function (d) {
    buf += d;
    const nl = buf.indexOf('\\n');
    if (nl < 0) return;
    sock.destroy();
    let reply = {};
    try {
      reply = JSON.parse(buf.slice(0, nl));
    } catch (e) {}
    if (reply.stale && retries > 0) return setTimeout(ask, 25, retries - 1);
    if (typeof reply.answer !== 'string') process.exit(1);
    process.stdout.write(reply.answer + '\\n', function () {
      process.exit(0);
    });
  });
  sock.on('error', function () {
    process.exit(1);
  });
  sock.on('end', function () {
    if (buf.indexOf('\\n') < 0) process.exit(1);
  });
}
ask(5);
`;
