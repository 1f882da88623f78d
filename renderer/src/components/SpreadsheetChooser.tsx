import { Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { toBase64 } from '../app/files.js';

/** Picks one CSV or XLSX file and hands over its name and contents (base64) for the host to read. */
export function SpreadsheetChooser({ loading, testId, onFile }: { loading: boolean; testId: string; onFile: (file: { fileName: string; contentBase64: string }) => void }) {
  const { t } = useTranslation();
  return (
    <Upload
      accept=".csv,.xlsx"
      maxCount={1}
      showUploadList={false}
      beforeUpload={(file) => {
        void toBase64(file).then((contentBase64) => onFile({ fileName: file.name, contentBase64 }));
        return false;
      }}
    >
      <Button icon={<UploadOutlined aria-hidden="true" />} loading={loading} data-testid={testId}>
        {t('manage.chooseFile')}
      </Button>
    </Upload>
  );
}
