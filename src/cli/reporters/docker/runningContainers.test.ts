import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../../core/errors.ts';
import { containerSummary, hexOf } from './fakeDockerEngine.ts';
import { runningContainers } from './runningContainers.ts';

const IMAGE_ID = `sha256:${hexOf('config')}`;

describe('runningContainers', () => {
  it('keeps running containers only, even from a daemon that ignored the status filter', () => {
    const list = [
      containerSummary({ name: 'api-1', image: 'registry.example.com/api:1', imageId: IMAGE_ID }),
      containerSummary({
        name: 'api-0',
        image: 'registry.example.com/api:1',
        imageId: IMAGE_ID,
        state: 'exited',
      }),
      containerSummary({
        name: 'api-p',
        image: 'registry.example.com/api:1',
        imageId: IMAGE_ID,
        state: 'paused',
      }),
    ];
    assert.deepEqual(runningContainers(list), [
      {
        id: hexOf('container api-1'),
        names: ['api-1'],
        image: 'registry.example.com/api:1',
        imageId: IMAGE_ID,
      },
    ]);
  });

  it('refuses an answer not shaped like a ContainerList', () => {
    const unavailable = (error: unknown) => isEvidentError(error, 'unavailable');
    assert.throws(() => runningContainers({ message: 'oops' }), unavailable);
    assert.throws(() => runningContainers([null]), unavailable);
    assert.throws(() => runningContainers([{ Id: 'x', State: 'running' }]), unavailable);
  });
});
