import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Typography, type ButtonProps } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSyncStatus } from '../../components/SyncStatus.js';

/**
 * Sign-out, with the offer to wipe what this computer has cached (a shared or handed-back
 * laptop). Queued changes a wipe would lose are counted before the admin confirms.
 */
export function SignOutButton({ pending, onSignOut }: { pending: boolean; onSignOut: (wipe: boolean) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [wipe, setWipe] = useState(false);
  const queued = useSyncStatus().data?.queued ?? 0;
  return (
    <>
      <Button icon={<LogoutOutlined aria-hidden="true" />} onClick={() => setOpen(true)} loading={pending} data-testid="sign-out">
        {t('header.signOut')}
      </Button>
      <Modal
        open={open}
        title={t('signOut.title')}
        okText={wipe ? t('signOut.confirmWipe') : t('header.signOut')}
        okButtonProps={{ danger: wipe, 'data-testid': 'sign-out-confirm' } as ButtonProps}
        cancelText={t('edit.cancel')}
        onOk={() => {
          setOpen(false);
          onSignOut(wipe);
          setWipe(false);
        }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('signOut.body')}</Typography.Paragraph>
        <Checkbox checked={wipe} onChange={(e) => setWipe(e.target.checked)} data-testid="sign-out-wipe">
          {t('signOut.wipe')}
        </Checkbox>
        <Typography.Paragraph type="secondary" className="custos-top-gap">
          {t('signOut.wipeHint')}
        </Typography.Paragraph>
        {wipe && queued > 0 ? <Alert type="warning" showIcon role="alert" title={t('signOut.queuedLost', { count: queued })} data-testid="sign-out-queued" /> : null}
      </Modal>
    </>
  );
}
