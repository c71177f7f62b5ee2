// Makes every ssh that libvirt starts from this process ask its questions through our broker.
// libvirt passes only a few variables on to ssh (SSH_ASKPASS and DISPLAY among them, not
// SSH_ASKPASS_REQUIRE), and ssh uses askpass only with DISPLAY set and no terminal to ask on.
import * as libvirt from 'virtdeck/native';
import { AskpassBroker } from './askpass-broker.js';
import type { PromptDesk } from './prompt-desk.js';
import { classifyPrompt, targetOfSshArgv } from './ssh-prompt.js';

export async function installAskpass(desk: PromptDesk, log: (msg: string) => void): Promise<AskpassBroker> {
  const broker = await AskpassBroker.start(async (q, gone) => {
    // 'none' is a notice (e.g. "touch your security key"): ssh does not wait for an answer.
    if (q.hint === 'none') return null;
    return desk.ask(targetOfSshArgv(q.ssh), classifyPrompt(q.prompt), gone);
  }, log);
  process.env.SSH_ASKPASS = broker.command;
  process.env.DISPLAY ||= 'virtdeck-askpass:0';
  if (libvirt.releaseControllingTerminal()) log('released the controlling terminal: ssh asks its questions in the app');
  return broker;
}
