import { useState } from 'react';
import { Alert, Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { uploadLimit } from '../../../shared/contract.js';
import { useFormat } from '../app/format.js';

/** The operations that take a spreadsheet (the contract's `{ fileName, bytes }` uploads). */
export type SpreadsheetOperation = 'org.importPreview' | 'offboarding.bulkPreview';

/**
 * Picks one CSV or XLSX file and hands over its name and bytes (sent as bytes, never base64). A
 * file beyond the operation's limit is refused here, before a byte is sent, saying both sizes.
 */
export function SpreadsheetChooser({
  operation,
  loading,
  testId,
  onFile,
}: {
  operation: SpreadsheetOperation;
  loading: boolean;
  testId: string;
  onFile: (file: { fileName: string; bytes: Uint8Array<ArrayBuffer> }) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const limit = uploadLimit(operation) ?? 0;
  const [tooLarge, setTooLarge] = useState<{ name: string; size: number } | null>(null);
  return (
    <>
      <Upload
        accept=".csv,.xlsx"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > limit) {
            setTooLarge({ name: file.name, size: file.size });
            return false;
          }
          setTooLarge(null);
          void file.arrayBuffer().then((buffer) => onFile({ fileName: file.name, bytes: new Uint8Array(buffer) }));
          return false;
        }}
      >
        <Button icon={<UploadOutlined aria-hidden="true" />} loading={loading} data-testid={testId}>
          {t('manage.chooseFile')}
        </Button>
      </Upload>
      {tooLarge ? (
        <Alert
          className="custos-top-gap"
          type="error"
          showIcon
          role="alert"
          data-testid={`${testId}-too-large`}
          title={t('upload.tooLarge', { file: tooLarge.name, size: format.megabytes(tooLarge.size), limit: format.megabytes(limit) })}
        />
      ) : null}
    </>
  );
}
