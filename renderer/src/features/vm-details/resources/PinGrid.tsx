// Pinning as a grid: a row per vCPU and one for the emulator (QEMU's own threads), a column per
// host CPU; a ticked cell lets that row run on that CPU. Each checkbox is named by its row and
// column headers (what the grid shows), e.g. "vCPU 0 CPU 1".
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export function PinGrid(props: {
  vcpuPin: boolean[][];
  emulatorPin: boolean[];
  hostCpus: number;
  disabled: boolean;
  onVcpu(pin: boolean[][]): void;
  onEmulator(pin: boolean[]): void;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const cpus = Array.from({ length: props.hostCpus }, (_, i) => i);
  const colId = (c: number) => `${id}-cpu${c}`;
  const toggle = (row: boolean[], c: number) => row.map((v, i) => (i === c ? !v : v));
  const rowAll = (on: boolean) => cpus.map(() => on);
  return (
    <div className="res-pin-scroll">
      <table className="res-pin" aria-describedby={props.describedBy}>
        <thead>
          <tr>
            <td />
            {cpus.map((c) => (
              <th key={c} scope="col" id={colId(c)}>
                {t('details2.res.hostCpu', { n: c })}
              </th>
            ))}
            <td />
          </tr>
        </thead>
        <tbody>
          {props.vcpuPin.map((row, v) => (
            <tr key={v}>
              <th scope="row" id={`${id}-v${v}`}>
                {t('details2.res.vcpu', { n: v })}
              </th>
              {cpus.map((c) => (
                <td key={c}>
                  <input
                    type="checkbox"
                    checked={row[c] ?? false}
                    disabled={props.disabled}
                    aria-labelledby={`${id}-v${v} ${colId(c)}`}
                    onChange={() => props.onVcpu(props.vcpuPin.map((r, i) => (i === v ? toggle(r, c) : r)))}
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  className="res-small"
                  disabled={props.disabled}
                  aria-describedby={`${id}-v${v}`}
                  onClick={() => props.onVcpu(props.vcpuPin.map((r, i) => (i === v ? rowAll(true) : r)))}
                >
                  {t('details2.res.anyCpu')}
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row" id={`${id}-emu`}>
              {t('details2.res.emulator')}
            </th>
            {cpus.map((c) => (
              <td key={c}>
                <input
                  type="checkbox"
                  checked={props.emulatorPin[c] ?? false}
                  disabled={props.disabled}
                  aria-labelledby={`${id}-emu ${colId(c)}`}
                  onChange={() => props.onEmulator(toggle(props.emulatorPin, c))}
                />
              </td>
            ))}
            <td>
              <button type="button" className="res-small" disabled={props.disabled} aria-describedby={`${id}-emu`} onClick={() => props.onEmulator(rowAll(true))}>
                {t('details2.res.anyCpu')}
              </button>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
