// What went wrong with TLS to an engine, told apart so the message can name the one thing to change:
// the CA, the name, the dates, the client certificate, the files, or TLS on one side only. Works
// from the error's code and message and the endpoint's TLS settings (errors.ts builds the
// EngineError from it); it looks at the certificate folder only to tell a missing client
// certificate from a refused one, which the engine's alert does not under TLS 1.2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorEndpoint } from './errors';

export type TlsProblem =
  | 'unknown-ca' // the engine's certificate is not signed by the CA we trust
  | 'wrong-name' // the certificate is not issued for the host name or address we connected to
  | 'expired'
  | 'not-yet-valid'
  | 'client-cert-missing' // the engine requires a client certificate and none was sent
  | 'client-cert-refused' // the engine refused the client certificate that was sent
  | 'plain-http' // no TLS settings apply, but the engine only speaks TLS
  | 'not-tls' // TLS was asked for, but the other end does not speak it
  | 'files' // ca.pem, cert.pem or key.pem missing, unreadable or invalid
  | 'handshake'; // any other TLS failure

export interface TlsFailure {
  problem: TlsProblem;
  /** What went wrong, in a sentence, naming the endpoint. */
  detail: string;
  /** The one thing to change. */
  action: string;
}

const UNKNOWN_CA_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** The sentence for a context's TLS files: what `docker context update` rewrites. */
function contextUpdate(ep: ErrorEndpoint, files: string): string {
  return `docker context update ${ep.contextName ?? 'NAME'} --docker "host=${ep.url},${files}"`;
}

function caFile(ep: ErrorEndpoint): string {
  return ep.tls?.certDir ? `${ep.tls.certDir}/ca.pem` : 'ca.pem';
}

/** Where the host is set, for "point ... at another name". */
function hostKnob(ep: ErrorEndpoint): string {
  switch (ep.source) {
    case 'setting':
      return 'the dockerWorkbench.host setting';
    case 'flag':
      return '--host';
    case 'context':
      return `the docker context "${ep.contextName ?? ''}"`;
    default:
      return 'DOCKER_HOST';
  }
}

/**
 * The names the certificate is issued for: Node puts the peer certificate on the error
 * (`subjectaltname`: `DNS:a, IP Address:1.2.3.4`); its message lists only the names of the kind
 * checked (none of the DNS names when the host is an address).
 */
function altNames(message: string, cause: unknown): string[] {
  const cert = typeof cause === 'object' && cause !== null ? (cause as { cert?: { subjectaltname?: unknown } }).cert : undefined;
  const list = typeof cert?.subjectaltname === 'string' ? cert.subjectaltname : (/altnames: (.*)$/s.exec(message) ?? /cert's list: (.*)$/s.exec(message))?.[1];
  if (!list) return [];
  return list
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address|IP):/i, ''))
    .filter((s) => s !== '');
}

function withPort(ep: ErrorEndpoint, name: string): string {
  const port = /:(\d+)$/.exec(ep.url)?.[1];
  return `tcp://${name.includes(':') ? `[${name}]` : name}${port ? `:${port}` : ''}`;
}

/**
 * Classifies a failed request as a TLS failure, or returns undefined when it is not one. `status`
 * is set when the engine answered over HTTP: then only the TLS engine's answer to plain HTTP counts.
 */
