// A unified diff of the VM's definition, lines coloured by what they do; passwords masked.
import { maskSecrets } from './props.js';

export function DiffView(props: { diff: string; labelledBy: string }) {
  const lines = maskSecrets(props.diff)
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('\\'));
  return (
    // A scrolling region: focusable, so the keyboard can scroll it.
    <pre className="hw-diff" aria-labelledby={props.labelledBy} tabIndex={0} data-testid="edit-diff">
      <code>
        {lines.map((l, i) => (
          <span key={i} className={l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : undefined}>
            {l}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}
