// electron-builder `afterSign` hook: notarises the signed macOS app with Apple's notary
// service. Credentials come only from the environment (never from the repository):
//   APPLE_API_KEY (path to the .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER   — App Store Connect key, or
//   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID                  — an Apple ID, or
//   APPLE_KEYCHAIN_PROFILE (+ optional APPLE_KEYCHAIN)                     — a notarytool keychain profile.
// Without any of them the build goes on un-notarised and says so (local test builds);
// CUSTOS_REQUIRE_NOTARIZE=1 turns that into a failure for release builds.
const path = require('node:path');

function credentials(env) {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    return { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER };
  }
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    return { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID };
  }
  if (env.APPLE_KEYCHAIN_PROFILE) {
    return { keychainProfile: env.APPLE_KEYCHAIN_PROFILE, ...(env.APPLE_KEYCHAIN ? { keychain: env.APPLE_KEYCHAIN } : {}) };
  }
  return null;
}

async function afterSign(context) {
  if (context.electronPlatformName !== 'darwin') return;
  const creds = credentials(process.env);
  if (!creds) {
    const message = 'notarize: no Apple credentials in the environment; the app is signed but not notarised.';
    if (process.env.CUSTOS_REQUIRE_NOTARIZE === '1') throw new Error(message);
    console.warn(message);
    return;
  }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  const { notarize } = await import('@electron/notarize');
  console.log(`notarize: submitting ${path.basename(appPath)}`);
  await notarize({ appPath, ...creds });
  console.log('notarize: done (the ticket is stapled to the app)');
}

module.exports = afterSign;
module.exports.default = afterSign;
module.exports.credentials = credentials;
