// The seed's IIS Dockerfile shape: a backtick escape directive below a comment (so Docker ignores
// it), servercore ltsc2019, a Windows path ending in \ (it swallows EXPOSE), and exec form that is
// not valid JSON. Shared by the unit tier and the extension-host suite.
export const SEED_LINES = [
  '# IIS site on Windows Server Core',
  '# escape=`',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2019',
  'RUN powershell -Command Add-WindowsFeature Web-Server',
  'COPY site/ c:\\inetpub\\wwwroot\\',
  'EXPOSE 80',
  'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]',
] as const;