export function classifyTlsFailure(err: { code?: string; message: string; status?: number; cause?: unknown }, ep: ErrorEndpoint): TlsFailure | undefined {
  const { code, message } = err;
  const url = ep.url;
  const fromContext = ep.tls?.from === 'context' || (ep.tls === undefined && ep.source === 'context');

  if (err.status !== undefined) {
    // Go's TLS listener answers a plain HTTP request with this 400 before closing.
    if (err.status !== 400 || !/client sent an http request to an https server/i.test(message)) return undefined;
    return {
      problem: 'plain-http',
      detail: `The engine at ${url} speaks only TLS, and the connection was plain HTTP: no TLS settings apply to it (the docker CLI would do the same).`,
      action: fromContext
        ? `Give the context its TLS files: ${contextUpdate(ep, 'ca=CA.pem,cert=CERT.pem,key=KEY.pem')}.`
        : 'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder holding the engine\'s ca.pem and your cert.pem and key.pem.',
    };
  }

  const text = `${code ?? ''} ${message}`;
  if (code && UNKNOWN_CA_CODES.has(code)) {
    const trusted = ep.tls?.certDir && ep.tls.from === 'environment' ? `the CA in ${caFile(ep)}` : fromContext && ep.tls?.certDir ? `the context's CA (${caFile(ep)}, or this machine's CAs when it has none)` : "this machine's CAs";
    return {
      problem: 'unknown-ca',
      detail: `The certificate of the engine at ${url} is not signed by ${trusted} (${code}).`,
      action: fromContext
        ? `Give the context the CA that signed the engine's certificate: ${contextUpdate(ep, 'ca=CA.pem,cert=CERT.pem,key=KEY.pem')}.`
        : `Put the certificate of the CA that signed the engine's certificate in ${caFile(ep)} (DOCKER_CERT_PATH chooses the folder).`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = altNames(message, err.cause);
    const host = ep.host ?? url;
    const dns = names.find((n) => !/^[\d.:]+$/.test(n));
    return {
      problem: 'wrong-name',
      detail: `The certificate of the engine at ${url} is not issued for ${host}${names.length > 0 ? `; it names ${names.join(', ')}` : ''}.`,
      action: dns
        ? `Point ${hostKnob(ep)} at a name the certificate names, such as ${withPort(ep, dns)}, or have the certificate reissued with ${host} in its subjectAltName.`
        : `Have the engine's certificate reissued with ${host} in its subjectAltName (dockerd --tlscert).`,
    };
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return {
      problem: 'expired',
      detail: `The certificate of the engine at ${url} has expired.`,
      action: "Renew the engine's certificate (dockerd --tlscert) and restart the engine; if it should still be valid, check this machine's clock.",
    };
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return {
      problem: 'not-yet-valid',
      detail: `The certificate of the engine at ${url} is not valid yet.`,
      action: "Check this machine's clock and time zone; if they are right, reissue the engine's certificate.",
    };
  }
  const refusedAlert = /alert (bad certificate|unknown ca|certificate unknown|certificate expired|certificate revoked|unsupported certificate|access denied)|ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)/i.test(text);
  // TLS 1.3 says "certificate required" when none came; TLS 1.2 says "bad certificate" either way.
  if (/alert certificate required|ALERT_CERTIFICATE_REQUIRED/i.test(text) || (refusedAlert && !hasClientPair(ep))) {
    return {
      problem: 'client-cert-missing',
      detail: `The engine at ${url} requires a client certificate and none was sent${ep.tls?.certDir ? ` (no cert.pem and key.pem pair in ${ep.tls.certDir})` : ''}.`,
      action: fromContext
        ? `Give the context a client certificate signed by the engine's CA: ${contextUpdate(ep, 'ca=CA.pem,cert=CERT.pem,key=KEY.pem')}.`
        : `Put a client certificate signed by the engine's CA and its key in ${ep.tls?.certDir ?? 'DOCKER_CERT_PATH'} as cert.pem and key.pem.`,
    };
  }
  if (refusedAlert) {
    return {
      problem: 'client-cert-refused',
      detail: `The engine at ${url} refused the client certificate${ep.tls?.certDir ? ` in ${ep.tls.certDir}/cert.pem` : ''} (${alertName(text)}).`,
      action: fromContext
        ? `Give the context a client certificate signed by the CA the engine trusts: ${contextUpdate(ep, 'ca=CA.pem,cert=CERT.pem,key=KEY.pem')}.`
        : `Replace cert.pem and key.pem in ${ep.tls?.certDir ?? 'DOCKER_CERT_PATH'} with a client certificate signed by the CA the engine trusts (its --tlscacert), still valid.`,
    };
  }
  if (/WRONG_VERSION_NUMBER|wrong version number|PACKET_LENGTH_TOO_LONG|packet length too long|HTTP_REQUEST|UNKNOWN_PROTOCOL/i.test(text)) {
    return {
      problem: 'not-tls',
      detail: `TLS was asked for, but the engine at ${url} does not speak TLS there (its answer was not a TLS handshake).`,
      action: fromContext
        ? `Point the context at the engine's TLS port, or drop its TLS settings if this engine listens without TLS: docker context update ${ep.contextName ?? 'NAME'} --docker "host=${ep.url}".`
        : "Point at the engine's TLS port (2376 by convention), or unset DOCKER_TLS_VERIFY and DOCKER_TLS if this engine listens without TLS.",
    };
  }
  return undefined;
}

/** Whether a cert.pem and key.pem pair is there to be sent (tlsMaterial.ts sends it only as a pair). */
function hasClientPair(ep: ErrorEndpoint): boolean {
  const dir = ep.tls?.certDir;
  return dir !== undefined && fs.existsSync(path.join(dir, 'cert.pem')) && fs.existsSync(path.join(dir, 'key.pem'));
}

function alertName(text: string): string {
  const m = /alert ([a-z ]+?)(?:[:(]|\s*$|\s+\.\.\.)/i.exec(text) ?? /ALERT_([A-Z_]+)/.exec(text);
  return m ? `TLS alert "${m[1].toLowerCase().replace(/_/g, ' ').trim()}"` : 'TLS alert';
}
