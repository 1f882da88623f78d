import { useTranslation } from 'react-i18next';
import { errorKey } from '../i18n/index.js';
import { isApiError } from '../api/client.js';

/** Translates any thrown value through its error code; the raw host message is never shown alone. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return (err: unknown) => t(errorKey(isApiError(err) ? err.code : undefined));
}
