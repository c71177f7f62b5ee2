// Asked before an editor with changes not yet applied goes away (another item chosen in the
// list, another tab or place): Keep editing has the focus, so Enter or Escape keeps the changes.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/Dialog.js';

export function DiscardDialog(props: { name: string; onDiscard(): void; onKeep(): void }) {
  const { t } = useTranslation();
  const bodyId = useId();
  return (
    <Dialog
      title={t('hardware2.discard.title', { name: props.name })}
      onClose={props.onKeep}
      className="confirm"
      describedBy={bodyId}
      actions={
        <>
          <button type="button" autoFocus onClick={props.onKeep}>
            {t('hardware2.discard.keep')}
          </button>
          <button type="button" className="danger" onClick={props.onDiscard}>
            {t('hardware2.discard.discard')}
          </button>
        </>
      }
    >
      <p id={bodyId}>{t('hardware2.discard.body')}</p>
    </Dialog>
  );
}
