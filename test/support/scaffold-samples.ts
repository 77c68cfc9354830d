// Complete scaffold specs, one per kind, as the questions of "Add Dockerfile to Workspace" would
// leave them: shared by the unit tier (lint) and the engine tier (build).
import type { KindId, ScaffoldSpec } from '../../client/src/companion/scaffold';

/** A complete spec for each kind, as the questions would leave it. */
export function sampleSpec(kind: KindId, compose = true): ScaffoldSpec {
  const base: ScaffoldSpec = { kind, serviceName: 'shop-web', compose };
  switch (kind) {
    case 'iis-static':
      return { ...base, siteDir: 'site' };
    case 'nginx-static':
      return { ...base, siteDir: '.' };
    case 'aspnet-framework':
      return { ...base, project: 'Shop.Web/Shop.Web.csproj' };
    case 'aspnet-core':
      return { ...base, project: 'src/Shop.Api/Shop.Api.csproj', assembly: 'Shop.Api', dotnetVersion: '8.0', variant: 'nanoserver' };
    case 'dotnet-console':
      return { ...base, project: 'Tool.csproj', assembly: 'Tool', dotnetVersion: '9.0', variant: 'servercore' };
    case 'powershell':
      return { ...base, entry: 'scripts/run.ps1' };
    case 'node':
      return { ...base, entry: 'server.js', lockfile: true, port: 3000 };
    case 'python':
      return { ...base, entry: 'app.py', pythonDeps: 'requirements', port: 8000 };
    case 'go':
      return { ...base, entry: './cmd/shop', goVersion: '1.23', goSum: true, port: 8080 };
  }
}

