import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  builderIdOf,
  GITHUB_ACTIONS_BUILDER,
  logEntryUriOf,
  resourceUriOf,
  templateUriOf,
  UNRECORDED_BUILDER,
  verifierIdOf,
} from './evidentIds.ts';

test('builderIdOf: the platform, the same for every run on it, from the build URL', () => {
  for (const [url, id] of [
    ['https://github.com/octocat/Hello-World/actions/runs/1658821493', GITHUB_ACTIONS_BUILDER],
    ['https://github.com/octocat/Hello-World/actions/runs/99/attempts/2', GITHUB_ACTIONS_BUILDER],
    ['https://ghe.example.com/octocat/Hello-World/actions/runs/1658821493', 'https://ghe.example.com'],
    ['https://gitlab.example.com/my-group/my-project/-/jobs/8841', 'https://gitlab.example.com'],
    ['https://jenkins.example.com/job/widgets/job/PR-24/1/', 'https://jenkins.example.com'],
    ['https://ci.example.com/jenkins/job/widgets/153/', 'https://ci.example.com/jenkins'],
    ['https://dev.azure.com/acme/widgets/_build/results?buildId=7', 'https://dev.azure.com/acme'],
    ['https://acme.visualstudio.com/widgets/_build/results?buildId=7', 'https://acme.visualstudio.com'],
    ['https://tc.example.com/tc/viewLog.html?buildId=5', 'https://tc.example.com/tc'],
    ['https://buildkite.com/acme-inc/my-project/builds/1514', 'https://buildkite.com'],
    ['https://CI.example.com:8443/build/101', 'https://ci.example.com:8443'],
    ['https://ci.example.com/build/102', 'https://ci.example.com'],
    [null, UNRECORDED_BUILDER],
    ['not a url', UNRECORDED_BUILDER],
    ['ftp://ci.example.com/build/1', UNRECORDED_BUILDER],
  ] as const) {
    assert.equal(builderIdOf(url), id, String(url));
  }
});

test('verifier, resource, policy and log entry ids are names that need not resolve', () => {
  assert.equal(verifierIdOf('evident-0a1b2c.localhost'), 'urn:evident:verifier:evident-0a1b2c.localhost');
  assert.equal(verifierIdOf('https://evident.example.com'), 'urn:evident:verifier:evident.example.com');
  // RFC 6920: the same 32 bytes as the hex digest, base64url without padding.
  assert.equal(
    resourceUriOf('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    'ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU',
  );
  assert.equal(
    templateUriOf('o.test', 'acme', 'payments api', { version: 3 }),
    'urn:evident:template:o.test:acme:payments%20api:v3',
  );
  assert.equal(
    templateUriOf('o.test', 'acme', 'api', { trail: 'feature/a:b' }),
    'urn:evident:template:o.test:acme:api:trail:feature%2Fa%3Ab',
  );
  assert.equal(logEntryUriOf('o.test', 'acme', 42), 'urn:evident:log-entry:o.test:acme:42');
});
