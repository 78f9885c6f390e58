/** DATABASE_URL as logs and messages may show it: its password (if any) replaced by `[Redacted]`; an unparsable URL is shown as `[unparsable URL]`. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '[Redacted]';
    // libpq also takes the password as a query parameter.
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '[Redacted]');
    return parsed.toString().replaceAll('%5BRedacted%5D', '[Redacted]');
  } catch {
    return '[unparsable URL]';
  }
}
