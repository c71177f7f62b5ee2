// A stacked bar of how a whole (a host's memory, a pool's space) is used. Drawn only: the page
// says the same figures in words beside it (its legend), which is what assistive technology reads.
export interface UsageSegment {
  /** A class naming the segment's colour (host.css: .seg-vms, .seg-other, .seg-used). */
  kind: string;
  value: number;
}

export function UsageBar(props: { total: number; segments: readonly UsageSegment[]; testId?: string }) {
  const { total } = props;
  return (
    <div className="usage-bar" aria-hidden="true" data-testid={props.testId}>
      {total > 0 &&
        props.segments.map((s) => {
          const pct = Math.max(0, Math.min(100, (s.value / total) * 100));
          return pct > 0 ? <span key={s.kind} className={`seg seg-${s.kind}`} style={{ width: `${pct}%` }} /> : null;
        })}
    </div>
  );
}

/** The legend's swatch for a segment (drawn; its words are beside it). */
export function Swatch(props: { kind: string }) {
  return <span className={`swatch seg-${props.kind}`} aria-hidden="true" />;
}
