// The seed's IIS Dockerfile shape: a backtick escape directive below a comment (so Docker ignores
// it), servercore ltsc2019, a Windows path ending in \, and exec form that is not valid JSON.
import { lines } from './helpers';

export const SEED_LINES = [
  '# IIS site on Windows Server Core',
  '# escape=`',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2019',
  'RUN powershell -Command Add-WindowsFeature Web-Server',
  'COPY site/ c:\\inetpub\\wwwroot\\',
  'EXPOSE 80',
  'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]',
] as const;

export const SEED = lines(...SEED_LINES);

/** What the seed's diagnostics are on a Windows Server 2022 host (build 20348, process isolation). */
export const SEED_RULES_ON_2022 = ['escape-directive-misplaced', 'exec-form-invalid-json', 'windows-backslash-continuation', 'windows-host-mismatch'];

export const HOST_2022 = '20348';
