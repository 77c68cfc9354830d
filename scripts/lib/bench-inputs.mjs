// Generated input: blocks of the shapes real files have (Linux and Windows stages, continued RUNs,
// exec and shell form, ARG/ENV with variables, heredocs, a few mistakes), from a seeded generator
// so every run measures the same text.

export function generateDockerfile(lineCount, seed) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE_TAG=3.19', 'ARG WIN_TAG=ltsc2019'];
  let stage = 0;
  while (out.length < lineCount) {
    const block = pick([linuxStage, windowsStage, windowsStage, linuxStage, dotnetStage]);
    out.push('', ...block(stage++, random, pick));
  }
  return out.slice(0, lineCount).join('\n') + '\n';
}

function linuxStage(n, random, pick) {
  const pkgs = Array.from({ length: 2 + Math.floor(random() * 6) }, () => pick(['curl', 'git', 'ca-certificates', 'tzdata', 'bash', 'make', 'gcc', 'musl-dev', 'openssl']));
  return [
    `FROM ${pick(['alpine:${BASE_TAG}', 'node:20-alpine', 'debian:bookworm-slim', 'golang:1.22'])} AS build${n}`,
    `LABEL org.opencontainers.image.source="https://example.com/repo/${n}" maintainer="team@example.com"`,
    `ENV APP_HOME=/opt/app${n} PATH=/opt/app${n}/bin:$PATH`,
    'WORKDIR $APP_HOME',
    'RUN set -eux; \\',
    `    apk add --no-cache ${pkgs.join(' ')}; \\`,
    '    # keep the layer small',
    '    rm -rf /var/cache/apk/*',
    `COPY --chown=1000:1000 package*.json ./`,
    'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
    'COPY <<EOF /etc/app.conf',
    `listen = ${8000 + n}`,
    'EOF',
    `EXPOSE ${8000 + (n % 100)}`,
    'USER 1000',
    `HEALTHCHECK --interval=30s CMD ["wget", "-qO-", "http://localhost:${8000 + (n % 100)}/health"]`,
    pick(['CMD ["node", "server.js"]', 'CMD node server.js', "CMD ['node', 'server.js']", 'ENTRYPOINT ["/usr/bin/tini", "--"]']),
  ];
}

function windowsStage(n, random, pick) {
  return [
    `FROM ${pick(['mcr.microsoft.com/windows/servercore:${WIN_TAG}', 'mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/nanoserver:1809', 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019'])} AS win${n}`,
    'SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\'; $ProgressPreference = \'SilentlyContinue\';"]',
    `ENV INSTALL_DIR=C:\\\\app${n}`,
    'RUN Install-WindowsFeature Web-Server; \\',
    `    Invoke-WebRequest -Uri https://example.com/pkg${n}.zip -OutFile C:\\pkg.zip; \\`,
    '    Expand-Archive C:\\pkg.zip -DestinationPath C:\\app; \\',
    '    Remove-Item C:\\pkg.zip -Force',
    pick(['COPY app/ C:/inetpub/wwwroot/', 'COPY app C:\\\\inetpub\\\\wwwroot\\\\', 'COPY --chown=ContainerUser app C:/app/']),
    `WORKDIR C:\\app${n}`,
    'RUN setx /M PATH "%PATH%;C:\\app\\bin"',
    'EXPOSE 80',
    pick([
      'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]',
      'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]',
      'CMD ["C:\\temp\\run.exe"]',
      'CMD ["cmd", "/S", "/C", "C:/app/start.cmd"]',
    ]),
  ];
}

function dotnetStage(n, random, pick) {
  return [
    `FROM mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019 AS sdk${n}`,
    'WORKDIR /src',
    'COPY *.sln .',
    'COPY src/*.csproj ./src/',
    'RUN nuget restore',
    'COPY . .',
    `RUN msbuild /p:Configuration=Release /p:OutputPath=C:\\out${n} \\`,
    `    /p:Platform="Any CPU" /m`,
    `FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019 AS web${n}`,
    `COPY --from=sdk${n} C:/out${n} /inetpub/wwwroot`,
    `ARG VERSION_${n}=1.${Math.floor(random() * 100)}`,
    `LABEL version=$VERSION_${n}`,
  ];
}

export function longRun(lineCount) {
  const lines = ['FROM alpine:3.19', 'RUN set -ex \\'];
  for (let i = 0; lines.length < lineCount - 1; i++) lines.push(`    && echo "step ${i}" > /tmp/step${i % 97}.txt \\`);
  lines.push('    && echo done');
  return lines.join('\n') + '\n';
}

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/**
 * A Windows file under `# escape=`` `: backtick continuations, backslashes as plain path characters
 * (a path ending in one too, which the backtick makes safe), PowerShell with `$` variables that are
 * the shell's, ARG and ENV used by Docker.
 */
export function windowsBacktickFile(lineCount, seed) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = ['# escape=`', 'ARG WIN_TAG=ltsc2022'];
  for (let n = 0; out.length < lineCount; n++) {
    out.push(
      '',
      `FROM mcr.microsoft.com/windows/servercore:\${WIN_TAG} AS app${n}`,
      'SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]',
      `ARG VERSION_${n}=1.${Math.floor(random() * 100)}`,
      `ENV APP_DIR=C:\\app${n}\\ \``,
      '    LOG_DIR=C:\\logs',
      `RUN Invoke-WebRequest -Uri https://example.com/v$env:VERSION_${n}/pkg.zip -OutFile C:\\pkg.zip; \``,
      '    Expand-Archive C:\\pkg.zip -DestinationPath $env:APP_DIR; `',
      '    Remove-Item C:\\pkg.zip -Force',
      pick(['COPY site\\ C:\\inetpub\\wwwroot\\', `COPY --from=app${Math.max(0, n - 1)} C:\\app C:\\app`, 'COPY ["web.config", "C:\\inetpub\\wwwroot\\"]']),
      'WORKDIR $APP_DIR',
      `LABEL version=$VERSION_${n}`,
      'EXPOSE 80',
      pick(['ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]', 'CMD ["powershell", "-File", "C:\\\\app\\\\start.ps1"]', 'CMD C:\\app\\run.cmd']),
    );
  }
  return out.slice(0, lineCount).join('\r\n') + '\r\n';
}

/**
 * A generated file with its layout disturbed where a formatter has something to fix, and nowhere
 * that changes how Docker reads it: instructions' first lines indented now and then, continuation
 * lines (and the comment lines among them) indented by a tab or two spaces instead of four, blanks
 * on empty lines. Heredoc bodies and parser directives are left alone.
 */
export function misindented(text) {
  const lines = text.split('\n');
  let heredoc;
  return lines
    .map((line, i) => {
      if (heredoc !== undefined) {
        if (line === heredoc) heredoc = undefined;
        return line;
      }
      const opens = /<<-?["']?(\w+)/.exec(line);
      if (opens) heredoc = opens[1];
      if (i === lines.length - 1) return line;
      if (line.length === 0) return i % 5 === 0 ? '  ' : line;
      if (/^\s/.test(line)) return (i % 2 === 0 ? '\t' : '  ') + line.trimStart();
      if (line.startsWith('#')) return line;
      return i % 3 === 0 ? '  ' + line : line;
    })
    .join('\n');
}
