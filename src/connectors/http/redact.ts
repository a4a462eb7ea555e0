// URLs in logs and error messages without the secrets some APIs put in query strings.
const SENSITIVE_QUERY =
  /([?&](?:access_token|token|secret|signature|sign|key|app_key|password|client_secret|refresh_token|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&]*/gi

export function redactUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1[REDACTED]')
}
