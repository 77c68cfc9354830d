import { SEED_LINES } from '../support/seed';
import { lines } from './helpers';

export { SEED_LINES };

export const SEED = lines(...SEED_LINES);

/**
 * The suite's engine (scripts/engine-host.sh, DOCKER_HOST) runs Linux containers, and the extension
 * connects to it in the background on activation: so every Windows base image is also reported as
 * unusable on this engine, next to whatever the settings' deployment host (hostBuild) says.
 */
export const LINUX_ENGINE = 'windows-image-linux-engine';

/**
 * What the seed's diagnostics are when the settings name a Windows Server 2022 host (build 20348,
 * process isolation) and the local engine runs Linux containers.
 */
export const SEED_RULES_ON_2022 = ['escape-directive-misplaced', 'exec-form-invalid-json', 'windows-backslash-continuation', 'windows-host-mismatch', LINUX_ENGINE];

export const HOST_2022 = '20348';
