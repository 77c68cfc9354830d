// The TLS files of an endpoint, read and checked before any connection, as the docker CLI reads
// them: from the variables, ca.pem must be there and hold a certificate even when nothing is
// verified (the CLI refuses to start otherwise); a context's ca.pem is optional (this machine's CAs
// then verify). cert.pem and key.pem are sent only as a pair; an absent file just means no client
// certificate. A file that is there but cannot be used is an error naming it, never skipped.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedEndpoint } from './endpoint';
import { engineErrors, type EngineError } from './errors';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function fileError(ep: ResolvedEndpoint, detail: string): EngineError {
  const tls = ep.tls;
  const dir = tls?.certDir ?? 'the certificate folder';
  const action =
    tls?.from === 'context'
      ? `Give the context usable TLS files: docker context update ${ep.contextName ?? 'NAME'} --docker "host=${ep.url},ca=CA.pem,cert=CERT.pem,key=KEY.pem".`
      : `Put the engine's CA certificate (ca.pem) and your client certificate and key (cert.pem, key.pem) in ${dir}, or set DOCKER_CERT_PATH to the folder that holds them.`;
  return engineErrors.tlsFailure(ep, { problem: 'files', detail: `TLS with ${ep.url}: ${detail}`, action });
}

/** The file's bytes; undefined when it does not exist (and `optional`); an error for anything else. */
function readFile(ep: ResolvedEndpoint, file: string, optional: boolean, why: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && optional) return undefined;
    if (code === 'ENOENT') throw fileError(ep, `${file} does not exist${why}.`);
    throw fileError(ep, `${file} cannot be read (${code ?? String(err)}).`);
  }
}

/** Reads and checks ca.pem, cert.pem and key.pem; throws EngineError('tls', problem 'files'). */
export function readTlsMaterial(ep: ResolvedEndpoint): TlsMaterial {
  const tls = ep.tls;
  if (!tls?.certDir) {
    // A context with SkipTLSVerify and no TLS folder: TLS without files.
    if (tls?.from === 'environment') throw fileError(ep, 'no certificate folder is known.');
    return {};
  }
  const dir = tls.certDir;
  const fromEnv = tls.from === 'environment';
  const caFile = path.join(dir, 'ca.pem');
  const ca = readFile(ep, caFile, !fromEnv, tls.verify ? '' : ' (the docker CLI needs it even with DOCKER_TLS, which does not verify)');
  if (ca) {
    try {
      new X509Certificate(ca);
    } catch {
      throw fileError(ep, `${caFile} holds no PEM certificate.`);
    }
  }
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const cert = readFile(ep, certFile, true, '');
  const key = readFile(ep, keyFile, true, '');
  if (!cert || !key) return { ca };

  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(key.toString('latin1'))) {
    throw fileError(ep, `${keyFile} is encrypted, and the docker CLI no longer reads encrypted keys either: use the key unencrypted.`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw fileError(ep, `${certFile} holds no PEM certificate.`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw fileError(ep, `${keyFile} holds no usable private key.`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw fileError(ep, `${certFile} and ${keyFile} do not belong together (the key is not the certificate's).`);
  return { ca, cert, key };
}
