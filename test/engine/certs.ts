// Certificates made with openssl for the TLS tests: CAs, server and client certificates, one for
// another name, one that expired. Argument arrays only (no shell). `openssl x509 -req` cannot
// back-date a certificate in OpenSSL 3.0, so dated certificates go through `openssl ca`, which
// takes -startdate and -enddate.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Ca {
  cert: string;
  key: string;
}

export interface Issued {
  cert: string;
  key: string;
}

function openssl(args: string[], cwd?: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCa(dir: string, name: string): Ca {
  fs.mkdirSync(dir, { recursive: true });
  const ca = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca-key.pem') };
  openssl(['req', '-x509', ...EC_KEY, '-days', '30', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', ca.key, '-out', ca.cert]);
  return ca;
}

export interface IssueOptions {
  /** Where cert.pem and key.pem go. */
  dir: string;
  commonName: string;
  /** `IP:127.0.0.1,DNS:localhost`; none for a client certificate. */
  subjectAltName?: string;
  usage: 'server' | 'client';
  /** Dates as openssl ca takes them (`20200101000000Z`); default: valid from now for 30 days. */
  startDate?: string;
  endDate?: string;
}

/** A key and a certificate signed by `ca`, written as cert.pem and key.pem in `opts.dir`. */
export function issue(ca: Ca, opts: IssueOptions): Issued {
  fs.mkdirSync(opts.dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(opts.dir, '.openssl-'));
  const out = { cert: path.join(opts.dir, 'cert.pem'), key: path.join(opts.dir, 'key.pem') };
  try {
    const csr = path.join(work, 'req.csr');
    openssl(['req', '-new', ...EC_KEY, '-subj', `/CN=${opts.commonName}`, '-keyout', out.key, '-out', csr]);
    const ext = [`extendedKeyUsage=${opts.usage === 'server' ? 'serverAuth' : 'clientAuth'}`, 'keyUsage=critical,digitalSignature'];
    if (opts.subjectAltName) ext.push(`subjectAltName=${opts.subjectAltName}`);
    if (opts.startDate || opts.endDate) {
      fs.mkdirSync(path.join(work, 'db'));
      fs.writeFileSync(path.join(work, 'db', 'index.txt'), '');
      fs.writeFileSync(path.join(work, 'db', 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
      const config = ['[ca]', 'default_ca = test', '[test]', 'database = db/index.txt', 'new_certs_dir = db', 'serial = db/serial', 'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', '[ext]', ...ext, ''];
      fs.writeFileSync(path.join(work, 'ca.cnf'), config.join('\n'));
      const dates = [...(opts.startDate ? ['-startdate', opts.startDate] : []), ...(opts.endDate ? ['-enddate', opts.endDate] : ['-days', '30'])];
      openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', ca.cert, '-keyfile', ca.key, '-in', csr, '-out', out.cert, '-extensions', 'ext', '-notext', ...dates], work);
    } else {
      const extFile = path.join(work, 'ext.cnf');
      fs.writeFileSync(extFile, `${ext.join('\n')}\n`);
      openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`, '-days', '30', '-extfile', extFile, '-out', out.cert]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.chmodSync(out.key, 0o600);
  return out;
}

/** A DOCKER_CERT_PATH folder: ca.pem copied from `caCert`, and cert.pem/key.pem when given. */
export function certDir(dir: string, caCert: string | undefined, client?: Issued): string {
  fs.mkdirSync(dir, { recursive: true });
  if (caCert) fs.copyFileSync(caCert, path.join(dir, 'ca.pem'));
  if (client) {
    if (client.cert !== path.join(dir, 'cert.pem')) fs.copyFileSync(client.cert, path.join(dir, 'cert.pem'));
    if (client.key !== path.join(dir, 'key.pem')) fs.copyFileSync(client.key, path.join(dir, 'key.pem'));
  }
  return dir;
}
