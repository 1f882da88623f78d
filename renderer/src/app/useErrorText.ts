import { useTranslation } from 'react-i18next';
import { errorKey } from '../i18n/index.js';
import { isApiError } from '../api/client.js';
import { useFormat } from './format.js';

/**
 * Translates any thrown value through its error code; the raw host message is never shown alone.
 * A file the host could not read (an import) says why: its issue `file` carries the import error
 * code, and the `column` issues after it the columns named. A body the host refused (413) says
 * the limit it hit, which its issue `limit` carries in bytes.
 */
export function useErrorText(): (err: unknown) => string {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return (err: unknown) => {
    const limit = isApiError(err) && err.code === 'PAYLOAD_TOO_LARGE' ? Number(err.issues?.find((i) => i.path === 'limit')?.message) : NaN;
    if (Number.isFinite(limit) && limit > 0) return t('upload.hostLimit', { limit: format.megabytes(limit) });
    const [first, ...rest] = isApiError(err) && err.code === 'INVALID_INPUT' ? (err.issues ?? []) : [];
    const fileKey = first?.path === 'file' ? `manage.importErrors.${first.message}` : null;
    if (fileKey && i18n.exists(fileKey)) {
      const columns = rest.filter((i) => i.path === 'column').map((i) => i.message);
      return t(fileKey, { column: columns[0] ?? '', value: columns[1] ?? '' });
    }
    return t(errorKey(isApiError(err) ? err.code : undefined));
  };
}
