import { App as AntApp, ConfigProvider, Result, Button } from 'antd';
import { QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract.js';
import { cspNonce } from './csp-nonce.js';
import { api, isApiError, type ApiError } from '../api/client.js';
import { opKey, useQueryOp } from '../api/hooks.js';
import { ANTD_LOCALES, changeLanguage, currentLanguage } from '../i18n/index.js';
import { ErrorState, Loading } from '../components/States.js';
import { TokenMissing } from '../features/auth/TokenMissing.js';
import { SignIn } from '../features/auth/SignIn.js';
import { LockScreen } from '../features/auth/LockScreen.js';
import { FirstRun } from '../features/setup/FirstRun.js';
import { AppFrame } from './AppFrame.js';
import { CoreConnectionBanner } from '../components/CoreConnectionBanner.js';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // A restarting core comes back within seconds: keep asking (the banner says "reconnecting").
        retry: (count, err) => !isApiError(err) || (err.code === 'HOST_UNREACHABLE' && count < 2) || (err.code === 'CORE_RESTARTING' && count < 60),
        retryDelay: (count, err) => (isApiError(err) && err.code === 'CORE_RESTARTING' ? 1000 : Math.min(1000 * 2 ** count, 30_000)),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
    queryCache: new QueryCache({
      // A protected query refused for lack of a session sends the user back to sign-in.
      onError: (err, query) => {
        if (!isApiError(err) || err.tokenRejected) return;
        // Locked meanwhile (another window, a restart): the session query shows the lock screen.
        if ((err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED' || err.code === 'SESSION_LOCKED') && query.queryKey[0] !== 'session.get') {
          void client.invalidateQueries({ queryKey: opKey('session.get', {}) });
        }
      },
    }),
  });
  return client;
}

let initialLanguageApplied = false;

/** app.info decides the start-up language (stored preference first, then the navigator's). */
function useAppInfo() {
  return useQuery<OutputOf<'app.info'>, ApiError>({
    queryKey: opKey('app.info', {}),
    queryFn: async () => {
      const info = await api.invoke('app.info', {});
      if (!initialLanguageApplied) {
        initialLanguageApplied = true;
        if (info.language && info.language !== currentLanguage()) await changeLanguage(info.language);
      }
      return info;
    },
    staleTime: Infinity,
  });
}

function Gate() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const session = useQueryOp('session.get', {}, { enabled: info.isSuccess, staleTime: 30_000 });

  if (info.isError && info.error.tokenRejected) return <TokenMissing />;
  // A packaged app's first run: no cloud is chosen yet, so no core answers (electron/core/cloud/choice.ts).
  if (info.isError && info.error.code === 'SETUP_REQUIRED') return <FirstRun />;
  if (info.isPending) return <main id="main" className="custos-full"><Loading /></main>;
  if (info.isError) {
    return (
      <main id="main" className="custos-center custos-full">
        <ErrorState error={info.error} onRetry={() => void info.refetch()} />
      </main>
    );
  }
  if (session.isError && session.error.tokenRejected) return <TokenMissing />;
  if (session.isPending) return <main id="main" className="custos-full"><Loading /></main>;
  if (session.isError) {
    return (
      <main id="main" className="custos-center custos-full">
        <Result
          status="error"
          title={t('app.loadFailed')}
          subTitle={<ErrorState error={session.error} />}
          extra={<Button onClick={() => void session.refetch()}>{t('app.retry')}</Button>}
        />
      </main>
    );
  }
  if (!session.data.user) return <SignIn info={info.data} closed={session.data.closed} />;
  if (session.data.locked) return <LockScreen user={session.data.user} />;
  return <AppFrame user={session.data.user} offline={session.data.offline === true} />;
}

/**
 * The one heading scale of the console (issue 25): a page's title (h1), its sections and cards
 * (h2), their parts (h3 and below). Every Typography.Title follows it, drawers and dialogs too;
 * styles.css sets margins only.
 */
const THEME = {
  token: { colorPrimary: '#1f5fbf', fontSizeHeading1: 22, fontSizeHeading2: 16, fontSizeHeading3: 14, fontSizeHeading4: 14, fontSizeHeading5: 14 },
};

function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  void i18n.language;
  return (
    <ConfigProvider csp={{ nonce: cspNonce }} locale={ANTD_LOCALES[currentLanguage()]} theme={THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Root({ queryClient }: { queryClient: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <Localised>
        <CoreConnectionBanner />
        <Gate />
      </Localised>
    </QueryClientProvider>
  );
}
