// The fixes the report offers, as the commands a person types (the seed's day on a Windows host).
// They are shown to copy; nothing here runs them.

import type { Fix } from './types';

export const DOCKER_CLI = '& "$Env:ProgramFiles\\Docker\\Docker\\DockerCli.exe"';

export const SWITCH_TO_WINDOWS: Fix = {
  text: "Switch Docker Desktop to Windows containers: its tray icon's menu, \"Switch to Windows containers…\", or DockerCli.exe (-SwitchDaemon toggles, -SwitchWindowsEngine goes to Windows only). Or use a docker context whose engine runs Windows containers (the Contexts view, or docker context use NAME).",
  commands: [`${DOCKER_CLI} -SwitchWindowsEngine`],
};

export const ENABLE_CONTAINERS_CLIENT: Fix = {
  text: 'Enable the Containers feature (elevated PowerShell), then restart Windows.',
  commands: ['Enable-WindowsOptionalFeature -Online -FeatureName Containers -All', 'Restart-Computer'],
};

export const ENABLE_HYPERV_CLIENT: Fix = {
  text: 'Enable Hyper-V (elevated PowerShell; Windows 10/11 Pro, Enterprise or Education), then restart Windows.',
  commands: ['Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All', 'Restart-Computer'],
};

export const ENABLE_CONTAINERS_SERVER: Fix = {
  text: 'Install the Containers feature (elevated PowerShell), then restart the server.',
  commands: ['Install-WindowsFeature -Name Containers', 'Restart-Computer'],
};

export const ENABLE_HYPERV_SERVER: Fix = {
  text: 'Install Hyper-V (needed for Hyper-V isolation only; elevated PowerShell), then restart the server.',
  commands: ['Install-WindowsFeature -Name Hyper-V -IncludeManagementTools', 'Restart-Computer'],
};

export const INSTALL_DOCKER_SERVER: Fix = {
  text: "Install the Docker engine as a service on Windows Server (elevated PowerShell). This is the seed's route through the DockerMsftProvider module, which Microsoft has since retired; on current servers Microsoft's install-docker-ce.ps1 script (learn.microsoft.com, \"Get started: Prep Windows for containers\") installs Docker CE instead.",
  commands: ['Install-Module -Name DockerMsftProvider -Repository PSGallery -Force', 'Install-Package -Name Docker -ProviderName DockerMsftProvider -Force', 'Restart-Computer'],
};

export const INSTALL_DOCKER_DESKTOP: Fix = {
  text: 'Install Docker Desktop for Windows (docs.docker.com, "Install Docker Desktop on Windows"), then switch it to Windows containers.',
  commands: [],
};

export const START_SERVICE = (name: string): Fix => ({
  text: `Start the ${name} service (elevated PowerShell).`,
  commands: [`Start-Service -Name ${name}`],
});

export const ENABLE_VIRTUALIZATION: Fix = {
  text: 'Turn on hardware virtualization (Intel VT-x or AMD-V/SVM) in the machine\'s firmware (UEFI/BIOS) setup, then boot Windows again. Task Manager > Performance > CPU shows "Virtualization: Enabled" once it is on. On a virtual machine, the host must expose it (Hyper-V: Set-VMProcessor -ExposeVirtualizationExtensions $true, run on the host with the VM off).',
  commands: [],
};

export const DEBUG_SCRIPT_DOWNLOAD: Fix = {
  text: "Download Microsoft's troubleshooting script, read it, then run it from the folder it is in (the report runs it when it finds it in your home or Downloads folder and you agree).",
  commands: ['Invoke-WebRequest -Uri https://aka.ms/Debug-ContainerHost.ps1 -UseBasicParsing -OutFile "$HOME\\Downloads\\Debug-ContainerHost.ps1"'],
};
