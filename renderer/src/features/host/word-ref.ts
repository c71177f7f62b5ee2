// A message reference that came as data (a host check's words), worded through the catalog like
// an error (i18n/messages.ts). Its id comes from the wire: one the catalog lacks (a newer
// backend) is shown as the id, rather than nothing.
import { isMessageId } from '../../../../electron/common/messages/messages.js';
import { wordHint, wordMessage } from '../../i18n/messages.js';

export interface WireMessage {
  messageId: string;
  params: Record<string, string | number>;
}

export function wordRef(ref: WireMessage): { text: string; hint?: string } {
  const { messageId, params } = ref;
  if (!isMessageId(messageId)) return { text: messageId };
  const hint = wordHint({ messageId, params });
  return { text: wordMessage({ messageId, params }), ...(hint ? { hint } : {}) };
}
