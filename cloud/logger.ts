/**
 * The cloud's logger. Callers pass only technical fields (ids, codes, counts, timings):
 * never emails, names, mobiles or other personal data.
 */
export interface CloudLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: CloudLogger = { info() {}, warn() {}, error() {} };

export function consoleLogger(prefix = 'cloud'): CloudLogger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} [${prefix}] ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`;
  return {
    info: (m, f) => console.log(line('info', m, f)),
    warn: (m, f) => console.warn(line('warn', m, f)),
    error: (m, f) => console.error(line('error', m, f)),
  };
}
