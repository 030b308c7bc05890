import { api, orgPath } from '../../api.ts';
import { Empty, Loaded, Section } from '../../components/Page.tsx';
import { Table } from '../../components/Table.tsx';
import { Time } from '../../components/Time.tsx';
import { Verdict } from '../../components/Verdict.tsx';
import type { EnvironmentInfo, PolicyVersion } from '../../environmentTypes.ts';
import { href } from '../../router.ts';
import { useResource } from '../../useResource.ts';

/** What an environment follows: its policies (every version kept), or the members of a logical one. */
export function SetupTab({ org, env }: { org: string; env: EnvironmentInfo }) {
  return env.type === 'logical' ? <Members org={org} env={env} /> : <Policies org={org} env={env} />;
}

function Policies({ org, env }: { org: string; env: EnvironmentInfo }) {
  const [policies] = useResource(`${org}/${env.name}/policies`, () =>
    Promise.all(
      env.policies.map((name) =>
        api.get<{ versions: PolicyVersion[] }>(orgPath(org, 'policies', name)).then((p) => p.versions),
      ),
    ),
  );
  if (env.policies.length === 0)
    return (
      <Section title="Policies">
        <Empty title={`${env.name} follows no policy: only provenance is required here.`}>
          <p>An admin writes a policy and attaches it:</p>
          <pre>
            <code>
              {`evident create policy prod-rules --file prod-rules.yml\nevident create environment ${env.name} --type ${env.type} --policy prod-rules`}
            </code>
          </pre>
        </Empty>
      </Section>
    );
  return (
    <Loaded resource={policies}>
      {(all) => (
        <>
          {all.map((versions) => {
            const latest = versions.at(-1);
            if (latest === undefined) return null;
            return (
              <Section key={latest.name} title={`Policy ${latest.name}`}>
                <p class="hint">
                  Version {latest.version} of {versions.length}, created <Time at={latest.createdAt} />. Every
                  version is kept; verdicts follow the latest.
                </p>
                <pre class="policy-source">
                  <code>{latest.source}</code>
                </pre>
                {versions.length > 1 && (
                  <details>
                    <summary>Earlier versions</summary>
                    {versions
                      .slice(0, -1)
                      .reverse()
                      .map((v) => (
                        <div key={v.version}>
                          <h3 class="subheading">
                            Version {v.version}, created <Time at={v.createdAt} />
                          </h3>
                          <pre class="policy-source">
                            <code>{v.source}</code>
                          </pre>
                        </div>
                      ))}
                  </details>
                )}
              </Section>
            );
          })}
        </>
      )}
    </Loaded>
  );
}

function Members({ org, env }: { org: string; env: EnvironmentInfo }) {
  const [environments] = useResource(`${org}/environments`, () =>
    api.get<{ environments: EnvironmentInfo[] }>(orgPath(org, 'environments')),
  );
  return (
    <Section title="Members">
      <p class="hint">
        A logical environment stands for these environments: it is compliant when all of them are, and each
        follows its own policies.
      </p>
      <Loaded resource={environments}>
        {({ environments: all }) => (
          <Table
            columns={['Environment', 'Type', 'Verdict now', 'Policies']}
            caption={`Members of ${env.name}`}
          >
            {env.includes.map((name) => {
              const member = all.find((e) => e.name === name);
              return (
                <tr key={name}>
                  <td>
                    <a href={href('environments', name)}>{name}</a>
                  </td>
                  <td>{member?.type ?? '—'}</td>
                  <td>{member === undefined ? '—' : <Verdict value={member.compliant} />}</td>
                  <td>
                    {member === undefined || member.policies.length === 0 ? (
                      <span class="muted">none</span>
                    ) : (
                      member.policies.join(', ')
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Loaded>
    </Section>
  );
}
