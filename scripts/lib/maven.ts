/** Maven Central artifacts the scripts run as tools (e.g. openapi-generator's jar). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function localRepository(): string {
  return process.env.MAVEN_REPO_LOCAL ?? path.join(os.homedir(), '.m2', 'repository');
}

/** Path of the artifact's jar in the local Maven repository, downloaded once if absent. */
export function ensureMavenArtifact(coordinates: string): string {
  const [group, artifact, version] = coordinates.split(':');
  if (!group || !artifact || !version) throw new Error(`not group:artifact:version: ${coordinates}`);
  const jar = path.join(localRepository(), ...group.split('.'), artifact, version, `${artifact}-${version}.jar`);
  if (!fs.existsSync(jar)) {
    console.log(`fetching ${coordinates} from Maven Central ...`);
    execFileSync('mvn', ['-q', '-B', 'dependency:get', `-Dartifact=${coordinates}`, '-Dtransitive=false'], {
      stdio: 'inherit',
    });
  }
  return jar;
}
