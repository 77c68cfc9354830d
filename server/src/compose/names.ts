// Which files are compose files: the names Compose itself looks for, and their override files.
const COMPOSE_NAME = /^(docker-)?compose(\.[^/\\]+)?\.ya?ml$/i;

/** `compose.yaml`, `compose.yml`, `docker-compose.yml`, `docker-compose.yaml`, and `compose.prod.yaml`-style overrides. */
export function isComposeFileName(name: string): boolean {
  return COMPOSE_NAME.test(name);
}
